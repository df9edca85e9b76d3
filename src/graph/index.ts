export * from './types';
export { buildCallGraph } from './build';
export { dropBelowThreshold, ThresholdOptions } from './threshold';
export { keepHeaviestNodes, MaxNodesOptions } from './max-nodes';
export { focusOn, ignoreMatching, matchingNodes, rootAt } from './select';
export { groupNodes, GroupOptions, packageFromPath } from './group';
export { findHotPath, markHotPath } from './hot-path';
export { applyGraphSteps, DEFAULT_GRAPH_OPTIONS, GRAPH_STEPS, GraphOptions, GraphStep, SELECTION_STEP_NAMES } from './steps';
