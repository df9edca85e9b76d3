// The report's message flows (render/report-flows.ts): a table in text and markdown, a list in
// JSON, with unmatched counts; nothing at all when the profile has no flows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCallGraph, selectedCallGraph } from '../../dist/graph/build.js';
import { formatReport } from '../../dist/render/report.js';
import { latencyHistogram, producerConsumerProfile } from '../helpers/flow-profiles.mjs';

const graph = (selection = {}, profile = producerConsumerProfile()) => selectedCallGraph(profile, selection);

test('json: every flow with its ends by function name, system (and transport), destination, messages, percentiles, clock', () => {
  const data = JSON.parse(formatReport(graph(), { format: 'json', cwd: '/project' }));
  assert.deepEqual(Object.keys(data).slice(-2), ['hotPath', 'flows']);
  assert.deepEqual(data.flows[0], {
    from: 'Producer.publish',
    to: 'Consumer.onMessage',
    system: 'rabbitmq',
    transport: 'rabbitmq',
    destination: 'orders',
    messages: 500,
    latencyMs: { p50: 1.184, p90: 3.008, p99: 39.936, max: 39.936 },
    clock: 'one host',
  });
  assert.deepEqual(data.flows.slice(1).map((flow) => [flow.from, flow.to, flow.destination, flow.messages, flow.unmatched, flow.latencyMs?.p50 ?? null, flow.clock]), [
    ['Producer.publish', null, 'audit', 20, 'to', null, null],
    [null, 'Consumer.onMessage', 'orders', 12, 'from', 2.016, null],
  ]);
});

test('json: an end the selection left out is still named, and says so', () => {
  const data = JSON.parse(formatReport(graph({ focus: /publish/ }), { format: 'json' }));
  const orders = data.flows.find((flow) => flow.destination === 'orders');
  assert.equal(orders.to, 'Consumer.onMessage');
  assert.equal(orders.offSelection, 'to');
  assert.equal(orders.messages, 500);
});

test('text: a flows table after the hot path, and the unmatched counts', () => {
  const text = formatReport(graph(), { cwd: '/project' });
  const section = text.slice(text.indexOf('Message flows'));
  assert.equal(
    section,
    [
      'Message flows (published by one function, handled by another; latency from send to handler start):',
      '  from              to                  system    destination  messages     p50     p90      p99      max',
      '  Producer.publish  Consumer.onMessage  rabbitmq  orders            500  1.2 ms  3.0 ms  39.9 ms  39.9 ms',
      '  Producer.publish  (not profiled)      rabbitmq  audit              20       -       -        -        -',
      '  (not profiled)    Consumer.onMessage  rabbitmq  orders             12  2.0 ms  2.0 ms   2.0 ms   2.0 ms',
      'unmatched (counted, never guessed): 20 messages published that no profiled process handled; 12 messages handled that no profiled process published',
      '',
    ].join('\n'),
  );
  assert.ok(text.indexOf('Hot path') < text.indexOf('Message flows'));
});

test('markdown: the same table, its cells escaped', () => {
  const profile = producerConsumerProfile();
  profile.flows[0].destination = 'orders|eu';
  const markdown = formatReport(graph({}, profile), { format: 'markdown', cwd: '/project' });
  assert.match(markdown, /\n\*\*Message flows \(published by one function, handled by another; latency from send to handler start\)\*\*\n\n\| from \| to \| system \| destination \| messages \| p50 \| p90 \| p99 \| max \|\n/);
  assert.match(markdown, /\n\| Producer\.publish \| Consumer\.onMessage \| rabbitmq \| orders\\\|eu \| 500 \| 1\.2 ms \| 3\.0 ms \| 39\.9 ms \| 39\.9 ms \|\n/);
  assert.match(markdown, /\n\nunmatched \(counted, never guessed\): 20 messages/);
});

test('unreconciled clocks: no percentiles, and a note says why', () => {
  const profile = producerConsumerProfile();
  profile.flows = [{ system: 'nats', destination: 'orders.created', from: 3, to: 5, messages: 9, clock: 'unreconciled' }, { system: 'nats', destination: 'x', from: 3, to: 5, messages: 1, latency: latencyHistogram([[5, 1]]), clock: 'one host' }];
  const text = formatReport(graph({}, profile));
  assert.match(text, /orders\.created +9 +- +- +- +-\n/);
  assert.match(text, /\n-: clocks not reconciled/);
  assert.doesNotMatch(text, /unmatched/);
  assert.equal(JSON.parse(formatReport(graph({}, profile), { format: 'json' })).flows[0].clock, 'unreconciled');
});

test('nothing about flows when the profile has none, in any format', () => {
  const without = buildCallGraph(producerConsumerProfile({ flows: null }));
  for (const format of ['text', 'markdown']) assert.doesNotMatch(formatReport(without, { format }), /flow|unmatched/i);
  assert.equal('flows' in JSON.parse(formatReport(without, { format: 'json' })), false);
  assert.equal(formatReport(without), formatReport(buildCallGraph(producerConsumerProfile({ flows: [] }))));
});
