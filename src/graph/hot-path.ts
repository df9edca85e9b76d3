import { heavierEdgeFirst, incomingEdges, outgoingEdges } from './adjacency';
import { contextHotPath } from './context-hot-path';
import { CallGraph, GraphEdge, GraphNode, isProgramFunction } from './types';

/**
 * The hot path: the chain of calls the eye should follow first. It is built
 * around the heaviest function rather than walked greedily from the root,
 * because with async code the root's heaviest call is often not where the
 * time goes: `delay()` returns a promise at once, so greedy walkers from the
 * root never reach the `sendTask` that ran for seconds.
 *
 *  1. The peak is the heaviest function (weightMs: the larger of its total
 *     and the time callers awaited it; then calls, then id).
 *  2. Upwards, follow the heaviest incoming edge (heavierEdgeFirst: causedMs,
 *     the work the call led to, then its own weight) to the root.
 *  3. Downwards, follow the heaviest outgoing edge, and stop where the time
 *     stays: at a function whose own running time (selfMs) is more than its
 *     heaviest call led to, so the path ends at the function to look at
 *     rather than trailing into a cheap leaf. Await time is not counted as
 *     staying, because a function is suspended while what it awaits runs.
 * A node is never visited twice, which is what makes cycles and recursion
 * end the walk. Profiles with calling contexts walk those instead
 * (context-hot-path.ts); this is the version 1 fallback. The truly heaviest path is a longest-path problem with no
 * efficient answer once recursion puts cycles in the graph.
 */
export function findHotPath(graph: CallGraph): GraphEdge[] {
  if (graph.contexts) return contextHotPath(graph, graph.contexts);
  const peak = heaviestFunction(graph);
  if (!peak) return [];
  const onPath = new Set<number>([peak.id]);
  return [...walkUp(graph, peak.id, onPath), ...walkDown(graph, peak.id, onPath)];
}

function heaviestFunction(graph: CallGraph): GraphNode | undefined {
  const candidates = graph.nodes.filter((node) => isProgramFunction(node) && node.weightMs > 0);
  return candidates.sort((a, b) => b.weightMs - a.weightMs || b.calls - a.calls || a.id - b.id)[0];
}

function walkUp(graph: CallGraph, from: number, onPath: Set<number>): GraphEdge[] {
  const incoming = incomingEdges(graph);
  const path: GraphEdge[] = [];
  for (let current = from; current !== graph.rootId; ) {
    const previous = (incoming.get(current) ?? []).filter((edge) => !onPath.has(edge.caller)).sort(heavierEdgeFirst)[0];
    if (!previous) break;
    path.unshift(previous);
    onPath.add(previous.caller);
    current = previous.caller;
  }
  return path;
}

function walkDown(graph: CallGraph, from: number, onPath: Set<number>): GraphEdge[] {
  const outgoing = outgoingEdges(graph);
  const selfMs = new Map(graph.nodes.map((node) => [node.id, node.selfMs]));
  const program = new Set(graph.nodes.filter(isProgramFunction).map((node) => node.id));
  const path: GraphEdge[] = [];
  for (let current = from; ; ) {
    const next = (outgoing.get(current) ?? []).filter((edge) => !onPath.has(edge.callee) && program.has(edge.callee)).sort(heavierEdgeFirst)[0];
    if (!next || next.causedMs <= 0 || next.causedMs < (selfMs.get(current) ?? 0)) return path;
    path.push(next);
    onPath.add(next.callee);
    current = next.callee;
  }
}

/** Flags the nodes and edges of findHotPath; flags from an earlier marking are cleared first. */
export function markHotPath(graph: CallGraph): CallGraph {
  const path = findHotPath(graph);
  const hotEdges = new Set(path.map((edge) => `${edge.caller}:${edge.callee}`));
  const hotNodes = new Set<number>(path.flatMap((edge) => [edge.caller, edge.callee]));
  return {
    ...graph,
    nodes: graph.nodes.map((node) => ({ ...node, hot: hotNodes.has(node.id) })),
    edges: graph.edges.map((edge) => ({ ...edge, hot: hotEdges.has(`${edge.caller}:${edge.callee}`) })),
  };
}
