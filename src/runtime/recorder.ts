import { clock } from './intrinsics';
import { EdgeTable, FunctionTable } from './tables';

/**
 * One activation of an instrumented function. Frames form two chains:
 * `caller` is who called it (for edges and recursion), `restore` is what
 * becomes current again when it suspends or returns — for an async function
 * that is whatever ran the microtask that resumed it, not its original caller.
 */
export class Frame {
  /** When this frame last started running its own code. */
  resumedAt: number;
  /** When it suspended at an await/yield, or -1 while running. */
  suspendedAt = -1;
  restore: Frame;
  closed: boolean;
  /** Edge of the last call this frame made since the current await began evaluating, or -1. */
  lastEdge = -1;
  /** Edge whose result the frame is awaiting now, or -1: its wait is charged to that edge too. */
  awaitEdge = -1;

  constructor(
    readonly fn: number,
    readonly caller: Frame | null,
    readonly edge: number,
    readonly start: number,
    /** Inclusive time is not added for a call nested in an open call of itself. */
    readonly recursive: boolean,
    closed: boolean,
  ) {
    this.resumedAt = start;
    this.restore = caller ?? this;
    this.closed = closed;
  }
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
 * Each call reads the clock exactly twice; awaits add two reads each.
 */
export class Recorder {
  readonly functions = new FunctionTable();
  readonly edges = new EdgeTable();
  readonly sites: Site[] = [{ name: '(root)', file: '', line: 0, column: 0 }];
  readonly root = new Frame(0, null, 0, clock(), false, false);
  /** A frame handed out when a probe is misused; every probe ignores it. */
  readonly inert = new Frame(0, null, 0, 0, false, true);
  current: Frame = this.root;

  readonly files: string[] = [];

  /** Called once per loaded instrumented file; returns the id of its first function. */
  register(file: string, sites: ReadonlyArray<readonly [string, number, number, string?]>): number {
    this.files[this.files.length] = file;
    const first = this.functions.allocate(sites.length);
    for (let index = 0; index < sites.length; index++) {
      const [name, line, column, elsewhere] = sites[index];
      this.sites[first + index] = { name, file: elsewhere ?? file, line, column };
    }
    return first;
  }

  enter(id: number): Frame {
    const functions = this.functions;
    if (!(id > 0 && id < functions.count)) return this.inert;
    const now = clock();
    const caller = this.current;
    functions.selfMs[caller.fn] += now - caller.resumedAt;
    functions.calls[id]++;
    let edge: number;
    if (functions.lastCaller[id] === caller.fn) {
      edge = functions.lastEdge[id];
    } else {
      edge = this.edges.lookup(caller.fn, id);
      functions.lastCaller[id] = caller.fn;
      functions.lastEdge[id] = edge;
    }
    this.edges.calls[edge]++;
    caller.lastEdge = edge;
    const recursive = functions.open[id] > 0 && hasOpenAncestor(caller, id);
    functions.open[id]++;
    const frame = new Frame(id, caller, edge, now, recursive, false);
    this.current = frame;
    return frame;
  }

  exit(frame: Frame): void {
    if (frame.closed) return;
    frame.closed = true;
    const now = clock();
    const functions = this.functions;
    const id = frame.fn;
    functions.open[id]--;
    if (frame.suspendedAt >= 0) {
      // Left by an exception thrown into a suspended await/yield (rejection,
      // generator.throw/return): the frame never became current again.
      const waited = now - frame.suspendedAt;
      functions.awaitMs[id] += waited;
      if (frame.awaitEdge >= 0) this.edges.awaitMs[frame.awaitEdge] += waited;
      frame.suspendedAt = -1;
    } else {
      functions.selfMs[id] += now - frame.resumedAt;
      const back = frame.restore;
      back.resumedAt = now;
      this.current = back;
    }
    if (!frame.recursive) {
      const elapsed = now - frame.start;
      functions.totalMs[id] += elapsed;
      this.edges.totalMs[frame.edge] += elapsed;
    }
  }

  /** Marks the start of an await's operand, so the await knows which call it waits for. */
  mark(frame: Frame): Frame {
    frame.lastEdge = -1;
    return frame;
  }

  suspend(frame: Frame, awaitingCall: boolean): void {
    if (frame.suspendedAt >= 0 || frame.closed) return;
    frame.awaitEdge = awaitingCall ? frame.lastEdge : -1;
    const now = clock();
    this.functions.selfMs[frame.fn] += now - frame.resumedAt;
    frame.suspendedAt = now;
    const back = frame.restore;
    back.resumedAt = now;
    this.current = back;
  }

  /** Idempotent: also called at the top of every catch/finally of the function. */
  resume(frame: Frame): void {
    if (frame.suspendedAt < 0) return;
    const now = clock();
    const functions = this.functions;
    const waited = now - frame.suspendedAt;
    functions.awaitMs[frame.fn] += waited;
    if (frame.awaitEdge >= 0) this.edges.awaitMs[frame.awaitEdge] += waited;
    frame.suspendedAt = -1;
    const running = this.current;
    functions.selfMs[running.fn] += now - running.resumedAt;
    frame.restore = running;
    frame.resumedAt = now;
    this.current = frame;
  }

  /** Charges the running frame up to now, so a snapshot taken mid-call is complete. */
  settle(): void {
    const now = clock();
    const running = this.current;
    this.functions.selfMs[running.fn] += now - running.resumedAt;
    running.resumedAt = now;
  }
}

function hasOpenAncestor(frame: Frame | null, id: number): boolean {
  for (let ancestor = frame; ancestor !== null; ancestor = ancestor.caller) {
    if (ancestor.fn === id && !ancestor.closed) return true;
  }
  return false;
}
