export * from './types';
export { buildCallGraph } from './build';
export {
  COLOR_BY_CHOICES,
  ColorBy,
  EdgeStyle,
  edgeHeatShare,
  edgeStyle,
  heatColour,
  heatHsl,
  heatPosition,
  hollowNodeColours,
  Hsl,
  NodeColours,
  nodeColours,
  nodeHeatShare,
} from './colour';
export { dropBelowThreshold, ThresholdOptions } from './threshold';
export { keepHeaviestNodes, MaxNodesOptions } from './max-nodes';
export { focusOn, ignoreMatching, matchingNodes, rootAt } from './select';
export { groupNodes, GroupOptions, packageFromPath } from './group';
export { findHotPath, markHotPath } from './hot-path';
export { isMostlyAwaited, isMostlyWaiting, waitingFraction } from './weights';
export { applyGraphSteps, DEFAULT_GRAPH_OPTIONS, GRAPH_STEPS, GraphOptions, GraphStep, SELECTION_STEP_NAMES } from './steps';
