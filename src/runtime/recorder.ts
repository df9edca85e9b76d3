import { clock, jsonStringify, objectCreate } from './intrinsics';
import { ContextTable, FunctionTable } from './tables';
import type { SiteRow } from '../probe-contract';

/**
 * One activation of an instrumented function. Frames form two chains:
 * `caller` is who called it (for recursion), `restore` is what becomes
 * current again when it suspends or returns — for an async function that is
 * whatever ran the microtask that resumed it, not its original caller. The
 * calling context is fixed at the call, so an async function keeps the path
 * it was called along across its awaits.
 *
 * Frames are reused (Recorder.enter): every field is set on each call.
 */
export class Frame {
  fn = 0;
  context = 0;
  caller: Frame | null = null;
  /** When the call began. */
  start = 0;
  /** Inclusive time is not added for a call nested in an open call of itself. */
  recursive = false;
  /** When this frame last started running its own code. */
  resumedAt = 0;
  /** When it suspended at an await/yield, or -1 while running. */
  suspendedAt = -1;
  restore: Frame = this;
  closed = false;
  /** Context of the last call this frame made since the current await began evaluating, or -1. */
  lastCallContext = -1;
  /** Context whose result the frame is awaiting now, or -1: the wait is charged to it as awaited time too. */
  awaitContext = -1;
  /**
   * Set when this frame or one it called suspended: something may then outlive
   * the call and reach this frame through `caller`, so it is never reused.
   * All callers of a pinned frame are pinned too.
   */
  pinned = false;
  /** Suspended at a yield: a generator parked until its consumer asks again, not waiting for anything. */
  atYield = false;
  /** Neighbours in the recorder's list of pinned frames still open (see Recorder.openCalls); null when not in it. */
  previousPinned: Frame | null = null;
  nextPinned: Frame | null = null;
}

/** Free frames kept for reuse; a program needs about as many as its deepest synchronous stack. */
const FRAME_POOL_SIZE = 1024;

/** A bound on the walk of the running stack in openCalls, deeper than any real one. */
const MAX_OPEN_DEPTH = 1_000_000;

/**
 * At most this many open pinned frames are remembered for openCalls, the
 * newest: a call whose promise never settles, or a generator dropped before
 * its end, never exits, and the list must not keep such frames for ever.
 */
const MAX_PINNED_OPEN = 10_000;

function newFrame(closed: boolean): Frame {
  const frame = new Frame();
  frame.closed = closed;
  frame.pinned = true;
  return frame;
}

export interface Site {
  name: string;
  file: string;
  line: number;
  column: number;
}

/**
 * The probes. Attribution follows a shadow stack (`current`) that instrumented
 * code maintains itself — enter/exit around each body, suspend/resume around
 * each await and yield — instead of async_hooks, which costs far more per call.
 * Each call reads the clock exactly twice; awaits add two reads each. Numbers
 * are kept per calling context (tables.ts); per-function numbers are sums over
 * contexts, made when the profile is written.
 */
export class Recorder {
  readonly functions = new FunctionTable();
  readonly contexts: ContextTable;
  readonly sites: Site[] = [{ name: '(root)', file: '', line: 0, column: 0 }];
  readonly root: Frame;
  /** A frame handed out when a probe is misused; every probe ignores it. */
  readonly inert = newFrame(true);
  current: Frame;
  /**
   * Frames of finished calls that nothing can reach any more, reused so that
   * a call allocates nothing: a preallocated stack that also serves the
   * synchronous parts of async code. Filled with nulls up front so that
   * writes never go through Array.prototype.
   */
  private readonly framePool: (Frame | null)[] = [];
  private pooledFrames = 0;

  /**
   * Head of a circular list of the pinned frames not yet closed, newest first:
   * the calls that outlive the synchronous stack (suspended async functions
   * and their callers), which openCalls must still find when the process ends.
   */
  private readonly pinnedOpen = newFrame(true);
  private pinnedOpenCount = 0;

  readonly files: string[] = [];
  /** First id of every registration, by file and site rows, so that an identical one gets the same ids. */
  private readonly registrations: Record<string, number> = objectCreate(null);

  constructor(maxContexts?: number) {
    this.contexts = new ContextTable(maxContexts);
    this.root = newFrame(false);
    this.root.start = this.root.resumedAt = clock();
    this.current = this.root;
    this.pinnedOpen.previousPinned = this.pinnedOpen.nextPinned = this.pinnedOpen;
    for (let index = 0; index < FRAME_POOL_SIZE; index++) this.framePool[index] = null;
  }

  /**
   * Called once per evaluation of an instrumented file; returns the id of its
   * first function. Test runners (jest, vitest) evaluate a file again for every
   * test file with the same rows: those get the same ids, so one function is
   * never split into many and its contexts add up.
   */
  register(file: string, sites: ReadonlyArray<SiteRow>): number {
    const key = `${file}\u0000${jsonStringify(sites)}`;
    const known = this.registrations[key];
    if (known !== undefined) return known;
    this.files[this.files.length] = file;
    const first = this.functions.allocate(sites.length);
    for (let index = 0; index < sites.length; index++) {
      const [name, line, column, elsewhere] = sites[index];
      this.sites[first + index] = { name, file: elsewhere ?? file, line, column };
    }
    this.registrations[key] = first;
    return first;
  }

  enter(id: number): Frame {
    const functions = this.functions;
    if (!(id > 0 && id < functions.count)) return this.inert;
    const now = clock();
    const caller = this.current;
    const contexts = this.contexts;
    contexts.selfMs[caller.context] += now - caller.resumedAt;
    const base = contexts.childBase[caller.context];
    let context: number;
    if (functions.lastParent[id] === base) {
      context = functions.lastContext[id];
    } else {
      context = contexts.child(base, id);
      // A call folded under the root at the cap is not cached, so that each is counted.
      if (contexts.parent[context] === base) {
        functions.lastParent[id] = base;
        functions.lastContext[id] = context;
      }
    }
    contexts.calls[context]++;
    caller.lastCallContext = context;
    const recursive = functions.open[id] > 0 && hasOpenAncestor(caller, id);
    functions.open[id]++;
    const frame = this.pooledFrames > 0 ? (this.framePool[--this.pooledFrames] as Frame) : new Frame();
    frame.fn = id;
    frame.context = context;
    frame.caller = caller;
    frame.start = now;
    frame.recursive = recursive;
    frame.resumedAt = now;
    frame.suspendedAt = -1;
    frame.restore = caller;
    frame.closed = false;
    frame.lastCallContext = -1;
    frame.awaitContext = -1;
    frame.pinned = false;
    frame.atYield = false;
    this.current = frame;
    return frame;
  }

  exit(frame: Frame): void {
    if (frame.closed) return;
    frame.closed = true;
    const now = clock();
    const contexts = this.contexts;
    const context = frame.context;
    this.functions.open[frame.fn]--;
    if (frame.suspendedAt >= 0) {
      // Left by an exception thrown into a suspended await/yield (rejection,
      // generator.throw/return): the frame never became current again.
      const waited = now - frame.suspendedAt;
      contexts.awaitMs[context] += waited;
      if (frame.awaitContext >= 0) contexts.awaitedMs[frame.awaitContext] += waited;
      frame.suspendedAt = -1;
    } else {
      contexts.selfMs[context] += now - frame.resumedAt;
      const back = frame.restore;
      back.resumedAt = now;
      this.current = back;
    }
    if (!frame.recursive) contexts.totalMs[context] += now - frame.start;
    // The instrumented body makes no probe call after exit, and nothing else reaches an unpinned frame.
    if (!frame.pinned) {
      if (this.pooledFrames < FRAME_POOL_SIZE) this.framePool[this.pooledFrames++] = frame;
    } else if (frame.previousPinned !== null) {
      this.unlinkPinned(frame);
    }
  }

  /** Marks the start of an await's operand, so the await knows which call it waits for. */
  mark(frame: Frame): Frame {
    frame.lastCallContext = -1;
    return frame;
  }

  suspend(frame: Frame, awaitingCall: boolean, atYield = false): void {
    if (frame.suspendedAt >= 0 || frame.closed) return;
    frame.atYield = atYield;
    // This frame now outlives the synchronous call stack: neither it nor its callers may be reused.
    for (let pinning: Frame | null = frame; pinning !== null && !pinning.pinned; pinning = pinning.caller) {
      pinning.pinned = true;
      // A generator parked at its first yield is not an open call to count at the end (its callers are).
      if (pinning !== frame || !atYield) this.linkPinned(pinning);
    }
    frame.awaitContext = awaitingCall ? frame.lastCallContext : -1;
    const now = clock();
    this.contexts.selfMs[frame.context] += now - frame.resumedAt;
    frame.suspendedAt = now;
    const back = frame.restore;
    back.resumedAt = now;
    this.current = back;
  }

  /** Idempotent: also called at the top of every catch/finally of the function. */
  resume(frame: Frame): void {
    if (frame.suspendedAt < 0) return;
    const now = clock();
    const contexts = this.contexts;
    const waited = now - frame.suspendedAt;
    contexts.awaitMs[frame.context] += waited;
    if (frame.awaitContext >= 0) contexts.awaitedMs[frame.awaitContext] += waited;
    frame.suspendedAt = -1;
    const running = this.current;
    contexts.selfMs[running.context] += now - running.resumedAt;
    frame.restore = running;
    frame.resumedAt = now;
    this.current = frame;
  }

  private linkPinned(frame: Frame): void {
    const head = this.pinnedOpen;
    const newest = head.nextPinned as Frame;
    frame.previousPinned = head;
    frame.nextPinned = newest;
    newest.previousPinned = frame;
    head.nextPinned = frame;
    if (++this.pinnedOpenCount > MAX_PINNED_OPEN) this.unlinkPinned(head.previousPinned as Frame);
  }

  private unlinkPinned(frame: Frame): void {
    (frame.previousPinned as Frame).nextPinned = frame.nextPinned;
    (frame.nextPinned as Frame).previousPinned = frame.previousPinned;
    frame.previousPinned = frame.nextPinned = null;
    this.pinnedOpenCount--;
  }

  /** Calls per function id so far: the sums over each function's calling contexts. */
  functionCalls(): Float64Array {
    const contexts = this.contexts;
    const calls = new Float64Array(this.functions.count);
    for (let context = 1; context < contexts.count; context++) calls[contexts.fn[context]] += contexts.calls[context];
    return calls;
  }

  /**
   * What the calls still open would add if they ended now, per context: their
   * inclusive time, and for those suspended the wait so far (charged to the
   * awaited call too). A process that ends inside a call — process.exit() in a
   * function, a signal or --duration while a consumer awaits — then shows
   * where it was, not a total of 0 with its last wait missing. The open calls
   * are the running stack's frames (from `current` back to the root) and the
   * pinned frames not yet closed, each once; nothing is changed, so a periodic
   * snapshot taken mid-call does not count them twice. A generator parked at a
   * yield is not running or waiting, and is left out; so are calls beyond the
   * newest MAX_PINNED_OPEN still suspended.
   */
  openCalls(): { totalMs: Float64Array; awaitMs: Float64Array; awaitedMs: Float64Array } {
    const now = clock();
    const count = this.contexts.count;
    const open = { totalMs: new Float64Array(count), awaitMs: new Float64Array(count), awaitedMs: new Float64Array(count) };
    const add = (frame: Frame): void => {
      if (frame.closed || (frame.suspendedAt >= 0 && frame.atYield)) return;
      if (!frame.recursive) open.totalMs[frame.context] += now - frame.start;
      if (frame.suspendedAt >= 0) {
        const waited = now - frame.suspendedAt;
        open.awaitMs[frame.context] += waited;
        if (frame.awaitContext >= 0) open.awaitedMs[frame.awaitContext] += waited;
      }
    };
    // The running stack's frames that are not in the list (which the second loop counts).
    for (let frame: Frame = this.current, depth = 0; frame !== this.root && depth < MAX_OPEN_DEPTH; frame = frame.restore, depth++) {
      if (frame.previousPinned === null) add(frame);
    }
    for (let frame = this.pinnedOpen.nextPinned as Frame; frame !== this.pinnedOpen; frame = frame.nextPinned as Frame) add(frame);
    return open;
  }

  /** Charges the running frame up to now, so a snapshot taken mid-call is complete. */
  settle(): void {
    const now = clock();
    const running = this.current;
    this.contexts.selfMs[running.context] += now - running.resumedAt;
    running.resumedAt = now;
  }
}

function hasOpenAncestor(frame: Frame | null, id: number): boolean {
  for (let ancestor = frame; ancestor !== null; ancestor = ancestor.caller) {
    if (ancestor.fn === id && !ancestor.closed) return true;
  }
  return false;
}
