import { CallGraph, GraphEdge } from './types';

/** Outgoing edges of every node, keyed by caller id, in the graph's edge order. */
export function outgoingEdges(graph: CallGraph): Map<number, GraphEdge[]> {
  const byCaller = new Map<number, GraphEdge[]>();
  for (const edge of graph.edges) {
    const list = byCaller.get(edge.caller);
    if (list) list.push(edge);
    else byCaller.set(edge.caller, [edge]);
  }
  return byCaller;
}

/**
 * The order in which "heavier" is decided everywhere: time, then calls, then
 * ids, so that ties never depend on input order and output stays stable.
 */
export function heavierEdgeFirst(a: GraphEdge, b: GraphEdge): number {
  return b.totalMs - a.totalMs || b.calls - a.calls || a.caller - b.caller || a.callee - b.callee;
}

export function byCallerThenCallee(a: GraphEdge, b: GraphEdge): number {
  return a.caller - b.caller || a.callee - b.callee;
}
