import { heavierEdgeFirst, outgoingEdges } from './adjacency';
import { CallGraph, GraphEdge } from './types';

/**
 * The hot path: starting at the root, repeatedly follow the heaviest outgoing
 * edge (by totalMs) to a node not yet on the path. This greedy walk is what
 * gprof2dot and pprof readers mean by "the critical path"; the truly heaviest
 * path is a longest-path problem, which has no efficient answer once
 * recursion puts cycles in the graph. Refusing to revisit a node is what makes
 * cycles and self-loops end the walk.
 *
 * The walk stops where the time stays: at a function whose own running time
 * (selfMs) is more than its heaviest callee took, so the path ends at the
 * function to look at rather than trailing into a cheap leaf. Await time is
 * not counted as staying, because a function is usually suspended while the
 * callee it awaits runs. The walk also stops at an edge with no time.
 */
export function findHotPath(graph: CallGraph): GraphEdge[] {
  const outgoing = outgoingEdges(graph);
  const selfMs = new Map(graph.nodes.map((node) => [node.id, node.selfMs]));
  const onPath = new Set<number>([graph.rootId]);
  const path: GraphEdge[] = [];
  let current = graph.rootId;

  for (;;) {
    const next = (outgoing.get(current) ?? []).filter((edge) => !onPath.has(edge.callee)).sort(heavierEdgeFirst)[0];
    if (!next || next.totalMs <= 0 || next.totalMs < (selfMs.get(current) ?? 0)) return path;
    path.push(next);
    onPath.add(next.callee);
    current = next.callee;
  }
}

/** Flags the nodes and edges of findHotPath; flags from an earlier marking are cleared first. */
export function markHotPath(graph: CallGraph): CallGraph {
  const path = findHotPath(graph);
  const hotEdges = new Set(path);
  const hotNodes = new Set<number>(path.length > 0 ? [graph.rootId, ...path.map((edge) => edge.callee)] : []);
  return {
    ...graph,
    nodes: graph.nodes.map((node) => ({ ...node, hot: hotNodes.has(node.id) })),
    edges: graph.edges.map((edge) => ({ ...edge, hot: hotEdges.has(edge) })),
  };
}
