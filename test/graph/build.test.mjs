import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCallGraph } from '../../dist/graph/build.js';
import { makeProfile, chainWithCycleProfile, asyncChainProfile, edgeBetween } from '../helpers/graph-profiles.mjs';

const nodeNamed = (graph, name) => graph.nodes.find((node) => node.name === name);

test('shares are fractions of the wall time', () => {
  const graph = buildCallGraph(makeProfile({ wallMs: 200, nodes: [[1, 'a', { totalMs: 50, selfMs: 20 }]], edges: [[0, 1, 3, 50]] }));
  assert.equal(graph.referenceMs, 200);
  assert.equal(nodeNamed(graph, 'a').share, 0.25);
  assert.equal(edgeBetween(graph, '(root)', 'a').share, 0.25);
});

test('overlapping async calls have shares above 1: the average number in flight', () => {
  const graph = buildCallGraph(asyncChainProfile());
  assert.equal(graph.referenceMs, 1000, 'the wall time, not the summed root work');
  assert.equal(nodeNamed(graph, 'sendTask').share, 10);
  assert.equal(nodeNamed(graph, 'Task.delay').share, 0.006);
});

test('a profile without a wall time takes shares of the work the root started', () => {
  const graph = buildCallGraph(
    makeProfile({ wallMs: 0, nodes: [[1, 'a', { totalMs: 150 }], [2, 'b', { totalMs: 10, calls: 2 }]], edges: [[0, 1, 10, 150], [0, 2, 2, 10, 50]] }),
  );
  assert.equal(graph.referenceMs, 200, '150 ran + 50 awaited');
  assert.equal(nodeNamed(graph, 'a').share, 0.75);
});

test('awaited time counts: weight is the larger of total and the time callers awaited', () => {
  const graph = buildCallGraph(asyncChainProfile());
  const acquire = nodeNamed(graph, 'acquire');
  assert.deepEqual([acquire.totalMs, acquire.awaitedMs, acquire.weightMs], [2, 4500, 4500]);
  assert.equal(acquire.share, 4.5);
  const edge = edgeBetween(graph, 'sendTask', 'acquire');
  assert.deepEqual([edge.totalMs, edge.awaitMs, edge.weightMs], [2, 4500, 4500]);
  const write = nodeNamed(graph, 'write');
  assert.deepEqual([write.awaitedMs, write.weightMs], [20, 300], 'running time wins when it is larger');
});

test('the root is kept as the entry and stands for the whole run', () => {
  const graph = buildCallGraph(chainWithCycleProfile());
  const root = graph.nodes.find((node) => node.id === graph.rootId);
  assert.equal(root.name, '(root)');
  assert.equal(root.isRoot, true);
  assert.equal(root.totalMs, graph.referenceMs);
  assert.equal(root.share, 1);
  assert.equal(graph.nodes.filter((node) => node.isRoot).length, 1);
});

test('numbers are carried over, flags start cleared, and nothing is hidden yet', () => {
  const graph = buildCallGraph(chainWithCycleProfile());
  assert.equal(graph.nodes.length, 7);
  assert.equal(graph.edges.length, 7);
  assert.equal(graph.profiledFunctions, 6);
  const c = nodeNamed(graph, 'c');
  assert.deepEqual([c.calls, c.selfMs, c.totalMs, c.awaitMs], [1, 50, 50, 0]);
  assert.equal(c.file, '/project/src/c.ts');
  assert.ok(graph.nodes.every((node) => node.hot === false && node.group === undefined));
  assert.ok(graph.edges.every((edge) => edge.hot === false && edge.elided === false));
  assert.deepEqual(graph.command, ['node', 'app.js']);
  assert.deepEqual([graph.settings, graph.hidden, graph.groupBy], [[], [], 'none']);
  assert.equal(graph.processes.length, 1);
});

test('an empty profile gets a root and zero shares without dividing by zero', () => {
  const graph = buildCallGraph(makeProfile({ wallMs: 0, nodes: [], edges: [] }));
  assert.equal(graph.nodes.length, 1);
  assert.equal(graph.nodes[0].name, '(root)');
  assert.equal(graph.nodes[0].share, 0);
});

test('the profile is not modified', () => {
  const profile = asyncChainProfile();
  const before = JSON.stringify(profile);
  buildCallGraph(profile);
  assert.equal(JSON.stringify(profile), before);
});
