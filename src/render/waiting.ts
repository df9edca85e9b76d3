/**
 * Whether a box is drawn hollow and an arrow double: drawing decisions about
 * the graph's numbers (weights are graph/weights.ts), shared by the DOT
 * writer and the title's legend.
 */

/**
 * The part of a function's weight that was waiting rather than running, in
 * [0, 1]. Running is its total minus its own suspensions (its body and its
 * synchronous callees on the CPU); the rest of its weight is waiting, be it
 * at its own awaits (`sendTask` awaiting the broker) or in callers awaiting
 * its promise (`acquire` queueing for a pool).
 */
export function waitingFraction(node: { totalMs: number; awaitMs: number; weightMs: number }): number {
  if (node.weightMs <= 0) return 0;
  const runningMs = Math.min(node.weightMs, Math.max(0, node.totalMs - node.awaitMs));
  return 1 - runningMs / node.weightMs;
}

/** Drawn hollow: at least half of the function's time was waiting. */
export function isMostlyWaiting(node: { totalMs: number; awaitMs: number; weightMs: number; isRoot?: boolean }): boolean {
  return !node.isRoot && waitingFraction(node) >= 0.5;
}

/** Drawn as a double line: the caller spent at least half of this call's weight in `await`. */
export function isMostlyAwaited(edge: { awaitMs: number; weightMs: number }): boolean {
  return edge.weightMs > 0 && edge.awaitMs >= 0.5 * edge.weightMs;
}
