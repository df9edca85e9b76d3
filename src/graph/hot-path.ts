import { pairKey } from '../profile/identity';
import { shareOf, weightMs } from '../profile/measures';
import type { ProfileContext } from '../profile/types';
import { CallGraph, GraphEdge, isProgramFunction } from './types';

/**
 * The hot path: the chain of calls the eye should follow first, walked over
 * calling contexts so that every step is a real call path and it cannot cross
 * from the publish side to the consume side through a helper both use. It is
 * built around the heaviest context rather than walked greedily from the
 * root, because with async code the root's heaviest call is often not where
 * the time goes: `delay()` returns a promise at once, so greedy walkers from
 * the root never reach the `sendTask` that ran for seconds.
 *
 *  1. The peak is the heaviest context of a program function (weightMs: the
 *     larger of its total and the time callers awaited it; then calls, then
 *     id), never one that recursion re-entered.
 *  2. Upwards, the peak's own path to the root.
 *  3. Downwards, the child context that led to the most work (causedMs), and
 *     stop where the time stays: at a function whose own running time
 *     (selfMs) is more than its heaviest call led to, so the path ends at the
 *     function to look at rather than trailing into a cheap leaf. Await time
 *     is not counted as staying, because a function is suspended while what
 *     it awaits runs. A function is never visited twice on the path, which is
 *     what makes recursion end the walk.
 *
 * The steps are returned as edges between the functions the graph still
 * draws, with the numbers of the contexts on the path; a function the
 * pruning hid is stepped over, as the dashed arrows do.
 */
export function findHotPath(graph: CallGraph): GraphEdge[] {
  const drawn = new Set(graph.nodes.map((node) => node.id));
  // tsprof's own instrumenting time is drawn but is never where the program's time went.
  const program = new Set(graph.nodes.filter(isProgramFunction).map((node) => node.id));
  const contexts = graph.contexts.contexts;
  const byId = new Map(contexts.map((context) => [context.id, context]));
  const children = new Map<number, ProfileContext[]>();
  for (const context of contexts) {
    const list = children.get(context.parent);
    if (list) list.push(context);
    else children.set(context.parent, [context]);
  }
  const caused = causedByContext(contexts);
  const reentered = reenteredContexts(contexts, byId);
  const peak = contexts
    .filter((context) => context.parent >= 0 && program.has(context.function) && !reentered.has(context.id) && weightMs(context) > 0)
    .sort((a, b) => weightMs(b) - weightMs(a) || b.calls - a.calls || a.id - b.id)[0];
  if (!peak) return [];

  const chain: ProfileContext[] = [];
  for (let context: ProfileContext | undefined = peak; context; context = byId.get(context.parent)) chain.unshift(context);
  const onPath = new Set(chain.map((context) => context.function));
  for (let current = peak; ; ) {
    const next = (children.get(current.id) ?? [])
      .filter((child) => !onPath.has(child.function) && (program.has(child.function) || !drawn.has(child.function)))
      .sort((a, b) => caused.get(b.id)! - caused.get(a.id)! || weightMs(b) - weightMs(a) || b.calls - a.calls || a.id - b.id)[0];
    if (!next || caused.get(next.id)! <= 0 || caused.get(next.id)! < current.selfMs) break;
    chain.push(next);
    onPath.add(next.function);
    current = next;
  }
  return edgesAlong(graph, chain.filter((context) => drawn.has(context.function)), caused);
}

/**
 * Contexts of a function already on their own path (recursion re-entered it):
 * the path to one of them goes through the same function twice, so none is a
 * peak; the outer call's context carries the time.
 */
function reenteredContexts(contexts: ProfileContext[], byId: Map<number, ProfileContext>): Set<number> {
  const reentered = new Set<number>();
  for (const context of contexts) {
    for (let above = byId.get(context.parent); above; above = byId.get(above.parent)) {
      if (above.function === context.function) {
        reentered.add(context.id);
        break;
      }
    }
  }
  return reentered;
}

/** The heaviest weight in each context's subtree, its own included. */
function causedByContext(contexts: ProfileContext[]): Map<number, number> {
  const caused = new Map(contexts.map((context) => [context.id, weightMs(context)]));
  for (let index = contexts.length - 1; index >= 0; index--) {
    const context = contexts[index];
    if (context.parent < 0 || !caused.has(context.parent)) continue;
    caused.set(context.parent, Math.max(caused.get(context.parent)!, caused.get(context.id)!));
  }
  return caused;
}

function edgesAlong(graph: CallGraph, chain: ProfileContext[], caused: Map<number, number>): GraphEdge[] {
  const drawnEdges = new Map(graph.edges.map((edge) => [pairKey(edge.caller, edge.callee, edge.async === true), edge]));
  const path: GraphEdge[] = [];
  for (let index = 1; index < chain.length; index++) {
    const callee = chain[index];
    const caller = chain[index - 1].function;
    const drawnEdge = drawnEdges.get(pairKey(caller, callee.function, callee.async === true));
    const weight = weightMs(callee);
    path.push({
      caller,
      callee: callee.function,
      calls: callee.calls,
      totalMs: callee.totalMs,
      awaitMs: callee.awaitedMs,
      weightMs: weight,
      causedMs: caused.get(callee.id) ?? weight,
      share: shareOf(weight, graph.referenceMs),
      elided: drawnEdge?.elided ?? true,
      hot: true,
      ...(callee.async ? { async: true as const } : {}),
    });
  }
  return path;
}

/** Flags the nodes and edges of findHotPath; flags from an earlier marking are cleared first. */
export function markHotPath(graph: CallGraph): CallGraph {
  const path = findHotPath(graph);
  const hotEdges = new Set(path.map((edge) => pairKey(edge.caller, edge.callee, edge.async === true)));
  const hotNodes = new Set<number>(path.flatMap((edge) => [edge.caller, edge.callee]));
  return {
    ...graph,
    nodes: graph.nodes.map((node) => ({ ...node, hot: hotNodes.has(node.id) })),
    edges: graph.edges.map((edge) => ({ ...edge, hot: hotEdges.has(pairKey(edge.caller, edge.callee, edge.async === true)) })),
  };
}
