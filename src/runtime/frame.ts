/**
 * One activation of an instrumented function. Frames form two chains:
 * `caller` is who called it (for recursion), `restore` is what becomes
 * current again when it suspends or returns — for an async function that is
 * whatever ran the microtask that resumed it, not its original caller. The
 * calling context is fixed at the call, so an async function keeps the path
 * it was called along across its awaits.
 *
 * Frames are reused (Recorder.enter): every field is set on each call, and a
 * frame goes back to the pool only when nothing can reach it (`holds`).
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
   * Set when this frame or one it called suspended: it then outlives the
   * synchronous stack, and is listed for openCalls while open (open-calls.ts).
   * All callers of a pinned frame are pinned too.
   */
  pinned = false;
  /**
   * What still reaches this frame: 1 while its call is open, plus 1 for each
   * frame not yet released that has it as `caller` (a suspended callee walks
   * that chain after this call ended). At 0 the frame is reused; the root,
   * the inert frame and list heads keep a hold for ever.
   */
  holds = 0;
  /** Suspended at a yield: a generator parked until its consumer asks again, not waiting for anything. */
  atYield = false;
  /** Neighbours in the recorder's list of pinned frames still open (see open-calls.ts); null when not in it. */
  previousPinned: Frame | null = null;
  nextPinned: Frame | null = null;
}

/** A frame that is never reused or pooled: the root, the inert frame, a list head. */
export function newFrame(closed: boolean): Frame {
  const frame = new Frame();
  frame.closed = closed;
  frame.pinned = true;
  frame.holds = 1;
  return frame;
}

/**
 * Frames of ended calls that nothing reaches any more (Frame.holds), reused
 * so that a call allocates no frame, async calls included. Filled with nulls
 * up front so that writes never go through Array.prototype.
 */
export class FramePool {
  private readonly free: (Frame | null)[] = [];
  private count = 0;

  /** Keeps at most `size` free frames: about as many as the deepest stack plus the calls in flight need. */
  constructor(private readonly size: number) {
    for (let index = 0; index < size; index++) this.free[index] = null;
  }

  /** A frame for a call from `caller`, which it holds until released. */
  take(caller: Frame): Frame {
    const frame = this.count > 0 ? (this.free[--this.count] as Frame) : new Frame();
    frame.holds = 1;
    frame.caller = caller;
    caller.holds++;
    return frame;
  }

  /**
   * Drops the hold of an ended call on its frame. A frame nothing holds any
   * more is reused, and drops its own hold on its caller: an async call's
   * frame is reused once the last callee that could still reach it has ended.
   */
  release(frame: Frame): void {
    let released: Frame | null = frame;
    while (released !== null && --released.holds === 0) {
      const caller: Frame | null = released.caller;
      if (this.count < this.size) this.free[this.count++] = released;
      released = caller;
    }
  }
}
