import { groupNodes } from './group';
import { markHotPath } from './hot-path';
import { keepHeaviestNodes } from './max-nodes';
import { focusContexts, ignoreContexts, rootContexts } from './context-select';
import { focusOn, ignoreMatching, rootAt } from './select';
import { dropBelowThreshold } from './threshold';
import { DEFAULT_GRAPH_OPTIONS, type GraphOptions } from './options';
import { CallGraph } from './types';

/**
 * Every transformation between buildCallGraph and the renderers is a step:
 * a small named function from a graph to a new graph. The CLI parses one
 * GraphOptions and hands it to applyGraphSteps; each step reads only the
 * options it needs.
 */
export type GraphStep<Options> = (graph: CallGraph, options: Options) => CallGraph;

interface NamedStep {
  name: string;
  run: GraphStep<GraphOptions>;
}

/**
 * The pipeline, in order: choose what to look at (root, ignore, focus: on
 * calling contexts when the profile has them, else on functions), prune
 * what is too light to matter, then mark the hot path on the graph that will
 * actually be drawn, then group what is left.
 */
export const GRAPH_STEPS: readonly NamedStep[] = [
  { name: 'root-at', run: (graph, options) => (options.root ? (graph.contexts ? rootContexts : rootAt)(graph, options.root) : graph) },
  { name: 'ignore', run: (graph, options) => (options.ignore ? (graph.contexts ? ignoreContexts : ignoreMatching)(graph, options.ignore) : graph) },
  { name: 'focus', run: (graph, options) => (options.focus ? (graph.contexts ? focusContexts : focusOn)(graph, options.focus) : graph) },
  { name: 'drop-below-threshold', run: dropBelowThreshold },
  { name: 'keep-heaviest-nodes', run: keepHeaviestNodes },
  { name: 'mark-hot-path', run: (graph, options) => (options.hotPath ? markHotPath(graph) : graph) },
  { name: 'group', run: groupNodes },
];

/** Only the selection steps: what `tsprof report` applies, since a table needs no pruning. */
export const SELECTION_STEP_NAMES: readonly string[] = ['root-at', 'ignore', 'focus'];

export function applyGraphSteps(graph: CallGraph, options: Partial<GraphOptions> = {}, only?: readonly string[]): CallGraph {
  const complete = { ...DEFAULT_GRAPH_OPTIONS, ...options };
  return GRAPH_STEPS.filter((step) => !only || only.includes(step.name)).reduce((current, step) => step.run(current, complete), graph);
}
