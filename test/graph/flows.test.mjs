// Flow arrows in the graph (graph/flows.ts): between the boxes of the publishing and handling
// functions, summed per pair, system and destination; never a call, never pruned away.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCallGraph, selectedCallGraph } from '../../dist/graph/build.js';
import { applyGraphSteps } from '../../dist/graph/steps.js';
import { latencyOf } from '../../dist/profile/histogram.js';
import { latencyHistogram, ORDERS_LATENCY, producerConsumerProfile } from '../helpers/flow-profiles.mjs';

const named = (graph, end) => (end.kind === 'function' ? graph.nodes.find((node) => node.id === end.id).name : end.kind === 'not selected' ? `(${end.name})` : '-');
const arrows = (graph) => graph.flows.map((flow) => [named(graph, flow.from), named(graph, flow.to), flow.destination, flow.messages]);

test('a graph without flows has no flows field, so pictures of profiles without --flows are unchanged', () => {
  assert.equal('flows' in buildCallGraph(producerConsumerProfile({ flows: null })), false);
  assert.equal('flows' in buildCallGraph(producerConsumerProfile({ flows: [] })), false);
});

test('flow ends are the functions that ran the contexts; matched and unmatched flows both drawn', () => {
  const graph = buildCallGraph(producerConsumerProfile());
  assert.deepEqual(arrows(graph), [
    ['Producer.publish', 'Consumer.onMessage', 'orders', 500],
    ['Producer.publish', '-', 'audit', 20],
    ['-', 'Consumer.onMessage', 'orders', 12],
  ]);
  assert.equal(graph.flows[0].clock, 'one host');
  assert.equal(graph.flows[1].latency, undefined);
});

test('flows between the same functions, system and destination are summed: messages added, histograms exactly', () => {
  const profile = producerConsumerProfile();
  // A second publishing context of the same function (publish called from main directly), to the same handler context.
  profile.contexts.push({ id: 8, parent: 1, function: profile.contexts[3].function, calls: 100, selfMs: 1, totalMs: 10, awaitMs: 0, awaitedMs: 0 });
  profile.flows.push({ system: 'rabbitmq', destination: 'orders', from: 8, to: 5, messages: 100, latency: latencyHistogram([[1.2, 50], [80, 50]]), clock: 'one host' });
  // The same pair over another system is another arrow.
  profile.flows.push({ system: 'redis', destination: 'orders', from: 3, to: 5, messages: 7, clock: 'one host' });
  const graph = buildCallGraph(profile);
  const orders = graph.flows.filter((flow) => flow.destination === 'orders' && flow.from.kind === 'function');
  assert.deepEqual(orders.map((flow) => [flow.system, flow.messages]), [['rabbitmq', 600], ['redis', 7]]);
  assert.deepEqual(orders[0].latency, latencyHistogram([...ORDERS_LATENCY, [1.2, 50], [80, 50]]));
  assert.equal(orders[0].latency.reduce((sum, [, count]) => sum + count, 0), 600);
  assert.ok(latencyOf(orders[0].latency).p99 > 60, 'the 80 ms tail of the second context shows in p99');
});

test('flows are not calls: no edge, call count, time or share changes with them', () => {
  const without = buildCallGraph(producerConsumerProfile({ flows: null }));
  const withFlows = buildCallGraph(producerConsumerProfile());
  assert.deepEqual(withFlows.edges, without.edges);
  assert.deepEqual(withFlows.nodes, without.nodes);
  assert.equal(withFlows.referenceMs, without.referenceMs);
});

test('pruning keeps the boxes a flow goes between, hanging off their nearest kept caller', () => {
  const graph = applyGraphSteps(buildCallGraph(producerConsumerProfile()), { maxNodes: 1 });
  const names = graph.nodes.map((node) => node.name);
  assert.ok(names.includes('Producer.publish') && names.includes('Consumer.onMessage'), names.join(', '));
  assert.equal(graph.flows.length, 3);
  const ids = new Set(graph.nodes.map((node) => node.id));
  for (const flow of graph.flows) for (const end of [flow.from, flow.to]) if (end.kind === 'function') assert.ok(ids.has(end.id));
  const publish = graph.nodes.find((node) => node.name === 'Producer.publish');
  assert.ok(graph.edges.some((edge) => edge.callee === publish.id), 'publish still has a caller arrow (elided through hidden functions)');
  const fewer = applyGraphSteps(buildCallGraph(producerConsumerProfile()), { nodeThreshold: 0.99, edgeThreshold: 0.99 });
  assert.ok(fewer.nodes.some((node) => node.name === 'Producer.publish'));
});

test('grouped by process, the flow goes from the producer’s cluster to the consumer’s', () => {
  const graph = applyGraphSteps(buildCallGraph(producerConsumerProfile()), { group: 'process' });
  const groupOf = (end) => graph.nodes.find((node) => node.id === end.id).group;
  const [orders] = graph.flows;
  assert.match(groupOf(orders.from), /^process 4101 on web-1: node producer\.js$/);
  assert.match(groupOf(orders.to), /^process 4102 on web-1: node consumer\.js$/);
});

test('a selection that leaves one end out keeps the flow with that end named, not boxed', () => {
  const graph = selectedCallGraph(producerConsumerProfile(), { focus: /publish/ });
  assert.deepEqual(arrows(graph), [
    ['Producer.publish', '-', 'audit', 20],
    ['Producer.publish', '(Consumer.onMessage)', 'orders', 500],
  ]);
  assert.equal(graph.nodes.some((node) => node.name === 'Consumer.onMessage'), false);
});
