// End to end: the task-queue fixture profiled with every --export, each file read back by
// the program users open it with (go tool pprof, callgrind_annotate, speedscope's schema),
// and the pprof decoded again to the profile's numbers per context.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { before, test } from 'node:test';
import { repoRoot, runTsprof, scratchDirectory } from '../helpers/cli.mjs';
import { callgrindAnnotate, goPprof, requireConsumer } from '../helpers/consumers.mjs';
import { contextPaths, decodePprof, frameKey, nanoseconds, readFolded, speedscopeSchemaErrors } from '../helpers/exports.mjs';
import { readProfileJson } from '../helpers/profile-checks.mjs';

const require = createRequire(import.meta.url);
const TASKS = 250;
const PUBLISH_CHAIN = ['Task.delay', 'Task.applyAsync', 'QueueApp.sendTask', 'QueueApp.publishTask', 'Producer.publish'];
let out;
let profile;

before(async () => {
  out = scratchDirectory();
  const result = await runTsprof([
    '--include', 'fixtures/taskqueue/src/queue',
    '-o', join(out, 'calls.dot'),
    '--profile', join(out, 'profile.json'),
    '--export', `pprof:${join(out, 'profile.pb.gz')}`,
    '--export', `callgrind:${join(out, 'callgrind.out')}`,
    '--export', `speedscope:${join(out, 'profile.speedscope.json')}`,
    '--export', `collapsed:${join(out, 'self.folded')}`,
    '--', 'node', 'fixtures/taskqueue/app.js', '--tasks', String(TASKS),
  ]);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /wrote .*profile\.pb\.gz, .*callgrind\.out, .*profile\.speedscope\.json and .*self\.folded/);
  profile = readProfileJson(join(out, 'profile.json'));
});

test('go tool pprof -top -sample_index=calls: Producer.publish flat = tasks dispatched', (t) => {
  if (!requireConsumer(t, 'go', 'apt-get install golang-go')) return;
  const top = goPprof(['-top', '-nodecount=200', '-sample_index=calls', join(out, 'profile.pb.gz')]);
  const row = top.split('\n').find((line) => / Producer\.publish$/.test(line));
  assert.ok(row, top);
  assert.equal(Number(row.trim().split(/\s+/)[0]), TASKS, row);
  assert.match(top, /^Type: calls$/m);
  assert.match(top, /tsprof: node fixtures\/taskqueue\/app\.js/, 'the command is the comment');
});

test('go tool pprof without flags uses wall (self + await); -tags shows pid, thread and host', (t) => {
  if (!requireConsumer(t, 'go', 'apt-get install golang-go')) return;
  const file = join(out, 'profile.pb.gz');
  assert.match(goPprof(['-top', file]), /^Type: wall$/m);
  const tags = goPprof(['-tags', file]);
  for (const key of ['pid', 'thread', 'host']) assert.match(tags, new RegExp(`^ ${key}: Total`, 'm'), tags);
  assert.match(tags, new RegExp(`: ${profile.processes[0].pid}$`, 'm'));
});

test('callgrind_annotate reads the callgrind file and lists the publish chain with its calls', (t) => {
  if (!requireConsumer(t, 'callgrind_annotate', 'apt-get install valgrind')) return;
  const flat = callgrindAnnotate([join(out, 'callgrind.out')]);
  assert.match(flat, /^Events recorded: +Self Await Wall Calls$/m);
  const tree = callgrindAnnotate(['--inclusive=yes', '--tree=caller', '--threshold=100', join(out, 'callgrind.out')]);
  for (const [caller, callee] of PUBLISH_CHAIN.slice(0, -1).map((name, index) => [name, PUBLISH_CHAIN[index + 1]])) {
    const callLine = new RegExp(`< [^\\n]*:${caller.replace('.', '\\.')} \\(${TASKS}x\\)[^\\n]*\\n(?:[^\\n]*<[^\\n]*\\n)*[^\\n]*\\*  [^\\n]*:${callee.replace('.', '\\.')}\\n`);
    assert.match(tree, callLine, `${caller} → ${callee} (${TASKS}x)`);
  }
  // Wherever it runs (callgrind_annotate takes its directory off fl= names only): every function listed once.
  for (const cwd of [repoRoot, dirname(repoRoot), '/']) {
    const listing = callgrindAnnotate(['--inclusive=yes', '--tree=caller', '--threshold=100', join(out, 'callgrind.out')], { cwd });
    const functions = listing.split('\n').filter((line) => line.startsWith('* ')).map((line) => line.replace(/^\*\s+[\d,]+.*?\s(\S+)$/, '$1'));
    assert.deepEqual(functions.filter((name, index) => functions.indexOf(name) !== index), [], `from ${cwd}`);
    for (const name of ['crc32', 'Producer.publish']) assert.equal(listing.match(new RegExp(`\\*  [^\\n]*:${name.replace('.', '\\.')}\\n`, 'g'))?.length, 1, `${name} once, from ${cwd}`);
  }
});

test('speedscope: the file validates against the schema the speedscope package ships', () => {
  const file = JSON.parse(readFileSync(join(out, 'profile.speedscope.json'), 'utf8'));
  assert.equal(speedscopeSchemaErrors(file), null);
  const weights = file.profiles.filter((entry) => entry.name.endsWith('— self + await')).flatMap((entry) => entry.weights);
  const expected = profile.contexts.reduce((sum, context) => sum + nanoseconds(context.selfMs) + nanoseconds(context.awaitMs), 0);
  assert.equal(weights.reduce((sum, weight) => sum + weight, 0), expected);
  const publish = file.shared.frames.find((frame) => frame.name === 'Producer.publish');
  assert.match(publish.file, /fixtures\/taskqueue\/src\/queue\/producer\.js$/);
  assert.ok(publish.line > 0);
});

test('folded stacks sum to the profile totals, for every --value', async () => {
  const totals = {
    self: profile.contexts.reduce((sum, context) => sum + nanoseconds(context.selfMs), 0),
    await: profile.contexts.reduce((sum, context) => sum + nanoseconds(context.awaitMs), 0),
    calls: profile.contexts.reduce((sum, context) => sum + context.calls, 0),
  };
  totals.total = totals.self + totals.await;
  assert.equal(readFolded(readFileSync(join(out, 'self.folded'), 'utf8')).sum, totals.self, 'run --export collapsed is --value self');
  for (const value of ['self', 'total', 'await', 'calls']) {
    const file = join(out, `${value}.folded`);
    const result = await runTsprof(['export', join(out, 'profile.json'), '--format', 'collapsed', '--value', value, '-o', file]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(readFolded(readFileSync(file, 'utf8')).sum, totals[value], value);
  }
  const calls = readFolded(readFileSync(join(out, 'calls.folded'), 'utf8')).stacks;
  assert.equal(calls.get(PUBLISH_CHAIN.join(';')), TASKS, 'the publish chain is one stack');
});

test('round trip: export → decode (pprof-format) gives the same calls and times per context, to the nanosecond', async () => {
  const file = join(out, 'again.pb.gz');
  const result = await runTsprof(['export', join(out, 'profile.json'), '--format', 'pprof', '-o', file]);
  assert.equal(result.code, 0, result.stderr);
  assert.ok(existsSync(file));
  const pprof = decodePprof(readFileSync(file));
  const byPath = new Map(pprof.samples.map((sample) => [sample.stack.map(frameKey).join(';'), sample.values]));
  assert.equal(byPath.size, pprof.samples.length, 'one sample per path');
  const paths = contextPaths(profile);
  assert.equal(pprof.samples.length, profile.contexts.length);
  for (const context of profile.contexts) {
    const self = nanoseconds(context.selfMs);
    const awaited = nanoseconds(context.awaitMs);
    assert.deepEqual(byPath.get(paths[context.id]), [context.calls, self, awaited, self + awaited], paths[context.id]);
  }
});

test('go tool pprof -top keeps anonymous functions apart: pprof drops what is in angle brackets of a name', async (t) => {
  if (!requireConsumer(t, 'go', 'apt-get install golang-go')) return;
  const { writeFileSync } = await import('node:fs');
  const { ProfileBuilder } = require('../../dist/profile/builder.js');
  const { writePprof } = require('../../dist/export/pprof.js');
  const builder = new ProfileBuilder();
  const functions = [
    [{ name: 'addCommand/<anonymous:15>', file: '/app/src/cli.js', line: 15, column: 3 }, 3],
    [{ name: '<anonymous:59>', file: '/app/src/cli.js', line: 59, column: 1 }, 5],
    [{ name: 'Queue.[Symbol.asyncIterator]', file: '/app/src/queue.js', line: 8, column: 3 }, 7],
    [{ name: 'sendTask callback (queue.js:20)', file: '/app/src/queue.js', line: 20, column: 9 }, 11],
  ];
  for (const [place, calls] of functions) builder.addContext(0, builder.functionId(place), { calls, selfMs: calls, totalMs: calls, awaitMs: 0, awaitedMs: 0 });
  const file = join(scratchDirectory(), 'anonymous.pb.gz');
  writeFileSync(file, writePprof(builder.build({ command: ['node', 'cli.js'], startedAt: '2026-01-01T00:00:00.000Z', wallMs: 30, foldedCalls: 0, processes: [], files: [] })));
  const rows = goPprof(['-top', '-sample_index=calls', file])
    .split('\n')
    .map((line) => /^\s*(\d+)\s+\S+\s+\S+\s+\S+\s+\S+\s+(.+)$/.exec(line))
    .filter(Boolean)
    .map(([, flat, name]) => [name, Number(flat)]);
  assert.deepEqual(new Map(rows), new Map([
    ['sendTask callback (queue.js:20)', 11],
    ['Queue.[Symbol.asyncIterator]', 7],
    ['\u2039anonymous:59\u203A', 5],
    ['addCommand/\u2039anonymous:15\u203A', 3],
  ]));
});
