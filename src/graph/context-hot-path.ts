import type { ProfileContext } from '../profile/types';
import { CallGraph, ContextSelection, GraphEdge, isProgramFunction } from './types';

/**
 * The hot path over calling contexts: the same rule as hot-path.ts (around
 * the heaviest, up to the root, down along the heaviest calls, stopping where
 * a function keeps more time for itself than its heaviest call led to), but
 * every step is a real call path, so it cannot cross from the publish side to
 * the consume side through a helper both use. Up is the peak's own path; down
 * follows the child context that led to the most work.
 *
 * The steps are returned as edges between the functions the graph still
 * draws, with the numbers of the contexts on the path; a function the
 * pruning hid is stepped over, as the dashed arrows do.
 */
export function contextHotPath(graph: CallGraph, selection: ContextSelection): GraphEdge[] {
  const drawn = new Set(graph.nodes.map((node) => node.id));
  // tsprof's own instrumenting time is drawn but is never where the program's time went.
  const program = new Set(graph.nodes.filter(isProgramFunction).map((node) => node.id));
  const contexts = selection.contexts;
  const byId = new Map(contexts.map((context) => [context.id, context]));
  const children = new Map<number, ProfileContext[]>();
  for (const context of contexts) {
    const list = children.get(context.parent);
    if (list) list.push(context);
    else children.set(context.parent, [context]);
  }
  const caused = causedByContext(contexts);
  const peak = contexts
    .filter((context) => context.parent >= 0 && program.has(context.function) && weightOf(context) > 0)
    .sort((a, b) => weightOf(b) - weightOf(a) || b.calls - a.calls || a.id - b.id)[0];
  if (!peak) return [];

  const chain: ProfileContext[] = [];
  for (let context: ProfileContext | undefined = peak; context; context = byId.get(context.parent)) chain.unshift(context);
  const onPath = new Set(chain.map((context) => context.function));
  for (let current = peak; ; ) {
    const next = (children.get(current.id) ?? [])
      .filter((child) => !onPath.has(child.function) && (program.has(child.function) || !drawn.has(child.function)))
      .sort((a, b) => caused.get(b.id)! - caused.get(a.id)! || weightOf(b) - weightOf(a) || b.calls - a.calls || a.id - b.id)[0];
    if (!next || caused.get(next.id)! <= 0 || caused.get(next.id)! < current.selfMs) break;
    chain.push(next);
    onPath.add(next.function);
    current = next;
  }
  return edgesAlong(graph, chain.filter((context) => drawn.has(context.function)), caused);
}

function weightOf(context: ProfileContext): number {
  return Math.max(context.totalMs, context.awaitedMs);
}

/** The heaviest weight in each context's subtree, its own included. */
function causedByContext(contexts: ProfileContext[]): Map<number, number> {
  const caused = new Map(contexts.map((context) => [context.id, weightOf(context)]));
  for (let index = contexts.length - 1; index >= 0; index--) {
    const context = contexts[index];
    if (context.parent < 0 || !caused.has(context.parent)) continue;
    caused.set(context.parent, Math.max(caused.get(context.parent)!, caused.get(context.id)!));
  }
  return caused;
}

function edgesAlong(graph: CallGraph, chain: ProfileContext[], caused: Map<number, number>): GraphEdge[] {
  const drawnEdges = new Map(graph.edges.map((edge) => [`${edge.caller}:${edge.callee}`, edge]));
  const reference = graph.referenceMs;
  const path: GraphEdge[] = [];
  for (let index = 1; index < chain.length; index++) {
    const callee = chain[index];
    const caller = chain[index - 1].function;
    const drawnEdge = drawnEdges.get(`${caller}:${callee.function}`);
    const weightMs = weightOf(callee);
    path.push({
      caller,
      callee: callee.function,
      calls: callee.calls,
      totalMs: callee.totalMs,
      awaitMs: callee.awaitedMs,
      weightMs,
      causedMs: caused.get(callee.id) ?? weightMs,
      share: reference > 0 ? weightMs / reference : 0,
      elided: drawnEdge?.elided ?? true,
      hot: true,
    });
  }
  return path;
}
