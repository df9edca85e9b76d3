import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCallGraph } from '../../dist/graph/build.js';
import { findHotPath, markHotPath } from '../../dist/graph/hot-path.js';
import { applyGraphSteps, DEFAULT_GRAPH_OPTIONS, GRAPH_STEPS } from '../../dist/graph/steps.js';
import { makeProfile, chainWithCycleProfile, nodeNames } from '../helpers/graph-profiles.mjs';

const hotNames = (graph) => graph.nodes.filter((node) => node.hot).map((node) => node.name);
const pathPairs = (path) => path.map((edge) => `${edge.caller}>${edge.callee}`);

test('the hot path follows the heaviest edge from the root and flags nodes and edges', () => {
  const graph = markHotPath(buildCallGraph(chainWithCycleProfile()));
  assert.deepEqual(hotNames(graph), ['(root)', 'a', 'b', 'c']);
  assert.deepEqual(pathPairs(graph.edges.filter((edge) => edge.hot)), ['0>1', '1>2', '2>3']);
});

test('a heavy edge back up a cycle is not followed', () => {
  const profile = makeProfile({
    wallMs: 100,
    nodes: [[1, 'a', { totalMs: 100 }], [2, 'b', { totalMs: 90 }], [3, 'c', { totalMs: 1 }]],
    edges: [[0, 1, 1, 100], [1, 2, 1, 90], [2, 1, 5, 80], [2, 3, 1, 1]],
  });
  assert.deepEqual(pathPairs(findHotPath(buildCallGraph(profile))), ['0>1', '1>2', '2>3']);
});

test('a self-loop is never taken, however heavy', () => {
  const profile = makeProfile({
    wallMs: 100,
    nodes: [[1, 'a', { totalMs: 100 }], [2, 'b', { totalMs: 3 }]],
    edges: [[0, 1, 1, 100], [1, 1, 50, 500], [1, 2, 1, 3]],
  });
  assert.deepEqual(pathPairs(findHotPath(buildCallGraph(profile))), ['0>1', '1>2']);
});

test('a graph that is one big cycle ends', () => {
  const profile = makeProfile({
    wallMs: 10,
    nodes: [[1, 'a', { totalMs: 10 }], [2, 'b', { totalMs: 10 }], [3, 'c', { totalMs: 10 }]],
    edges: [[0, 1, 1, 10], [1, 2, 1, 10], [2, 3, 1, 10], [3, 1, 1, 10], [3, 0, 1, 10]],
  });
  assert.deepEqual(pathPairs(findHotPath(buildCallGraph(profile))), ['0>1', '1>2', '2>3']);
});

test('ties are broken by calls, then by id, so the path does not depend on input order', () => {
  const profile = (edges) =>
    makeProfile({ wallMs: 10, nodes: [[1, 'a', { totalMs: 5 }], [2, 'b', { totalMs: 5 }], [3, 'c', { totalMs: 5 }]], edges });
  assert.deepEqual(pathPairs(findHotPath(buildCallGraph(profile([[0, 1, 1, 5], [0, 2, 2, 5]])))), ['0>2']);
  assert.deepEqual(pathPairs(findHotPath(buildCallGraph(profile([[0, 3, 1, 5], [0, 2, 1, 5]])))), ['0>2']);
});

test('the path stops at edges that took no time', () => {
  const profile = makeProfile({ wallMs: 10, nodes: [[1, 'a', { totalMs: 10 }], [2, 'b']], edges: [[0, 1, 1, 10], [1, 2, 3, 0]] });
  assert.deepEqual(pathPairs(findHotPath(buildCallGraph(profile))), ['0>1']);
});

test('an empty graph has no hot path and no hot root', () => {
  const graph = markHotPath(buildCallGraph(makeProfile({ nodes: [], edges: [] })));
  assert.deepEqual(hotNames(graph), []);
});

test('the path ends at a function that keeps more time for itself than its heaviest callee takes', () => {
  const profile = makeProfile({
    wallMs: 100,
    nodes: [[1, 'a', { totalMs: 100, selfMs: 40 }], [2, 'b', { totalMs: 60, selfMs: 50, awaitMs: 5 }], [3, 'c', { totalMs: 10, selfMs: 10 }]],
    edges: [[0, 1, 1, 100], [1, 2, 1, 60], [2, 3, 1, 10]],
  });
  assert.deepEqual(pathPairs(findHotPath(buildCallGraph(profile))), ['0>1', '1>2']);
});

test('await time does not end the path: the caller waits while its callee runs', () => {
  const profile = makeProfile({
    wallMs: 100,
    nodes: [[1, 'a', { totalMs: 100, selfMs: 5, awaitMs: 90 }], [2, 'b', { totalMs: 90, selfMs: 90 }]],
    edges: [[0, 1, 1, 100], [1, 2, 1, 90]],
  });
  assert.deepEqual(pathPairs(findHotPath(buildCallGraph(profile))), ['0>1', '1>2']);
});

test('marking again clears the flags of an earlier marking', () => {
  const marked = markHotPath(buildCallGraph(chainWithCycleProfile()));
  const withoutB = { ...marked, edges: marked.edges.filter((edge) => edge.callee !== 2) };
  assert.deepEqual(hotNames(markHotPath(withoutB)), ['(root)', 'a', 'd']);
  assert.deepEqual(hotNames(withoutB), ['(root)', 'a', 'b', 'c'], 'the input keeps its own flags');
});

test('applyGraphSteps prunes, then marks the hot path on what is left', () => {
  assert.deepEqual(GRAPH_STEPS.map((step) => step.name), ['drop-below-threshold', 'mark-hot-path']);
  const graph = applyGraphSteps(buildCallGraph(chainWithCycleProfile()), { ...DEFAULT_GRAPH_OPTIONS, nodeThreshold: 0.05 });
  assert.deepEqual(nodeNames(graph), ['(root)', 'a', 'b', 'c', 'd']);
  assert.deepEqual(hotNames(graph), ['(root)', 'a', 'b', 'c']);
  const unmarked = applyGraphSteps(buildCallGraph(chainWithCycleProfile()), { ...DEFAULT_GRAPH_OPTIONS, hotPath: false });
  assert.deepEqual(hotNames(unmarked), []);
});
