// The mqtt, ioredis and bullmq adapters (runtime/flows/mqtt.ts, ioredis.ts, bullmq.ts)
// without a broker: MQTT packets made and parsed by the real mqtt-packet (what the handler
// reads equals the packet that never had a marker, remaining length included), replies
// through the real ioredis Command and commands through its real Commander, bullmq on
// stand-ins shaped like Queue, Job and Worker.
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { bullmqAdapter } from '../../dist/runtime/flows/bullmq.js';
import { ioredisAdapter } from '../../dist/runtime/flows/ioredis.js';
import { mqttAdapter } from '../../dist/runtime/flows/mqtt.js';

const require = createRequire(import.meta.url);
const MARKER = '1 host/1:0 5 1700000000000.000';

function recordingHooks() {
  const calls = { published: [], handled: [], received: [] };
  return {
    calls,
    publishing(system, destination, ownHeaders) {
      calls.published.push({ system, destination, ownHeaders });
      return ownHeaders ? MARKER : `${MARKER} n`;
    },
    notPublished: () => {},
    handle(system, destination, marker, handler, thisArg, args) {
      calls.handled.push({ system, destination, marker });
      return Reflect.apply(handler, thisArg, args);
    },
    received: (system, destination, marker, context) => calls.received.push({ system, destination, marker, context }),
    runningContext: () => 7,
    hadOwnHeaders: () => true,
  };
}

function parsePublish(fields) {
  const mqttPacket = require('mqtt-packet');
  const parser = mqttPacket.parser({ protocolVersion: 5 });
  let parsed;
  parser.on('packet', (packet) => (parsed = packet));
  parser.parse(mqttPacket.generate({ cmd: 'publish', retain: false, dup: false, ...fields }, { protocolVersion: 5 }));
  return parsed;
}

function mqttStandIn(hooks) {
  class MqttClient extends EventEmitter {
    constructor() {
      super();
      this.options = { protocolVersion: 5 };
      this.sent = [];
    }
    publish(topic, message, opts, callback) {
      this.sent.push({ topic, message, opts });
      callback?.(null, { cmd: 'publish', properties: structuredClone(opts.properties) });
      return this;
    }
    publishAsync(topic, message, opts) {
      return new Promise((resolve) => this.publish(topic, message, opts, (error, packet) => resolve(packet)));
    }
  }
  mqttAdapter.patch('build/lib/client.js', { exports: { default: MqttClient }, require }, hooks);
  return new MqttClient();
}

test('mqtt 5: the handler reads the packet that never had a marker, remaining length included, across property-length sizes', () => {
  const hooks = recordingHooks();
  const client = mqttStandIn(hooks);
  const seen = [];
  client.on('message', (topic, payload, packet) => seen.push(packet));
  const cases = [
    { topic: 'orders', payload: Buffer.from('x'), qos: 0 },
    { topic: 'orders', payload: Buffer.alloc(300, 1), qos: 1, messageId: 3, properties: { contentType: 'text/plain' } },
    { topic: 'orders', payload: Buffer.from('y'), qos: 1, messageId: 4, properties: { userProperties: { 'x-app': 'a'.repeat(100) } } },
    { topic: 'orders', payload: Buffer.from('z'), qos: 2, messageId: 5, properties: { userProperties: { 'x-app': 'b'.repeat(20000) } } },
    { topic: '', payload: Buffer.from('w'), qos: 0, properties: { topicAlias: 2 } },
  ];
  for (const fields of cases) {
    const without = parsePublish(fields);
    const withMarker = parsePublish({ ...fields, properties: { ...fields.properties, userProperties: { ...fields.properties?.userProperties, 'tsprof-flow': MARKER } } });
    seen.length = 0;
    client.emit('message', fields.topic, withMarker.payload, withMarker);
    assert.deepEqual({ ...seen[0] }, { ...without }, JSON.stringify(fields.properties));
  }
  assert.deepEqual(hooks.calls.handled.map(({ marker }) => marker), cases.map(() => MARKER));
});

test('mqtt 5: publish marks a copy; the program\'s options stay as they were and the callback\'s packet has no marker', async () => {
  const hooks = recordingHooks();
  const client = mqttStandIn(hooks);
  const options = Object.freeze({ qos: 1, properties: Object.freeze({ userProperties: Object.freeze({ 'x-app': 'a' }) }) });
  let answered;
  client.publish('orders', 'p1', options, (error, packet) => (answered = packet));
  const resolved = await client.publishAsync('orders', 'p2');
  assert.deepEqual(client.sent.map(({ opts }) => opts.properties.userProperties), [{ 'x-app': 'a', 'tsprof-flow': MARKER }, { 'tsprof-flow': `${MARKER} n` }]);
  assert.deepEqual(options.properties.userProperties, { 'x-app': 'a' });
  assert.deepEqual(answered.properties, { userProperties: { 'x-app': 'a' } });
  assert.equal(resolved.properties, undefined);
  assert.equal(hooks.calls.published.length, 2, 'publishAsync → publish marks once');
});

/** The real Command and Commander, patched once (a prototype is wrapped once), with fresh records per test. */
const patchedIoredis = (() => {
  const Command = require('ioredis/built/Command.js').default;
  const Commander = require('ioredis/built/utils/Commander.js').default;
  const hooks = recordingHooks();
  ioredisAdapter.patch('built/Command.js', { exports: { default: Command }, require }, hooks);
  ioredisAdapter.patch('built/utils/Commander.js', { exports: { default: Commander }, require }, hooks);
  return { Command, Commander, hooks };
})();

function ioredis() {
  const { calls } = patchedIoredis.hooks;
  for (const list of Object.values(calls)) list.length = 0;
  return patchedIoredis;
}

const entry = (id, ...fields) => [id, fields];
const marked = (id, ...fields) => [id, [...fields, 'tsprof-flow', MARKER]];

async function reply(Command, name, raw, { replyEncoding = 'utf8', context } = {}) {
  const command = new Command(name, ['STREAMS', 's', '0'], { replyEncoding });
  if (context) command.setReplyContext(context);
  command.resolve(raw);
  return command.promise;
}

test('ioredis: XADD gets the marker field after the program\'s fields, before a callback, once through call and pipelines', async () => {
  const { Commander, hooks } = ioredis();
  const sent = [];
  class Client extends Commander {
    constructor() {
      super();
      this.options = { keyPrefix: 'app:' };
    }
    sendCommand(command) {
      sent.push([command.name, ...command.args]);
      command.resolve('1-0');
      return command.promise;
    }
  }
  const client = new Client();
  await client.xadd('s', 'MAXLEN', '~', '10', '*', 'body', 'x');
  await new Promise((resolve) => client.xadd('s', '*', ['body', 'y'], resolve));
  await client.call('xadd', 's', '*', 'body', 'z');
  assert.deepEqual(sent, [
    ['xadd', 'app:s', 'MAXLEN', '~', '10', '*', 'body', 'x', 'tsprof-flow', MARKER],
    ['xadd', 'app:s', '*', 'body', 'y', 'tsprof-flow', MARKER],
    ['xadd', 'app:s', '*', 'body', 'z', 'tsprof-flow', MARKER],
  ]);
  assert.deepEqual(hooks.calls.published.map(({ destination }) => destination), ['app:s', 'app:s', 'app:s']);
});

test('ioredis: every reply with entries loses the marker pair; XREAD counts each entry for the stream', async () => {
  const { Command, hooks } = ioredis();
  const resp2 = [['s', [marked('1-0', 'body', 'a', 'x', '1'), entry('2-0', 'body', 'b')]]];
  assert.deepEqual(await reply(Command, 'xread', resp2), [['s', [entry('1-0', 'body', 'a', 'x', '1'), entry('2-0', 'body', 'b')]]]);
  const resp3Legacy = ['s', [marked('3-0', 'body', 'c')]];
  assert.deepEqual(await reply(Command, 'xreadgroup', resp3Legacy, { context: { protocol: 3, replyMapping: 'legacy' } }), [['s', [entry('3-0', 'body', 'c')]]]);
  const resp3Map = new Map([['s', [marked('4-0', 'body', 'd')]]]);
  assert.deepEqual([...(await reply(Command, 'xread', resp3Map, { context: { protocol: 3, replyMapping: 'resp3' } }))], [['s', [entry('4-0', 'body', 'd')]]]);
  const buffers = [[Buffer.from('s'), [[Buffer.from('5-0'), [Buffer.from('body'), Buffer.from([0, 255]), Buffer.from('tsprof-flow'), Buffer.from(MARKER)]]]]];
  assert.deepEqual(await reply(Command, 'xread', buffers, { replyEncoding: null }), [[Buffer.from('s'), [[Buffer.from('5-0'), [Buffer.from('body'), Buffer.from([0, 255])]]]]]);
  assert.deepEqual(hooks.calls.received.map(({ destination, marker }) => [destination, marker]), [['s', MARKER], ['s', MARKER], ['s', MARKER], ['s', MARKER]]);
  assert.deepEqual(await reply(Command, 'xrange', [marked('6-0', 'body', 'e')]), [entry('6-0', 'body', 'e')]);
  assert.deepEqual(await reply(Command, 'xautoclaim', ['0-0', [marked('7-0', 'body', 'f')], []]), ['0-0', [entry('7-0', 'body', 'f')], []]);
  const info = ['length', 1, 'first-entry', marked('8-0', 'body', 'g'), 'last-entry', marked('8-0', 'body', 'g')];
  assert.deepEqual(await reply(Command, 'xinfo', info), ['length', 1, 'first-entry', entry('8-0', 'body', 'g'), 'last-entry', entry('8-0', 'body', 'g')]);
  assert.equal(hooks.calls.received.length, 4, 'only XREAD and XREADGROUP count deliveries');
});

function bullmqStandIn(hooks) {
  const stored = [];
  class Job {
    constructor(opts) {
      this.opts = Object.assign({ attempts: 0 }, opts);
    }
    asJSON() {
      return { data: '{"a":1}', opts: this.opts };
    }
    static fromJSON(queue, json) {
      return new this(JSON.parse(json.opts));
    }
  }
  class Queue extends EventEmitter {
    constructor(name) {
      super();
      this.name = name;
    }
    async add(name, data, opts) {
      const job = new Job(opts);
      const json = job.asJSON();
      stored.push({ ...json, opts: JSON.stringify(json.opts) });
      this.emit('waiting', job);
      return job;
    }
    async addBulk(jobs) {
      return Promise.all(jobs.map(({ name, data, opts }) => this.add(name, data, opts)));
    }
  }
  class Worker {
    constructor(name, processor) {
      this.name = name;
      this.processFn = processor;
    }
    callProcessJob(job, token) {
      return this.processFn(job, token);
    }
  }
  bullmqAdapter.patch('dist/cjs/classes/job.js', { exports: { Job }, require }, hooks);
  bullmqAdapter.patch('dist/cjs/classes/queue.js', { exports: { Queue }, require }, hooks);
  bullmqAdapter.patch('dist/cjs/classes/worker.js', { exports: { Worker }, require }, hooks);
  return { Job, Queue, Worker, stored };
}

test('bullmq: only the stored job holds the marker; the program\'s options, the added job and the processor\'s job do not', async () => {
  const hooks = recordingHooks();
  const { Job, Queue, Worker, stored } = bullmqStandIn(hooks);
  const queue = new Queue('mail');
  const waiting = [];
  queue.on('waiting', (job) => waiting.push(Object.keys(job.opts)));
  const opts = Object.freeze({ attempts: 2 });
  const job = await queue.add('send', { a: 1 }, opts);
  assert.deepEqual(Object.keys(job.opts), ['attempts']);
  assert.deepEqual(waiting, [['attempts']]);
  assert.deepEqual(opts, { attempts: 2 });
  assert.equal(stored[0].opts, JSON.stringify({ attempts: 2, 'tsprof-flow': MARKER }));
  const seen = [];
  function processor(fetched) {
    seen.push(Object.keys(fetched.opts));
    return 'done';
  }
  const worker = new Worker('mail', processor);
  assert.equal(await worker.callProcessJob(Job.fromJSON(queue, stored[0]), 'token'), 'done');
  assert.equal(worker.processFn, processor, 'the worker\'s processFn is the program\'s again');
  assert.deepEqual(seen, [['attempts']]);
  assert.deepEqual(hooks.calls.handled, [{ system: 'bullmq', destination: 'mail', marker: MARKER }]);
});
