/**
 * The numbers every stage derives from a function's or a context's measured
 * times, defined once: the graph, the reports, the call tree, diff and the
 * colours all weigh and share through these.
 */

/** What weightMs is computed from: a function's, a context's or a call pair's own measured times. */
export interface Timed {
  totalMs: number;
  /** Time callers spent awaiting these calls (a context's awaitedMs, a pair's awaitMs). */
  awaitedMs: number;
}

/**
 * How heavy a function or a call is when some calls return a promise at
 * once: the larger of the time it ran and the time its callers awaited it.
 * `await pool.acquire()` may wait seconds while `acquire` ran microseconds;
 * the wait is time the program spent on that call, so it counts.
 */
export function weightMs(timed: Timed): number {
  return Math.max(timed.totalMs, timed.awaitedMs);
}

/** `ms` as a fraction of `referenceMs` (the run's wall time); 0 when there is no reference. */
export function shareOf(ms: number, referenceMs: number): number {
  return referenceMs > 0 ? ms / referenceMs : 0;
}

/** The relative change from `base` to `head`: 0.3 for 30% more; from nothing to something is Infinity, nothing to nothing 0. */
export function relativeChange(base: number, head: number): number {
  if (base > 0) return head / base - 1;
  return head > 0 ? Infinity : 0;
}
