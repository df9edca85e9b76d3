import { newFrame, type Frame } from './frame';

/** A bound on the walk of the running stack in openCalls, deeper than any real one. */
const MAX_OPEN_DEPTH = 1_000_000;

/**
 * At most this many open pinned frames are remembered for openCalls, the
 * newest: a call whose promise never settles, or a generator dropped before
 * its end, never exits, and the list must not keep such frames for ever.
 */
const MAX_PINNED_OPEN = 10_000;

/** Per context, what the calls still open would add if they ended now. */
export interface OpenCallTimes {
  totalMs: Float64Array;
  awaitMs: Float64Array;
  awaitedMs: Float64Array;
}

/**
 * The pinned frames not yet closed, newest first, in a circular list: the
 * calls that outlive the synchronous stack (suspended async functions and
 * their callers), which openCalls must still find when the process ends.
 */
export class PinnedOpenFrames {
  private readonly head = newFrame(true);
  count = 0;

  constructor() {
    this.head.previousPinned = this.head.nextPinned = this.head;
  }

  link(frame: Frame): void {
    const head = this.head;
    const newest = head.nextPinned as Frame;
    frame.previousPinned = head;
    frame.nextPinned = newest;
    newest.previousPinned = frame;
    head.nextPinned = frame;
    if (++this.count > MAX_PINNED_OPEN) this.unlink(head.previousPinned as Frame);
  }

  unlink(frame: Frame): void {
    (frame.previousPinned as Frame).nextPinned = frame.nextPinned;
    (frame.nextPinned as Frame).previousPinned = frame.previousPinned;
    frame.previousPinned = frame.nextPinned = null;
    this.count--;
  }

  /**
   * What the calls still open would add if they ended at `now`, per context: their
   * inclusive time, and for those suspended the wait so far (charged to the
   * awaited call too). A process that ends inside a call — process.exit() in a
   * function, a signal or --duration while a consumer awaits — then shows
   * where it was, not a total of 0 with its last wait missing. The open calls
   * are the running stack's frames (from `running` back to `root`) and the
   * pinned frames not yet closed, each once; nothing is changed, so a periodic
   * snapshot taken mid-call does not count them twice. A generator parked at a
   * yield is not running or waiting, and is left out; so are calls beyond the
   * newest MAX_PINNED_OPEN still suspended.
   */
  openCalls(running: Frame, root: Frame, contextCount: number, now: number): OpenCallTimes {
    const open = { totalMs: new Float64Array(contextCount), awaitMs: new Float64Array(contextCount), awaitedMs: new Float64Array(contextCount) };
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
    for (let frame: Frame = running, depth = 0; frame !== root && depth < MAX_OPEN_DEPTH; frame = frame.restore, depth++) {
      if (frame.previousPinned === null) add(frame);
    }
    for (let frame = this.head.nextPinned as Frame; frame !== this.head; frame = frame.nextPinned as Frame) add(frame);
    return open;
  }
}
