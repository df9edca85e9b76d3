// The --flows data path inside one process and across parts: the flow table and its
// marker (runtime/flows/), what a part writes, and how merging joins handled messages to
// their publishes (profile/flows.ts). Clocks are injected: exact numbers, no timing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Recorder } from '../../dist/runtime/recorder.js';
import { snapshotProfile } from '../../dist/runtime/snapshot.js';
import { FlowTable } from '../../dist/runtime/flows/table.js';
import { createFlowHooks } from '../../dist/runtime/flows/hooks.js';
import { flowMarker, readMarker } from '../../dist/runtime/flows/marker.js';
import { inRange } from '../../dist/runtime/flows/install.js';
import { durationBucket } from '../../dist/profile/histogram.js';
import { mergeProfiles } from '../../dist/profile/merge.js';
import { selectProfile } from '../../dist/profile/select.js';
import { assertMatchesSchema } from '../helpers/profile-checks.mjs';

/** One process: a recorder with functions publish/handle/other and a flow table, both on clocks the test moves. */
function processOn(host, pid) {
  let now = 0;
  let epoch = 1_700_000_000_000;
  const recorder = new Recorder(undefined, () => now);
  const first = recorder.register(`/app/${pid}.js`, [['publishMessage', 1, 1], ['handleMessage', 5, 1], ['other', 9, 1]]);
  const table = new FlowTable(`${host}/${pid}:0`, () => epoch);
  recorder.flows = table;
  const hooks = createFlowHooks(recorder, table);
  return {
    recorder,
    hooks,
    table,
    fn: { publishMessage: first, handleMessage: first + 1, other: first + 2 },
    advance(ms) {
      now += ms;
      epoch += ms;
    },
    setEpoch(value) {
      epoch = value;
    },
    /** Runs `body` inside an instrumented call of `fn`, as instrumented code would. */
    inside(fn, body) {
      const frame = recorder.enter(fn);
      try {
        return body(frame);
      } finally {
        recorder.exit(frame);
      }
    },
    part() {
      return snapshotProfile(recorder, { pid, threadId: 0, host, argv: [], command: [], startedAt: '', wallMs: 1, timeOriginMs: 0, snapshot: false });
    },
  };
}

function nameOf(profile, context) {
  return context < 0 ? '-' : profile.functions[profile.contexts[context].function].name;
}

function readable(profile) {
  return profile.flows.map((flow) => ({ ...flow, from: nameOf(profile, flow.from), to: nameOf(profile, flow.to) }));
}

/** Publishes `count` messages from publishMessage; returns their markers. */
function publish(producer, count, destination = 'orders') {
  return producer.inside(producer.fn.publishMessage, () => Array.from({ length: count }, () => producer.hooks.publishing('rabbitmq', destination, true)));
}

/** Handles each marker in handleMessage, `latencyMs` after its send (the epochs of both processes are one clock here). */
function handle(consumer, markers, latencyMs, destination = 'orders') {
  for (const marker of markers) {
    const sent = readMarker(marker).sendEpochMs;
    consumer.setEpoch(sent + latencyMs);
    consumer.hooks.handle('rabbitmq', destination, marker, () => consumer.inside(consumer.fn.handleMessage, () => undefined), undefined, []);
  }
}

test('a marker names the process, the context and the send time, and reads back; anything else is not a marker', () => {
  const marker = flowMarker('host-a/42:0', 7, 1_700_000_000_123.4567, true);
  assert.equal(marker, '1 host-a/42:0 7 1700000000123.457');
  assert.deepEqual(readMarker(marker), { origin: '1 host-a/42:0 7', processKey: 'host-a/42:0', context: 7, sendEpochMs: 1_700_000_000_123.457, ownHeaders: true });
  assert.equal(readMarker(flowMarker('h/1:0', 3, 5, false)).ownHeaders, false);
  for (const bad of [undefined, 42, '', '2 h/1:0 3 5', '1 h/1:0', '1 h/1:0 x 5', '1 h/1:0 -1 5', '1 h/1:0 3 nope', Buffer.from('1 h/1:0 3 5')]) assert.equal(readMarker(bad), undefined, String(bad));
});

test('the flow table counts publishes per context and handled messages per origin and handling context, exactly', () => {
  const producer = processOn('host-a', 10);
  const markers = publish(producer, 5);
  producer.inside(producer.fn.other, () => producer.hooks.publishing('rabbitmq', 'orders', true));
  const consumer = processOn('host-a', 11);
  handle(consumer, markers, 2.5);
  const part = consumer.part();
  assertMatchesSchema(part);
  assert.deepEqual(readable(part), [{ system: 'rabbitmq', destination: 'orders', from: '-', to: 'handleMessage', messages: 5, latency: [[durationBucket(2.5), 5]], origin: { process: 'host-a/10:0', context: readMarker(markers[0]).context } }]);
  const published = producer.part();
  assertMatchesSchema(published);
  assert.deepEqual(readable(published).map(({ from, to, messages }) => ({ from, to, messages })), [
    { from: 'publishMessage', to: '-', messages: 5 },
    { from: 'other', to: '-', messages: 1 },
  ]);
});

test('the handling context is the one the handler entered, else the running one; the running frame is left as it was', () => {
  const producer = processOn('host-a', 10);
  const [first, second, third] = publish(producer, 3);
  const consumer = processOn('host-a', 11);
  // A handler that enters no instrumented function, run inside `other`: counted for `other`.
  consumer.inside(consumer.fn.other, (frame) => {
    frame.lastCallContext = 99;
    consumer.hooks.handle('rabbitmq', 'orders', first, () => 'done', undefined, []);
    assert.equal(frame.lastCallContext, 99, 'a handler that entered nothing leaves lastCallContext as it found it');
  });
  // A handler that throws is still counted, and its error is the program's.
  assert.throws(() => consumer.hooks.handle('rabbitmq', 'orders', second, () => consumer.inside(consumer.fn.handleMessage, () => { throw new Error('handler failed'); }), undefined, []), /handler failed/);
  // Without a marker (or with a broken one) the handler runs and nothing is counted.
  assert.equal(consumer.hooks.handle('rabbitmq', 'orders', undefined, (value) => value * 2, undefined, [21]), 42);
  assert.equal(consumer.hooks.handle('rabbitmq', 'orders', 'not a marker', () => 'ran', undefined, []), 'ran');
  consumer.hooks.received('rabbitmq', 'orders', third, consumer.recorder.current.context);
  const flows = readable(consumer.part());
  assert.deepEqual(flows.map(({ to, messages }) => ({ to, messages })), [{ to: 'other', messages: 1 }, { to: 'handleMessage', messages: 1 }, { to: '(root)', messages: 1 }]);
});

test('a marker from another host is counted without a latency; one host never gives a negative latency', () => {
  const producer = processOn('host-a', 10);
  const markers = publish(producer, 2);
  const elsewhere = processOn('host-b', 11);
  handle(elsewhere, markers, 3);
  assert.equal(elsewhere.part().flows[0].latency, undefined);
  assert.equal(elsewhere.part().flows[0].messages, 2);
  const here = processOn('host-a', 12);
  handle(here, markers, -0.004);
  assert.deepEqual(here.part().flows[0].latency, [[0, 2]]);
});

test('a publish that throws is taken back', () => {
  const producer = processOn('host-a', 10);
  producer.inside(producer.fn.publishMessage, () => {
    producer.hooks.publishing('nats', 's', true);
    producer.hooks.publishing('nats', 's', true);
    producer.hooks.notPublished('nats', 's');
  });
  assert.equal(producer.part().flows[0].messages, 1);
  producer.inside(producer.fn.publishMessage, () => producer.hooks.notPublished('nats', 's'));
  assert.deepEqual(producer.part().flows, []);
});

test('merging joins handled messages to their publishes by origin: exact counts, unmatched both ways, idempotent', () => {
  const producer = processOn('host-a', 10);
  const markers = publish(producer, 10);
  const consumer = processOn('host-a', 11);
  handle(consumer, markers.slice(0, 7), 4);
  // Messages from a publisher that was not profiled, published before the run.
  const stranger = processOn('host-a', 12);
  handle(consumer, publish(stranger, 2), 1);
  const merged = mergeProfiles([producer.part(), consumer.part()], ['node'], '', 1);
  assertMatchesSchema(merged);
  const flows = readable(merged);
  assert.deepEqual(flows.find((flow) => flow.from === 'publishMessage' && flow.to === 'handleMessage'), {
    system: 'rabbitmq', destination: 'orders', from: 'publishMessage', to: 'handleMessage', messages: 7, latency: [[durationBucket(4), 7]], clock: 'one host',
  });
  assert.deepEqual(flows.find((flow) => flow.to === '-'), { system: 'rabbitmq', destination: 'orders', from: 'publishMessage', to: '-', messages: 3, origin: { process: 'host-a/10:0', context: readMarker(markers[0]).context } });
  const orphans = flows.find((flow) => flow.from === '-');
  assert.deepEqual({ messages: orphans.messages, process: orphans.origin.process, to: orphans.to }, { messages: 2, process: 'host-a/12:0', to: 'handleMessage' });
  assert.equal(flows.length, 3);
  // Merging the merged profile again changes nothing; merging it with the stranger's part joins the orphans.
  assert.deepEqual(mergeProfiles([merged], ['node'], '', 1).flows, merged.flows);
  const joined = readable(mergeProfiles([merged, stranger.part()], ['node'], '', 1));
  assert.deepEqual(joined.filter((flow) => flow.from === '-'), []);
  assert.equal(joined.filter((flow) => flow.to === 'handleMessage').reduce((sum, flow) => sum + flow.messages, 0), 9);
});

test('profiles from two hosts merged later join, with clock "unreconciled" and no latency', () => {
  const producer = processOn('host-a', 10);
  const markers = publish(producer, 4);
  const consumer = processOn('host-b', 11);
  handle(consumer, markers, 2);
  const hostA = mergeProfiles([producer.part()], ['node'], '', 1);
  const hostB = mergeProfiles([consumer.part()], ['node'], '', 1);
  assert.equal(hostA.flows[0].to, -1);
  assert.equal(hostB.flows[0].from, -1);
  const both = mergeProfiles([hostB, hostA], ['tsprof', 'merge'], '', 1);
  assertMatchesSchema(both);
  assert.deepEqual(readable(both), [{ system: 'rabbitmq', destination: 'orders', from: 'publishMessage', to: 'handleMessage', messages: 4, clock: 'unreconciled' }]);
});

test('a selection renumbers flow ends with the contexts, and a flow with neither end left goes', () => {
  const producer = processOn('host-a', 10);
  const consumer = processOn('host-a', 11);
  handle(consumer, publish(producer, 3), 1);
  const merged = mergeProfiles([producer.part(), consumer.part()], ['node'], '', 1);
  const focused = selectProfile(merged, { focus: /^handleMessage$/ }).profile;
  assert.deepEqual(readable(focused).map(({ from, to, messages }) => ({ from, to, messages })), [{ from: '-', to: 'handleMessage', messages: 3 }]);
  const ignored = selectProfile(merged, { ignore: /Message$/ }).profile;
  assert.deepEqual(ignored.flows, []);
});

test('client versions: the adapters say which they follow', () => {
  assert.ok(inRange('2.3.1', ['0.10.0', '3.0.0']));
  assert.ok(inRange('0.10.4', ['0.10.0', '3.0.0']));
  assert.ok(!inRange('0.9.9', ['0.10.0', '3.0.0']));
  assert.ok(!inRange('3.0.0-beta.1', ['0.10.0', '3.0.0']));
  assert.ok(!inRange(undefined, ['0.10.0', '3.0.0']));
});

test('the reader checks what ties flows to the contexts', async () => {
  const { validateProfile } = await import('../../dist/profile/read.js');
  const producer = processOn('host-a', 10);
  publish(producer, 1);
  const part = producer.part();
  assert.equal(validateProfile(part, 'part').flows.length, 1);
  const broken = (change) => () => validateProfile({ ...part, flows: [{ ...part.flows[0], ...change }] }, 'part.json');
  assert.throws(broken({ from: part.contexts.length }), /flows\[0\] refers to a context that does not exist/);
  assert.throws(broken({ from: -1 }), /neither end/);
  assert.throws(broken({ origin: undefined }), /without the origin/);
  assert.throws(broken({ to: 0, latency: [[5, 1], [3, 1]] }), /not ascending/);
});
