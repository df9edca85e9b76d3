// End to end: calling contexts keep paths apart. The pubsub fixture's publish and consume
// paths share the serializer, the checksum, the pool and the socket write; selecting the
// publish side must count the publish side's calls only (N, not 2N), the hot path must be
// a real path, and `report --tree` must show each path with its own numbers.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { runTsprof, scratchDirectory } from '../helpers/cli.mjs';
import { readProfileJson } from '../helpers/profile-checks.mjs';

const MESSAGES = 300;
let out;
let profileFile;
let profile;

before(async () => {
  out = scratchDirectory();
  profileFile = join(out, 'p.json');
  const result = await runTsprof(['--include', 'fixtures/pubsub/src', '-o', join(out, 'calls.dot'), '--profile', profileFile, '--', 'node', 'fixtures/pubsub/app.js', '--messages', String(MESSAGES)]);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, new RegExp(`published ${MESSAGES}, consumed ${MESSAGES}`));
  profile = readProfileJson(profileFile);
});

async function reportJson(...args) {
  const result = await runTsprof(['report', profileFile, '--format', 'json', '--top', '100', ...args]);
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout);
}

const callsOf = (report, name) => report.functions.find((entry) => entry.name === name)?.calls;

test('the whole run counts the shared helpers on both sides', async () => {
  const report = await reportJson();
  assert.equal(callsOf(report, 'Socket.write'), 2 * MESSAGES);
  assert.equal(callsOf(report, 'serialize'), 2 * MESSAGES);
  assert.equal(callsOf(report, 'checksum'), 4 * MESSAGES, 'serialize and verify, on both sides');
  assert.equal(callsOf(report, 'ChannelPool.acquire'), 2 * MESSAGES);
});

// The in-memory socket delivers each frame from a setImmediate its write scheduled, so with
// async parents the consume side is a continuation of the publish; the synchronous tree
// (--no-async-parents) keeps the two sides apart, as two processes over a real socket would.
test('with async parents, --root on the publish entry follows the in-memory delivery to the consumer it caused', async () => {
  const report = await reportJson('--root', 'Publisher\\.publish$');
  assert.equal(callsOf(report, 'Publisher.publish'), MESSAGES);
  assert.equal(callsOf(report, 'Consumer.onDelivery'), MESSAGES);
  assert.equal(callsOf(report, 'Publisher.onConfirm'), MESSAGES, 'and the confirm the consumer sent back');
});

for (const flag of ['--root', '--focus']) {
  test(`${flag} on the publish entry counts the publish side's calls only: N, not 2N`, async () => {
    const report = await reportJson(flag, 'Publisher\\.publish$', '--no-async-parents');
    assert.equal(callsOf(report, 'Publisher.publish'), MESSAGES);
    for (const helper of ['Socket.write', 'serialize', 'checksum', 'ChannelPool.acquire', 'ChannelPool.release']) {
      assert.equal(callsOf(report, helper), MESSAGES, helper);
    }
    for (const consumeSide of ['Consumer.onDelivery', 'Consumer.ack', 'verify', 'deserialize']) assert.equal(callsOf(report, consumeSide), undefined, consumeSide);
  });
}

test('--focus on the consume side counts its calls only; the drawn graph says its numbers are of the selected paths', async () => {
  const report = await reportJson('--focus', 'Consumer\\.ack$', '--no-async-parents');
  assert.equal(callsOf(report, 'Socket.write'), MESSAGES);
  assert.equal(callsOf(report, 'checksum'), MESSAGES, 'only the ack serializer’s checksum');
  const dotFile = join(out, 'ack.dot');
  const render = await runTsprof(['render', profileFile, '--focus', 'Consumer\\.ack$', '--no-async-parents', '--node-threshold', '0', '--edge-threshold', '0', '-o', dotFile]);
  assert.equal(render.code, 0, render.stderr);
  const dot = readFileSync(dotFile, 'utf8');
  assert.match(dot, /focus \/Consumer\\\\.ack\$\/ \(numbers of the selected paths only\)/);
  assert.match(dot, new RegExp(`label="Socket\\.write\\\\ncalls: ${MESSAGES}\\\\n`), 'the box counts the selected calls');
});

test('--ignore drops the matching contexts and what they called, not the same helpers elsewhere', async () => {
  const report = await reportJson('--ignore', '^Consumer\\.ack$');
  assert.equal(callsOf(report, 'Socket.write'), MESSAGES, 'the publish side writes remain');
  assert.equal(callsOf(report, 'Consumer.ack'), undefined);
});

test('the hot path is a real call path: every step is a child context of the one before', async () => {
  const report = await reportJson();
  const steps = report.hotPath.map((step) => step.name);
  assert.equal(steps[0], '(root)');
  assert.ok(steps.length >= 3, `hot path ${steps.join(' → ')}`);
  const nameOf = (context) => profile.functions[context.function].name;
  let parents = [profile.contexts[0]];
  report.hotPath.slice(1).forEach((step) => {
    const next = profile.contexts.filter((context) => parents.some((parent) => parent.id === context.parent) && nameOf(context) === step.name);
    assert.ok(next.length > 0, `${step.name} is not called on the path ${steps.join(' → ')}`);
    assert.equal(step.calls, next.reduce((sum, context) => sum + context.calls, 0), `${step.name}: the calls of this path`);
    parents = next;
  });
  const publishSide = steps.includes('Publisher.publish');
  const consumeSide = steps.some((name) => name.startsWith('Consumer.'));
  assert.ok(publishSide !== consumeSide, `the hot path stays on one side: ${steps.join(' → ')}`);
  const shared = report.hotPath.find((step) => step.name === 'ChannelPool.acquire');
  if (shared) assert.equal(shared.calls, MESSAGES, 'a shared helper on the hot path has that side’s calls');
});

test('report --tree shows each path apart, with its own calls', async () => {
  const result = await runTsprof(['report', profileFile, '--tree', '--node-threshold', '0']);
  assert.equal(result.code, 0, result.stderr);
  const lines = result.stdout.split('\n');
  const rows = lines.filter((line) => /^\s+Socket\.write\s/.test(line));
  assert.equal(rows.length, 2, `Socket.write under two paths:\n${result.stdout}`);
  for (const row of rows) assert.match(row, new RegExp(`Socket\\.write\\s+${MESSAGES}\\s`));
  const indentOf = (line) => line.match(/^ */)[0].length;
  const publishLine = lines.findIndex((line) => /^\s+Publisher\.publish\s/.test(line));
  const ackLine = lines.findIndex((line) => /^\s+Consumer\.ack\s/.test(line));
  const writeUnder = (parentLine) => {
    for (let index = parentLine + 1; index < lines.length && indentOf(lines[index]) > indentOf(lines[parentLine]); index++) {
      if (/^\s+Socket\.write\s/.test(lines[index]) && indentOf(lines[index]) === indentOf(lines[parentLine]) + 2) return true;
    }
    return false;
  };
  assert.ok(writeUnder(publishLine), 'Socket.write below Publisher.publish');
  assert.ok(writeUnder(ackLine), 'Socket.write below Consumer.ack');
  const json = JSON.parse((await runTsprof(['report', profileFile, '--tree', '--format', 'json', '--root', 'Publisher\\.publish$', '--node-threshold', '0'])).stdout);
  assert.deepEqual(json.tree.children.map((child) => child.name), ['Publisher.publish']);
  const write = json.tree.children[0].children.find((child) => child.name === 'Socket.write');
  assert.equal(write.calls, MESSAGES);
});

test('--max-contexts caps the paths: new ones are counted under (root), said once, numbers per function still exact', async () => {
  const capped = join(out, 'capped.json');
  const result = await runTsprof(['--include', 'fixtures/pubsub/src', '--max-contexts', '6', '-o', join(out, 'capped.dot'), '--profile', capped, '--', 'node', 'fixtures/pubsub/app.js', '--messages', String(MESSAGES)]);
  assert.equal(result.code, 0, result.stderr);
  const warnings = result.stderr.split('\n').filter((line) => line.includes('--max-contexts'));
  assert.equal(warnings.length, 1, result.stderr);
  assert.match(warnings[0], /^tsprof: \d+ calls took paths beyond --max-contexts 6 and were counted directly under \(root\)/);
  const cappedProfile = readProfileJson(capped);
  assert.ok(cappedProfile.foldedCalls > 0);
  assert.ok(cappedProfile.contexts.length < profile.contexts.length, `${cappedProfile.contexts.length} contexts`);
  const calls = (which, name) => which.nodes.find((node) => node.name === name).calls;
  for (const name of ['Socket.write', 'checksum', 'serialize', 'Publisher.publish']) assert.equal(calls(cappedProfile, name), calls(profile, name), name);
  const bad = await runTsprof(['--max-contexts', '1', '--include', 'fixtures/pubsub/src', '--', 'node', 'fixtures/pubsub/app.js']);
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /^tsprof: .*--max-contexts.*at least 2/);
});
