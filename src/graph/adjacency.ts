import { CallGraph, GraphEdge, GraphNode } from './types';

/** Outgoing edges of every node, keyed by caller id, in the graph's edge order. */
export function outgoingEdges(graph: CallGraph): Map<number, GraphEdge[]> {
  return groupEdges(graph.edges, (edge) => edge.caller);
}

function groupEdges(edges: GraphEdge[], key: (edge: GraphEdge) => number): Map<number, GraphEdge[]> {
  const grouped = new Map<number, GraphEdge[]>();
  for (const edge of edges) {
    const list = grouped.get(key(edge));
    if (list) list.push(edge);
    else grouped.set(key(edge), [edge]);
  }
  return grouped;
}

/**
 * The order in which "heavier" is decided everywhere: the work the call led
 * to, then its own weight, then calls, then ids, so that ties never depend on
 * input order and output stays stable.
 */
export function heavierEdgeFirst(a: GraphEdge, b: GraphEdge): number {
  return b.causedMs - a.causedMs || b.weightMs - a.weightMs || b.calls - a.calls || a.caller - b.caller || a.callee - b.callee;
}

export function heavierNodeFirst(a: GraphNode, b: GraphNode): number {
  return b.causedMs - a.causedMs || b.weightMs - a.weightMs || b.calls - a.calls || a.id - b.id;
}

export function byCallerThenCallee(a: GraphEdge, b: GraphEdge): number {
  return a.caller - b.caller || a.callee - b.callee;
}

/** Sum of self time of the nodes of `graph` that are not in `kept`: what the title reports as hidden. */
export function hiddenSelfMs(graph: CallGraph, kept: Set<number>): number {
  return graph.nodes.filter((node) => !kept.has(node.id)).reduce((sum, node) => sum + node.selfMs, 0);
}
