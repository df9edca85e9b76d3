// tsprof/register's first process writes the merged profile itself: its own part stays in memory
// (runtime/session.ts keepFinalPart), its children's and workers' come through the parts directory.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { cleanEnvironment, repoRoot, scratchDirectory } from '../helpers/cli.mjs';

const REGISTER = join(repoRoot, 'dist', 'register.js');

test("the first process merges its own part, kept in memory, with a child process's and a worker thread's", () => {
  const directory = scratchDirectory('tsprof-register-');
  const temporary = join(directory, 'tmp');
  mkdirSync(temporary);
  mkdirSync(join(directory, 'lib'));
  writeFileSync(join(directory, 'lib', 'work.js'), 'exports.step = function step(n) { return n + 1 };\n');
  writeFileSync(join(directory, 'child.js'), "const { step } = require('./lib/work'); let n = 0; for (let i = 0; i < 7; i++) n = step(n);\n");
  writeFileSync(
    join(directory, 'app.js'),
    [
      "const { execFileSync } = require('node:child_process');",
      "const { Worker } = require('node:worker_threads');",
      "const { step } = require('./lib/work');",
      'let n = 0; for (let i = 0; i < 5; i++) n = step(n);',
      "execFileSync(process.execPath, ['child.js'], { stdio: 'inherit' });",
      "const worker = new Worker(\"const { step } = require('./lib/work'); let n = 0; for (let i = 0; i < 3; i++) n = step(n);\", { eval: true });",
      "worker.on('exit', () => console.log('done', n));",
      '',
    ].join('\n'),
  );
  // Through NODE_OPTIONS, as docs/loaders.md has it, so that the child process loads it too.
  const run = spawnSync(process.execPath, ['app.js'], {
    cwd: directory,
    encoding: 'utf8',
    env: cleanEnvironment({ NODE_OPTIONS: `--require ${REGISTER}`, TSPROF_INCLUDE: 'lib', TSPROF_PROFILE: 'profile.json', TMPDIR: temporary }),
  });
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout, 'done 5\n');
  assert.match(run.stderr, /^tsprof: wrote .*profile\.json\n$/);
  const profile = JSON.parse(readFileSync(join(directory, 'profile.json'), 'utf8'));
  const step = profile.functions.find((fn) => fn.name === 'step');
  assert.ok(step, 'step is in the profile');
  const calls = profile.contexts.filter((context) => context.function === step.id).reduce((sum, context) => sum + context.calls, 0);
  assert.equal(calls, 5 + 7 + 3, 'the calls of all three: the first process, its child and its worker');
  assert.equal(profile.processes.length, 3);
  assert.equal(new Set(profile.processes.map((process) => process.pid)).size, 2, 'two processes, one of them with a worker');
  assert.equal(step.processes.length, 3);
  // The parts directory, made under TMPDIR, is gone: nothing of this process's part was left behind.
  assert.deepEqual(readdirSync(temporary), []);
});

test('a program that handles SIGTERM itself: the snapshot written at the signal is replaced by the final part, not added to it', () => {
  const directory = scratchDirectory('tsprof-register-');
  mkdirSync(join(directory, 'lib'));
  writeFileSync(join(directory, 'lib', 'work.js'), 'exports.step = function step(n) { return n + 1 };\n');
  writeFileSync(
    join(directory, 'app.js'),
    [
      "const { step } = require('./lib/work');",
      'let n = 0; for (let i = 0; i < 4; i++) n = step(n);',
      // tsprof writes a snapshot when a signal comes that the program handles; the program then does more and exits.
      "process.on('SIGTERM', () => { for (let i = 0; i < 6; i++) n = step(n); console.log('done', n); process.exit(0); });",
      "process.kill(process.pid, 'SIGTERM');",
      'setTimeout(() => {}, 10_000);',
      '',
    ].join('\n'),
  );
  const run = spawnSync(process.execPath, ['app.js'], {
    cwd: directory,
    encoding: 'utf8',
    env: cleanEnvironment({ NODE_OPTIONS: `--require ${REGISTER}`, TSPROF_INCLUDE: 'lib', TSPROF_PROFILE: 'profile.json' }),
  });
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout, 'done 10\n');
  const profile = JSON.parse(readFileSync(join(directory, 'profile.json'), 'utf8'));
  const step = profile.functions.find((fn) => fn.name === 'step');
  const calls = profile.contexts.filter((context) => context.function === step.id).reduce((sum, context) => sum + context.calls, 0);
  assert.equal(calls, 10, 'each call once: the final part only');
  assert.equal(profile.processes.length, 1);
});
