import { byCallerThenCallee, heavierEdgeFirst, hiddenSelfMs, outgoingEdges } from './adjacency';
import { flowEndNodes } from './flows';
import { pairKey } from '../profile/identity';
import { shareOf } from '../profile/measures';
import { CallGraph, GraphEdge } from './types';

/**
 * What every pruning step shares: keep the nodes in `kept` (the root always),
 * and keep the picture connected.
 *  - When a dropped node sat between kept ones (a kept caller reaches a kept
 *    callee only through dropped nodes), the callee hangs off its nearest kept
 *    ancestor by an elided edge, drawn dashed. Its numbers are the calls and
 *    times on the edges that enter the callee from the dropped region.
 *  - Edges below `edgeThreshold` (by the work they led to, causedMs) go, and
 *    elided edges below `nodeThreshold` too, since they stand for hidden
 *    functions; but the heaviest edge into each kept node always stays, so
 *    no box floats without a caller.
 *  - A kept node gets at most one elided edge, the heaviest: in a densely
 *    connected program every kept ancestor reaches every kept descendant
 *    through hidden functions, and drawing all those pairs makes hundreds of
 *    crossing dashed lines that take Graphviz seconds to lay out.
 * The walk through dropped nodes remembers where it has been, so cycles and
 * recursion among dropped nodes end. The functions that publish or handle
 * a message flow are always kept, so the flow arrows stay between boxes
 * (they hang off their nearest kept caller like any kept function). `reason` says in the title why the
 * dropped nodes went, `setting` which option did it.
 */
export interface PruneThresholds {
  nodeThreshold: number;
  edgeThreshold: number;
}

export function keepOnlyNodes(graph: CallGraph, kept: Set<number>, thresholds: PruneThresholds, reason: string, setting: string): CallGraph {
  // A message flow is never pruned away: the boxes it goes between stay, however light (graph/flows.ts).
  const keptWithRoot = new Set([...kept, graph.rootId, ...flowEndNodes(graph)]);
  const candidates = [...edgesBetweenKeptNodes(graph, keptWithRoot), ...elidedEdges(graph, keptWithRoot)];
  const nodes = graph.nodes.filter((node) => keptWithRoot.has(node.id));
  const droppedCount = graph.nodes.length - nodes.length;
  return {
    ...graph,
    nodes,
    edges: keepHeavyEdges(candidates, thresholds, graph.referenceMs).sort(byCallerThenCallee),
    settings: [...graph.settings, setting],
    hidden: droppedCount > 0 ? [...graph.hidden, { reason, nodes: droppedCount, selfMs: hiddenSelfMs(graph, keptWithRoot) }] : graph.hidden,
  };
}

function edgesBetweenKeptNodes(graph: CallGraph, kept: Set<number>): GraphEdge[] {
  return graph.edges.filter((edge) => kept.has(edge.caller) && kept.has(edge.callee));
}

/** One elided edge per (kept ancestor, kept descendant) pair that is linked only through dropped nodes. */
function elidedEdges(graph: CallGraph, kept: Set<number>): GraphEdge[] {
  const outgoing = outgoingEdges(graph);
  const directPairs = new Set(graph.edges.map((edge) => pairKey(edge.caller, edge.callee)));
  const share = (ms: number): number => shareOf(ms, graph.referenceMs);
  const elided: GraphEdge[] = [];

  for (const ancestor of kept) {
    const reached = new Map<number, GraphEdge>();
    const firstHops = (outgoing.get(ancestor) ?? []).filter((edge) => !kept.has(edge.callee));
    const droppedToVisit = firstHops.map((edge) => edge.callee);
    const visited = new Set<number>(droppedToVisit);
    // Dropped functions first reached through a continuation: a stand-in through them is one too (drawn dotted).
    const throughContinuation = new Set<number>(firstHops.filter((edge) => edge.async).map((edge) => edge.callee));

    while (droppedToVisit.length > 0) {
      const dropped = droppedToVisit.pop() as number;
      for (const edge of outgoing.get(dropped) ?? []) {
        const target = edge.callee;
        if (!kept.has(target)) {
          if (!visited.has(target)) {
            visited.add(target);
            droppedToVisit.push(target);
            if (edge.async || throughContinuation.has(dropped)) throughContinuation.add(target);
          }
          continue;
        }
        // Recursion back into the ancestor, or a pair already joined by a real edge, needs no stand-in.
        if (target === ancestor || directPairs.has(pairKey(ancestor, target))) continue;
        const sum = reached.get(target) ?? emptyElidedEdge(ancestor, target);
        sum.calls += edge.calls;
        sum.totalMs += edge.totalMs;
        sum.awaitMs += edge.awaitMs;
        sum.causedMs = Math.max(sum.causedMs, edge.causedMs);
        if (edge.async || throughContinuation.has(dropped)) sum.async = true;
        reached.set(target, sum);
      }
    }
    for (const edge of reached.values()) {
      const weightMs = Math.max(edge.totalMs, edge.awaitMs);
      elided.push({ ...edge, weightMs, causedMs: Math.max(edge.causedMs, weightMs), share: share(weightMs) });
    }
  }
  return elided;
}

function emptyElidedEdge(caller: number, callee: number): GraphEdge {
  return { caller, callee, calls: 0, totalMs: 0, awaitMs: 0, weightMs: 0, causedMs: 0, share: 0, elided: true, hot: false };
}

function keepHeavyEdges(candidates: GraphEdge[], thresholds: PruneThresholds, referenceMs: number): GraphEdge[] {
  const heaviestIntoCallee = new Map<number, GraphEdge>();
  const heaviestElidedIntoCallee = new Map<number, GraphEdge>();
  for (const edge of [...candidates].sort(heavierEdgeFirst)) {
    if (!heaviestIntoCallee.has(edge.callee)) heaviestIntoCallee.set(edge.callee, edge);
    if (edge.elided && !heaviestElidedIntoCallee.has(edge.callee)) heaviestElidedIntoCallee.set(edge.callee, edge);
  }
  const edgeMinimumMs = thresholds.edgeThreshold * referenceMs;
  const elidedMinimumMs = Math.max(thresholds.edgeThreshold, thresholds.nodeThreshold) * referenceMs;
  return candidates.filter((edge) => {
    if (heaviestIntoCallee.get(edge.callee) === edge) return true;
    if (!edge.elided) return edge.causedMs >= edgeMinimumMs;
    return heaviestElidedIntoCallee.get(edge.callee) === edge && edge.causedMs >= elidedMinimumMs;
  });
}
