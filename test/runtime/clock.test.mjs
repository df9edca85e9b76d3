// The probes' clock reads process.hrtime on process.uptime's scale (this thread's start):
// profiles state wall times in it. It must not load perf_hooks: its first `performance`
// read loads ten of Node's modules in every profiled process and thread.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { clock, clockOriginEpochMs } from '../../dist/runtime/intrinsics.js';
import { cleanEnvironment, repoRoot, scratchDirectory } from '../helpers/cli.mjs';

test('the clock reads as process.uptime does, to well under a millisecond', () => {
  for (let read = 0; read < 100; read++) {
    const before = process.uptime() * 1000;
    const now = clock();
    const after = process.uptime() * 1000;
    assert.ok(now >= before - 0.25 && now <= after + 0.25, `clock ${now} outside [${before}, ${after}]`);
  }
});

test('the clock never goes back', () => {
  let last = clock();
  for (let read = 0; read < 10_000; read++) {
    const now = clock();
    assert.ok(now >= last);
    last = now;
  }
});

test("the clock's 0 is when the process started, to a few milliseconds of performance's", () => {
  // Node 24 puts uptime's 0 some 9 ms after performance.timeOrigin; Date.now has a millisecond's grain.
  assert.ok(Math.abs(clockOriginEpochMs() - performance.timeOrigin) < 20, `${clockOriginEpochMs()} vs ${performance.timeOrigin}`);
});

test('a profiled process that never reads performance does not load perf_hooks', () => {
  const directory = scratchDirectory();
  const program = join(directory, 'quiet.js');
  // Its own 'exit' listener runs after tsprof's (added first, by the preload): the part written, the profile merged.
  writeFileSync(program, `function add(a, b) { return a + b }\nlet sum = 0;\nfor (let i = 0; i < 100; i++) sum = add(sum, i);\nprocess.on('exit', () => console.log(JSON.stringify(process.moduleLoadList.filter((name) => /perf/.test(name)))));\n`);
  const run = (args, env) => spawnSync(process.execPath, [...args, program], { cwd: directory, encoding: 'utf8', env: cleanEnvironment(env) });
  const plain = run([], {});
  const profiled = run(['--require', join(repoRoot, 'dist', 'register.js')], { TSPROF_INCLUDE: program, TSPROF_PROFILE: join(directory, 'p.json') });
  assert.equal(profiled.status, 0, profiled.stderr);
  assert.match(profiled.stderr, /wrote/);
  // Node's own start loads perf's bindings and utilities; performance's modules come with its first read.
  assert.ok(JSON.parse(plain.stdout).length < 5, plain.stdout);
  assert.deepEqual(JSON.parse(profiled.stdout), JSON.parse(plain.stdout));
});
