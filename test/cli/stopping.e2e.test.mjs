// --duration and --kill-after stop the whole tree of processes the command started, also
// when a wrapper (npx, tsx, a shell) stands between tsprof and the program: the worker's part,
// written by tsprof's SIGTERM handler in it, is merged, tsprof exits 0, and nothing is left
// running. Linux only: the tree is found through /proc.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { nodesByName, runTsprof, scratchDirectory } from '../helpers/cli.mjs';
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
  // 4 s: time enough for a busy machine to start the worker (npx and tsx take a second) before the SIGTERM.
  const result = await runTsprof(['--include', out, '--duration', '4', '--kill-after', '5', '-o', join(out, 'g.dot'), '--profile', join(out, 'p.json'), '--', ...command]);
  const pids = readFileSync(join(out, 'pids.txt'), 'utf8').split(' ').map(Number);
  return { result, pids, profileFile: join(out, 'p.json') };
}

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
