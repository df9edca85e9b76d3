// --root, --focus and --ignore select on the profile (profile/select.ts), and the graph is built
// once from what they kept: shared helpers count only the calls of the selected paths, and the
// hot path is one real path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCallGraph, selectedCallGraph } from '../../dist/graph/build.js';
import { applyGraphSteps } from '../../dist/graph/steps.js';
import { findHotPath } from '../../dist/graph/hot-path.js';
import { selectProfile, unmatchedFlags } from '../../dist/profile/select.js';
import { sharedHelpersProfile } from '../helpers/graph-profiles.mjs';

const selected = (profile, selection) => selectedCallGraph(profile, selection);
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
  const graph = selected(sharedHelpersProfile(), { root: /^publish$/ });
  assert.deepEqual(graph.nodes.map((each) => each.name).sort(), ['(root)', 'encode', 'publish', 'write']);
  assert.equal(node(graph, 'write').calls, 10);
  assert.equal(node(graph, 'encode').selfMs, 5);
  assert.equal(edge(graph, '(root)', 'publish').calls, 10);
  assert.match(graph.settings[0], /^root \/\^publish\$\/ \(numbers of the selected paths only\)$/);
});

test('--root on a function met on several paths merges what is below it into one tree', () => {
  const graph = selected(sharedHelpersProfile(), { root: /^write$/ });
  assert.equal(edge(graph, '(root)', 'write').calls, 40);
  assert.equal(graph.contexts.contexts.filter((context) => context.parent === 0).length, 1);
});

test('--focus keeps the paths through a match: the path down to it and what it called there', () => {
  const graph = selected(sharedHelpersProfile(), { focus: /^ack$/ });
  assert.deepEqual(graph.nodes.map((each) => each.name).sort(), ['(root)', 'ack', 'consume', 'encode', 'onData', 'write']);
  assert.equal(node(graph, 'write').calls, 30, 'the publish side writes are off the focused path');
  assert.equal(node(graph, 'consume').calls, 30, 'callers on the way down keep their path’s numbers');
});

test('--ignore drops matching contexts and everything below them, but not the same helper elsewhere', () => {
  const graph = selected(sharedHelpersProfile(), { ignore: /^ack$/ });
  assert.equal(node(graph, 'ack'), undefined);
  assert.equal(node(graph, 'write').calls, 10);
  assert.equal(node(graph, 'consume').calls, 30);
});

test('the hot path follows one real chain of contexts, with the numbers of that chain', () => {
  const graph = buildCallGraph(sharedHelpersProfile());
  const path = findHotPath(graph).map((step) => [graph.nodes.find((each) => each.id === step.caller).name, graph.nodes.find((each) => each.id === step.callee).name, step.calls]);
  assert.deepEqual(path, [['(root)', 'onData', 30], ['onData', 'consume', 30], ['consume', 'ack', 30], ['ack', 'write', 30]]);
  const rooted = applyGraphSteps(selected(sharedHelpersProfile(), { root: /^publish$/ }), { nodeThreshold: 0, edgeThreshold: 0, maxNodes: 0 });
  const hot = rooted.edges.filter((each) => each.hot).map((each) => [rooted.nodes.find((n) => n.id === each.caller).name, rooted.nodes.find((n) => n.id === each.callee).name]);
  assert.deepEqual(hot, [['(root)', 'publish'], ['publish', 'write']]);
});

test('a selection is a profile: context ids are positions again, parents before children', () => {
  const { profile, steps } = selectProfile(sharedHelpersProfile(), { focus: /^ack$/, ignore: /^encode$/ });
  profile.contexts.forEach((context, index) => {
    assert.equal(context.id, index);
    assert.ok(index === 0 ? context.parent === -1 : context.parent >= 0 && context.parent < index);
  });
  assert.deepEqual(steps.map((step) => step.flag), ['ignore', 'focus'], 'root, then ignore, then focus');
  assert.ok(steps.every((step) => step.droppedFunctions > 0));
});

test('a pattern that matches no function is named and not applied; the root never matches; g and y flags keep no state', () => {
  const profile = sharedHelpersProfile();
  assert.deepEqual(unmatchedFlags(profile, { focus: /nothing/, root: /\(root\)/, ignore: /ack/ }), ['root', 'focus']);
  const global = /write/g;
  assert.deepEqual(unmatchedFlags(profile, { focus: global }), []);
  assert.deepEqual(unmatchedFlags(profile, { focus: global }), [], 'lastIndex does not carry over');
  const { profile: same, steps } = selectProfile(profile, { focus: /nothing/ });
  assert.equal(steps.length, 0);
  assert.equal(same.contexts.length, profile.contexts.length);
});

test('the input profile is not modified', () => {
  const profile = sharedHelpersProfile();
  const before = JSON.stringify(profile);
  selectProfile(profile, { root: /^consume$/, ignore: /^encode$/, focus: /^write$/ });
  assert.equal(JSON.stringify(profile), before);
});
