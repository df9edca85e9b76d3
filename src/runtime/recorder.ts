import { Frame, FramePool, newFrame } from './frame';
import { clock, jsonStringify, objectCreate } from './intrinsics';
import { PinnedOpenFrames, type OpenCallTimes } from './open-calls';
import { ContextTable, FunctionTable } from './tables';
import type { FlowTable } from './flows/table';
import type { SiteRow } from '../probe-contract';
import { LONGEST_MICROSECONDS } from '../profile/histogram';

/** Free frames kept for reuse; a program needs about as many as its deepest synchronous stack. */
const FRAME_POOL_SIZE = 1024;

export { Frame };

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
 * contexts, made when the profile is written. A call entered from the root
 * in a continuation gets the context that scheduled it as its async parent
 * (async-parents.ts), the one place async_hooks is used.
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
   * While async parents are tracked (async-parents.ts): the context that
   * scheduled the continuation now running, or 0 when none did.
   */
  asyncParentOfRunning: (() => number) | null = null;
  /** Messages followed with `--flows` (flows/install.ts); null without it. */
  flows: FlowTable | null = null;
  /** Whether a preload (loader/preload.ts) started recording in this thread: a second copy of it then does nothing. */
  preloaded = false;
  /** Runs once, when the first instrumented file registers (session.ts starts async parents then). */
  onFirstFile: (() => void) | null = null;
  /** Frames of ended calls, reused so that a call allocates no frame. */
  readonly frames = new FramePool(FRAME_POOL_SIZE);

  /** The pinned frames not yet closed, for openCalls. */
  readonly pinnedOpen = new PinnedOpenFrames();

  readonly files: string[] = [];
  /** First id of every registration, by file and site rows, so that an identical one gets the same ids. */
  private readonly registrations: Record<string, number> = objectCreate(null);

  /**
   * The clock every probe reads, in milliseconds since the thread started,
   * read through process.hrtime (intrinsics.ts); a test gives its own to check exact numbers.
   */
  readonly now: () => number;

  constructor(maxContexts?: number, now: () => number = clock) {
    this.now = now;
    this.contexts = new ContextTable(maxContexts);
    this.root = newFrame(false);
    this.root.start = this.root.resumedAt = now();
    this.current = this.root;
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
    const onFirstFile = this.onFirstFile;
    this.onFirstFile = null;
    onFirstFile?.();
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
    const now = this.now();
    const caller = this.current;
    const contexts = this.contexts;
    contexts.selfMs[caller.context] += now - caller.resumedAt;
    const context = this.contextOf(id, caller);
    contexts.calls[context]++;
    caller.lastCallContext = context;
    const recursive = functions.open[id] > 0 && hasOpenAncestor(caller, id);
    functions.open[id]++;
    const frame = this.frames.take(caller);
    frame.fn = id;
    frame.context = context;
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

  /**
   * The calling context of a call of function `id` (a valid id) from `caller`,
   * made on its first call. Each function caches its last one, which is
   * nearly every call's: a function is mostly called from one place at a time.
   */
  contextOf(id: number, caller: Frame): number {
    const contexts = this.contexts;
    const functions = this.functions;
    const base = contexts.childBase[caller.context];
    const scheduler = caller === this.root && this.asyncParentOfRunning !== null ? this.asyncParentOfRunning() : 0;
    // Entered from the event loop in a continuation an instrumented call scheduled: not cached, as it is rare.
    if (scheduler > 0) return contexts.asyncChild(contexts.childBase[scheduler], id);
    if (functions.lastParent[id] === base) return functions.lastContext[id];
    const context = contexts.child(base, id);
    // A call folded under the root at the cap is not cached, so that each is counted.
    if (contexts.parent[context] === base) {
      functions.lastParent[id] = base;
      functions.lastContext[id] = context;
    }
    return context;
  }

  exit(frame: Frame): void {
    if (frame.closed) return;
    frame.closed = true;
    const now = this.now();
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
    const duration = now - frame.start;
    if (!frame.recursive) contexts.totalMs[context] += duration;
    // In whole microseconds, converted here and not in a call, which would box the double.
    const microseconds = duration * 1000;
    contexts.recordDuration(context, microseconds < LONGEST_MICROSECONDS ? microseconds | 0 : LONGEST_MICROSECONDS);
    if (frame.previousPinned !== null) this.pinnedOpen.unlink(frame);
    // The instrumented body makes no probe call after exit: only callees still held reach the frame now.
    this.frames.release(frame);
  }

  /** Marks the start of an await's operand, so the await knows which call it waits for. */
  mark(frame: Frame): Frame {
    frame.lastCallContext = -1;
    return frame;
  }

  suspend(frame: Frame, awaitingCall: boolean, atYield = false): void {
    if (frame.suspendedAt >= 0 || frame.closed) return;
    frame.atYield = atYield;
    // This frame now outlives the synchronous call stack: it and its callers are listed for openCalls.
    for (let pinning: Frame | null = frame; pinning !== null && !pinning.pinned; pinning = pinning.caller) {
      pinning.pinned = true;
      // A generator parked at its first yield is not an open call to count at the end (its callers are).
      if (pinning !== frame || !atYield) this.pinnedOpen.link(pinning);
    }
    frame.awaitContext = awaitingCall ? frame.lastCallContext : -1;
    const now = this.now();
    this.contexts.selfMs[frame.context] += now - frame.resumedAt;
    frame.suspendedAt = now;
    const back = frame.restore;
    back.resumedAt = now;
    this.current = back;
  }

  /** Idempotent: also called at the top of every catch/finally of the function. */
  resume(frame: Frame): void {
    if (frame.suspendedAt < 0) return;
    const now = this.now();
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

  /** How many calls of a context were timed: all of them here; some with `--sample-hot` (sampling.ts). */
  timedCalls(context: number): number {
    return this.contexts.calls[context];
  }

  /** Calls per function id so far: the sums over each function's calling contexts. */
  functionCalls(): Float64Array {
    const contexts = this.contexts;
    const calls = new Float64Array(this.functions.count);
    for (let context = 1; context < contexts.count; context++) calls[contexts.fn[context]] += contexts.calls[context];
    return calls;
  }

  /** What the calls still open would add if they ended now (open-calls.ts). */
  openCalls(): OpenCallTimes {
    return this.pinnedOpen.openCalls(this.current, this.root, this.contexts.count, this.now());
  }

  /** Charges the running frame up to now, so a snapshot taken mid-call is complete. */
  settle(): void {
    const now = this.now();
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
