// The profile is complete however the profiled process ends, and the ending
// (exit code or signal) is passed through.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { cleanEnvironment, nodesByName, repoRoot, runTsprof, scratchDirectory, tsprofBin } from '../helpers/cli.mjs';
import { readProfileJson } from '../helpers/profile-checks.mjs';

const ENDING = 'fixtures/endings/ending.js';

async function profileEnding(mode) {
  const out = scratchDirectory();
  const result = await runTsprof(['--include', 'fixtures/endings', '-o', join(out, 'g.dot'), '--profile', join(out, 'p.json'), '--', 'node', ENDING, mode]);
  return { result, profile: readProfileJson(join(out, 'p.json')) };
}

test('normal exit', async () => {
  const { result, profile } = await profileEnding('normal');
  assert.equal(result.code, 0);
  assert.equal(nodesByName(profile).get('handleMessage').calls, 10);
});

test('process.exit(3) inside a timer callback', async () => {
  const { result, profile } = await profileEnding('exit-in-callback');
  assert.equal(result.code, 3);
  const nodes = nodesByName(profile);
  assert.equal(nodes.get('handleMessage').calls, 15);
  assert.equal(nodes.get('onTimer').calls, 1);
});

test('uncaught exception', async () => {
  const { result, profile } = await profileEnding('uncaught');
  assert.equal(result.code, 1);
  assert.match(result.stderr, /Error: consumer crashed/);
  assert.equal(nodesByName(profile).get('fail').calls, 1);
});

test('unhandled rejection', async () => {
  const { result, profile } = await profileEnding('rejection');
  assert.equal(result.code, 1);
  assert.match(result.stderr, /publish rejected/);
  assert.equal(nodesByName(profile).get('failLater').calls, 1);
});

// Node drops a signal that arrives while the event loop is ending when a listener is
// installed (tsprof's, to write the profile): without tsprof the program dies by it.
test('a program that sends itself SIGTERM as its last act ends by SIGTERM, profile written', async () => {
  const { result, profile } = await profileEnding('kill-self');
  assert.equal(result.signal, 'SIGTERM', result.stderr);
  assert.equal(nodesByName(profile).get('handleMessage').calls, 10);
});

test("the program's own 'beforeExit' listeners run exactly as often as without tsprof", async () => {
  const { result } = await profileEnding('before-exit');
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stdout, 'beforeExit 1\n');
});

// A process that ends inside a call shows where it was: the open calls count as if they ended then.
test('process.exit() inside a function: the function includes the work it did before', async () => {
  const { result, profile } = await profileEnding('exit-inside');
  assert.equal(result.code, 0, result.stderr);
  const nodes = nodesByName(profile);
  assert.ok(nodes.get('busy').totalMs >= 99, `busy ${nodes.get('busy').totalMs}`);
  assert.ok(nodes.get('exitInside').totalMs >= nodes.get('busy').totalMs, `exitInside ${nodes.get('exitInside').totalMs} includes busy`);
});

test('SIGTERM while a consumer awaits forever: the wait so far is its await, and the awaited call is charged', async () => {
  const run = startLongRunning('stuck');
  const pid = await run.ready;
  // The await began before the program said ready; timers may fire a little early, the clock does not.
  const readyAt = performance.now();
  const waitedAtLeast = 300;
  while (performance.now() - readyAt < waitedAtLeast) await new Promise((resolve) => setTimeout(resolve, 20));
  process.kill(pid, 'SIGTERM');
  const { signal, stderr } = await run.ended;
  assert.equal(signal, 'SIGTERM', stderr);
  const nodes = nodesByName(readProfileJson(run.profileFile));
  const consumer = nodes.get('consumeForever');
  assert.ok(consumer.awaitMs >= waitedAtLeast, `consumeForever await ${consumer.awaitMs}`);
  assert.ok(consumer.totalMs >= consumer.awaitMs);
  assert.ok(nodes.get('waitForMessage').awaitMs >= waitedAtLeast);
});

/** Starts tsprof on a long-running mode and resolves once the program says it is ready. */
function startLongRunning(mode, extraArgs = []) {
  const out = scratchDirectory();
  const child = spawn(process.execPath, [tsprofBin, '--include', 'fixtures/endings', '-o', join(out, 'g.dot'), '--profile', join(out, 'p.json'), ...extraArgs, '--', 'node', ENDING, mode], {
    cwd: repoRoot,
    env: cleanEnvironment(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const ended = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stderr })));
  const ready = new Promise((resolve, reject) => {
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const match = /ready (\d+)/.exec(stdout);
      if (match) resolve(Number(match[1]));
    });
    child.on('exit', () => reject(new Error(`ended before ready: ${stderr}`)));
  });
  return { tsprof: child, ready, ended, profileFile: join(out, 'p.json') };
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  test(`${signal} sent to the profiled program`, async () => {
    const run = startLongRunning('wait');
    process.kill(await run.ready, signal);
    const { signal: ending, stderr } = await run.ended;
    assert.equal(ending, signal, stderr);
    assert.equal(nodesByName(readProfileJson(run.profileFile)).get('processBatch').calls, 1);
  });
}

test('SIGTERM sent to tsprof itself is forwarded; tsprof waits for the profile, renders, then ends the same way', async () => {
  const run = startLongRunning('wait');
  await run.ready;
  run.tsprof.kill('SIGTERM');
  const { signal, stderr } = await run.ended;
  assert.equal(signal, 'SIGTERM', stderr);
  assert.match(stderr, /wrote /);
  assert.equal(nodesByName(readProfileJson(run.profileFile)).get('handleMessage').calls, 10);
});

test('--duration stops a program that never exits, and renders', async () => {
  const run = startLongRunning('tick', ['--duration', '0.5']);
  await run.ready;
  const { code, stderr } = await run.ended;
  assert.equal(code, 0, stderr);
  // How many 20 ms ticks fit in 0.5 s depends on how long a busy machine takes to start the
  // program; the first batch ran before it said ready, and the stopped program's part is whole.
  const nodes = nodesByName(readProfileJson(run.profileFile));
  assert.ok(nodes.get('processBatch').calls >= 1);
  assert.equal(nodes.get('handleMessage').calls, 10 + (nodes.get('processBatch').calls - 1));
});

test('--duration: a command whose SIGTERM handler does not end it is killed --kill-after later, and says so', async () => {
  // No --flush-interval: the snapshot written when the program's own SIGTERM handler took the signal keeps its calls.
  // 2 s: time enough for a busy machine to start the program before the SIGTERM.
  const run = startLongRunning('ignore-term', ['--duration', '2', '--kill-after', '0.3']);
  await run.ready;
  const { signal, stderr } = await run.ended;
  assert.equal(signal, 'SIGKILL', stderr);
  assert.match(stderr, /^tsprof: the command has not ended 0\.3 s after --duration's SIGTERM; killing it \(--kill-after\)$/m);
  assert.match(stderr, /built from the last snapshots written before that/);
  assert.ok(nodesByName(readProfileJson(run.profileFile)).get('processBatch').calls >= 1);
});

test('--kill-after also kills what the command started, which would outlive it', { skip: process.platform === 'linux' ? false : 'finds the descendants through /proc' }, async () => {
  const run = startLongRunning('ignore-term-family', ['--duration', '2', '--kill-after', '0.3']);
  let childPid = 0;
  run.tsprof.stdout.on('data', (chunk) => (childPid ||= Number(/child (\d+)/.exec(String(chunk))?.[1] ?? 0)));
  await run.ready;
  const { signal, stderr } = await run.ended;
  assert.equal(signal, 'SIGKILL', stderr);
  assert.ok(childPid > 0);
  // Gone, or a zombie nobody reaped (killed; its parent was killed first).
  const state = (() => {
    try {
      const stat = readFileSync(`/proc/${childPid}/stat`, 'utf8');
      return stat[stat.lastIndexOf(')') + 2];
    } catch {
      return 'gone';
    }
  })();
  assert.ok(state === 'gone' || state === 'Z', `the forked child was killed too (state ${state})`);
  assert.doesNotMatch(stderr, /not in the profile/);
});

test('--flush-interval: SIGKILL loses at most one interval', async () => {
  const run = startLongRunning('tick', ['--flush-interval', '0.1']);
  const pid = await run.ready;
  await new Promise((resolve) => setTimeout(resolve, 600));
  process.kill(pid, 'SIGKILL');
  const { signal, stderr } = await run.ended;
  assert.equal(signal, 'SIGKILL', stderr);
  const calls = nodesByName(readProfileJson(run.profileFile)).get('processBatch').calls;
  assert.ok(calls >= 1 + 5, `a recent snapshot survived: ${calls} batches`);
});

// In a terminal, Ctrl-C sends SIGINT to the whole foreground process group: tsprof
// must not pass on a second one, even with stdin redirected (then stdin is no TTY,
// but the terminal is still there), with and without the bin restarting tsprof
// without a NODE_OPTIONS preload. `script` (util-linux) gives the run a terminal.
const hasScript = spawnSync('script', ['--version']).status === 0;

for (const restarted of [false, true]) {
  test(`Ctrl-C in a terminal reaches the program once, stdin redirected${restarted ? ', tsprof restarted without a NODE_OPTIONS preload' : ''}`, { skip: hasScript ? false : 'no `script` command to give the run a terminal', timeout: 60_000 }, async () => {
    const out = scratchDirectory();
    const app = join(out, 'interrupted.cjs');
    writeFileSync(
      app,
      "let count = 0;\nfunction onInterrupt() { count++; console.log('SIGINT ' + count); if (count === 1) setTimeout(() => process.exit(0), 300); else process.exit(130) }\nprocess.on('SIGINT', onInterrupt);\nsetTimeout(() => {}, 20000);\nconsole.log('ready');\n",
    );
    const preload = join(out, 'preload.cjs');
    writeFileSync(preload, 'globalThis.preloaded = true;\n');
    const environment = restarted ? `env NODE_OPTIONS='--require ${preload}' ` : '';
    // exec: a shell left waiting in between would add its own Ctrl-C handling (dash, which
    // `script` uses when SHELL is unset, kills itself with SIGINT even when its child exits 0).
    const commandLine = `exec ${environment}'${process.execPath}' '${tsprofBin}' --include '${out}' -o '${join(out, 'g.dot')}' --profile '${join(out, 'p.json')}' -- node '${app}' < /dev/null`;
    const terminal = spawn('script', ['-qec', commandLine, '/dev/null'], { cwd: repoRoot, env: cleanEnvironment({ SHELL: '/bin/sh' }), stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    terminal.stdout.on('data', (chunk) => {
      output += chunk;
      if (output.includes('ready') && !output.includes('^C')) terminal.stdin.write('\x03');
    });
    const [code] = await once(terminal, 'exit');
    assert.match(output, /SIGINT 1/);
    assert.doesNotMatch(output, /SIGINT 2/, output);
    assert.equal(code, 0, output);
    assert.equal(readProfileJson(join(out, 'p.json')).functions.find((fn) => fn.name === 'onInterrupt')?.name, 'onInterrupt');
  });
}
