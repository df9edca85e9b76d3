// End to end: async parents. The continuations fixture sends each order from a continuation
// of another kind (.then, nextTick, setImmediate, setTimeout, queueMicrotask, and nextTick →
// setImmediate inside code that is not included). Under --root of the publishing function the
// socket write and every step between appear with exact counts; --no-async-parents (when
// reading, or when running) gives the tree of synchronous stacks, with the same numbers.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { withoutAsyncParents } from '../../dist/profile/async-parents.js';
import { runTsprof, scratchDirectory } from '../helpers/cli.mjs';
import { readProfileJson } from '../helpers/profile-checks.mjs';

const MESSAGES = 40;
const KINDS = ['then', 'nextTick', 'setImmediate', 'setTimeout', 'queueMicrotask', 'deferTwice'];
const ORDERS = MESSAGES * KINDS.length;
const CONTINUATION = 'Client.send/<anonymous:23>';
let out;
let profileFile;
let profile;

async function profileRun(name, ...flags) {
  const file = join(out, `${name}.json`);
  const result = await runTsprof(['--include', 'fixtures/continuations/src', ...flags, '-o', join(out, `${name}.dot`), '--profile', file, '--', 'node', 'fixtures/continuations/app.js', '--messages', String(MESSAGES)]);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, new RegExp(`published ${ORDERS}, wrote ${ORDERS} frames`));
  return { file, profile: readProfileJson(file) };
}

before(async () => {
  out = scratchDirectory();
  ({ file: profileFile, profile } = await profileRun('async'));
});

async function reportJson(...args) {
  const result = await runTsprof(['report', profileFile, '--format', 'json', '--top', '100', ...args]);
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout);
}

const callsOf = (report, name) => report.functions.find((entry) => entry.name === name)?.calls;

/** Each context as 'a > b ~> c' with its calls, sorted: the shape of the tree. */
function paths({ functions, contexts }) {
  const name = (context) => functions[context.function].name;
  const pathOf = (context) => (context.parent <= 0 ? name(context) : `${pathOf(contexts[context.parent])} ${context.async ? '~>' : '>'} ${name(context)}`);
  return contexts.slice(1).filter((context) => !name(context).startsWith('(tsprof')).map((context) => `${pathOf(context)}: ${context.calls}`).sort();
}

test('--root of the publishing function reaches the socket write through every kind of continuation, with exact counts', async () => {
  const report = await reportJson('--root', 'OrderPublisher\\.publish$');
  assert.equal(callsOf(report, 'OrderPublisher.publish'), ORDERS);
  for (const step of ['Client.send', CONTINUATION, 'Client.writeFrame', 'encode', 'Socket.write']) assert.equal(callsOf(report, step), ORDERS, step);
  for (const kind of KINDS) {
    assert.ok(paths(profile).includes(`OrderPublisher.publish > Client.send > Client.send/new Promise > SCHEDULERS.${kind} ~> ${CONTINUATION}: ${MESSAGES}`), kind);
  }
});

test('--no-async-parents shows the tree of synchronous stacks: the write hangs off (root), not under publish', async () => {
  const report = await reportJson('--root', 'OrderPublisher\\.publish$', '--no-async-parents');
  assert.equal(callsOf(report, 'OrderPublisher.publish'), ORDERS);
  assert.equal(callsOf(report, 'Socket.write'), undefined);
  const whole = await reportJson('--no-async-parents');
  assert.equal(callsOf(whole, 'Socket.write'), ORDERS, 'the same calls, under (root)');
  assert.ok(paths(withoutAsyncParents(profile)).includes(`${CONTINUATION} > Client.writeFrame > Socket.write: ${ORDERS}`));
});

test('run --no-async-parents records the same tree the view without them shows', async () => {
  const { profile: plain } = await profileRun('plain', '--no-async-parents');
  assert.ok(!plain.contexts.some((context) => context.async), 'no async contexts recorded');
  assert.deepEqual(paths(plain), paths(withoutAsyncParents(profile)));
});

test('the picture draws a continuation dotted and says so; report --tree marks it', async () => {
  // Every function drawn: on a cold transform cache the instrumenting time can push the light continuations under the default threshold.
  const drawn = await runTsprof(['render', profileFile, '-o', join(out, 'async-all.dot'), '--node-threshold', '0', '--edge-threshold', '0']);
  assert.equal(drawn.code, 0, drawn.stderr);
  const dot = readFileSync(join(out, 'async-all.dot'), 'utf8');
  assert.match(dot, /-> n\d+ \[[^\]]*style="[^"]*dotted/);
  assert.match(dot, /dotted: a callback the caller scheduled/);
  const tree = await runTsprof(['report', profileFile, '--tree', '--node-threshold', '0']);
  assert.equal(tree.code, 0, tree.stderr);
  assert.match(tree.stdout, new RegExp(`^ +~> ${CONTINUATION.replace(/[/<>]/g, '\\$&')} +${MESSAGES} `, 'm'));
  assert.match(tree.stdout, /its time is its own, not part of the scheduler's total/);
});

test('an exported stack follows the continuation to the write', async () => {
  const file = join(out, 'stacks.txt');
  const result = await runTsprof(['export', profileFile, '--format', 'collapsed', '-o', file]);
  assert.equal(result.code, 0, result.stderr);
  const stacks = readFileSync(file, 'utf8').split('\n').map((line) => line.slice(0, line.lastIndexOf(' ')));
  for (const kind of KINDS) assert.ok(stacks.includes(`OrderPublisher.publish;Client.send;Client.send/new Promise;SCHEDULERS.${kind};${CONTINUATION};Client.writeFrame;Socket.write`), kind);
});
