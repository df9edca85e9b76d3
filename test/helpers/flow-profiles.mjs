// Profiles with message flows (Profile.flows), made by hand for the selection, graph, render and
// report tests, and for the e2e run of the real CLI: a producer process publishes orders to a
// RabbitMQ queue that a consumer process handles, as `tsprof --flows` records them.
import { durationBucket } from '../../dist/profile/histogram.js';
import { makeContextProfile } from './graph-profiles.mjs';

/** A latency histogram from [milliseconds, messages] pairs, as the runtime's buckets count them. */
export function latencyHistogram(pairs) {
  const counts = new Map();
  for (const [ms, messages] of pairs) {
    const bucket = durationBucket(ms);
    counts.set(bucket, (counts.get(bucket) ?? 0) + messages);
  }
  return [...counts].sort((a, b) => a[0] - b[0]);
}

/** 500 messages: 440 at about 1.2 ms, 50 at about 3 ms, 10 at about 40 ms (p50 1.2, p90 3, p99 40). */
export const ORDERS_LATENCY = [[1.2, 440], [3, 50], [40, 10]];

export const PRODUCER = { pid: 4101, threadId: 0, host: 'web-1', argv: ['node', '/project/producer.js'], wallMs: 1000, timeOriginMs: 1_700_000_000_000 };
export const CONSUMER = { pid: 4102, threadId: 0, host: 'web-1', argv: ['node', '/project/consumer.js'], wallMs: 1000, timeOriginMs: 1_700_000_000_000 };

/**
 * Two processes, merged:
 *   producer: root → main → sendOrders (500) → Producer.publish (500) → Channel.write; publish also sends 20 audit records
 *   consumer: root → Consumer.onMessage (512) → handleOrder (512) → saveOrder (512)
 * flows: publish → onMessage, 500 msgs via orders (rabbitmq), latency ORDERS_LATENCY, one host;
 *        publish → nobody profiled, 20 msgs via audit; nobody profiled → onMessage, 12 msgs via orders
 *        (left in the queue from before the run), with their latency.
 * Context ids: 1 main, 2 sendOrders, 3 publish, 4 write, 5 onMessage, 6 handleOrder, 7 saveOrder.
 */
export function producerConsumerProfile({ flows = defaultFlows() } = {}) {
  const profile = makeContextProfile({
    wallMs: 1000,
    command: ['npm', 'run', 'orders'],
    contexts: [
      [1, 0, 'main', { calls: 1, selfMs: 5, totalMs: 600 }],
      [2, 1, 'sendOrders', { calls: 1, selfMs: 20, totalMs: 590 }],
      [3, 2, 'Producer.publish', { calls: 520, selfMs: 60, totalMs: 560, awaitMs: 400, awaitedMs: 500 }],
      [4, 3, 'Channel.write', { calls: 520, selfMs: 100, totalMs: 100 }],
      [5, 0, 'Consumer.onMessage', { calls: 512, selfMs: 30, totalMs: 700 }],
      [6, 5, 'handleOrder', { calls: 512, selfMs: 200, totalMs: 670, awaitMs: 300 }],
      [7, 6, 'saveOrder', { calls: 512, selfMs: 170, totalMs: 460, awaitMs: 290, awaitedMs: 400 }],
    ],
  });
  const producerKey = `${PRODUCER.host}/${PRODUCER.pid}:0`;
  const consumerKey = `${CONSUMER.host}/${CONSUMER.pid}:0`;
  const producerSide = new Set(['main', 'sendOrders', 'Producer.publish', 'Channel.write']);
  profile.version = 3;
  profile.processes = [PRODUCER, CONSUMER];
  profile.instrumentedWallMs = 1000;
  profile.files = [...new Set(profile.functions.slice(1).map((fn) => fn.file))].sort();
  for (const fn of profile.functions.slice(1)) fn.processes = [producerSide.has(fn.name) ? producerKey : consumerKey];
  if (flows) profile.flows = flows;
  return profile;
}

export function defaultFlows() {
  return [
    { system: 'rabbitmq', destination: 'orders', from: 3, to: 5, messages: 500, latency: latencyHistogram(ORDERS_LATENCY), clock: 'one host' },
    { system: 'rabbitmq', destination: 'audit', from: 3, to: -1, messages: 20, origin: { process: `${PRODUCER.host}/${PRODUCER.pid}:0`, context: 3 } },
    { system: 'rabbitmq', destination: 'orders', from: -1, to: 5, messages: 12, latency: latencyHistogram([[2, 12]]), origin: { process: 'web-0/4000:0', context: 9 } },
  ];
}
