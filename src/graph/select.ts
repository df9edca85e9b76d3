import { byCallerThenCallee, hiddenSelfMs, incomingEdges, outgoingEdges, reachableFrom } from './adjacency';
import { CallGraph, GraphEdge, GraphNode } from './types';
import { withCausedRecomputed } from './weights';

/**
 * The selection steps: which part of the program to look at, by regular
 * expressions matched against function names as the boxes show them
 * (`Producer.publish`, `<anonymous> file:line`). The numbers in the boxes
 * stay the function's own totals over the whole run; edges keep the calls
 * made along them.
 */

/** Functions whose name matches `pattern`; never the root. */
export function matchingNodes(graph: CallGraph, pattern: RegExp): GraphNode[] {
  return graph.nodes.filter((node) => !node.isRoot && matches(pattern, node.name));
}

/** `RegExp.test` with the g or y flag keeps state between calls; a pattern given once must not. */
function matches(pattern: RegExp, name: string): boolean {
  pattern.lastIndex = 0;
  return pattern.test(name);
}

/**
 * `--focus`: keeps only the paths through a matching function, from the
 * root down to it (its callers, their callers, ...) and from it down to
 * everything it calls. An edge stays when it lies on such a path: both its
 * ends lead to a match, or both are reached from one.
 */
export function focusOn(graph: CallGraph, pattern: RegExp): CallGraph {
  const matched = matchingNodes(graph, pattern).map((node) => node.id);
  const leadingToMatch = reachableFrom(matched, incomingEdges(graph), 'caller');
  const reachedFromMatch = reachableFrom(matched, outgoingEdges(graph), 'callee');
  const onPath = (edge: GraphEdge): boolean =>
    (leadingToMatch.has(edge.caller) && leadingToMatch.has(edge.callee)) ||
    (reachedFromMatch.has(edge.caller) && reachedFromMatch.has(edge.callee));
  const kept = new Set([graph.rootId, ...leadingToMatch, ...reachedFromMatch]);
  return selected(graph, kept, graph.edges.filter(onPath), `focus ${pattern}`, 'off the paths through --focus');
}

/**
 * `--ignore`: removes matching functions and whatever only they reach, that
 * is, what the root no longer reaches once they are gone.
 */
export function ignoreMatching(graph: CallGraph, pattern: RegExp): CallGraph {
  const ignored = new Set(matchingNodes(graph, pattern).map((node) => node.id));
  const remaining = graph.edges.filter((edge) => !ignored.has(edge.caller) && !ignored.has(edge.callee));
  const reached = reachableFrom([graph.rootId], outgoingEdges({ ...graph, edges: remaining }), 'callee');
  return selected(graph, reached, remaining, `ignore ${pattern}`, 'matching or only reached through --ignore');
}

/**
 * `--root`: the matching functions become the entry points. Each topmost
 * match (one that no other match calls, directly or not, unless they call
 * each other) gets an edge from `(root)` carrying its own calls and times;
 * the root's other calls, and whatever the matches do not reach, go.
 */
export function rootAt(graph: CallGraph, pattern: RegExp): CallGraph {
  const matched = matchingNodes(graph, pattern);
  const outgoing = outgoingEdges(graph);
  const below = new Map(matched.map((node) => [node.id, descendants(node.id, outgoing)]));
  const topmost = matched.filter(
    (node) => !matched.some((other) => other.id !== node.id && below.get(other.id)?.has(node.id) && !below.get(node.id)?.has(other.id)),
  );
  const kept = reachableFrom(topmost.map((node) => node.id), outgoing, 'callee');
  kept.add(graph.rootId);
  const inner = graph.edges.filter((edge) => edge.caller !== graph.rootId && edge.callee !== graph.rootId);
  const fromRoot = topmost.map((node) => rootEdgeTo(graph, node));
  return selected(graph, kept, [...inner, ...fromRoot], `root ${pattern}`, 'not reached from --root');
}

function descendants(id: number, outgoing: Map<number, GraphEdge[]>): Set<number> {
  return reachableFrom((outgoing.get(id) ?? []).map((edge) => edge.callee), outgoing, 'callee');
}

function rootEdgeTo(graph: CallGraph, node: GraphNode): GraphEdge {
  return {
    caller: graph.rootId,
    callee: node.id,
    calls: node.calls,
    totalMs: node.totalMs,
    awaitMs: node.awaitedMs,
    weightMs: node.weightMs,
    causedMs: node.causedMs,
    share: node.share,
    elided: false,
    hot: false,
  };
}

/** The graph restricted to `kept` nodes and those of `edges` between them, with causedMs recomputed. */
function selected(graph: CallGraph, kept: Set<number>, edges: GraphEdge[], setting: string, reason: string): CallGraph {
  const nodes = graph.nodes.filter((node) => kept.has(node.id));
  const dropped = graph.nodes.length - nodes.length;
  return withCausedRecomputed({
    ...graph,
    nodes,
    edges: edges.filter((edge) => kept.has(edge.caller) && kept.has(edge.callee)).sort(byCallerThenCallee),
    settings: [...graph.settings, setting],
    hidden: dropped > 0 ? [...graph.hidden, { reason, nodes: dropped, selfMs: hiddenSelfMs(graph, kept) }] : graph.hidden,
  });
}
