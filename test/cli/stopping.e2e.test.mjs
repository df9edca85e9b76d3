// --duration and --kill-after stop the whole tree of processes the command started, also
// when a wrapper (npx, tsx, a shell) stands between tsprof and the program: the worker's part,
// written by tsprof's SIGTERM handler in it, is merged, tsprof exits 0, and nothing is left
// running. Linux only: the tree is found through /proc.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { cleanEnvironment, nodesByName, repoRoot, runTsprof, scratchDirectory, tsprofBin } from '../helpers/cli.mjs';
import { readProfileJson } from '../helpers/profile-checks.mjs';

const onLinux = { skip: process.platform === 'linux' ? false : 'the process tree is found through /proc', timeout: 120_000 };

/**
 * A consumer that never ends and has no SIGTERM handler of its own; it writes the pids of
 * itself and of its parent (the wrapper) to `pids.txt` once it runs.
 */
function writeWorker(directory, extension) {
  const typed = extension === 'ts' ? ': number' : '';
  const source = [
    `function handleJob(job${typed}) { let sum = 0; for (let i = 0; i < 1000; i++) sum += i * job; return sum; }`,
    'let job = 0;',
    'setInterval(() => handleJob(job++), 20);',
    `require('node:fs').writeFileSync(${JSON.stringify(join(directory, 'pids.txt'))}, process.pid + ' ' + process.ppid);`,
    '',
  ].join('\n');
  const file = join(directory, `worker.${extension === 'ts' ? 'ts' : 'cjs'}`);
  writeFileSync(file, source);
  return file;
}

/** Alive and not a zombie: a zombie has ended, and only waits for its parent to read its status. */
function isRunning(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat[stat.lastIndexOf(')') + 2] !== 'Z';
  } catch {
    return false;
  }
}

async function stopWrapped(wrapper) {
  const out = scratchDirectory();
  const worker = writeWorker(out, wrapper === 'tsx' ? 'ts' : 'js');
  const command = wrapper === 'tsx' ? ['npx', 'tsx', worker] : ['sh', '-c', `node ${worker}; echo done`];
  // 12 s: npx and tsx take a second to start the worker, and over 4 s on a busy machine; it must run before the SIGTERM.
  const result = await runTsprof(['--include', out, '--duration', '12', '--kill-after', '5', '-o', join(out, 'g.dot'), '--profile', join(out, 'p.json'), '--', ...command]);
  const pids = readFileSync(join(out, 'pids.txt'), 'utf8').split(' ').map(Number);
  return { result, pids, profileFile: join(out, 'p.json') };
}

// The tests below mostly wait (--duration, tsprof's 10 s wait for processes left running):
// side by side they take the longest one's time, not their sum; each has its own directories.
describe('stopping what the command started', { concurrency: true }, () => {
  for (const wrapper of ['tsx', 'sh']) {
    test(`--duration through ${wrapper === 'tsx' ? '`npx tsx`' : '`sh -c`'}: SIGTERM reaches the worker, its part is merged, exit 0, nothing left running`, onLinux, async () => {
      const { result, pids, profileFile } = await stopWrapped(wrapper);
      const left = pids.filter(isRunning);
      // Never leave them running past the test, whatever it found.
      for (const pid of left) process.kill(pid, 'SIGKILL');
      assert.deepEqual(left, [], `worker and its parent ended (pids ${pids.join(', ')}); stderr:\n${result.stderr}`);
      assert.equal(result.code, 0, result.stderr);
      assert.doesNotMatch(result.stderr, /ENOENT|matched no file|not in the profile|killing it/);
      assert.ok(nodesByName(readProfileJson(profileFile)).get('handleJob').calls >= 1, 'the part the worker wrote when SIGTERM came is merged');
    });
  }

  // signal-exit (under npm, execa, write-file-atomic, …) re-raises a signal only when its own
  // listeners are all that `process.listeners` returns: tsprof's must not be among them, or the
  // program outlives SIGTERM (and npm exits 1 where it died of the signal).
  test('a program that re-raises SIGTERM when only its own listener is left, as signal-exit does, dies of it as without tsprof', { timeout: 120_000 }, async () => {
    const out = scratchDirectory();
    const program = join(out, 'reraise.cjs');
    writeFileSync(program, [
      "function onTerm() { if (process.listeners('SIGTERM').length === 1) { process.removeListener('SIGTERM', onTerm); console.log('re-raised'); process.kill(process.pid, 'SIGTERM'); } }",
      "process.on('SIGTERM', onTerm);",
      'function work() { return 1 }',
      'work();',
      'setTimeout(() => {}, 60_000);',
      '',
    ].join('\n'));
    const result = await runTsprof(['--include', out, '--duration', '1', '--kill-after', '5', '-o', join(out, 'g.dot'), '--profile', join(out, 'p.json'), '--', 'node', program]);
    assert.equal(result.stdout, 're-raised\n', result.stderr);
    assert.equal(result.code, 0, result.stderr);
    assert.doesNotMatch(result.stderr, /killing it/);
    assert.equal(nodesByName(readProfileJson(join(out, 'p.json'))).get('work').calls, 1);
  });

  test('a process left running after the wait keeps its parts directory: what it writes later is no error', onLinux, async () => {
    const out = scratchDirectory();
    const worker = join(out, 'stays.cjs');
    writeFileSync(worker, [
      "process.on('SIGTERM', () => {});",
      'function handleJob() { return 1 }',
      'setInterval(handleJob, 20);',
      `require('node:fs').writeFileSync(${JSON.stringify(join(out, 'pid'))}, String(process.pid));`,
      '',
    ].join('\n'));
    // No --kill-after: the worker ignores --duration's SIGTERM (a snapshot is written then) and outlives the 10 s wait.
    const args = ['--include', out, '--duration', '6', '-o', join(out, 'g.dot'), '--profile', join(out, 'p.json'), '--', 'sh', '-c', `node ${worker} & wait`];
    const tsprof = spawn(process.execPath, [tsprofBin, ...args], { cwd: repoRoot, env: cleanEnvironment(), stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    tsprof.stderr.on('data', (chunk) => (stderr += chunk));
    // The worker holds tsprof's stderr too: the pipe closes once both have ended.
    const closed = once(tsprof.stderr, 'close');
    const [code] = await once(tsprof, 'exit');
    const pid = Number(readFileSync(join(out, 'pid'), 'utf8'));
    assert.ok(isRunning(pid), stderr);
    // SIGINT: tsprof's handler in the worker writes its part, then the worker dies of it.
    process.kill(pid, 'SIGINT');
    await closed;
    assert.equal(code, 0, stderr);
    assert.match(stderr, /1 process the command started still running after 10 s \(pid \d+\): not in the profile/);
    assert.doesNotMatch(stderr, /ENOENT|could not write/);
    assert.ok(nodesByName(readProfileJson(join(out, 'p.json'))).get('handleJob').calls >= 1, 'the snapshot written at the SIGTERM');
  });
});
