// End to end: `--sample-hot N` (and TSPROF_SAMPLE_HOT=N under tsprof/register) reaches the
// profiled process, whose runtime then records with the sampling recorder: a hot short leaf
// is counted exactly, only some of its calls are timed (`timedCalls`), and a function that
// awaits is timed on every call. Without the option no context carries `timedCalls`.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { cleanEnvironment, repoRoot, runTsprof, scratchDirectory } from '../helpers/cli.mjs';
import { readProfileJson } from '../helpers/profile-checks.mjs';

const CALLS = 20_000;
const PROGRAM = `
function leaf(value) { return (value * 31 + 7) % 1009; }
function loop() { let sum = 0; for (let i = 0; i < ${CALLS}; i++) sum += leaf(i); return sum; }
async function later(value) { await null; return value; }
async function main() { const sum = loop(); for (let i = 0; i < 2000; i++) await later(i); console.log('sum', sum); }
main();
`;

function program() {
  const directory = scratchDirectory();
  const file = join(directory, 'hot.js');
  writeFileSync(file, PROGRAM);
  return { directory, file };
}

function contextsOf(profile, name) {
  const id = profile.functions.findIndex((fn) => fn.name === name);
  return profile.contexts.filter((context) => context.function === id);
}

function assertSampled(profile) {
  const [leaf] = contextsOf(profile, 'leaf');
  assert.equal(leaf.calls, CALLS, 'every call counted');
  assert.ok(leaf.timedCalls !== undefined && leaf.timedCalls < CALLS / 4, `timed ${leaf.timedCalls} of ${CALLS}`);
  const [later] = contextsOf(profile, 'later');
  assert.equal(later.calls, 2000);
  assert.equal(later.timedCalls, undefined, 'a function that awaits is timed on every call');
}

test('tsprof run --sample-hot 16: the hot leaf is sampled, every call counted', async () => {
  const { directory, file } = program();
  const profileFile = join(directory, 'p.json');
  const result = await runTsprof(['--sample-hot', '16', '--include', file, '-o', join(directory, 'calls.dot'), '--profile', profileFile, '--', 'node', file]);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /sum \d+/);
  assertSampled(readProfileJson(profileFile));
});

test('without --sample-hot every call is timed and no context carries timedCalls', async () => {
  const { directory, file } = program();
  const profileFile = join(directory, 'p.json');
  const result = await runTsprof(['--include', file, '-o', join(directory, 'calls.dot'), '--profile', profileFile, '--', 'node', file]);
  assert.equal(result.code, 0, result.stderr);
  const profile = readProfileJson(profileFile);
  assert.equal(contextsOf(profile, 'leaf')[0].calls, CALLS);
  assert.ok(profile.contexts.every((context) => context.timedCalls === undefined));
});

test('tsprof/register with TSPROF_SAMPLE_HOT=16 samples the same way', () => {
  const { directory, file } = program();
  const profileFile = join(directory, 'register.json');
  const result = spawnSync(process.execPath, ['--require', join(repoRoot, 'dist', 'register.js'), file], {
    cwd: directory,
    encoding: 'utf8',
    env: cleanEnvironment({ TSPROF_INCLUDE: file, TSPROF_PROFILE: profileFile, TSPROF_SAMPLE_HOT: '16' }),
  });
  assert.equal(result.status, 0, result.stderr);
  assertSampled(readProfileJson(profileFile));
});
