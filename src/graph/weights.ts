/**
 * How heavy a function or a call is, when some calls return a promise at once.
 *
 * weight = max(time it ran, time its callers awaited it): profile/measures.ts
 * weightMs, the one definition.
 *
 * caused = the heaviest weight a call led to. `delay()` returns a promise at
 * once, so its own weight is tiny, but the `sendTask` it started ran for
 * seconds. The work v started is passed up to its callers in proportion to
 * the share of v's weight each of them accounts for: an edge u → v that
 * carries a fraction f = weight(u → v) / weight(v) of it is credited with f
 * times the heaviest call v made,
 *
 *   caused(u → v) = max(weight(u → v), f · max over v → w of caused(v → w))
 *   caused(v)     = max(weight(v), max over v → w of caused(v → w))
 *
 * The fraction is measured, not assumed (gprof must assume every call costs
 * the same): `applyAsync → sendTask` carries all of sendTask's time, so
 * `delay → applyAsync`, which carries all of applyAsync's, is credited with
 * all of it. Recursive calls carry no time of their own in the profile (the
 * outermost call counts it), so they pass nothing up and do not make every
 * recursive edge look heavy. Taking maxima, not sums, means nothing is
 * counted twice, and cycles end: going round a cycle multiplies by fractions
 * of at most 1, which never raises a maximum.
 */

interface WeighedFunction {
  id: number;
  weightMs: number;
}

interface WeighedCall {
  caller: number;
  callee: number;
  weightMs: number;
}

/** Time callers spent awaiting each node: the sum of awaitMs over its incoming edges. */
export function awaitedByCallers(edges: { callee: number; awaitMs: number }[]): Map<number, number> {
  const awaited = new Map<number, number>();
  for (const edge of edges) awaited.set(edge.callee, (awaited.get(edge.callee) ?? 0) + edge.awaitMs);
  return awaited;
}

/** causedMs of every node (by id) and of every edge (in the order given). */
export function propagateCaused(nodes: WeighedFunction[], edges: WeighedCall[]): { nodeCausedMs: Map<number, number>; edgeCausedMs: number[] } {
  const weights = new Map(nodes.map((node) => [node.id, node.weightMs]));
  const edgeCausedMs = edges.map((edge) => edge.weightMs);
  // The heaviest caused value among each node's outgoing edges.
  const heaviestCall = new Map<number, number>();
  const incoming = new Map<number, number[]>();
  edges.forEach((edge, index) => {
    heaviestCall.set(edge.caller, Math.max(heaviestCall.get(edge.caller) ?? 0, edgeCausedMs[index]));
    const list = incoming.get(edge.callee);
    if (list) list.push(index);
    else incoming.set(edge.callee, [index]);
  });

  // A worklist of nodes whose heaviest call grew: their incoming edges may grow in turn.
  const pending = [...heaviestCall.keys()];
  const queued = new Set(pending);
  while (pending.length > 0) {
    const node = pending.pop() as number;
    queued.delete(node);
    const started = heaviestCall.get(node) ?? 0;
    for (const index of incoming.get(node) ?? []) {
      const edge = edges[index];
      const calleeWeightMs = weights.get(edge.callee) ?? 0;
      const credited = calleeWeightMs > 0 ? Math.min(1, edge.weightMs / calleeWeightMs) * started : 0;
      if (credited <= edgeCausedMs[index]) continue;
      edgeCausedMs[index] = credited;
      if (credited > (heaviestCall.get(edge.caller) ?? 0)) {
        heaviestCall.set(edge.caller, credited);
        if (!queued.has(edge.caller)) {
          queued.add(edge.caller);
          pending.push(edge.caller);
        }
      }
    }
  }

  const nodeCausedMs = new Map(nodes.map((node) => [node.id, Math.max(node.weightMs, heaviestCall.get(node.id) ?? 0)]));
  return { nodeCausedMs, edgeCausedMs };
}
