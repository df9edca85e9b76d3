// Each export format on a small hand-made profile of two hosts: what the consumers read back
// equals the profile's numbers per calling context, to the nanosecond.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exportProfile } from '../../dist/cli/outputs.js';
import * as api from '../../dist/index.js';
import { validateProfile } from '../../dist/profile/read.js';
import { contextPaths, decodePprof, frameKey, nanoseconds, readFolded, speedscopeSchemaErrors } from '../helpers/exports.mjs';

/** root → main → publish → encode on alpha, root → main → consume → encode on beta; main and encode ran on both. */
function twoHostProfile() {
  const fn = (id, name, line, processes) => ({ id, name, file: id === 0 ? '' : '/app/queue.js', line, column: 3, ...(processes ? { processes } : {}) });
  const context = (id, parent, fnId, calls, selfMs, totalMs, awaitMs = 0, awaitedMs = 0) => ({ id, parent, function: fnId, calls, selfMs, totalMs, awaitMs, awaitedMs });
  const both = ['alpha/10:0', 'beta/10:0'];
  return validateProfile({
    version: 2,
    command: ['node', 'app.js'],
    startedAt: '2026-01-01T00:00:00.000Z',
    wallMs: 200,
    functions: [fn(0, '(root)', 0), fn(1, 'main', 1, both), fn(2, 'publish', 10, ['alpha/10:0']), fn(3, 'encode', 20, both), fn(4, 'consume', 30, ['beta/10:0'])],
    contexts: [
      context(0, -1, 0, 0, 12.3456789, 0),
      context(1, 0, 1, 2, 0.0000004, 90),
      context(2, 1, 2, 7, 1.2345678, 60, 40.0000006, 30.5),
      context(3, 2, 3, 7, 0.1111111, 0.2),
      context(4, 1, 4, 5, 2.5, 20, 10.25),
      context(5, 4, 3, 5, 0.3333333, 0.4),
    ],
    foldedCalls: 0,
    processes: [
      { pid: 10, threadId: 0, host: 'alpha', argv: ['node', '/app/app.js'], wallMs: 100 },
      { pid: 10, threadId: 0, host: 'beta', argv: ['node', '/app/app.js'], wallMs: 100 },
    ],
    files: ['/app/queue.js'],
  }, 'two hosts');
}

test('pprof: sample types, default, comment; one sample per context with its stack and its numbers to the nanosecond', () => {
  const profile = twoHostProfile();
  const pprof = decodePprof(exportProfile(profile, 'pprof'));
  assert.deepEqual(pprof.sampleTypes, ['calls/count', 'self/nanoseconds', 'await/nanoseconds', 'wall/nanoseconds']);
  assert.equal(pprof.defaultSampleType, 'wall');
  assert.deepEqual(pprof.comments, ['tsprof: node app.js']);
  const paths = contextPaths(profile);
  assert.equal(pprof.samples.length, profile.contexts.length);
  for (const context of profile.contexts) {
    const samples = pprof.samples.filter((sample) => sample.stack.map(frameKey).join(';') === paths[context.id]);
    assert.equal(samples.length, 1, `one sample for ${paths[context.id]}`);
    const self = nanoseconds(context.selfMs);
    const awaited = nanoseconds(context.awaitMs);
    assert.deepEqual(samples[0].values, [context.calls, self, awaited, self + awaited], paths[context.id]);
  }
  const publish = pprof.samples.find((sample) => sample.stack.at(-1).name === 'publish');
  assert.deepEqual(publish.stack.at(-1), { name: 'publish', file: '/app/queue.js', line: 10, column: 3 });
});

test('pprof labels: pid, thread and host of the processes a sample comes from; several when a merge summed them', () => {
  const pprof = decodePprof(exportProfile(twoHostProfile(), 'pprof'));
  const labelsOf = (name) => pprof.samples.find((sample) => sample.stack.at(-1).name === name).labels;
  assert.deepEqual(labelsOf('publish'), [['pid', '10'], ['thread', '0'], ['host', 'alpha']]);
  assert.deepEqual(labelsOf('consume'), [['pid', '10'], ['thread', '0'], ['host', 'beta']]);
  assert.deepEqual(labelsOf('main').filter(([key]) => key === 'host'), [['host', 'alpha'], ['host', 'beta']]);
});

test('collapsed: one line per context, values in ns or calls, each measure sums to the profile total', () => {
  const profile = twoHostProfile();
  const sum = (measure) => profile.contexts.reduce((total, context) => total + measure(context), 0);
  const expected = {
    self: sum((context) => nanoseconds(context.selfMs)),
    await: sum((context) => nanoseconds(context.awaitMs)),
    total: sum((context) => nanoseconds(context.selfMs) + nanoseconds(context.awaitMs)),
    calls: sum((context) => context.calls),
  };
  for (const [value, total] of Object.entries(expected)) {
    const { stacks, sum: folded } = readFolded(exportProfile(profile, 'collapsed', { value }));
    assert.equal(folded, total, `--value ${value}`);
    assert.ok([...stacks.values()].every((number) => number > 0), 'no zero lines');
  }
  const { stacks } = readFolded(exportProfile(profile, 'collapsed', { value: 'calls' }));
  assert.equal(stacks.get('main;publish;encode'), 7);
  assert.equal(stacks.get('main;consume;encode'), 5);
  assert.ok(Math.abs(expected.self / 1e6 - sum((context) => context.selfMs)) < 1e-5, 'ns sums are the ms sums');
});

test('speedscope: valid against the schema speedscope ships; one profile per process (shared functions together) and weight', () => {
  const file = JSON.parse(exportProfile(twoHostProfile(), 'speedscope'));
  assert.equal(speedscopeSchemaErrors(file), null);
  assert.equal(file.$schema, 'https://www.speedscope.app/file-format-schema.json');
  assert.deepEqual(file.shared.frames[2], { name: 'publish', file: '/app/queue.js', line: 10, col: 3 });
  const names = file.profiles.map((profile) => profile.name);
  assert.deepEqual(names, [
    'process 10 on alpha: node app.js + process 10 on beta: node app.js — self + await',
    'process 10 on alpha: node app.js + process 10 on beta: node app.js — self',
    'process 10 on alpha: node app.js — self + await',
    'process 10 on alpha: node app.js — self',
    'process 10 on beta: node app.js — self + await',
    'process 10 on beta: node app.js — self',
  ]);
  const alpha = file.profiles[2];
  const frameNames = (stack) => stack.map((frame) => file.shared.frames[frame].name).join(';');
  assert.deepEqual(alpha.samples.map(frameNames), ['main;publish']);
  assert.deepEqual(alpha.weights, [nanoseconds(1.2345678) + nanoseconds(40.0000006)]);
  assert.equal(alpha.endValue, alpha.weights[0]);
  assert.equal(alpha.unit, 'nanoseconds');
});

test('callgrind: events header, own costs per function, calls= with inclusive costs of the subtree', () => {
  const text = exportProfile(twoHostProfile(), 'callgrind');
  assert.match(text, /^# callgrind format\n/);
  assert.match(text, /^events: Self Await Wall Calls$/m);
  assert.match(text, /^positions: line$/m);
  const block = (name) => text.split('\n\n').find((part) => part.includes(`\nfn=${name}\n`));
  const main = block('main');
  // Relative to the directory that holds every source file: callgrind_annotate reads them the same from anywhere.
  assert.match(text, /^# source files are relative to \/app$/m);
  assert.match(main, /^fl=queue\.js$/m);
  const publishCall = main.match(/cfn=publish\ncalls=(\d+) 10\n1 (\d+) (\d+) (\d+) (\d+)/);
  assert.ok(publishCall, main);
  const inclusiveSelf = nanoseconds(1.2345678) + nanoseconds(0.1111111);
  const inclusiveAwait = nanoseconds(40.0000006);
  assert.deepEqual(publishCall.slice(1).map(Number), [7, inclusiveSelf, inclusiveAwait, inclusiveSelf + inclusiveAwait, 14]);
  assert.match(block('encode'), /^20 \d+ 0 \d+ 12$/m, 'encode: own calls summed over both contexts');
});

test('the public API exports the same writers and the upgrade', () => {
  const profile = twoHostProfile();
  assert.equal(api.exportProfile(profile, 'callgrind'), exportProfile(profile, 'callgrind'));
  assert.deepEqual(api.EXPORT_FORMAT_NAMES, ['pprof', 'callgrind', 'speedscope', 'collapsed']);
});
