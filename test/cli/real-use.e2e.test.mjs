// Defects found profiling real applications (issue 11): user preloads, empty
// pictures, deaths by signal.
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { nodesByName, runTsprof, scratchDirectory } from '../helpers/cli.mjs';
import { readProfileJson } from '../helpers/profile-checks.mjs';

const scratch = () => scratchDirectory('tsprof-real-use-');

const outputs = (out, picture = 'calls.dot') => ['-o', join(out, picture), '--profile', join(out, 'profile.json')];

test("the user's own NODE_OPTIONS --require of an included file is profiled", async () => {
  const out = scratch();
  mkdirSync(join(out, 'src'));
  writeFileSync(join(out, 'src', 'orders.js'), 'function placeOrder(n) { return n * 2 }\nglobalThis.placeOrder = placeOrder;\n');
  writeFileSync(join(out, 'app.js'), 'let sum = 0;\nfor (let i = 0; i < 10; i++) sum += globalThis.placeOrder(i);\nconsole.log(sum);\n');
  const result = await runTsprof(['--include', 'src', ...outputs(out), '--', 'node', 'app.js'], {
    cwd: out,
    env: { NODE_OPTIONS: '--require ./src/orders.js' },
  });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stdout.trim(), '90');
  assert.equal(nodesByName(readProfileJson(join(out, 'profile.json'))).get('placeOrder').calls, 10);
});

test('a run whose calls are all light still draws them, and says so on stderr', async () => {
  const out = scratch();
  writeFileSync(join(out, 'child.cjs'), 'function encode(n) { return n + 1 }\nfunction handleJob(i) { return encode(i) }\nfor (let i = 0; i < 1000; i++) handleJob(i);\nsetTimeout(() => process.exit(3), 800);\n');
  writeFileSync(join(out, 'main.cjs'), `require('child_process').fork(${JSON.stringify(join(out, 'child.cjs'))});\n`);
  // A threshold of half the wall time: however busy the machine, 1000 trivial calls stay under it.
  const result = await runTsprof(['--include', join(out, 'child.cjs'), '--node-threshold', '0.5', ...outputs(out), '--', 'node', join(out, 'main.cjs')]);
  assert.equal(result.code, 0, result.stderr);
  const dot = readFileSync(join(out, 'calls.dot'), 'utf8');
  assert.match(dot, /handleJob/);
  assert.match(dot, /encode/);
  assert.match(dot, /no function reached the node threshold/);
  assert.match(result.stderr, /^tsprof: no function reached the node threshold 50%: the \d+ heaviest shown \(--node-threshold 0 draws every function\)$/m);
});

test('a command killed by SIGKILL: one line says so, by what, and how to keep snapshots', async () => {
  const out = scratch();
  const program = join(out, 'killed.cjs');
  writeFileSync(program, 'function work() { return 1 }\nwork();\nprocess.kill(process.pid, "SIGKILL");\n');
  const result = await runTsprof(['--include', program, ...outputs(out), '--', 'node', program]);
  assert.equal(result.signal, 'SIGKILL', 'tsprof ends the way the command did');
  assert.equal(result.stderr, 'tsprof: the command was killed by SIGKILL, so no profile could be written; --flush-interval <seconds> keeps periodic snapshots that survive it\n');
  assert.deepEqual(readdirSync(out).sort(), ['killed.cjs']);
});

test('a command that crashed with SIGSEGV is reported the same way', async () => {
  const out = scratch();
  const program = join(out, 'crash.cjs');
  writeFileSync(program, 'function work() { return 1 }\nwork();\nprocess.kill(process.pid, "SIGSEGV");\nsetTimeout(() => {}, 5000);\n');
  const result = await runTsprof(['--include', program, ...outputs(out), '--', 'bash', '-c', `ulimit -c 0; exec node ${program}`], { cwd: out });
  assert.equal(result.signal, 'SIGSEGV');
  assert.match(result.stderr, /^tsprof: the command was killed by SIGSEGV, so no profile could be written; --flush-interval/);
});

test('with --flush-interval, a killed command leaves a profile marked as built from snapshots', async () => {
  const out = scratch();
  const program = join(out, 'killed-later.cjs');
  writeFileSync(program, 'function work(i) { return i * 2 }\nfor (let i = 0; i < 50; i++) work(i);\nsetTimeout(() => process.kill(process.pid, "SIGKILL"), 1500);\n');
  const result = await runTsprof(['--include', program, '--flush-interval', '0.2', ...outputs(out), '--', 'node', program]);
  assert.equal(result.signal, 'SIGKILL');
  assert.match(result.stderr, /^tsprof: the command was killed by SIGKILL; the profile is built from the last snapshots written before that$/m);
  const profile = readProfileJson(join(out, 'profile.json'));
  assert.equal(profile.fromSnapshots, true);
  assert.equal(profile.processes[0].snapshot, true);
  assert.equal(nodesByName(profile).get('work').calls, 50);
  assert.match(readFileSync(join(out, 'calls.dot'), 'utf8'), /built from snapshots: a process was killed before its final write/);
});

test('a profile written at exit is not marked as a snapshot, even with --flush-interval', async () => {
  const out = scratch();
  const program = join(out, 'ends.cjs');
  writeFileSync(program, 'function work() { return 1 }\nwork();\nsetTimeout(() => {}, 400);\n');
  const result = await runTsprof(['--include', program, '--flush-interval', '0.1', ...outputs(out), '--', 'node', program]);
  assert.equal(result.code, 0, result.stderr);
  const profile = readProfileJson(join(out, 'profile.json'));
  assert.equal(profile.fromSnapshots, undefined);
  assert.equal(profile.processes[0].snapshot, undefined);
  assert.doesNotMatch(readFileSync(join(out, 'calls.dot'), 'utf8'), /snapshots/);
});

test('shares are of the wall time of the processes that ran instrumented code, and the title says so', async () => {
  // Like `npx tsx app.ts`: a launcher that does nothing profiled for a second, then runs the app.
  const out = scratch();
  writeFileSync(join(out, 'app.cjs'), 'function work() { let x = 0; for (let i = 0; i < 1e5; i++) x += i; return x }\nwork();\n');
  writeFileSync(join(out, 'launcher.cjs'), `setTimeout(() => require('child_process').spawn(process.execPath, [${JSON.stringify(join(out, 'app.cjs'))}], { stdio: 'inherit' }), 1000);\n`);
  const result = await runTsprof(['--include', join(out, 'app.cjs'), ...outputs(out), '--', 'node', join(out, 'launcher.cjs')]);
  assert.equal(result.code, 0, result.stderr);
  const profile = readProfileJson(join(out, 'profile.json'));
  assert.ok(profile.instrumentedWallMs > 0, 'measured');
  assert.ok(profile.instrumentedWallMs < profile.wallMs - 900, `the launcher's second is not in it: ${profile.instrumentedWallMs} of ${profile.wallMs} ms`);
  const dot = readFileSync(join(out, 'calls.dot'), 'utf8');
  assert.match(dot, /shares of the \d+(\.\d+)? m?s in 1 process that ran instrumented code \(pid \d+\); the command ran \d/);
});

test("on a cold transform cache, instrumenting time is its own node, not the requiring function's self time", async () => {
  const out = scratch();
  const big = Array.from({ length: 1500 }, (_, index) => `function helper${index}(a, b) { if (a > b) { return [a, b].map((x) => x * ${index}) } return { a, b, sum: a + b } }`).join('\n');
  writeFileSync(join(out, 'big.js'), `${big}\nmodule.exports = helper1;\n`);
  writeFileSync(join(out, 'main.js'), "function loadBig() { return require('./big.js') }\nloadBig()(1, 2);\n");
  const result = await runTsprof(['--include', out, ...outputs(out), '--', 'node', join(out, 'main.js')], { env: { TSPROF_NO_CACHE: '1' } });
  assert.equal(result.code, 0, result.stderr);
  const profile = readProfileJson(join(out, 'profile.json'));
  const nodes = nodesByName(profile);
  const instrumenting = nodes.get('(tsprof: instrumenting)');
  assert.ok(instrumenting, `a node for instrumenting: ${[...nodes.keys()].join(', ')}`);
  const loadBig = nodes.get('loadBig');
  assert.ok(loadBig.selfMs < instrumenting.selfMs, `loadBig's self ${loadBig.selfMs} ms is not the ${instrumenting.selfMs} ms of instrumenting`);
  assert.ok(profile.edges.some((edge) => edge.caller === loadBig.id && edge.callee === instrumenting.id), 'charged under the function that required the file');
  assert.ok(!profile.files.includes(''), 'no pseudo file among the instrumented files');
});
