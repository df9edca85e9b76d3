// Hollow boxes and double arrows: the drawing predicates over the graph's weights.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCallGraph } from '../../dist/graph/build.js';
import { isMostlyAwaited, isMostlyWaiting, waitingFraction } from '../../dist/render/waiting.js';
import { asyncChainProfile, edgeBetween } from '../helpers/graph-profiles.mjs';

const nodeNamed = (graph, name) => graph.nodes.find((node) => node.name === name);

test('waiting versus running: hollow when at least half of the weight was waiting', () => {
  const graph = buildCallGraph(asyncChainProfile());
  assert.ok(Math.abs(waitingFraction(nodeNamed(graph, 'sendTask')) - 0.99) < 1e-9);
  assert.ok(isMostlyWaiting(nodeNamed(graph, 'sendTask')), 'suspended at its own awaits');
  assert.ok(isMostlyWaiting(nodeNamed(graph, 'acquire')), 'callers queued on its promise');
  assert.ok(!isMostlyWaiting(nodeNamed(graph, 'write')), 'ran on the CPU');
  assert.ok(!isMostlyWaiting(nodeNamed(graph, 'Task.delay')));
  assert.ok(!isMostlyWaiting(graph.nodes[0]), 'never the root');
  assert.equal(waitingFraction({ totalMs: 0, awaitMs: 0, weightMs: 0 }), 0);
});

test('an edge is awaited when its caller awaited at least half of its weight', () => {
  const graph = buildCallGraph(asyncChainProfile());
  assert.ok(isMostlyAwaited(edgeBetween(graph, 'sendTask', 'acquire')));
  assert.ok(isMostlyAwaited(edgeBetween(graph, 'sendTask', 'publish')));
  assert.ok(!isMostlyAwaited(edgeBetween(graph, 'Task.applyAsync', 'sendTask')), 'not awaited: the promise was returned');
  assert.ok(!isMostlyAwaited(edgeBetween(graph, 'publish', 'write')));
});
