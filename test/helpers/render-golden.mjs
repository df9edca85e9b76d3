// The golden profile and how the golden test turns it into a graph, shared by the render tests.
import { readFileSync } from 'node:fs';
import { buildCallGraph } from '../../dist/graph/build.js';
import { applyGraphSteps } from '../../dist/graph/steps.js';

export const GOLDEN_PROFILE = new URL('../golden/taskqueue.profile.json', import.meta.url);
export const GOLDEN_DOT = new URL('../golden/taskqueue.dot', import.meta.url);
/** The paths in the golden profile are under this directory, as if tsprof ran there. */
export const GOLDEN_CWD = '/home/dev/tsprof';
/** No pruning, so the golden file shows every kind of node: the self-loop, `<anonymous>`, a 1-call edge. */
export const GOLDEN_GRAPH_OPTIONS = { nodeThreshold: 0, edgeThreshold: 0, hotPath: true };

export function goldenGraph() {
  const profile = JSON.parse(readFileSync(GOLDEN_PROFILE, 'utf8'));
  return applyGraphSteps(buildCallGraph(profile), GOLDEN_GRAPH_OPTIONS);
}
