import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCallGraph } from '../../dist/graph/build.js';
import { findHotPath, markHotPath } from '../../dist/graph/hot-path.js';
import { applyGraphSteps, GRAPH_STEPS } from '../../dist/graph/steps.js';
import { asyncChainProfile, chainWithCycleProfile, makeContextProfile, makeProfile, nodeNames } from '../helpers/graph-profiles.mjs';

const hotNames = (graph) => graph.nodes.filter((node) => node.hot).map((node) => node.name);
const pathPairs = (path) => path.map((edge) => `${edge.caller}>${edge.callee}`);
const hotPathOf = (profile) => pathPairs(findHotPath(buildCallGraph(profile)));

test('async code: the path runs through the heaviest function, not greedily from the root', () => {
  // Greedy from the root would take onData (400 ms) over delay (6 ms).
  const graph = markHotPath(buildCallGraph(asyncChainProfile()));
  assert.deepEqual(hotNames(graph), ['(root)', 'Task.delay', 'Task.applyAsync', 'sendTask', 'publish', 'write']);
  assert.deepEqual(pathPairs(graph.edges.filter((edge) => edge.hot)), ['0>1', '1>2', '2>3', '3>5', '5>6']);
});

test('awaited time counts downwards: the call awaited longest is followed', () => {
  const profile = asyncChainProfile({ acquireAwaitedMs: 6000 }); // sendTask now waits longer for acquire than for publish
  assert.deepEqual(hotPathOf(profile), ['0>1', '1>2', '2>3', '3>4']);
});

test('synchronous code: the heaviest function is the top one, and the walk goes down from it', () => {
  assert.deepEqual(hotPathOf(chainWithCycleProfile()), ['0>1', '1>2', '2>3']);
});

test('upwards, the heaviest caller is followed, by the work the call led to', () => {
  const profile = makeProfile({
    wallMs: 100,
    nodes: [[1, 'light', { totalMs: 5 }], [2, 'heavy', { totalMs: 30 }], [3, 'peak', { calls: 4, totalMs: 90 }]],
    edges: [[0, 1, 1, 5], [0, 2, 1, 30], [1, 3, 1, 25], [2, 3, 3, 65]],
  });
  assert.deepEqual(hotPathOf(profile), ['0>2', '2>3']);
});

test('a heavy edge back up a cycle is not followed', () => {
  const profile = makeProfile({
    wallMs: 100,
    nodes: [[1, 'a', { totalMs: 100 }], [2, 'b', { totalMs: 90 }], [3, 'c', { totalMs: 1 }]],
    edges: [[0, 1, 1, 100], [1, 2, 1, 90], [2, 1, 5, 80], [2, 3, 1, 1]],
  });
  assert.deepEqual(hotPathOf(profile), ['0>1', '1>2', '2>3']);
});

test('a self-loop is never taken, however heavy', () => {
  const profile = makeProfile({
    wallMs: 100,
    nodes: [[1, 'a', { totalMs: 100 }], [2, 'b', { totalMs: 3 }]],
    edges: [[0, 1, 1, 100], [1, 1, 50, 500], [1, 2, 1, 3]],
  });
  assert.deepEqual(hotPathOf(profile), ['0>1', '1>2']);
});

test('recursion above the peak: the walk up does not loop and still reaches the root', () => {
  const profile = makeProfile({
    wallMs: 100,
    nodes: [[1, 'parse', { calls: 40, totalMs: 60 }], [2, 'parseExpression', { calls: 300, totalMs: 95 }]],
    edges: [[0, 1, 1, 60], [1, 2, 40, 50], [2, 1, 39, 55], [2, 2, 200, 80]],
  });
  assert.deepEqual(hotPathOf(profile), ['0>1', '1>2']);
});

test('a graph that is one big cycle ends', () => {
  const profile = makeProfile({
    wallMs: 10,
    nodes: [[1, 'a', { totalMs: 10 }], [2, 'b', { totalMs: 10 }], [3, 'c', { totalMs: 10 }]],
    edges: [[0, 1, 1, 10], [1, 2, 1, 10], [2, 3, 1, 10], [3, 1, 1, 10], [3, 0, 1, 10]],
  });
  assert.deepEqual(hotPathOf(profile), ['0>1', '1>2', '2>3']);
});

test('ties: the peak by calls then id, edges by calls then ids, so the path does not depend on input order', () => {
  const peakTie = (nodes) => makeProfile({ wallMs: 10, nodes, edges: [[0, 1, 1, 5], [0, 2, 2, 5]] });
  assert.deepEqual(hotPathOf(peakTie([[1, 'a', { totalMs: 5 }], [2, 'b', { totalMs: 5, calls: 2 }]])), ['0>2']);
  assert.deepEqual(hotPathOf(peakTie([[2, 'b', { totalMs: 5 }], [1, 'a', { totalMs: 5 }]])), ['0>1']);
  const edgeTie = (edges) =>
    makeProfile({ wallMs: 10, nodes: [[1, 'top', { totalMs: 10 }], [2, 'x', { totalMs: 5 }], [3, 'y', { totalMs: 5 }]], edges: [[0, 1, 1, 10], ...edges] });
  assert.deepEqual(hotPathOf(edgeTie([[1, 2, 1, 5], [1, 3, 2, 5]])), ['0>1', '1>3']);
  assert.deepEqual(hotPathOf(edgeTie([[1, 3, 1, 5], [1, 2, 1, 5]])), ['0>1', '1>2']);
});

test('the path stops at edges that took no time', () => {
  const profile = makeProfile({ wallMs: 10, nodes: [[1, 'a', { totalMs: 10 }], [2, 'b']], edges: [[0, 1, 1, 10], [1, 2, 3, 0]] });
  assert.deepEqual(hotPathOf(profile), ['0>1']);
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
  assert.deepEqual(hotPathOf(profile), ['0>1', '1>2']);
});

test('await time does not end the path: the caller waits while its callee runs', () => {
  const profile = makeProfile({
    wallMs: 100,
    nodes: [[1, 'a', { totalMs: 100, selfMs: 5, awaitMs: 90 }], [2, 'b', { totalMs: 90, selfMs: 90 }]],
    edges: [[0, 1, 1, 100], [1, 2, 1, 90, 90]],
  });
  assert.deepEqual(hotPathOf(profile), ['0>1', '1>2']);
});

test('marking again clears the flags of an earlier marking', () => {
  const marked = markHotPath(buildCallGraph(chainWithCycleProfile()));
  // Without the contexts below b, the hot path can only go to d.
  const withoutB = { ...marked, contexts: { ...marked.contexts, contexts: marked.contexts.contexts.filter((context) => ![2, 3].includes(context.function)) } };
  assert.deepEqual(hotNames(markHotPath(withoutB)), ['(root)', 'a', 'd']);
  assert.deepEqual(hotNames(withoutB), ['(root)', 'a', 'b', 'c'], 'the input keeps its own flags');
});

test('applyGraphSteps prunes, then marks the hot path on what is left, then groups (selection is a profile step)', () => {
  assert.deepEqual(GRAPH_STEPS.map((step) => step.name), ['drop-below-threshold', 'keep-heaviest-nodes', 'mark-hot-path', 'group']);
  const graph = applyGraphSteps(buildCallGraph(chainWithCycleProfile()), { nodeThreshold: 0.05 });
  assert.deepEqual(nodeNames(graph), ['(root)', 'a', 'b', 'c', 'd']);
  assert.deepEqual(hotNames(graph), ['(root)', 'a', 'b', 'c']);
  const unmarked = applyGraphSteps(buildCallGraph(chainWithCycleProfile()), { hotPath: false });
  assert.deepEqual(hotNames(unmarked), []);
});

test("tsprof's own instrumenting time is never the hot path, with contexts or without", () => {
  const v1 = makeProfile({
    wallMs: 1000,
    nodes: [
      [1, '(tsprof: instrumenting)', { calls: 9, totalMs: 400, selfMs: 400, file: '' }],
      [2, 'main', { calls: 1, totalMs: 300, selfMs: 10 }],
      [3, 'work', { calls: 5, totalMs: 290, selfMs: 290 }],
    ],
    edges: [
      [0, 1, 9, 400],
      [0, 2, 1, 300],
      [2, 3, 5, 290],
      [2, 1, 1, 50],
    ],
  });
  assert.deepEqual(hotNames(markHotPath(buildCallGraph(v1))), ['(root)', 'main', 'work']);
  const v2 = makeContextProfile({
    wallMs: 1000,
    contexts: [
      [1, 0, '(tsprof: instrumenting)', { calls: 9, totalMs: 400, selfMs: 400 }],
      [2, 0, 'main', { calls: 1, totalMs: 300, selfMs: 10 }],
      [3, 2, '(tsprof: instrumenting)', { calls: 1, totalMs: 200, selfMs: 200 }],
      [4, 2, 'work', { calls: 5, totalMs: 90, selfMs: 90 }],
    ],
  });
  assert.deepEqual(hotNames(markHotPath(buildCallGraph(v2))), ['(root)', 'main', 'work']);
});
