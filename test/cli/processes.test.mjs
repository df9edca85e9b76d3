// cli/processes.ts: the processes of a run are found by their environment, and
// only among those started after tsprof (every process of a run is).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const PROCESSES = require.resolve('../../dist/cli/processes.js');
const MARK = `tsprof-processes-test-${process.pid}-${Date.now()}`;
const LINGER = 'setTimeout(() => {}, 60_000)';

test('a process with the mark started before the looking one is not looked at; one started after it is found, the looking one never', { skip: process.platform !== 'linux' && 'Linux only (/proc)' }, () => {
  const before = spawn(process.execPath, ['-e', LINGER], { env: { ...process.env, MARK }, stdio: 'ignore' });
  try {
    const script = `
      const { spawn } = require('node:child_process');
      const { processesWithEnvironment } = require(${JSON.stringify(PROCESSES)});
      const after = spawn(process.execPath, ['-e', ${JSON.stringify(LINGER)}], { env: { ...process.env, MARK: ${JSON.stringify(MARK)} }, stdio: 'ignore' });
      setTimeout(() => {
        const found = processesWithEnvironment(${JSON.stringify(MARK)});
        after.kill();
        process.stdout.write(JSON.stringify({ found, after: after.pid, self: process.pid }));
      }, 300);`;
    const looking = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { ...process.env, LOOKING: MARK } });
    assert.equal(looking.status, 0, looking.stderr);
    const { found, after, self } = JSON.parse(looking.stdout);
    assert.deepEqual(found, [after], `before ${before.pid}, after ${after}, the looking one ${self}`);
    // Seen from here, started after this test's process, both are found.
    assert.ok(require(PROCESSES).processesWithEnvironment(MARK).includes(before.pid));
  } finally {
    before.kill();
  }
});

test('which pids may be after ours: above it up to the newest, both sides of a wrap, and any once a lap may have passed or /proc does not say', () => {
  const { mayBeAfterOurs } = require(PROCESSES);
  const clock = { own: 1000, newest: 1500, forksSinceStart: 600, pidMax: 32768 };
  assert.deepEqual([999, 1000, 1001, 1500, 1501, 30000].map((pid) => mayBeAfterOurs(pid, clock)), [false, false, true, true, false, false]);
  // Wrapped past pid_max: above ours, or from the bottom up to the newest.
  const wrapped = { ...clock, newest: 400 };
  assert.deepEqual([300, 400, 401, 999, 1001, 32767].map((pid) => mayBeAfterOurs(pid, wrapped)), [true, true, false, false, true, true]);
  // As many forks as half a lap: the newest may have come round past ours again, so every pid may be of the run.
  assert.deepEqual([5, 999, 1500, 1501].map((pid) => mayBeAfterOurs(pid, { ...clock, forksSinceStart: 16384 })), [true, true, true, true]);
  for (const unknown of ['newest', 'forksSinceStart', 'pidMax']) assert.equal(mayBeAfterOurs(5, { ...clock, [unknown]: null }), true, unknown);
});
