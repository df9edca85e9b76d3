import { heavierNodeFirst } from './adjacency';
import { keepOnlyNodes } from './prune';
import { CallGraph, GraphNode } from './types';

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
  const setting = `node threshold ${percent(options.nodeThreshold)}, edge threshold ${percent(options.edgeThreshold)}`;
  const reason = `below ${percent(options.nodeThreshold)} of wall time`;
  if (kept.size > 0) return keepOnlyNodes(graph, kept, options, reason, setting);
  return keepHeaviestAnyway(graph, options, setting, reason);
}

/** How many functions a picture shows when none reached the node threshold. */
const FALLBACK_FUNCTIONS = 10;

/**
 * A graph with calls never shows only `(root)`: when every function is light
 * against the wall time (a fork whose child did quick work while the parent
 * waited), the heaviest functions that ran are drawn anyway, and `fallback`
 * says so for the title and a warning.
 */
function keepHeaviestAnyway(graph: CallGraph, options: ThresholdOptions, setting: string, reason: string): CallGraph {
  const called = graph.nodes.filter((node) => !node.isRoot && node.calls > 0).sort(heavierNodeFirst);
  const heaviest = new Set(called.slice(0, FALLBACK_FUNCTIONS).map((node) => node.id));
  if (heaviest.size === 0) return keepOnlyNodes(graph, heaviest, options, reason, setting);
  const fallback = `no function reached the node threshold ${percent(options.nodeThreshold)}: the ${heaviest.size} heaviest shown`;
  const pruned = keepOnlyNodes(graph, heaviest, { nodeThreshold: 0, edgeThreshold: 0 }, `not among the ${heaviest.size} heaviest`, `${setting}; ${fallback}`);
  return { ...pruned, fallback };
}

/** `0.5%`, `0.05%`: as many digits as the threshold was given with. */
export function percent(fraction: number): string {
  return `${Number((fraction * 100).toPrecision(6))}%`;
}
