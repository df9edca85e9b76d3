// Bad input to export, merge and run --export: one clear line, a non-zero exit, and
// nothing written (no output file, no temp file, an existing output left as it was).
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { assertOneLineError, repoRoot, runTsprof, scratchDirectory } from '../helpers/cli.mjs';

const golden = join(repoRoot, 'test', 'golden', 'taskqueue.profile.json');

function directoryWithCorruptProfile() {
  const out = scratchDirectory();
  writeFileSync(join(out, 'corrupt.json'), '{"version": 2, "command": ["node"], "wallMs": 1, "functions": [');
  writeFileSync(join(out, 'wrong.json'), JSON.stringify({ version: 2, command: [], wallMs: 1, functions: [], contexts: [] }));
  writeFileSync(join(out, 'blocker'), 'a regular file where a directory is expected');
  return out;
}

const onlyInputs = (out) => readdirSync(out).sort();

test('export: unknown format, corrupt or invalid input, unwritable output', async () => {
  const out = directoryWithCorruptProfile();
  const before = onlyInputs(out);
  assertOneLineError(await runTsprof(['export', golden, '--format', 'flamegraph', '-o', join(out, 'x')]), /--format.*flamegraph.*pprof, callgrind, speedscope, collapsed/);
  assertOneLineError(await runTsprof(['export', golden, '-o', join(out, 'x')]), /--format/);
  assertOneLineError(await runTsprof(['export', join(out, 'corrupt.json'), '--format', 'pprof', '-o', join(out, 'x.pb.gz')]), /corrupt\.json is not valid JSON/);
  assertOneLineError(await runTsprof(['export', join(out, 'wrong.json'), '--format', 'speedscope', '-o', join(out, 'x.json')]), /wrong\.json is not a valid tsprof profile: "functions" is an empty array/);
  assertOneLineError(await runTsprof(['export', join(out, 'missing.json'), '--format', 'callgrind', '-o', join(out, 'x.out')]), /missing\.json: no such profile/);
  assertOneLineError(await runTsprof(['export', golden, '--format', 'collapsed', '--value', 'bytes', '-o', join(out, 'x')]), /--value.*bytes/);
  assertOneLineError(await runTsprof(['export', golden, '--format', 'pprof', '-o', join(out, 'blocker', 'x.pb.gz')]), /cannot write pprof export .*blocker\/x\.pb\.gz/);
  assertOneLineError(await runTsprof(['export', golden, '--format', 'pprof', '-o', out]), /it is a directory/);
  assert.deepEqual(onlyInputs(out), before, 'nothing written');
});

test('export over an existing file: a corrupt input leaves it as it was', async () => {
  const out = directoryWithCorruptProfile();
  const target = join(out, 'profile.pb.gz');
  writeFileSync(target, 'previous export');
  assertOneLineError(await runTsprof(['export', join(out, 'corrupt.json'), '--format', 'pprof', '-o', target]), /not valid JSON/);
  assert.equal(readFileSync(target, 'utf8'), 'previous export');
});

test('merge: corrupt input, unwritable output; nothing written', async () => {
  const out = directoryWithCorruptProfile();
  const before = onlyInputs(out);
  assertOneLineError(await runTsprof(['merge', golden, join(out, 'corrupt.json'), '-o', join(out, 'merged.json')]), /corrupt\.json is not valid JSON/);
  assertOneLineError(await runTsprof(['merge', join(out, 'wrong.json'), '-o', join(out, 'merged.json')]), /wrong\.json is not a valid tsprof profile/);
  assertOneLineError(await runTsprof(['merge', '-o', join(out, 'merged.json')]), /missing required argument 'profiles'/);
  assertOneLineError(await runTsprof(['merge', golden, '-o', join(out, 'blocker', 'merged.json')]), /cannot write merged profile .*blocker\/merged\.json/);
  assert.deepEqual(onlyInputs(out), before, 'nothing written');
});

test('run --export: an unknown format or an unwritable export stops before the command runs', async () => {
  const out = directoryWithCorruptProfile();
  const marker = join(out, 'ran');
  const command = ['--include', 'fixtures/endings', '--profile', join(out, 'p.json'), '-o', join(out, 'c.dot')];
  const script = ['--', 'node', '-e', `require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'x')`];
  assertOneLineError(await runTsprof([...command, '--export', `svg:${join(out, 'x.svg')}`, ...script]), /--export.*unknown export format "svg"/);
  assertOneLineError(await runTsprof([...command, '--export', 'pprof', ...script]), /--export.*expected pprof:<file>/);
  assertOneLineError(await runTsprof([...command, '--export', `pprof:${join(out, 'blocker', 'p.pb.gz')}`, ...script]), /cannot write pprof export .*blocker/);
  assert.equal(existsSync(marker), false, 'the command never ran');
  assert.deepEqual(onlyInputs(out), ['blocker', 'corrupt.json', 'wrong.json']);
});
