import { groupNodes } from './group';
import { markHotPath } from './hot-path';
import { keepHeaviestNodes } from './max-nodes';
import { dropBelowThreshold } from './threshold';
import { DEFAULT_GRAPH_OPTIONS, type GraphOptions } from './options';
import { CallGraph } from './types';

/**
 * Every transformation between the built graph and the renderers is a step:
 * a small named function from a graph to a new graph. What to look at
 * (--root, --ignore, --focus) is chosen before the graph is built, on the
 * profile (profile/select.ts); the steps only prune, mark and group. The CLI
 * parses one GraphOptions and hands it to applyGraphSteps; each step reads
 * only the options it needs.
 */
export type GraphStep<Options> = (graph: CallGraph, options: Options) => CallGraph;

interface NamedStep {
  name: string;
  run: GraphStep<GraphOptions>;
}

/**
 * The pipeline, in order: prune what is too light to matter, then mark the
 * hot path on the graph that will actually be drawn, then group what is left.
 */
export const GRAPH_STEPS: readonly NamedStep[] = [
  { name: 'drop-below-threshold', run: dropBelowThreshold },
  { name: 'keep-heaviest-nodes', run: keepHeaviestNodes },
  { name: 'mark-hot-path', run: (graph, options) => (options.hotPath ? markHotPath(graph) : graph) },
  { name: 'group', run: groupNodes },
];

export function applyGraphSteps(graph: CallGraph, options: Partial<GraphOptions> = {}): CallGraph {
  const complete = { ...DEFAULT_GRAPH_OPTIONS, ...options };
  return GRAPH_STEPS.reduce((current, step) => step.run(current, complete), graph);
}
