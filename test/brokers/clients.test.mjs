// Real broker clients against real brokers, profiled with the client library
// included: the client's publish path must be in the graph with call counts
// equal to the number of messages sent.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { requireBroker } from '../helpers/brokers.mjs';
import { nodesByName, runTsprof, scratchDirectory } from '../helpers/cli.mjs';
import { readProfileJson } from '../helpers/profile-checks.mjs';

const MESSAGES = 150;

const BROKERS = [
  {
    name: 'RabbitMQ',
    port: 5672,
    fixture: 'amqp.js',
    client: 'amqplib',
    // publishMessage → ConfirmChannel.sendToQueue → ConfirmChannel.publish → Channel.publish → Channel.sendMessage → Connection.sendMessage
    exactlyOncePerMessage: ['ConfirmChannel.sendToQueue', 'ConfirmChannel.publish', 'Channel.sendMessage', 'Connection.sendMessage', 'encodeBasicPublish', 'BaseChannel.handleDelivery'],
    path: ['publishMessage', 'ConfirmChannel.sendToQueue', 'ConfirmChannel.publish', 'Channel.publish', 'Channel.sendMessage', 'Connection.sendMessage'],
    // Every ack and the channel setup encode methods too; below sendToQueue only the publishes do.
    rooted: { root: 'ConfirmChannel\\.sendToQueue$', shared: 'encodeMethod' },
  },
  {
    name: 'Redis',
    port: 6379,
    fixture: 'redis.js',
    client: 'ioredis',
    // ioredis builds one shared function per command name; xadd goes through it.
    exactlyOncePerMessage: ['publishMessage'],
    edges: [['publishMessage', 'generateFunction/<anonymous:74>', MESSAGES]],
    path: ['publishMessage', 'generateFunction/<anonymous:74>', 'Redis.sendCommand'],
  },
  {
    name: 'Mosquitto',
    port: 1883,
    fixture: 'mqtt.js',
    client: 'mqtt',
    exactlyOncePerMessage: ['MqttClient.publishAsync', 'MqttClient.publish', 'MqttClient._storeAndSend', 'Store.put', 'MqttClient.handleMessage'],
    path: ['publishMessage', 'MqttClient.publishAsync', 'MqttClient.publish', 'MqttClient._storeAndSend'],
  },
  {
    name: 'NATS',
    port: 4222,
    fixture: 'nats.js',
    client: 'nats',
    exactlyOncePerMessage: ['NatsConnectionImpl.request', 'NatsConnectionImpl.publish', 'ProtocolHandler.request', 'MsgImpl.respond'],
    path: ['publishMessage', 'NatsConnectionImpl.request', 'ProtocolHandler.request'],
  },
];

/** True when `to` is reachable from `from` through recorded calls. */
function reachable(profile, from, to) {
  const seen = new Set([from]);
  const queue = [from];
  while (queue.length > 0) {
    const current = queue.shift();
    if (current === to) return true;
    for (const edge of profile.edges) {
      if (edge.caller === current && !seen.has(edge.callee)) {
        seen.add(edge.callee);
        queue.push(edge.callee);
      }
    }
  }
  return false;
}

for (const broker of BROKERS) {
  test(`${broker.name} through ${broker.client}: the client's publish path with exact counts`, async (t) => {
    if (!(await requireBroker(t, broker.name, broker.port))) return;
    const out = scratchDirectory();
    const result = await runTsprof([
      '--include-package', broker.client,
      '--include', 'fixtures/brokers',
      '-o', join(out, 'calls.svg'),
      '--profile', join(out, 'profile.json'),
      '--', 'node', `fixtures/brokers/${broker.fixture}`, '--messages', String(MESSAGES),
    ]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, new RegExp(`published ${MESSAGES}, consumed ${MESSAGES}`));
    const profile = readProfileJson(join(out, 'profile.json'));
    const nodes = nodesByName(profile);
    assert.ok(profile.files.some((file) => file.includes(`/node_modules/${broker.client}/`)), 'the client library was instrumented');
    for (const name of broker.exactlyOncePerMessage) {
      assert.ok(nodes.get(name), `${name} is in the profile`);
      assert.equal(nodes.get(name).calls, MESSAGES, `${name} is called once per message`);
    }
    for (const [caller, callee, calls] of broker.edges ?? []) {
      const edge = profile.edges.find((e) => e.caller === nodes.get(caller).id && e.callee === nodes.get(callee).id);
      assert.equal(edge?.calls, calls, `${caller} → ${callee}`);
    }
    for (let index = 1; index < broker.path.length; index++) {
      const [from, to] = [nodes.get(broker.path[index - 1]), nodes.get(broker.path[index])];
      assert.ok(from && to && reachable(profile, from.id, to.id), `${broker.path[index - 1]} reaches ${broker.path[index]}`);
    }
    if (broker.rooted) {
      const { root, shared } = broker.rooted;
      assert.ok(nodes.get(shared).calls > MESSAGES, `${shared} is also called off the publish path`);
      const report = await runTsprof(['report', join(out, 'profile.json'), '--root', root, '--format', 'json', '--top', '500']);
      assert.equal(report.code, 0, report.stderr);
      const below = JSON.parse(report.stdout).functions.find((entry) => entry.name === shared);
      assert.equal(below?.calls, MESSAGES, `--root ${root} counts ${shared} for the publishes only`);
    }
    const awaitedPublish = profile.edges.filter((e) => e.callee === nodes.get('publishMessage').id).reduce((sum, e) => sum + e.awaitMs, 0);
    assert.ok(awaitedPublish > 0, 'the caller of publishMessage waits for the broker, and the wait is charged to that call');
  });
}

test("BullMQ: --root '^Queue\\.add$' keeps the producer's paths only; the worker, which shares bullmq's plumbing, stays out", async (t) => {
  if (!(await requireBroker(t, 'Redis', 6379))) return;
  const out = scratchDirectory();
  const profileFile = join(out, 'profile.json');
  const result = await runTsprof(['--include-package', 'bullmq', '--include', 'fixtures/brokers', '-o', join(out, 'calls.dot'), '--profile', profileFile, '--', 'node', 'fixtures/brokers/bullmq.js', '--messages', String(MESSAGES)]);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, new RegExp(`published ${MESSAGES}, consumed ${MESSAGES}`));
  const profile = readProfileJson(profileFile);
  const whole = nodesByName(profile);
  assert.equal(whole.get('Queue.add').calls, MESSAGES);
  assert.ok(whole.get('Worker.processJob')?.calls === MESSAGES, 'the worker ran in the same process');
  const report = await runTsprof(['report', profileFile, '--root', '^Queue\\.add$', '--format', 'json', '--top', '500']);
  assert.equal(report.code, 0, report.stderr);
  const rooted = JSON.parse(report.stdout);
  assert.equal(rooted.functions.find((entry) => entry.name === 'Queue.add').calls, MESSAGES);
  assert.deepEqual(rooted.functions.filter((entry) => entry.name.startsWith('Worker')).map((entry) => entry.name), [], 'nothing of the worker below Queue.add');
  assert.ok(!rooted.hotPath.some((step) => step.name.startsWith('Worker')), `the hot path stays on the producer side: ${rooted.hotPath.map((step) => step.name).join(' > ')}`);
});
