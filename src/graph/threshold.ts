import { keepOnlyNodes } from './prune';
import { CallGraph } from './types';

export interface ThresholdOptions {
  /** Drop nodes that led to less than this fraction of the wall time (0.005 = 0.5%). The root is always kept. */
  nodeThreshold: number;
  /** Drop edges below this fraction, unless that would leave a kept node without callers. */
  edgeThreshold: number;
}

/**
 * Removes light nodes and edges. A node's weight here is causedMs, the
 * heaviest work its calls led to (weights.ts), so that `delay()`, which
 * returns a promise at once but starts seconds of sending, stays with the
 * chain it starts. Connections through dropped nodes are kept by prune.ts.
 */
export function dropBelowThreshold(graph: CallGraph, options: ThresholdOptions): CallGraph {
  const minimumMs = options.nodeThreshold * graph.referenceMs;
  const kept = new Set(graph.nodes.filter((node) => node.isRoot || node.causedMs >= minimumMs).map((node) => node.id));
  const setting = `node threshold ${percent(options.nodeThreshold)}, edge threshold ${percent(options.edgeThreshold)}`;
  return keepOnlyNodes(graph, kept, options, `below ${percent(options.nodeThreshold)} of wall time`, setting);
}

/** `0.5%`, `0.05%`: as many digits as the threshold was given with. */
export function percent(fraction: number): string {
  return `${Number((fraction * 100).toPrecision(6))}%`;
}
