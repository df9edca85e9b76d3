// The client adapters (runtime/flows/amqplib.ts, nats.ts) on stand-in classes shaped like
// the clients' exports: what the client receives, what the program's objects look like
// afterwards, and that a failing flow table never fails the program's call.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { amqplibAdapter } from '../../dist/runtime/flows/amqplib.js';
import { natsAdapter } from '../../dist/runtime/flows/nats.js';
import { readMarker } from '../../dist/runtime/flows/marker.js';

/** Hooks that record what adapters ask; `failing` makes publishing throw, as a broken table would. */
function recordingHooks({ failing = false } = {}) {
  const calls = { published: [], handled: [], notPublished: 0 };
  return {
    calls,
    publishing(system, destination, ownHeaders) {
      if (failing) throw new Error('table broken');
      calls.published.push({ system, destination, ownHeaders });
      return `1 host/1:0 5 1700000000000.000${ownHeaders ? '' : ' n'}`;
    },
    notPublished: () => calls.notPublished++,
    handle(system, destination, marker, handler, thisArg, args) {
      calls.handled.push({ system, destination, marker });
      return Reflect.apply(handler, thisArg, args);
    },
    received: () => {},
    runningContext: () => 0,
    hadOwnHeaders: (marker) => readMarker(marker)?.ownHeaders !== false,
  };
}

function amqplibStandIn() {
  const sent = [];
  class Channel {
    publish(exchange, routingKey, content, options) {
      sent.push({ exchange, routingKey, content, options, headers: { ...collect(options?.headers) } });
      return true;
    }
    sendToQueue(queue, content, options) {
      return this.publish('', queue, content, options);
    }
    consume(queue, callback) {
      this.deliver = callback;
      return Promise.resolve({ consumerTag: 'c' });
    }
  }
  class ConfirmChannel extends Channel {
    publish(exchange, routingKey, content, options, callback) {
      const result = super.publish(exchange, routingKey, content, options);
      callback?.(null);
      return result;
    }
    sendToQueue(queue, content, options, callback) {
      return this.publish('', queue, content, options, callback);
    }
  }
  return { sent, module: { exports: { Channel, ConfirmChannel }, require: () => ({}) } };
}

/** Every enumerable key, own or inherited: what amqplib's field-table encoder writes. */
function collect(headers) {
  const all = {};
  for (const key in headers ?? {}) all[key] = headers[key];
  return all;
}

test('amqplib: one marker per message through nested publishes, the program\'s options and headers untouched', () => {
  const { sent, module } = amqplibStandIn();
  const hooks = recordingHooks();
  amqplibAdapter.patch('lib/channel_model.js', module, hooks);
  const channel = new module.exports.ConfirmChannel();
  const options = Object.freeze({ headers: Object.freeze({ 'x-app': 'a' }), persistent: true });
  let confirmed = false;
  channel.sendToQueue('jobs', Buffer.from('payload'), options, () => (confirmed = true));
  channel.publish('events', 'created', Buffer.from('p2'));
  assert.ok(confirmed);
  assert.deepEqual(hooks.calls.published, [{ system: 'rabbitmq', destination: 'jobs', ownHeaders: true }, { system: 'rabbitmq', destination: 'events', ownHeaders: true }]);
  assert.deepEqual(sent[0].headers, { 'tsprof-flow': '1 host/1:0 5 1700000000000.000', 'x-app': 'a' });
  assert.equal(sent[0].options.persistent, true);
  assert.equal(sent[0].content.toString(), 'payload');
  assert.deepEqual(Object.keys(options.headers), ['x-app']);
  assert.deepEqual(Object.keys(sent[1].headers), ['tsprof-flow']);
});

test('amqplib: the consumer\'s callback sees the headers without the marker', async () => {
  const { module } = amqplibStandIn();
  const hooks = recordingHooks();
  amqplibAdapter.patch('lib/channel_model.js', module, hooks);
  const channel = new module.exports.Channel();
  const seen = [];
  await channel.consume('jobs', (message) => seen.push(message && { ...message.properties.headers }));
  channel.deliver({ fields: { exchange: '', routingKey: 'jobs' }, properties: { headers: { 'tsprof-flow': '1 host/1:0 5 1', 'x-app': 'a' } }, content: Buffer.from('x') });
  channel.deliver({ fields: { exchange: 'events', routingKey: 'created' }, properties: { headers: {} }, content: Buffer.from('y') });
  channel.deliver(null);
  assert.deepEqual(seen, [{ 'x-app': 'a' }, {}, null]);
  assert.deepEqual(hooks.calls.handled.map(({ destination, marker }) => [destination, marker]), [['jobs', '1 host/1:0 5 1'], ['', undefined], ['', undefined]]);
});

test('a flow table that throws leaves the client\'s call as the program made it', () => {
  const { sent, module } = amqplibStandIn();
  amqplibAdapter.patch('lib/channel_model.js', module, recordingHooks({ failing: true }));
  const options = { headers: { 'x-app': 'a' } };
  new module.exports.Channel().sendToQueue('jobs', Buffer.from('payload'), options);
  assert.equal(sent[0].options, options);
});

function natsStandIn() {
  const sent = [];
  class Headers {
    constructor() {
      this.map = new Map();
    }
    set(key, value) {
      this.map.set(key, value);
    }
    get(key) {
      return this.map.get(key) ?? '';
    }
    has(key) {
      return this.map.has(key);
    }
    delete(key) {
      this.map.delete(key);
    }
    size() {
      return this.map.size;
    }
  }
  class NatsConnectionImpl {
    constructor() {
      this.options = {};
    }
    publish(subject, data, options) {
      sent.push({ subject, data, headers: options?.headers ? Object.fromEntries(options.headers.map) : undefined });
    }
    request(subject, data, opts) {
      this.publish(subject, data, { reply: '_INBOX.1', headers: opts?.headers });
      return Promise.resolve();
    }
    subscribe(subject, opts = {}) {
      const subscription = { subject, callback: opts.callback };
      return subscription;
    }
  }
  return { sent, Headers, module: { exports: { NatsConnectionImpl }, require: () => ({ headers: () => new Headers() }) } };
}

test('nats: publish and request marked once, the program\'s headers object left as it was, replies and $ subjects not marked', () => {
  const { sent, Headers, module } = natsStandIn();
  const hooks = recordingHooks();
  natsAdapter.patch('lib/nats-base-client/nats.js', module, hooks);
  const connection = new module.exports.NatsConnectionImpl();
  const own = new Headers();
  own.set('x-app', 'a');
  connection.publish('orders', 'p1', { headers: own });
  connection.request('orders', 'p2');
  connection.publish('_INBOX.abc', 'reply');
  connection.publish('$JS.API.INFO', '');
  assert.deepEqual(sent.map((message) => [message.subject, message.headers]), [
    ['orders', { 'x-app': 'a', 'tsprof-flow': '1 host/1:0 5 1700000000000.000' }],
    ['orders', { 'tsprof-flow': '1 host/1:0 5 1700000000000.000 n' }],
    ['_INBOX.abc', undefined],
    ['$JS.API.INFO', undefined],
  ]);
  assert.deepEqual([...own.map.keys()], ['x-app']);
  assert.equal(hooks.calls.published.length, 2);
});

test('nats: a subscription callback sees headers without the marker, and none at all when the message had none', () => {
  const { Headers, module } = natsStandIn();
  const hooks = recordingHooks();
  natsAdapter.patch('lib/nats-base-client/nats.js', module, hooks);
  const connection = new module.exports.NatsConnectionImpl();
  const seen = [];
  const subscription = connection.subscribe('orders', { callback: (error, message) => seen.push(message.headers && [...message.headers.map.entries()]) });
  const message = (entries) => {
    const headers = new Headers();
    for (const [key, value] of entries) headers.set(key, value);
    return { subject: 'orders', headers };
  };
  subscription.callback(null, message([['tsprof-flow', '1 host/1:0 5 1 n']]));
  subscription.callback(null, message([['tsprof-flow', '1 host/1:0 5 1'], ['x-app', 'a']]));
  assert.deepEqual(seen, [undefined, [['x-app', 'a']]]);
  assert.deepEqual(hooks.calls.handled.map(({ marker }) => marker), ['1 host/1:0 5 1 n', '1 host/1:0 5 1']);
});
