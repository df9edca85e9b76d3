// Continuations (async contexts) and awaited time in the report, the tree and the picture:
// marked, explained, and never added into the scheduler's numbers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCallGraph } from '../../dist/graph/build.js';
import { withoutAsyncParents } from '../../dist/profile/async-parents.js';
import { functionView } from '../../dist/profile/derive.js';
import { toDot } from '../../dist/render/dot.js';
import { formatReport } from '../../dist/render/report.js';
import { formatTree } from '../../dist/render/tree.js';
import { makeContextProfile } from '../helpers/graph-profiles.mjs';

/** publish schedules send (a continuation) 10 times; a consumer also calls send directly from the event loop 5 times. */
function continuationProfile() {
  const profile = makeContextProfile({
    wallMs: 100,
    contexts: [
      [1, 0, 'publish', { calls: 10, selfMs: 2, totalMs: 2 }],
      [2, 1, 'send', { calls: 10, selfMs: 30, totalMs: 40 }],
      [3, 2, 'write', { calls: 10, selfMs: 10, totalMs: 10 }],
      [4, 0, 'send', { calls: 5, selfMs: 5, totalMs: 5 }],
    ],
  });
  profile.contexts[2].async = true;
  return profile;
}

test('a continuation is its own caller → callee pair, marked async, whose time is not in the scheduler', () => {
  const { nodes, edges } = functionView(continuationProfile());
  const publish = nodes.find((node) => node.name === 'publish');
  assert.equal(publish.totalMs, 2, "the continuation's 40 ms are not publish's");
  assert.deepEqual(edges.filter((edge) => edge.async).map((edge) => [nodes[edge.caller].name, nodes[edge.callee].name, edge.calls]), [['publish', 'send', 10]]);
});

test('--no-async-parents hangs the continuation under the root and merges it with the same function there', () => {
  const plain = withoutAsyncParents(continuationProfile());
  assert.ok(!plain.contexts.some((context) => context.async));
  const send = plain.contexts.filter((context) => plain.functions[context.function].name === 'send');
  assert.deepEqual(send.map((context) => [context.parent, context.calls, context.totalMs]), [[0, 15, 45]]);
  assert.equal(plain.contexts.find((context) => plain.functions[context.function].name === 'write').parent, send[0].id);
});

test('the tree, the hot path and the picture mark the continuation and say what its time is', () => {
  const graph = buildCallGraph(continuationProfile());
  const tree = formatTree(graph, { nodeThreshold: 0, cwd: '/project' });
  assert.match(tree, /^ {4}~> send +10 /m);
  assert.match(tree, /^ {2}send +5 /m, 'a direct call from the event loop is not marked');
  assert.match(tree, /not part of the scheduler's total/);
  const report = formatReport(graph, { cwd: '/project' });
  assert.match(report, /~> send/);
  const dot = toDot(graph);
  assert.match(dot, /n1 -> n2 \[[^\]]*style="[^"]*dotted/);
  assert.match(dot, /dotted: a callback the caller scheduled/);
});

test('awaited above total is explained where it shows, and only there', () => {
  const awaitedMore = makeContextProfile({ contexts: [[1, 0, 'worker', { calls: 2, totalMs: 90, awaitMs: 80 }], [2, 1, 'publish', { calls: 2, totalMs: 20, awaitMs: 19, awaitedMs: 80 }]] });
  assert.match(formatReport(buildCallGraph(awaitedMore)), /awaited above total: callers waited on the promise longer than the call ran/);
  assert.match(toDot(buildCallGraph(awaitedMore)), /awaited above total/);
  const consistent = makeContextProfile({ contexts: [[1, 0, 'worker', { calls: 2, totalMs: 90, awaitMs: 80 }], [2, 1, 'publish', { calls: 2, totalMs: 80, awaitMs: 79, awaitedMs: 79 }]] });
  assert.doesNotMatch(formatReport(buildCallGraph(consistent)), /awaited above total/);
});
