import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCallGraph } from '../../dist/graph/build.js';
import { focusOn, ignoreMatching, matchingNodes, rootAt } from '../../dist/graph/select.js';
import { applyGraphSteps } from '../../dist/graph/steps.js';
import { asyncChainProfile, chainWithCycleProfile, edgeBetween, makeProfile, nodeNames } from '../helpers/graph-profiles.mjs';

const edgePairs = (graph) => graph.edges.map((edge) => `${edge.caller}>${edge.callee}`);

/**
 * main → load → parse ↔ parseExpr (mutual recursion), parseExpr → parseExpr (self);
 * main → render → format; load → log; render → log; main → log.
 */
function recursiveProfile() {
  return makeProfile({
    wallMs: 100,
    nodes: [
      [1, 'main', { totalMs: 100 }],
      [2, 'load', { totalMs: 60 }],
      [3, 'parse', { totalMs: 50, calls: 10 }],
      [4, 'parseExpr', { totalMs: 45, calls: 40 }],
      [5, 'render', { totalMs: 30 }],
      [6, 'format', { totalMs: 20 }],
      [7, 'log', { totalMs: 6, calls: 3 }],
    ],
    edges: [
      [0, 1, 1, 100],
      [1, 2, 1, 60],
      [2, 3, 1, 50],
      [3, 4, 20, 45],
      [4, 3, 9, 40],
      [4, 4, 20, 30],
      [1, 5, 1, 30],
      [5, 6, 1, 20],
      [2, 7, 1, 2],
      [5, 7, 1, 2],
      [1, 7, 1, 2],
    ],
  });
}

test('matchingNodes matches names, never the root, and a global pattern does not skip matches', () => {
  const graph = buildCallGraph(recursiveProfile());
  assert.deepEqual(matchingNodes(graph, /^parse/).map((node) => node.name), ['parse', 'parseExpr']);
  assert.deepEqual(matchingNodes(graph, /root|main/g).map((node) => node.name), ['main']);
  const global = /a/g;
  assert.equal(matchingNodes(graph, global).length, matchingNodes(graph, global).length);
});

test('focus keeps the callers above a match and everything below it, nothing beside', () => {
  const graph = focusOn(buildCallGraph(recursiveProfile()), /^render$/);
  assert.deepEqual(nodeNames(graph), ['(root)', 'main', 'render', 'format', 'log']);
  assert.deepEqual(edgePairs(graph), ['0>1', '1>5', '5>6', '5>7'], 'main → log is beside the path, so it goes');
  assert.deepEqual(graph.settings, ['focus /^render$/']);
  assert.deepEqual(graph.hidden, [{ reason: 'off the paths through --focus', nodes: 3, selfMs: 0 }]);
});

test('focus through recursion keeps the cycle and ends', () => {
  const graph = focusOn(buildCallGraph(recursiveProfile()), /^parseExpr$/);
  assert.deepEqual(nodeNames(graph), ['(root)', 'main', 'load', 'parse', 'parseExpr']);
  assert.deepEqual(edgePairs(graph), ['0>1', '1>2', '2>3', '3>4', '4>3', '4>4']);
});

test('focus on the async chain shows the publish chain alone', () => {
  const graph = focusOn(buildCallGraph(asyncChainProfile()), /publish/);
  assert.deepEqual(nodeNames(graph), ['(root)', 'Task.delay', 'Task.applyAsync', 'sendTask', 'publish', 'write']);
  assert.equal(edgeBetween(graph, 'sendTask', 'acquire'), undefined);
});

test('focus recomputes the work calls led to on what is left', () => {
  const full = buildCallGraph(recursiveProfile());
  const graph = focusOn(full, /^log$/);
  assert.equal(graph.nodes.find((node) => node.name === 'main').causedMs, 100, 'its own weight still counts');
  assert.equal(edgeBetween(graph, 'main', 'load').causedMs, 60);
});

test('ignore removes matches and what only they reach; shared callees stay', () => {
  const graph = ignoreMatching(buildCallGraph(recursiveProfile()), /^load$/);
  assert.deepEqual(nodeNames(graph), ['(root)', 'main', 'render', 'format', 'log']);
  assert.deepEqual(edgePairs(graph), ['0>1', '1>5', '1>7', '5>6', '5>7']);
  assert.deepEqual(graph.hidden, [{ reason: 'matching or only reached through --ignore', nodes: 3, selfMs: 0 }]);
});

test('ignore inside a cycle cuts it', () => {
  const graph = ignoreMatching(buildCallGraph(recursiveProfile()), /^parse$/);
  assert.deepEqual(nodeNames(graph), ['(root)', 'main', 'load', 'render', 'format', 'log']);
});

test('root makes the topmost matches the entry points with their own numbers', () => {
  const graph = rootAt(buildCallGraph(recursiveProfile()), /^(parseExpr|render)$/);
  assert.deepEqual(nodeNames(graph), ['(root)', 'parse', 'parseExpr', 'render', 'format', 'log']);
  assert.deepEqual(edgePairs(graph), ['0>4', '0>5', '3>4', '4>3', '4>4', '5>6', '5>7']);
  const fromRoot = edgeBetween(graph, '(root)', 'parseExpr');
  assert.deepEqual([fromRoot.calls, fromRoot.totalMs], [40, 45]);
});

test('root: a match called by another match is not an entry point, unless they call each other', () => {
  const nested = rootAt(buildCallGraph(recursiveProfile()), /^(load|parse)$/);
  assert.deepEqual(edgePairs(nested).filter((pair) => pair.startsWith('0>')), ['0>2']);
  const mutual = rootAt(buildCallGraph(recursiveProfile()), /^parse/);
  assert.deepEqual(edgePairs(mutual).filter((pair) => pair.startsWith('0>')), ['0>3', '0>4']);
});

test('the steps compose in the pipeline: root, then ignore, then focus, then pruning', () => {
  const graph = applyGraphSteps(buildCallGraph(recursiveProfile()), {
    root: /^main$/,
    ignore: /^log$/,
    focus: /^format$/,
    nodeThreshold: 0,
    edgeThreshold: 0,
  });
  assert.deepEqual(nodeNames(graph), ['(root)', 'main', 'render', 'format']);
  assert.deepEqual(graph.settings.slice(0, 3), ['root /^main$/', 'ignore /^log$/', 'focus /^format$/']);
});

test('the input graph is not modified', () => {
  const graph = buildCallGraph(chainWithCycleProfile());
  const before = JSON.stringify(graph);
  focusOn(graph, /b/);
  ignoreMatching(graph, /b/);
  rootAt(graph, /b/);
  assert.equal(JSON.stringify(graph), before);
});
