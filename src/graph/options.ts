import type { GraphNode, GroupBy } from './types';

/**
 * What the graph steps (steps.ts) are asked to do, and their defaults: a
 * module of its own, so that the CLI parses its options without loading the
 * steps themselves.
 */
export interface GraphOptions {
  /** Fraction of the wall time below which functions are hidden (gprof2dot's default is 0.005). */
  nodeThreshold: number;
  /** Fraction of the wall time below which calls are hidden (gprof2dot's default is 0.001). */
  edgeThreshold: number;
  /** At most this many functions are drawn, the heaviest; 0 = no limit. */
  maxNodes: number;
  /** Graphviz clusters. */
  group: GroupBy;
  /** The npm package of a source file, for `group: 'package'` (see group.ts). */
  packageOf?: (file: string) => string | undefined;
  /** Flag the hot path so renderers can draw it bold. */
  hotPath: boolean;
  /** Functions drawn whatever the thresholds and --max-nodes (tsprof diff: those that changed). */
  alwaysShown?: (node: GraphNode) => boolean;
}

export const DEFAULT_GRAPH_OPTIONS: GraphOptions = {
  nodeThreshold: 0.005,
  edgeThreshold: 0.001,
  maxNodes: 70,
  group: 'none',
  hotPath: true,
};

/** A threshold as the user gave it: `0.5%`, `0.05%`, `0.7%` (as many digits as it has, no float noise). */
export function formatThreshold(fraction: number): string {
  return `${Number((fraction * 100).toPrecision(6))}%`;
}
