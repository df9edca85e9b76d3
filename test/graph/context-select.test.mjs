// --root, --focus, --ignore and the hot path on calling contexts: shared helpers count
// only the calls of the selected paths, and the hot path is one real path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCallGraph } from '../../dist/graph/build.js';
import { applyGraphSteps } from '../../dist/graph/steps.js';
import { findHotPath } from '../../dist/graph/hot-path.js';
import { sharedHelpersProfile } from '../helpers/graph-profiles.mjs';

const selectOnly = { nodeThreshold: 0, edgeThreshold: 0, maxNodes: 0, hotPath: false };
const node = (graph, name) => graph.nodes.find((each) => each.name === name);
const edge = (graph, caller, callee) => graph.edges.find((each) => each.caller === node(graph, caller)?.id && each.callee === node(graph, callee)?.id);

test('the whole profile: one box per function, numbers and arrows summed over contexts', () => {
  const graph = buildCallGraph(sharedHelpersProfile());
  assert.equal(node(graph, 'write').calls, 40);
  assert.equal(node(graph, 'write').selfMs, 35);
  assert.equal(node(graph, 'write').awaitedMs, 5);
  assert.equal(edge(graph, 'publish', 'write').calls, 10);
  assert.equal(edge(graph, 'ack', 'write').calls, 30);
  assert.ok(graph.contexts, 'the contexts travel with the graph');
});

test('--root re-roots at the matching contexts: a helper counts the calls below them only', () => {
  const graph = applyGraphSteps(buildCallGraph(sharedHelpersProfile()), { ...selectOnly, root: /^publish$/ });
  assert.deepEqual(graph.nodes.map((each) => each.name).sort(), ['(root)', 'encode', 'publish', 'write']);
  assert.equal(node(graph, 'write').calls, 10);
  assert.equal(node(graph, 'encode').selfMs, 5);
  assert.equal(edge(graph, '(root)', 'publish').calls, 10);
  assert.match(graph.settings[0], /^root \/\^publish\$\/ \(numbers of the selected paths only\)$/);
});

test('--root on a function met on several paths merges what is below it into one tree', () => {
  const graph = applyGraphSteps(buildCallGraph(sharedHelpersProfile()), { ...selectOnly, root: /^write$/ });
  assert.equal(edge(graph, '(root)', 'write').calls, 40);
  assert.equal(graph.contexts.contexts.filter((context) => context.parent === 0).length, 1);
});

test('--focus keeps the paths through a match: the path down to it and what it called there', () => {
  const graph = applyGraphSteps(buildCallGraph(sharedHelpersProfile()), { ...selectOnly, focus: /^ack$/ });
  assert.deepEqual(graph.nodes.map((each) => each.name).sort(), ['(root)', 'ack', 'consume', 'encode', 'onData', 'write']);
  assert.equal(node(graph, 'write').calls, 30, 'the publish side writes are off the focused path');
  assert.equal(node(graph, 'consume').calls, 30, 'callers on the way down keep their path’s numbers');
});

test('--ignore drops matching contexts and everything below them, but not the same helper elsewhere', () => {
  const graph = applyGraphSteps(buildCallGraph(sharedHelpersProfile()), { ...selectOnly, ignore: /^ack$/ });
  assert.equal(node(graph, 'ack'), undefined);
  assert.equal(node(graph, 'write').calls, 10);
  assert.equal(node(graph, 'consume').calls, 30);
});

test('the hot path follows one real chain of contexts, with the numbers of that chain', () => {
  const graph = buildCallGraph(sharedHelpersProfile());
  const path = findHotPath(graph).map((step) => [graph.nodes.find((each) => each.id === step.caller).name, graph.nodes.find((each) => each.id === step.callee).name, step.calls]);
  assert.deepEqual(path, [['(root)', 'onData', 30], ['onData', 'consume', 30], ['consume', 'ack', 30], ['ack', 'write', 30]]);
  const rooted = applyGraphSteps(graph, { ...selectOnly, root: /^publish$/, hotPath: true });
  const hot = rooted.edges.filter((each) => each.hot).map((each) => [rooted.nodes.find((n) => n.id === each.caller).name, rooted.nodes.find((n) => n.id === each.callee).name]);
  assert.deepEqual(hot, [['(root)', 'publish'], ['publish', 'write']]);
});
