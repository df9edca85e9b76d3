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
  /** Neighbours in the recorder's list of pinned frames still open (see open-calls.ts); null when not in it. */
  previousPinned: Frame | null = null;
  nextPinned: Frame | null = null;
}

/** A frame that is never reused or pooled: the root, the inert frame, a list head. */
export function newFrame(closed: boolean): Frame {
  const frame = new Frame();
  frame.closed = closed;
  frame.pinned = true;
  return frame;
}
