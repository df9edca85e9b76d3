import { groupNodes } from './group';
import { markHotPath } from './hot-path';
import { keepHeaviestNodes } from './max-nodes';
import { focusContexts, ignoreContexts, rootContexts } from './context-select';
import { focusOn, ignoreMatching, rootAt } from './select';
import { dropBelowThreshold } from './threshold';
import { CallGraph, GraphNode, GroupBy } from './types';

/**
 * Every transformation between buildCallGraph and the renderers is a step:
 * a small named function from a graph to a new graph. The CLI parses one
 * GraphOptions and hands it to applyGraphSteps; each step reads only the
 * options it needs.
 */
export type GraphStep<Options> = (graph: CallGraph, options: Options) => CallGraph;

export interface GraphOptions {
  /** Fraction of the wall time below which functions are hidden (gprof2dot's default is 0.005). */
  nodeThreshold: number;
  /** Fraction of the wall time below which calls are hidden (gprof2dot's default is 0.001). */
  edgeThreshold: number;
  /** At most this many functions are drawn, the heaviest; 0 = no limit. */
  maxNodes: number;
  /** Only the paths through functions whose name matches. */
  focus?: RegExp;
  /** Without functions whose name matches, and what only they reach. */
  ignore?: RegExp;
  /** Matching functions become the entry points. */
  root?: RegExp;
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
