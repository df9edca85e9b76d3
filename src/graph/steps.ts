import { markHotPath } from './hot-path';
import { dropBelowThreshold } from './threshold';
import { CallGraph } from './types';

/**
 * Every transformation between buildCallGraph and the renderers is a step:
 * a small named function from a graph to a new graph. The CLI parses one
 * GraphOptions and hands it to applyGraphSteps; each step reads only the
 * options it needs.
 */
export type GraphStep<Options> = (graph: CallGraph, options: Options) => CallGraph;

export interface GraphOptions {
  /** Fraction of the total time below which nodes are dropped (gprof2dot's default is 0.005). */
  nodeThreshold: number;
  /** Fraction of the total time below which edges are dropped (gprof2dot's default is 0.001). */
  edgeThreshold: number;
  /** Flag the hot path so renderers can draw it bold. */
  hotPath: boolean;
}

export const DEFAULT_GRAPH_OPTIONS: GraphOptions = {
  nodeThreshold: 0.005,
  edgeThreshold: 0.001,
  hotPath: true,
};

interface NamedStep {
  name: string;
  run: GraphStep<GraphOptions>;
}

/**
 * The pipeline, in order. New steps (max nodes, focus/ignore patterns,
 * grouping by file or class) go here: pruning before the hot path, so the
 * hot path is found on the graph that will actually be drawn.
 */
export const GRAPH_STEPS: readonly NamedStep[] = [
  { name: 'drop-below-threshold', run: dropBelowThreshold },
  { name: 'mark-hot-path', run: (graph, options) => (options.hotPath ? markHotPath(graph) : graph) },
];

export function applyGraphSteps(graph: CallGraph, options: GraphOptions = DEFAULT_GRAPH_OPTIONS): CallGraph {
  return GRAPH_STEPS.reduce((current, step) => step.run(current, options), graph);
}
