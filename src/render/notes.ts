/** Notes that the picture's legend, the report and the call tree share, so they say the same. */

/**
 * Why a function's awaited time can exceed its total: awaited is how long
 * callers were suspended at `await f()`, from f's return until they ran
 * again. A function that returns a promise at once (a pool's acquire, a
 * queue's add) is awaited far longer than it runs; and callers resumed
 * together after a batch of replies each wait for those ahead of them, after
 * the call itself has ended.
 */
export const AWAITED_ABOVE_TOTAL_NOTE = 'awaited above total: callers waited on the promise longer than the call ran (it returned a promise at once, or callers resumed in turn after it ended); awaited is never added to any total or self';

/** Marks a continuation: a function run in a callback its parent scheduled, not called by it. */
export const CONTINUATION_MARK = '~> ';
/** What CONTINUATION_MARK means, for the report and the tree. */
export const CONTINUATION_NOTE = `${CONTINUATION_MARK.trim()} a callback scheduled by the function above it (.then, await, nextTick, setImmediate, timer) and run later by the event loop; its time is its own, not part of the scheduler's total`;

/** The picture's legend for a continuation arrow. */
export const CONTINUATION_LEGEND = "dotted: a callback the caller scheduled (.then, await, nextTick, timer), run later; its time is not in the caller's total";
