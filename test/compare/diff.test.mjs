// diffRuns: functions and calling contexts matched by the one identity key,
// exact counts, new and vanished, counts that vary between runs, --per.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { placesAfterEdit, tableOf } from '../helpers/diff-profiles.mjs';

const require = createRequire(import.meta.url);
const { diffRuns, CompareInputError } = require('../../dist/compare/diff.js');
const { DEFAULT_VERDICT_SETTINGS } = require('../../dist/compare/verdict.js');

const settings = DEFAULT_VERDICT_SETTINGS;
const PUBLISH_PATH = ['sendTask', 'publish'];

function publishRun(dumpsPerPublish, { publishes = 100, extra = [] } = {}) {
  return [
    { path: ['sendTask'], calls: publishes, selfMs: 5 },
    { path: PUBLISH_PATH, calls: publishes, selfMs: 20 },
    { path: [...PUBLISH_PATH, 'dumps'], calls: publishes * dumpsPerPublish, selfMs: 10 * dumpsPerPublish },
    { path: [...PUBLISH_PATH, 'dumps', 'crc32'], calls: publishes * dumpsPerPublish, selfMs: 4 * dumpsPerPublish },
    ...extra,
  ];
}

const byName = (diff, name) => diff.functions.find((entry) => entry.place.name === name);
const byPath = (diff, names) => diff.contexts.find((entry) => entry.path.map((place) => place.name).join(' > ') === names.join(' > '));

test('a serializer running twice per publish: exactly N -> 2N for it and what it calls, nothing else', () => {
  const diff = diffRuns([tableOf(publishRun(1))], [tableOf(publishRun(2))], { settings });
  assert.deepEqual(
    diff.functions.filter((entry) => entry.calls !== 'same').map((entry) => [entry.place.name, entry.calls, entry.base.calls, entry.head.calls]),
    [
      ['crc32', 'more', 100, 200],
      ['JsonSerializer.dumps', 'more', 100, 200],
    ],
  );
  assert.equal(byPath(diff, ['QueueApp.sendTask', 'Producer.publish', 'JsonSerializer.dumps']).head.calls, 200);
  assert.equal(byPath(diff, ['QueueApp.sendTask', 'Producer.publish']).calls, 'same');
});

test('the same profile against itself: no count changes, times not judged with one run each', () => {
  const diff = diffRuns([tableOf(publishRun(1))], [tableOf(publishRun(1))], { settings });
  assert.ok(diff.functions.every((entry) => entry.calls === 'same'));
  assert.ok(diff.contexts.every((entry) => entry.calls === 'same'));
  assert.deepEqual(byName(diff, 'Producer.publish').time.selfMs, { verdict: 'not judged', reason: '1 run each' });
});

test("tsprof's own instrumenting node (a cold cache in one run only) is no change", () => {
  const cold = publishRun(1, { extra: [{ path: ['sendTask', 'instrumenting'], calls: 2, selfMs: 300 }] });
  const diff = diffRuns([tableOf(cold)], [tableOf(publishRun(1))], { settings });
  assert.equal(byName(diff, '(tsprof: instrumenting)'), undefined);
  assert.ok(diff.contexts.every((entry) => entry.calls === 'same' && !entry.path.some((place) => place.name === '(tsprof: instrumenting)')));
});

test('new and vanished functions and paths have a null side', () => {
  const diff = diffRuns([tableOf(publishRun(1, { extra: [{ path: ['acquire'], calls: 100, selfMs: 1 }] }))], [tableOf(publishRun(1, { extra: [{ path: [...PUBLISH_PATH, 'logSize'], calls: 100, selfMs: 1 }] }))], { settings });
  const added = byName(diff, 'logSize');
  assert.equal(added.calls, 'new');
  assert.equal(added.base, null);
  assert.equal(added.time, undefined);
  const removed = byName(diff, 'ProducerPool.acquire');
  assert.equal(removed.calls, 'vanished');
  assert.equal(removed.head, null);
  assert.equal(byPath(diff, ['QueueApp.sendTask', 'Producer.publish', 'logSize']).calls, 'new');
});

test('two functions of one name and line are told apart by column (the identity key), never merged', () => {
  const base = tableOf([{ path: ['mapFirst'], calls: 10 }, { path: ['mapSecond'], calls: 10 }]);
  const head = tableOf([{ path: ['mapFirst'], calls: 10 }, { path: ['mapSecond'], calls: 20 }]);
  const diff = diffRuns([base], [head], { settings });
  assert.deepEqual(
    diff.functions.map((entry) => [entry.place.column, entry.calls]),
    [
      [20, 'same'],
      [41, 'more'],
    ],
  );
});

test('two lines added at the top of a file: every function below is still itself, matched by name and file', () => {
  const edited = placesAfterEdit('/app/src/queue/serializer.js', 1, 2);
  const diff = diffRuns([tableOf(publishRun(1))], [tableOf(publishRun(2), 'head.json', { places: edited })], { settings });
  assert.deepEqual(
    diff.functions.map((entry) => [entry.place.name, entry.place.line, entry.calls]),
    [
      ['crc32', 85, 'more'],
      ['JsonSerializer.dumps', 20, 'more'],
      ['Producer.publish', 29, 'same'],
      ['QueueApp.sendTask', 45, 'same'],
    ],
  );
  assert.equal(byPath(diff, ['QueueApp.sendTask', 'Producer.publish', 'JsonSerializer.dumps', 'crc32']).calls, 'more');
  assert.ok(diff.contexts.every((entry) => entry.base && entry.head), 'no path vanished or new');
});

test('functions sharing a name in one file pair up in source order when their lines move; one more is new', () => {
  const moved = { ...placesAfterEdit('/app/src/queue/app.js', 1, 3), mapThird: { name: '<anonymous>', file: '/app/src/queue/app.js', line: 120, column: 5 } };
  const base = tableOf([{ path: ['mapFirst'], calls: 10 }, { path: ['mapSecond'], calls: 10 }]);
  const head = tableOf([{ path: ['mapFirst'], calls: 10 }, { path: ['mapSecond'], calls: 20 }, { path: ['mapThird'], calls: 1 }], 'head.json', { places: moved });
  const diff = diffRuns([base], [head], { settings });
  assert.deepEqual(
    diff.functions.map((entry) => [entry.place.line, entry.place.column, entry.calls]),
    [
      [93, 20, 'same'],
      [93, 41, 'more'],
      [120, 5, 'new'],
    ],
  );
});

test('calls that differ between runs of one side (socket chunks) vary; they change only when the ranges part', () => {
  const run = (chunks) => tableOf([{ path: ['onData'], calls: chunks, selfMs: 3 }]);
  const overlapping = diffRuns([run(1413), run(1428)], [run(1418), run(1430)], { settings });
  assert.equal(byName(overlapping, 'Transport.onData').calls, 'varies');
  assert.deepEqual(byName(overlapping, 'Transport.onData').base.callsRange, [1413, 1428]);
  const parted = diffRuns([run(1413), run(1428)], [run(2800), run(2830)], { settings });
  assert.equal(byName(parted, 'Transport.onData').calls, 'more');
  // Present in some runs of a side only: it comes and goes, it did not vanish.
  const sometimes = diffRuns([run(5), tableOf([{ path: ['crc32'], calls: 1 }])], [tableOf([{ path: ['crc32'], calls: 1 }])], { settings });
  assert.equal(byName(sometimes, 'Transport.onData').calls, 'varies');
});

test('calls that vary between runs are said in words: a range per run on each side', () => {
  const { formatDiff } = require('../../dist/compare/diff-format.js');
  const run = (chunks) => tableOf([{ path: ['onData'], calls: chunks, selfMs: 3 }]);
  const text = formatDiff(diffRuns([run(0), run(10)], [run(3), run(12)], { settings }), { format: 'text', top: 20, cwd: '/app' });
  assert.match(text, /Transport\.onData \(base 0 to 10 calls per run, head 3 to 12 calls per run\)/);
  assert.doesNotMatch(text, /0\.\.10/);
});

test('--per divides every count by the calls of the matching functions, so runs of different length compare', () => {
  const diff = diffRuns([tableOf(publishRun(1, { publishes: 100 }))], [tableOf(publishRun(1, { publishes: 250 }))], { settings, per: /^Producer\.publish$/ });
  assert.ok(diff.functions.every((entry) => entry.calls === 'same'), 'per publish, nothing changed');
  assert.equal(byName(diff, 'JsonSerializer.dumps').head.calls, 1);
  assert.deepEqual([diff.base.perCalls, diff.head.perCalls], [[100], [250]]);
  const doubled = diffRuns([tableOf(publishRun(1, { publishes: 100 }))], [tableOf(publishRun(2, { publishes: 250 }))], { settings, per: /^Producer\.publish$/ });
  assert.deepEqual([byName(doubled, 'JsonSerializer.dumps').base.calls, byName(doubled, 'JsonSerializer.dumps').head.calls], [1, 2]);
});

test('--per that matches no called function is one clear error naming the side and file', () => {
  assert.throws(
    () => diffRuns([tableOf(publishRun(1), 'base.json')], [tableOf(publishRun(1), 'head.json')], { settings, per: /^sendEmail$/ }),
    (error) => error instanceof CompareInputError && /--per \/\^sendEmail\$\/: matches no function in base base\.json/.test(error.message),
  );
});

test('the base and head of a pull request, checked out in two directories, are the same functions', async () => {
  const { mkdirSync, mkdtempSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { ProfileBuilder } = require('../../dist/profile/builder.js');
  const { runTable } = require('../../dist/compare/runs.js');
  const workspace = mkdtempSync(join(tmpdir(), 'tsprof-checkouts-'));
  const checkoutProfile = (side, calls) => {
    mkdirSync(join(workspace, side, 'src'), { recursive: true });
    writeFileSync(join(workspace, side, 'package.json'), '{ "name": "app" }');
    const builder = new ProfileBuilder();
    const fn = builder.functionId({ name: 'encode', file: join(workspace, side, 'src', 'codec.js'), line: 3, column: 1 });
    builder.addContext(0, fn, { calls, selfMs: 1, totalMs: 1, awaitMs: 0, awaitedMs: 0 });
    return runTable(builder.build({ command: [], startedAt: '', wallMs: 1, foldedCalls: 0, processes: [], files: [] }), `${side}.json`);
  };
  const diff = diffRuns([checkoutProfile('base', 10)], [checkoutProfile('head', 20)], { settings });
  assert.deepEqual(diff.functions.map((entry) => [entry.place.name, entry.calls, entry.base.calls, entry.head.calls]), [['encode', 'more', 10, 20]]);
  assert.equal(diff.functions[0].place.file, join(workspace, 'head', 'src', 'codec.js'), "the head's place is shown");
});

test('version 1 profiles (no calling contexts) compare per function; the path section says why it is empty', () => {
  const { runTable } = require('../../dist/compare/runs.js');
  const { formatDiff } = require('../../dist/compare/diff-format.js');
  const v1 = (calls) => ({
    version: 1,
    command: ['node', 'app.js'],
    startedAt: '',
    wallMs: 100,
    nodes: [
      { id: 0, name: '(root)', file: '', line: 0, calls: 0, selfMs: 0, totalMs: 0, awaitMs: 0 },
      { id: 1, name: 'encode', file: '/app/codec.js', line: 3, calls, selfMs: 5, totalMs: 5, awaitMs: 0 },
    ],
    edges: [{ caller: 0, callee: 1, calls, totalMs: 5, awaitMs: 0 }],
    processes: [],
    files: [],
  });
  const { validateProfile } = require('../../dist/profile/read.js');
  const read = (calls) => validateProfile(v1(calls), 'v1.json');
  const diff = diffRuns([runTable(read(10), 'old.json')], [runTable(read(20), 'new.json')], { settings });
  assert.deepEqual(diff.functions.map((entry) => [entry.place.name, entry.calls]), [['encode', 'more']]);
  assert.deepEqual(diff.contexts, []);
  assert.match(formatDiff(diff, { format: 'text', cwd: '/app' }), /\(no calling contexts \(version 1 profiles\)\)/);
});
