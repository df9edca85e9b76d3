import { heavierNodeFirst } from './adjacency';
import { keepOnlyNodes } from './prune';
import { CallGraph, GraphNode, isProgramFunction } from './types';
import { formatThreshold } from './options';

export interface ThresholdOptions {
  /** Drop nodes that led to less than this fraction of the wall time (0.005 = 0.5%). The root is always kept. */
  nodeThreshold: number;
  /** Drop edges below this fraction, unless that would leave a kept node without callers. */
  edgeThreshold: number;
  /** Kept however light. */
  alwaysShown?: (node: GraphNode) => boolean;
}

/**
 * Removes light nodes and edges. A node's weight here is causedMs, the
 * heaviest work its calls led to (weights.ts), so that `delay()`, which
 * returns a promise at once but starts seconds of sending, stays with the
 * chain it starts. Connections through dropped nodes are kept by prune.ts.
 */
export function dropBelowThreshold(graph: CallGraph, options: ThresholdOptions): CallGraph {
  const minimumMs = options.nodeThreshold * graph.referenceMs;
  const kept = new Set(graph.nodes.filter((node) => !node.isRoot && (node.causedMs >= minimumMs || options.alwaysShown?.(node))).map((node) => node.id));
  const setting = `node threshold ${formatThreshold(options.nodeThreshold)}, edge threshold ${formatThreshold(options.edgeThreshold)}`;
  const reason = `below ${formatThreshold(options.nodeThreshold)} of wall time`;
  if (graph.nodes.some((node) => kept.has(node.id) && isProgramFunction(node))) return keepOnlyNodes(graph, kept, options, reason, setting);
  return keepHeaviestAnyway(graph, kept, options, setting, reason);
}

/** How many functions a picture shows when none reached the node threshold. */
const FALLBACK_FUNCTIONS = 10;

/**
 * A graph with calls never shows only `(root)` (or only tsprof's own
 * instrumenting time): when every function of the program is light against
 * the wall time (a fork whose child did quick work while the parent waited),
 * the heaviest that ran are drawn anyway, beside what did reach the
 * threshold, and `fallback` says so for the title and a warning.
 */
function keepHeaviestAnyway(graph: CallGraph, kept: Set<number>, options: ThresholdOptions, setting: string, reason: string): CallGraph {
  const called = graph.nodes.filter((node) => isProgramFunction(node) && node.calls > 0).sort(heavierNodeFirst);
  const heaviest = new Set(called.slice(0, FALLBACK_FUNCTIONS).map((node) => node.id));
  if (heaviest.size === 0) return keepOnlyNodes(graph, kept, options, reason, setting);
  for (const id of kept) heaviest.add(id);
  const shown = Math.min(called.length, FALLBACK_FUNCTIONS);
  const fallback = `no function reached the node threshold ${formatThreshold(options.nodeThreshold)}: the ${shown} heaviest shown`;
  const pruned = keepOnlyNodes(graph, heaviest, { nodeThreshold: 0, edgeThreshold: 0 }, `not among the ${shown} heaviest`, `${setting}; ${fallback}`);
  return { ...pruned, fallback };
}
