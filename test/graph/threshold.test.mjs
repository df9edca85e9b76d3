import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCallGraph } from '../../dist/graph/build.js';
import { dropBelowThreshold } from '../../dist/graph/threshold.js';
import { makeProfile, chainWithCycleProfile, asyncChainProfile, nodeNames, edgeBetween } from '../helpers/graph-profiles.mjs';

const edgePairs = (graph) => graph.edges.map((edge) => `${edge.caller}>${edge.callee}${edge.elided ? ' (elided)' : ''}`);

test('nodes below the node threshold are dropped with their edges', () => {
  const graph = dropBelowThreshold(buildCallGraph(chainWithCycleProfile()), { nodeThreshold: 0.05, edgeThreshold: 0 });
  assert.deepEqual(nodeNames(graph), ['(root)', 'a', 'b', 'c', 'd']);
  assert.deepEqual(edgePairs(graph), ['0>1', '1>2', '1>4', '2>3', '3>2']);
});

test('zero thresholds keep everything', () => {
  const full = buildCallGraph(chainWithCycleProfile());
  const graph = dropBelowThreshold(full, { nodeThreshold: 0, edgeThreshold: 0 });
  assert.deepEqual(graph.nodes, full.nodes);
  assert.deepEqual(graph.edges, full.edges);
});

test('the root is kept even when nothing was recorded', () => {
  const graph = dropBelowThreshold(buildCallGraph(makeProfile({ nodes: [], edges: [] })), { nodeThreshold: 0.5, edgeThreshold: 0.5 });
  assert.deepEqual(nodeNames(graph), ['(root)']);
});

// a calls five light helpers (2% each); each calls h, which adds up to 9%.
function fanInProfile() {
  const helpers = [2, 3, 4, 5, 6];
  return makeProfile({
    wallMs: 100,
    nodes: [[1, 'a', { totalMs: 20 }], ...helpers.map((id) => [id, `x${id}`, { totalMs: 2 }]), [7, 'h', { totalMs: 9, calls: 5 }]],
    edges: [[0, 1, 1, 20], ...helpers.map((id) => [1, id, 1, 2]), ...helpers.map((id) => [id, 7, 1, 1.8])],
  });
}

test('a heavy node reached only through dropped nodes hangs off its nearest kept ancestor by an elided edge', () => {
  const graph = dropBelowThreshold(buildCallGraph(fanInProfile()), { nodeThreshold: 0.05, edgeThreshold: 0 });
  assert.deepEqual(nodeNames(graph), ['(root)', 'a', 'h']);
  const elided = edgeBetween(graph, 'a', 'h');
  assert.equal(elided.elided, true);
  assert.equal(elided.calls, 5);
  assert.ok(Math.abs(elided.totalMs - 9) < 1e-9);
  assert.ok(Math.abs(elided.share - 0.09) < 1e-9);
  assert.equal(edgeBetween(graph, '(root)', 'h'), undefined, 'the root is not the nearest kept ancestor');
});

test('elided edges span chains and cycles of dropped nodes, and the walk ends', () => {
  const profile = makeProfile({
    wallMs: 100,
    nodes: [[1, 'a', { totalMs: 50 }], [2, 'x', { totalMs: 1 }], [3, 'y', { totalMs: 1 }], [4, 'h', { calls: 4, totalMs: 0.9 }], [5, 'z', { totalMs: 1 }]],
    edges: [
      [0, 1, 1, 50],
      [1, 2, 1, 1],
      [2, 3, 2, 1],
      [3, 2, 2, 0], // x ↔ y recursion among dropped nodes (re-entered calls carry no time of their own)
      [2, 2, 7, 0], // and a self-loop
      [3, 4, 3, 0.9], // h's only caller is y
      [4, 5, 1, 1],
      [5, 4, 1, 0], // h → z → h: recursion back into the ancestor needs no stand-in
    ],
  });
  // h is as light as the others, and drawn anyway (as diff draws what changed).
  const graph = dropBelowThreshold(buildCallGraph(profile), { nodeThreshold: 0.05, edgeThreshold: 0, alwaysShown: (node) => node.name === 'h' });
  assert.deepEqual(nodeNames(graph), ['(root)', 'a', 'h']);
  assert.deepEqual(edgePairs(graph), ['0>1', '1>4 (elided)'], 'kept although light: it is the only way into h');
  assert.equal(edgeBetween(graph, 'a', 'h').calls, 3);
});

test('an elided edge lighter than the node threshold goes when its callee has another caller', () => {
  const profile = makeProfile({
    wallMs: 100,
    nodes: [[1, 'a', { totalMs: 50 }], [2, 'x', { totalMs: 1 }], [3, 'h', { totalMs: 30 }]],
    edges: [[0, 1, 1, 50], [1, 2, 1, 1], [2, 3, 1, 0.9], [0, 3, 1, 29]],
  });
  const graph = dropBelowThreshold(buildCallGraph(profile), { nodeThreshold: 0.05, edgeThreshold: 0 });
  assert.deepEqual(edgePairs(graph), ['0>1', '0>3'], 'a real edge of 0.9 ms would stay, an elided one stands for hidden work');
});

test('async chains stay whole: functions that return at once are kept for the work they started', () => {
  const graph = dropBelowThreshold(buildCallGraph(asyncChainProfile()), { nodeThreshold: 0.05, edgeThreshold: 0.01 });
  assert.deepEqual(nodeNames(graph), ['(root)', 'Task.delay', 'Task.applyAsync', 'sendTask', 'acquire', 'publish', 'write', 'onData', 'handle']);
  assert.ok(graph.nodes.find((node) => node.name === 'Task.delay').share < 0.05, 'though its own share is below the threshold');
  assert.ok(graph.edges.every((edge) => !edge.elided));
});

test('the title learns what was hidden, and with which setting', () => {
  const graph = dropBelowThreshold(buildCallGraph(chainWithCycleProfile()), { nodeThreshold: 0.05, edgeThreshold: 0.001 });
  assert.deepEqual(graph.hidden, [{ reason: 'below 5% of wall time', nodes: 2, selfMs: 1 }]);
  assert.deepEqual(graph.settings, ['node threshold 5%, edge threshold 0.1%']);
  assert.deepEqual(dropBelowThreshold(buildCallGraph(chainWithCycleProfile()), { nodeThreshold: 0, edgeThreshold: 0 }).hidden, []);
});

test('no elided edge is added where a real edge already joins the pair', () => {
  const profile = makeProfile({
    wallMs: 100,
    nodes: [[1, 'a', { totalMs: 60 }], [2, 'x', { totalMs: 1 }], [3, 'h', { totalMs: 50 }]],
    edges: [[0, 1, 1, 60], [1, 3, 1, 49], [1, 2, 1, 1], [2, 3, 1, 1]],
  });
  const graph = dropBelowThreshold(buildCallGraph(profile), { nodeThreshold: 0.05, edgeThreshold: 0 });
  assert.deepEqual(edgePairs(graph), ['0>1', '1>3']);
});

test('the edge threshold never leaves a kept node without its heaviest caller', () => {
  const graph = dropBelowThreshold(buildCallGraph(chainWithCycleProfile()), { nodeThreshold: 0.05, edgeThreshold: 0.9 });
  assert.deepEqual(nodeNames(graph), ['(root)', 'a', 'b', 'c', 'd']);
  assert.deepEqual(edgePairs(graph), ['0>1', '1>2', '1>4', '2>3']);
});

test('light elided edges into a node that keeps a real caller fall under the edge threshold', () => {
  const profile = makeProfile({
    wallMs: 100,
    nodes: [[1, 'a', { totalMs: 10 }], [2, 'x', { totalMs: 1 }], [3, 'h', { totalMs: 60 }]],
    edges: [[0, 1, 1, 10], [0, 3, 1, 59], [1, 2, 1, 1], [2, 3, 1, 1]],
  });
  const graph = dropBelowThreshold(buildCallGraph(profile), { nodeThreshold: 0.05, edgeThreshold: 0.02 });
  assert.deepEqual(edgePairs(graph), ['0>1', '0>3']);
});

test('the input graph is not modified', () => {
  const graph = buildCallGraph(fanInProfile());
  const before = JSON.stringify(graph);
  dropBelowThreshold(graph, { nodeThreshold: 0.05, edgeThreshold: 0.01 });
  assert.equal(JSON.stringify(graph), before);
});

test('when no function reaches the threshold, the heaviest are drawn anyway and the title says so', () => {
  // A fork run: 1000 quick calls in a child, against the parent's 2 s wall.
  const profile = makeProfile({
    wallMs: 2000,
    nodes: [
      [1, 'handleJob', { calls: 1000, totalMs: 3, selfMs: 2 }],
      [2, 'encode', { calls: 1000, totalMs: 1, selfMs: 1 }],
      [3, 'never', { calls: 0 }],
    ],
    edges: [
      [0, 1, 1000, 3],
      [1, 2, 1000, 1],
    ],
  });
  const graph = dropBelowThreshold(buildCallGraph(profile), { nodeThreshold: 0.005, edgeThreshold: 0.001 });
  assert.deepEqual(nodeNames(graph), ['(root)', 'handleJob', 'encode']);
  assert.deepEqual(edgePairs(graph), ['0>1', '1>2']);
  assert.match(graph.fallback, /no function reached the node threshold 0\.5%/);
  assert.ok(graph.settings.some((setting) => /no function reached the node threshold 0\.5%: the 2 heaviest shown/.test(setting)), graph.settings.join('; '));
});

test("tsprof's own instrumenting time does not count as a function that reached the threshold", () => {
  // A cold cache: instrumenting took 400 ms of a 2 s run, the program's functions are light.
  const profile = makeProfile({
    wallMs: 2000,
    nodes: [
      [1, '(tsprof: instrumenting)', { calls: 9, totalMs: 400, selfMs: 400, file: '' }],
      [2, 'work', { calls: 2, totalMs: 2, selfMs: 2 }],
    ],
    edges: [
      [0, 1, 9, 400],
      [0, 2, 2, 2],
    ],
  });
  const graph = dropBelowThreshold(buildCallGraph(profile), { nodeThreshold: 0.005, edgeThreshold: 0.001 });
  assert.deepEqual(nodeNames(graph), ['(root)', '(tsprof: instrumenting)', 'work'], 'the program is drawn, and the heavy instrumenting beside it');
  assert.match(graph.fallback, /no function reached the node threshold 0\.5%: the 1 heaviest shown/);
});
