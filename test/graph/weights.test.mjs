import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCallGraph } from '../../dist/graph/build.js';
import { asyncChainProfile, chainWithCycleProfile, edgeBetween, makeProfile } from '../helpers/graph-profiles.mjs';

const nodeNamed = (graph, name) => graph.nodes.find((node) => node.name === name);

test('work a call started is credited to its callers: delay led to the 10 s of sendTask', () => {
  const graph = buildCallGraph(asyncChainProfile());
  assert.equal(edgeBetween(graph, 'Task.applyAsync', 'sendTask').causedMs, 10000, 'measured on the edge');
  assert.equal(nodeNamed(graph, 'Task.applyAsync').causedMs, 10000);
  assert.equal(edgeBetween(graph, 'Task.delay', 'Task.applyAsync').causedMs, 10000, 'passed up although the edge took 4 ms');
  assert.equal(nodeNamed(graph, 'Task.delay').causedMs, 10000);
  assert.equal(nodeNamed(graph, 'Task.delay').weightMs, 6, 'its own weight is unchanged');
});

test('credit is in proportion to the share of the callee\'s time each caller accounts for', () => {
  const profile = makeProfile({
    wallMs: 100,
    nodes: [[1, 'few', { totalMs: 1 }], [2, 'many', { totalMs: 3 }], [3, 'starter', { calls: 4, totalMs: 4 }], [4, 'work', { calls: 4, totalMs: 800 }]],
    edges: [[0, 1, 1, 1], [0, 2, 1, 3], [1, 3, 1, 1], [2, 3, 3, 3], [3, 4, 4, 800]],
  });
  const graph = buildCallGraph(profile);
  assert.equal(edgeBetween(graph, 'few', 'starter').causedMs, 200);
  assert.equal(edgeBetween(graph, 'many', 'starter').causedMs, 600);
  assert.equal(nodeNamed(graph, 'few').causedMs, 200);
});

test("a caller's own measured time is not replaced by an estimate", () => {
  const profile = makeProfile({
    wallMs: 100,
    nodes: [[1, 'a', { totalMs: 50, selfMs: 50 }], [2, 'b', { calls: 2, totalMs: 80, selfMs: 80 }]],
    edges: [[0, 1, 1, 50], [1, 2, 1, 10], [0, 2, 1, 70]],
  });
  const graph = buildCallGraph(profile);
  assert.equal(edgeBetween(graph, 'a', 'b').causedMs, 10, "b calls nothing, so only a→b's own 10 ms counts");
});

test('recursive calls carry no time of their own, so they pass nothing up', () => {
  // print → visit (outer call, 90 ms) → emitList → visit (recursive: the profile records 0 ms) → ...
  const profile = makeProfile({
    wallMs: 100,
    nodes: [[1, 'print', { totalMs: 95 }], [2, 'visit', { calls: 500, totalMs: 90 }], [3, 'emitList', { calls: 200, totalMs: 85 }], [4, 'helper', { totalMs: 1 }]],
    edges: [[0, 1, 1, 95], [1, 2, 1, 90], [2, 3, 200, 85], [3, 2, 499, 0], [4, 2, 0, 0], [0, 4, 1, 1]],
  });
  const graph = buildCallGraph(profile);
  assert.equal(edgeBetween(graph, 'emitList', 'visit').causedMs, 0);
  assert.equal(edgeBetween(graph, 'print', 'visit').causedMs, 90);
  assert.equal(nodeNamed(graph, 'helper').causedMs, 1);
});

test('recursion and cycles end, and going round a cycle never raises a value', () => {
  const graph = buildCallGraph(chainWithCycleProfile());
  assert.equal(nodeNamed(graph, 'a').causedMs, 100);
  assert.equal(nodeNamed(graph, 'c').causedMs, 50);
  const selfLoop = buildCallGraph(
    makeProfile({ wallMs: 10, nodes: [[1, 'r', { calls: 5, totalMs: 10 }]], edges: [[0, 1, 1, 10], [1, 1, 4, 0]] }),
  );
  assert.equal(nodeNamed(selfLoop, 'r').causedMs, 10);
});
