// --flows for mqtt, ioredis streams and bullmq against the real local brokers, as
// flows.e2e does for amqplib and nats: producer and consumer in two processes
// (fixtures/flows), run plain, under tsprof without --flows, and with --flows (client
// library instrumented too). Every message is matched, the payloads and everything the
// handler reads (MQTT packet fields, stream entry fields in order, the job's data and
// opts), and what the client hands back to the producer, are those of the plain run;
// the flow latency p50 agrees with what the consumer measured from the send time in the
// payload (the same messages measured twice, so a busy machine moves both).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { requireBroker } from '../helpers/brokers.mjs';
import { runTsprof, scratchDirectory } from '../helpers/cli.mjs';
import { assertFlowLatencyAgrees, body, FLOW_LAUNCHER, FLOW_MESSAGES, nameOf, runPlain } from '../helpers/flow-runs.mjs';
import { readProfileJson } from '../helpers/profile-checks.mjs';

const MESSAGES = FLOW_MESSAGES;
const LAUNCHER = FLOW_LAUNCHER;
const MQTT_3_LINE = /--flows: MQTT 3\.1\.1 has no message headers/g;

const CLIENTS = [
  { client: 'mqtt', broker: 'Mosquitto', port: 1883, library: 'mqtt', system: 'mqtt', from: 'publishMqtt', to: 'onDelivery' },
  { client: 'redis-stream', broker: 'Redis', port: 6379, library: 'ioredis', system: 'redis', from: 'publishEntry', to: 'consumeStream' },
  { client: 'redis-group', broker: 'Redis', port: 6379, library: 'ioredis', system: 'redis', from: 'publishEntry', to: 'consumeStream' },
  { client: 'bullmq', broker: 'Redis', port: 6379, library: 'bullmq', system: 'bullmq', from: 'publishJob', to: 'processJob' },
];


/**
 * What each side saw, in the order of the messages' bodies: a broker may hand
 * messages over out of order (Mosquitto lets QoS 0 overtake queued QoS 1).
 */
function results(directory) {
  const read = (name) => JSON.parse(readFileSync(join(directory, `${name}.json`), 'utf8'));
  const byBody = (a, b) => (body(a) < body(b) ? -1 : body(a) > body(b) ? 1 : 0);
  const sent = read('sent');
  const seen = read('seen');
  const order = sent.map((hex, index) => index).sort((a, b) => byBody(sent[a], sent[b]));
  const range = existsSync(join(directory, 'range.json')) ? read('range') : undefined;
  return { sent: order.map((index) => sent[index]), seen: order.map((index) => seen[index]), received: read('received').sort((a, b) => byBody(a.hex, b.hex)), range };
}

/** Plain, tsprof without --flows, tsprof --flows: the three runs of one client, with their results. */
async function threeRuns(client, library) {
  const launch = (directory) => [LAUNCHER, client, '--messages', String(MESSAGES), '--results', directory];
  const plainDir = scratchDirectory();
  const plain = await runPlain(launch(plainDir));
  assert.equal(plain.code, 0, plain.stderr);
  const withoutDir = scratchDirectory();
  const without = await runTsprof(['--include', 'fixtures/flows', '--profile', join(withoutDir, 'profile.json'), '-o', join(withoutDir, 'calls.dot'), '--', 'node', ...launch(withoutDir)]);
  assert.equal(without.code, 0, without.stderr);
  const flowsDir = scratchDirectory();
  const followed = await runTsprof(['--flows', '--include-package', library, '--include', 'fixtures/flows', '--profile', join(flowsDir, 'profile.json'), '-o', join(flowsDir, 'calls.dot'), '--', 'node', ...launch(flowsDir)]);
  assert.equal(followed.code, 0, followed.stderr);
  const runs = { plain: results(plainDir), 'tsprof without --flows': results(withoutDir), 'tsprof --flows': results(flowsDir) };
  for (const [name, run] of Object.entries(runs)) {
    assert.equal(run.received.length, MESSAGES, `${name}: every message handled`);
    assert.deepEqual(run.received.map((message) => message.hex), run.sent, `${name}: the handler got the bytes the producer sent`);
    assert.deepEqual(run.sent.map(body), runs.plain.sent.map(body), `${name}: the same payloads as the plain run`);
    assert.deepEqual(run.received.map((message) => message.headers), runs.plain.received.map((message) => message.headers), `${name}: the handler read what it read in the plain run (no marker)`);
    assert.deepEqual(run.seen, runs.plain.seen, `${name}: the producer got back what it got in the plain run`);
    assert.deepEqual(run.range, runs.plain.range, `${name}: XRANGE shows the fields of the plain run`);
  }
  assert.equal(readProfileJson(join(withoutDir, 'profile.json')).flows, undefined, 'no flows without --flows');
  return { runs, profile: readProfileJson(join(flowsDir, 'profile.json')), stderr: followed.stderr };
}




/** Flows between the same two functions (the instrumented client reaches one handler along several call paths), histograms added. */
function flowsByName(profile) {
  const byName = new Map();
  for (const flow of profile.flows) {
    const key = `${flow.system} ${nameOf(profile, flow.from)} -> ${nameOf(profile, flow.to)}`;
    const sum = byName.get(key) ?? { ...flow, from: nameOf(profile, flow.from), to: nameOf(profile, flow.to), messages: 0, latency: [] };
    sum.messages += flow.messages;
    const buckets = new Map(sum.latency);
    for (const [bucket, count] of flow.latency ?? []) buckets.set(bucket, (buckets.get(bucket) ?? 0) + count);
    sum.latency = [...buckets].sort((a, b) => a[0] - b[0]);
    byName.set(key, sum);
  }
  return [...byName.values()];
}

for (const { client, broker, port, library, system, from, to } of CLIENTS) {
  test(`${client}: every message followed from publish to handler, payloads and what the handler reads unchanged`, async (t) => {
    if (!(await requireBroker(t, broker, port))) return;
    const { runs, profile } = await threeRuns(client, library);
    const flows = flowsByName(profile);
    assert.deepEqual(flows.map((flow) => [flow.system, flow.from, flow.to, flow.messages]), [[system, from, to, MESSAGES]], 'every message matched, from the publishing call to the handler');
    const [flow] = flows;
    assert.equal(flow.clock, 'one host');
    assertFlowLatencyAgrees(t, client, flow.latency, runs['tsprof --flows'].received);
  });
}

test('mqtt 3.1.1: said once, nothing carried, every publish counted as unmatched', async (t) => {
  if (!(await requireBroker(t, 'Mosquitto', 1883))) return;
  const { profile, stderr } = await threeRuns('mqtt3', 'mqtt');
  assert.equal(stderr.match(MQTT_3_LINE)?.length, 1, stderr);
  assert.deepEqual(
    profile.flows.map((flow) => [flow.system, nameOf(profile, flow.from), nameOf(profile, flow.to), flow.messages]),
    [['mqtt', 'publishMqtt', '-', MESSAGES]],
  );
});
