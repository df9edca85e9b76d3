import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCallGraph } from '../../dist/graph/build.js';
import { makeProfile, chainWithCycleProfile, edgeBetween } from '../helpers/graph-profiles.mjs';

test('shares are fractions of the wall time when it exceeds the root work', () => {
  const graph = buildCallGraph(makeProfile({ wallMs: 200, nodes: [[1, 'a', { totalMs: 50, selfMs: 20 }]], edges: [[0, 1, 3, 50]] }));
  assert.equal(graph.totalMs, 200);
  const a = graph.nodes.find((node) => node.name === 'a');
  assert.equal(a.totalShare, 0.25);
  assert.equal(a.selfShare, 0.1);
  assert.equal(edgeBetween(graph, '(root)', 'a').share, 0.25);
});

test('shares are fractions of the root work when overlapping async calls exceed the wall time', () => {
  const graph = buildCallGraph(
    makeProfile({
      wallMs: 100,
      nodes: [[1, 'a', { totalMs: 150 }], [2, 'b', { totalMs: 50 }]],
      edges: [[0, 1, 10, 150], [0, 2, 1, 50]],
    }),
  );
  assert.equal(graph.totalMs, 200);
  assert.equal(graph.nodes.find((node) => node.name === 'a').totalShare, 0.75);
});

test('the root is kept as the entry and stands for the whole run', () => {
  const graph = buildCallGraph(chainWithCycleProfile());
  const root = graph.nodes.find((node) => node.id === graph.rootId);
  assert.equal(root.name, '(root)');
  assert.equal(root.isRoot, true);
  assert.equal(root.totalMs, graph.totalMs);
  assert.equal(root.totalShare, 1);
  assert.equal(graph.nodes.filter((node) => node.isRoot).length, 1);
});

test('numbers are carried over and flags start cleared', () => {
  const graph = buildCallGraph(chainWithCycleProfile());
  assert.equal(graph.nodes.length, 7);
  assert.equal(graph.edges.length, 7);
  const c = graph.nodes.find((node) => node.name === 'c');
  assert.deepEqual([c.calls, c.selfMs, c.totalMs, c.awaitMs], [1, 50, 50, 0]);
  assert.equal(c.file, '/project/src/c.ts');
  assert.ok(graph.nodes.every((node) => node.hot === false));
  assert.ok(graph.edges.every((edge) => edge.hot === false && edge.elided === false));
  assert.deepEqual(graph.command, ['node', 'app.js']);
});

test('an empty profile gets a root and zero shares without dividing by zero', () => {
  const graph = buildCallGraph({ version: 1, command: [], startedAt: '', wallMs: 0, nodes: [], edges: [], processes: [] });
  assert.equal(graph.nodes.length, 1);
  assert.equal(graph.nodes[0].name, '(root)');
  assert.equal(graph.nodes[0].totalShare, 0);
});

test('duplicate edges from merged profiles are summed; edges to unknown nodes are skipped', () => {
  const graph = buildCallGraph(
    makeProfile({
      wallMs: 10,
      nodes: [[1, 'a', { totalMs: 10 }]],
      edges: [[0, 1, 1, 4], [0, 1, 2, 6], [1, 99, 1, 1]],
    }),
  );
  assert.equal(graph.edges.length, 1);
  assert.deepEqual([graph.edges[0].calls, graph.edges[0].totalMs], [3, 10]);
});

test('the profile is not modified', () => {
  const profile = chainWithCycleProfile();
  const before = JSON.stringify(profile);
  buildCallGraph(profile);
  assert.equal(JSON.stringify(profile), before);
});
