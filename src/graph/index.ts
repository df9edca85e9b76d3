export * from './types';
export { buildCallGraph, selectedCallGraph } from './build';
export { dropBelowThreshold, ThresholdOptions } from './threshold';
export { keepHeaviestNodes, MaxNodesOptions } from './max-nodes';
export { groupNodes, GroupOptions, packageFromPath } from './group';
export { findHotPath, markHotPath } from './hot-path';
export { applyGraphSteps, GRAPH_STEPS, GraphStep } from './steps';
export { DEFAULT_GRAPH_OPTIONS, GraphOptions } from './options';
