// --flows against the real brokers: a producer and a consumer in two processes
// (fixtures/flows), run plain, under tsprof without --flows, and with --flows
// (client library instrumented too, so that the publishing context must still be the
// program's call). Every message is matched, payloads and the headers the handler sees
// are those of the plain run, and the flow's latency p50 agrees with what the consumer
// measured from the send time in each payload: the same messages measured twice, so a
// busy machine moves both.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { requireBroker } from '../helpers/brokers.mjs';
import { cleanEnvironment, repoRoot, runTsprof, scratchDirectory } from '../helpers/cli.mjs';
import { assertFlowLatencyAgrees, body, FLOW_LAUNCHER, FLOW_MESSAGES, nameOf, runPlain } from '../helpers/flow-runs.mjs';
import { readProfileJson } from '../helpers/profile-checks.mjs';
import { latencyOf } from '../../dist/profile/histogram.js';

const MESSAGES = FLOW_MESSAGES;
const LAUNCHER = FLOW_LAUNCHER;

const CLIENTS = [
  { client: 'amqp', broker: 'RabbitMQ', port: 5672, library: 'amqplib', system: 'rabbitmq', from: /^publishAmqp\b/, to: 'onDelivery' },
  { client: 'amqp-exchange', broker: 'RabbitMQ', port: 5672, library: 'amqplib', system: 'rabbitmq', from: /^publishAmqpExchange\b/, to: 'onDelivery', destination: 'amq.direct' },
  { client: 'nats', broker: 'NATS', port: 4222, library: 'nats', system: 'nats', from: /^publishNats$/, to: 'onDelivery' },
  { client: 'nats-iterator', broker: 'NATS', port: 4222, library: 'nats', system: 'nats', from: /^publishNats$/, to: 'consumeAll' },
];


function results(directory) {
  const read = (name) => JSON.parse(readFileSync(join(directory, `${name}.json`), 'utf8'));
  return { sent: read('sent'), received: read('received') };
}




for (const { client, broker, port, library, system, from, to, destination } of CLIENTS) {
  test(`${client}: every message followed from publish to handler, payloads and handler-visible headers unchanged`, async (t) => {
    if (!(await requireBroker(t, broker, port))) return;
    const plainDir = scratchDirectory();
    const plain = await runPlain([LAUNCHER, client, '--messages', String(MESSAGES), '--results', plainDir]);
    assert.equal(plain.code, 0, plain.stderr);

    const withoutDir = scratchDirectory();
    const without = await runTsprof(['--include', 'fixtures/flows', '-o', join(withoutDir, 'calls.dot'), '--profile', join(withoutDir, 'profile.json'), '--', 'node', LAUNCHER, client, '--messages', String(MESSAGES), '--results', withoutDir]);
    assert.equal(without.code, 0, without.stderr);

    const flowsDir = scratchDirectory();
    const followed = await runTsprof(['--flows', '--include-package', library, '--include', 'fixtures/flows', '-o', join(flowsDir, 'calls.dot'), '--profile', join(flowsDir, 'profile.json'), '--', 'node', LAUNCHER, client, '--messages', String(MESSAGES), '--results', flowsDir]);
    assert.equal(followed.code, 0, followed.stderr);

    const runs = { plain: results(plainDir), 'tsprof without --flows': results(withoutDir), 'tsprof --flows': results(flowsDir) };
    for (const [name, run] of Object.entries(runs)) {
      assert.equal(run.received.length, MESSAGES, `${name}: every message handled`);
      assert.deepEqual(run.received.map((message) => message.hex), run.sent, `${name}: the handler got the bytes the producer sent, in order`);
      assert.deepEqual(run.sent.map(body), runs.plain.sent.map(body), `${name}: the same payloads as the plain run`);
      assert.deepEqual(run.received.map((message) => message.headers), runs.plain.received.map((message) => message.headers), `${name}: the handler saw the headers of the plain run (no marker)`);
    }
    assert.ok(runs.plain.received.some((message) => message.headers && Object.keys(message.headers).length > 0), 'some messages carry headers of their own');

    assert.equal(readProfileJson(join(withoutDir, 'profile.json')).flows, undefined, 'no flows without --flows');
    const profile = readProfileJson(join(flowsDir, 'profile.json'));
    assert.equal(profile.flows.length, 1, JSON.stringify(profile.flows));
    const [flow] = profile.flows;
    assert.equal(flow.system, system);
    if (destination) assert.equal(flow.destination, destination);
    else assert.match(flow.destination, /^tsprof\.flows\./);
    assert.match(nameOf(profile, flow.from), from);
    assert.equal(nameOf(profile, flow.to), to);
    assert.equal(flow.messages, MESSAGES, 'every message matched');
    assert.equal(flow.clock, 'one host');

    const report = await runTsprof(['report', join(flowsDir, 'profile.json'), '--format', 'json']);
    assert.equal(report.code, 0, report.stderr);
    const [row] = JSON.parse(report.stdout).flows;
    assert.match(row.from, from);
    assert.deepEqual({ to: row.to, transport: row.transport, messages: row.messages, clock: row.clock }, { to, transport: system, messages: MESSAGES, clock: 'one host' });
    assert.deepEqual(row.latencyMs, latencyOf(flow.latency));

    assertFlowLatencyAgrees(t, client, flow.latency, runs['tsprof --flows'].received);
  });
}

test('tsprof/register follows messages with TSPROF_FLOWS=1', async (t) => {
  if (!(await requireBroker(t, 'RabbitMQ', 5672))) return;
  const out = scratchDirectory();
  const profileFile = join(out, 'profile.json');
  const run = await runPlain([LAUNCHER, 'amqp', '--messages', '20', '--results', out], {
    NODE_OPTIONS: `--require ${join(repoRoot, 'dist', 'register.js')}`,
    TSPROF_INCLUDE: 'fixtures/flows',
    TSPROF_PROFILE: profileFile,
    TSPROF_FLOWS: '1',
  });
  assert.equal(run.code, 0, run.stderr);
  const profile = readProfileJson(profileFile);
  assert.deepEqual(profile.flows.map((flow) => [nameOf(profile, flow.to), flow.messages]), [['onDelivery', 20]]);
});

test('two runs, one publishing and one handling, join when tsprof merge puts their profiles together', async (t) => {
  if (!(await requireBroker(t, 'RabbitMQ', 5672))) return;
  const out = scratchDirectory();
  const queue = `tsprof.flows.merge.${process.pid}.${Date.now()}`;
  const side = (script) => ['--flows', '--include', 'fixtures/flows', '-o', join(out, `${script}.dot`), '--profile', join(out, `${script}.json`), '--', 'node', `fixtures/flows/${script}.js`, 'amqp', queue, '30', out];
  // The consuming run first, until it says it is subscribed; then the publishing run.
  const consumer = spawn(process.execPath, [join(repoRoot, 'bin', 'tsprof.js'), ...side('consumer')], { cwd: repoRoot, env: cleanEnvironment(), stdio: ['ignore', 'pipe', 'pipe'] });
  let consumerErr = '';
  consumer.stderr.on('data', (chunk) => (consumerErr += chunk));
  const consumerExit = new Promise((resolve) => consumer.on('exit', resolve));
  await new Promise((resolve, reject) => {
    let output = '';
    consumer.stdout.on('data', (chunk) => (output += chunk).includes('ready\n') && resolve());
    consumerExit.then(() => reject(new Error(`the consumer ended before it was ready: ${consumerErr}`)));
  });
  const producer = await runTsprof(side('producer'));
  assert.equal(producer.code, 0, producer.stderr);
  assert.equal(await consumerExit, 0, consumerErr);

  const published = readProfileJson(join(out, 'producer.json')).flows;
  const handled = readProfileJson(join(out, 'consumer.json')).flows;
  assert.deepEqual(published.map((flow) => [flow.to, flow.messages]), [[-1, 30]], 'alone, the publishing run has only unjoined publishes');
  assert.deepEqual(handled.map((flow) => [flow.from, flow.messages]), [[-1, 30]], 'alone, the handling run has only unjoined handled messages');
  const merge = await runTsprof(['merge', join(out, 'consumer.json'), join(out, 'producer.json'), '-o', join(out, 'merged.json')]);
  assert.equal(merge.code, 0, merge.stderr);
  const merged = readProfileJson(join(out, 'merged.json'));
  assert.deepEqual(merged.flows.map((flow) => [nameOf(merged, flow.from).replace(/\/.*/, ''), nameOf(merged, flow.to), flow.messages, flow.clock]), [['publishAmqp', 'onDelivery', 30, 'one host']]);
});
