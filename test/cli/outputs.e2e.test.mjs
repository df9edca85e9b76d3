// Outputs are checked before the command runs, and tsprof only ever replaces
// regular files it writes: links are written through, devices, pipes and
// sockets are refused with one line.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { assertOneLineError, runTsprof, scratchDirectory } from '../helpers/cli.mjs';

const scratch = () => scratchDirectory('tsprof-outputs-');

/** A program that leaves a mark when it runs, so a test can tell it never started. */
function markingProgram(directory) {
  const program = join(directory, 'app.cjs');
  writeFileSync(program, `function mark() { require('fs').writeFileSync(${JSON.stringify(join(directory, 'ran'))}, '') }\nmark();\n`);
  return program;
}

test('--profile through a symbolic link writes the target and keeps the link', async () => {
  const out = scratch();
  const program = markingProgram(out);
  writeFileSync(join(out, 'kept.json'), 'old');
  symlinkSync('kept.json', join(out, 'link.json'));
  const result = await runTsprof(['--include', program, '-o', join(out, 'calls.dot'), '--profile', join(out, 'link.json'), '--', 'node', program]);
  assert.equal(result.code, 0, result.stderr);
  assert.ok(lstatSync(join(out, 'link.json')).isSymbolicLink(), 'still a link');
  assert.match(readFileSync(join(out, 'kept.json'), 'utf8'), /"version"/);
});

test('a named pipe as output is refused before the command runs', async () => {
  const out = scratch();
  const program = markingProgram(out);
  execFileSync('mkfifo', [join(out, 'calls.dot')]);
  const result = await runTsprof(['--include', program, '-o', join(out, 'calls.dot'), '--profile', join(out, 'p.json'), '--', 'node', program], { timeoutMs: 30_000 });
  assertOneLineError(result, /cannot write output .*calls\.dot: it is a named pipe \(FIFO\), not a regular file/);
  assert.ok(lstatSync(join(out, 'calls.dot')).isFIFO(), 'the pipe is still there');
  assert.ok(!existsSync(join(out, 'ran')), 'the command never started');
});

test('a device as profile is refused and left alone', async (t) => {
  const out = scratch();
  const program = markingProgram(out);
  try {
    execFileSync('mknod', [join(out, 'full'), 'c', '1', '7'], { stdio: 'ignore' });
  } catch {
    t.skip('cannot create a device node here (needs root)');
    return;
  }
  const result = await runTsprof(['--include', program, '-o', join(out, 'calls.dot'), '--profile', join(out, 'full'), '--', 'node', program]);
  assertOneLineError(result, /cannot write profile .*full: it is a character device, not a regular file/);
  assert.ok(lstatSync(join(out, 'full')).isCharacterDevice());
  assert.ok(!existsSync(join(out, 'ran')));
});

test('an output format tsprof cannot draw is refused before the command runs', async () => {
  const out = scratch();
  const program = markingProgram(out);
  const result = await runTsprof(['--include', program, '-o', join(out, 'x.jpg'), '--profile', join(out, 'p.json'), '--', 'node', program]);
  assertOneLineError(result, /unknown output format "\.jpg"; use a \.png, \.svg, \.dot or \.html file name/);
  assert.ok(!existsSync(join(out, 'ran')), 'the command never started');
  assert.deepEqual(readdirSync(out).sort(), ['app.cjs']);
});

test('tsprof render refuses a pipe as output too', async () => {
  const out = scratch();
  execFileSync('mkfifo', [join(out, 'calls.svg')]);
  const result = await runTsprof(['render', 'test/golden/taskqueue.profile.json', '-o', join(out, 'calls.svg')], { timeoutMs: 30_000 });
  assertOneLineError(result, /cannot write output .*calls\.svg: it is a named pipe/);
  assert.ok(lstatSync(join(out, 'calls.svg')).isFIFO());
});
