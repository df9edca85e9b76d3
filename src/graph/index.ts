export * from './types';
export { buildCallGraph } from './build';
export { heatHsl, heatColour, nodeColours, edgeStyle, Hsl, NodeColours, EdgeStyle } from './colour';
export { dropBelowThreshold, ThresholdOptions } from './threshold';
export { findHotPath, markHotPath } from './hot-path';
export { applyGraphSteps, DEFAULT_GRAPH_OPTIONS, GRAPH_STEPS, GraphOptions, GraphStep } from './steps';
