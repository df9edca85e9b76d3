import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCallGraph } from '../../dist/graph/build.js';
import { keepHeaviestNodes } from '../../dist/graph/max-nodes.js';
import { asyncChainProfile, chainWithCycleProfile, edgeBetween, makeProfile, nodeNames } from '../helpers/graph-profiles.mjs';

const cap = (graph, maxNodes) => keepHeaviestNodes(graph, { maxNodes, nodeThreshold: 0, edgeThreshold: 0 });

test('keeps the heaviest functions and the root', () => {
  const graph = cap(buildCallGraph(chainWithCycleProfile()), 3);
  assert.deepEqual(nodeNames(graph), ['(root)', 'a', 'b', 'c']);
  assert.deepEqual(graph.hidden, [{ reason: 'beyond the 3 heaviest', nodes: 3, selfMs: 30 }]);
  assert.deepEqual(graph.settings, ['max nodes 3']);
});

test('under the cap, or with 0, nothing changes but the setting is noted', () => {
  const full = buildCallGraph(chainWithCycleProfile());
  for (const maxNodes of [6, 100, 0]) {
    const graph = cap(full, maxNodes);
    assert.deepEqual(graph.nodes, full.nodes);
    assert.deepEqual(graph.edges, full.edges);
    assert.deepEqual(graph.hidden, []);
  }
  assert.deepEqual(cap(full, 0).settings, ['no max nodes']);
});

test('places go by turns to the work a function led to and to its self time', () => {
  // By work led to: sendTask, delay, applyAsync, publish, ...; by self time: handle, write, onData, publish, ...
  const graph = cap(buildCallGraph(asyncChainProfile()), 4);
  assert.deepEqual(nodeNames(graph), ['(root)', 'Task.delay', 'sendTask', 'write', 'handle']);
  const elided = graph.edges.filter((edge) => edge.elided).map((edge) => `${edge.caller}>${edge.callee}`);
  assert.deepEqual(elided, ['0>8', '1>3', '3>6'], 'kept leaves hang off their nearest kept ancestor');
  assert.deepEqual(nodeNames(cap(buildCallGraph(asyncChainProfile()), 6)), ['(root)', 'Task.delay', 'Task.applyAsync', 'sendTask', 'write', 'onData', 'handle']);
});

test('dropped intermediates leave elided edges from the nearest kept ancestor, through recursion', () => {
  // a → x → y ↔ x (recursion) → h; only a and h are heavy enough for a cap of 2.
  const profile = makeProfile({
    wallMs: 100,
    nodes: [[1, 'a', { totalMs: 100 }], [2, 'x', { totalMs: 60, calls: 3 }], [3, 'y', { totalMs: 59, calls: 2 }], [4, 'h', { totalMs: 70, calls: 2 }]],
    edges: [[0, 1, 1, 100], [1, 2, 1, 60], [2, 3, 2, 59], [3, 2, 2, 0], [3, 4, 1, 58], [1, 4, 1, 12]],
  });
  const graph = cap(buildCallGraph(profile), 2);
  assert.deepEqual(nodeNames(graph), ['(root)', 'a', 'h']);
  const direct = edgeBetween(graph, 'a', 'h');
  assert.equal(direct.elided, false, 'a real edge already joins a and h, so no stand-in is added');
  const onlyThroughX = cap(
    buildCallGraph(
      makeProfile({
        wallMs: 100,
        nodes: [[1, 'a', { totalMs: 100 }], [2, 'x', { totalMs: 60, calls: 3 }], [3, 'y', { totalMs: 59, calls: 2 }], [4, 'h', { totalMs: 58 }]],
        edges: [[0, 1, 1, 100], [1, 2, 1, 60], [2, 3, 2, 59], [3, 2, 2, 0], [3, 4, 1, 58, 70]],
      }),
    ),
    2,
  );
  const elided = edgeBetween(onlyThroughX, 'a', 'h');
  assert.equal(elided.elided, true);
  assert.equal(elided.calls, 1);
  assert.equal(elided.totalMs, 58);
});

test('a kept node gets at most one elided edge, the heaviest', () => {
  // a and b each reach h heavily through their own helper, which the cap hides.
  const profile = makeProfile({
    wallMs: 100,
    nodes: [[1, 'a', { totalMs: 40 }], [2, 'b', { totalMs: 40 }], [3, 'x', { totalMs: 20 }], [4, 'y', { totalMs: 30 }], [5, 'h', { totalMs: 50 }]],
    edges: [[0, 1, 1, 40], [0, 2, 1, 40], [1, 3, 1, 20], [2, 4, 1, 30], [3, 5, 1, 20], [4, 5, 1, 30]],
  });
  const graph = cap(buildCallGraph(profile), 3);
  assert.deepEqual(nodeNames(graph), ['(root)', 'a', 'b', 'h']);
  assert.deepEqual(graph.edges.map((edge) => `${edge.caller}>${edge.callee}${edge.elided ? ' (elided)' : ''}`), ['0>1', '0>2', '2>5 (elided)']);
});
