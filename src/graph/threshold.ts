import { byCallerThenCallee, heavierEdgeFirst, outgoingEdges } from './adjacency';
import { CallGraph, GraphEdge } from './types';

export interface ThresholdOptions {
  /** Drop nodes whose totalShare is below this fraction (0.005 = 0.5%). The root is always kept. */
  nodeThreshold: number;
  /** Drop edges whose share is below this fraction, unless that would leave a kept node without callers. */
  edgeThreshold: number;
}

/**
 * Removes light nodes and edges while keeping what remains connected:
 *  - When a dropped node sat between kept ones (a kept caller reaches a kept
 *    callee only through dropped nodes), the callee hangs off its nearest kept
 *    ancestor by an elided edge, drawn dashed. Its numbers are the calls and
 *    time on the edges that enter the callee from the dropped region.
 *  - The edge threshold never removes the last edge into a kept node: its
 *    heaviest incoming edge stays, so no box floats without a caller.
 * The walk through dropped nodes remembers where it has been, so cycles and
 * recursion among dropped nodes end.
 */
export function dropBelowThreshold(graph: CallGraph, options: ThresholdOptions): CallGraph {
  const kept = keptNodeIds(graph, options.nodeThreshold);
  const candidates = [...edgesBetweenKeptNodes(graph, kept), ...elidedEdges(graph, kept)];
  return {
    ...graph,
    nodes: graph.nodes.filter((node) => kept.has(node.id)),
    edges: keepHeavyEdges(candidates, options.edgeThreshold).sort(byCallerThenCallee),
  };
}

function keptNodeIds(graph: CallGraph, nodeThreshold: number): Set<number> {
  return new Set(graph.nodes.filter((node) => node.isRoot || node.totalShare >= nodeThreshold).map((node) => node.id));
}

function edgesBetweenKeptNodes(graph: CallGraph, kept: Set<number>): GraphEdge[] {
  return graph.edges.filter((edge) => kept.has(edge.caller) && kept.has(edge.callee));
}

/** One elided edge per (kept ancestor, kept descendant) pair that is linked only through dropped nodes. */
function elidedEdges(graph: CallGraph, kept: Set<number>): GraphEdge[] {
  const outgoing = outgoingEdges(graph);
  const directPairs = new Set(graph.edges.map((edge) => pairKey(edge.caller, edge.callee)));
  const shareOf = (ms: number): number => (graph.totalMs > 0 ? ms / graph.totalMs : 0);
  const elided: GraphEdge[] = [];

  for (const ancestor of kept) {
    const reached = new Map<number, GraphEdge>();
    const droppedToVisit = (outgoing.get(ancestor) ?? []).map((edge) => edge.callee).filter((id) => !kept.has(id));
    const visited = new Set<number>(droppedToVisit);

    while (droppedToVisit.length > 0) {
      const dropped = droppedToVisit.pop() as number;
      for (const edge of outgoing.get(dropped) ?? []) {
        const target = edge.callee;
        if (!kept.has(target)) {
          if (!visited.has(target)) {
            visited.add(target);
            droppedToVisit.push(target);
          }
          continue;
        }
        // Recursion back into the ancestor, or a pair already joined by a real edge, needs no stand-in.
        if (target === ancestor || directPairs.has(pairKey(ancestor, target))) continue;
        const sum = reached.get(target) ?? { caller: ancestor, callee: target, calls: 0, totalMs: 0, share: 0, elided: true, hot: false };
        sum.calls += edge.calls;
        sum.totalMs += edge.totalMs;
        reached.set(target, sum);
      }
    }
    for (const edge of reached.values()) elided.push({ ...edge, share: shareOf(edge.totalMs) });
  }
  return elided;
}

function keepHeavyEdges(candidates: GraphEdge[], edgeThreshold: number): GraphEdge[] {
  const heaviestIntoCallee = new Map<number, GraphEdge>();
  for (const edge of [...candidates].sort(heavierEdgeFirst)) {
    if (!heaviestIntoCallee.has(edge.callee)) heaviestIntoCallee.set(edge.callee, edge);
  }
  return candidates.filter((edge) => edge.share >= edgeThreshold || heaviestIntoCallee.get(edge.callee) === edge);
}

function pairKey(caller: number, callee: number): string {
  return `${caller}>${callee}`;
}
