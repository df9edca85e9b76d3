// The profile format: merging parts from several processes, validation, atomic writes.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeFileAtomic } from '../../dist/file-system.js';
import { mergeProfiles } from '../../dist/profile/merge.js';
import { ProfileFormatError, readProfile, validateProfile } from '../../dist/profile/read.js';
import { scratchDirectory } from '../helpers/cli.mjs';

function part(pid, threadId, publishCalls) {
  return {
    version: 1,
    command: ['node', 'app.js'],
    startedAt: '2026-01-01T00:00:00.000Z',
    wallMs: 100,
    nodes: [
      { id: 0, name: '(root)', file: '', line: 0, calls: 0, selfMs: 50, totalMs: 0, awaitMs: 0 },
      { id: 1, name: 'publish', file: '/app/producer.js', line: 10, calls: publishCalls, selfMs: 5, totalMs: 20, awaitMs: 10 },
      { id: 2, name: `only in ${pid}`, file: '/app/x.js', line: 1, calls: 1, selfMs: 1, totalMs: 1, awaitMs: 0 },
    ],
    edges: [
      { caller: 0, callee: 1, calls: publishCalls, totalMs: 20, awaitMs: 0 },
      { caller: 1, callee: 2, calls: 1, totalMs: 1, awaitMs: 0.5 },
    ],
    processes: [{ pid, threadId, argv: ['node'], wallMs: 100 }],
    files: ['/app/producer.js', '/app/x.js'],
  };
}

test('parts merge by function identity; counts and times add up; processes are listed', () => {
  const merged = mergeProfiles([part(1, 0, 3), part(2, 1, 4)], ['node', 'app.js'], '2026-01-01T00:00:00.000Z', 150);
  assert.equal(merged.wallMs, 150);
  assert.equal(merged.nodes[0].name, '(root)');
  const publish = merged.nodes.find((node) => node.name === 'publish');
  assert.equal(publish.calls, 7);
  assert.equal(publish.totalMs, 40);
  assert.deepEqual(publish.processes, ['1:0', '2:1']);
  const rootToPublish = merged.edges.find((edge) => edge.caller === 0 && edge.callee === publish.id);
  assert.equal(rootToPublish.calls, 7);
  assert.equal(merged.nodes.filter((node) => node.name.startsWith('only in')).length, 2);
  assert.equal(merged.processes.length, 2);
  assert.deepEqual(merged.files, ['/app/producer.js', '/app/x.js']);
  validateProfile(merged, 'merged');
});

test('the instrumented wall time spans the processes that ran instrumented code, not the launcher around them', () => {
  const first = part(1, 0, 1);
  const second = part(2, 0, 1);
  first.processes[0].timeOriginMs = 1_000_000;
  second.processes[0].timeOriginMs = 1_000_050;
  const merged = mergeProfiles([first, second], ['npx', 'tsx', 'app.ts'], '2026-01-01T00:00:00.000Z', 900);
  assert.equal(merged.wallMs, 900, 'the whole command, as before');
  assert.equal(merged.instrumentedWallMs, 150, 'from the first start (+0) to the last end (+50 + 100)');
  assert.equal(mergeProfiles([part(1, 0, 1)], ['node'], '', 900).instrumentedWallMs, undefined, 'unknown without start times');
});

test('validation says what is wrong, in one line', () => {
  const cases = [
    [null, /not a tsprof profile/],
    [{ ...part(1, 0, 1), version: 2 }, /profile version 2; this tsprof reads version 1/],
    [{ ...part(1, 0, 1), nodes: 'x' }, /"nodes" is not an array/],
    [{ ...part(1, 0, 1), edges: [{ caller: 0, callee: 9, calls: 1, totalMs: 1, awaitMs: 0 }] }, /edges\[0\] refers to a node that does not exist/],
    [{ ...part(1, 0, 1), nodes: [{ id: 0, name: 'x' }] }, /nodes\[0\] lacks/],
  ];
  for (const [data, message] of cases) {
    assert.throws(() => validateProfile(data, 'p.json'), (error) => error instanceof ProfileFormatError && message.test(error.message) && !error.message.includes('\n'));
  }
});

test('reading: missing file and invalid JSON are clear errors', () => {
  const directory = scratchDirectory();
  assert.throws(() => readProfile(join(directory, 'none.json')), /none\.json: no such profile/);
  writeFileSync(join(directory, 'bad.json'), '{"version": 1,');
  assert.throws(() => readProfile(join(directory, 'bad.json')), /bad\.json is not valid JSON/);
  writeFileSync(join(directory, 'good.json'), JSON.stringify(part(1, 0, 2)));
  assert.equal(readProfile(join(directory, 'good.json')).nodes.length, 3);
});

test('atomic writes leave no temporary files and replace the old content whole', () => {
  const directory = scratchDirectory();
  const file = join(directory, 'profile.json');
  writeFileAtomic(file, 'old');
  writeFileAtomic(file, 'new content');
  assert.equal(readFileSync(file, 'utf8'), 'new content');
  assert.deepEqual(readdirSync(directory), ['profile.json']);
  assert.throws(() => writeFileAtomic(join(directory, 'missing', 'x.json'), 'x'));
  assert.deepEqual(readdirSync(directory), ['profile.json']);
});
