// The user's NODE_OPTIONS preloads run in the profiled command, never in tsprof's
// own process: bin/tsprof.js restarts tsprof without them (a CI job's
// `NODE_OPTIONS=--require dd-trace/init` would otherwise trace tsprof itself).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { createRequire } from 'node:module';
import { cleanEnvironment, readJson, repoRoot, runTsprof, scratchDirectory, tsprofBin } from '../helpers/cli.mjs';

const require = createRequire(import.meta.url);
const { USER_NODE_OPTIONS_VARIABLE } = require('../../dist/loader/node-options.js');
const { nodeOptionTokens, withoutPreloads } = require('../../bin/tsprof.js');

const directory = scratchDirectory('tsprof-user-node-options-');
const log = join(directory, 'preload.log');
const preload = join(directory, 'spy-preload.cjs');
// Records, per process, every module it sees loaded, and patches a global as such preloads do.
writeFileSync(
  preload,
  `const Module = require('node:module');
const { appendFileSync } = require('node:fs');
const load = Module._load;
Module._load = function (request, parent, isMain) {
  const loaded = load.apply(this, arguments);
  try { appendFileSync(${JSON.stringify(log)}, process.pid + ' ' + Module._resolveFilename(request, parent, isMain) + '\\n'); } catch {}
  return loaded;
};
globalThis.spyPreloadRan = true;
`,
);
const app = join(directory, 'app.cjs');
writeFileSync(app, "function work(n) { return n * 2 }\nlet total = 0;\nfor (let i = 0; i < 7; i++) total += work(i);\nconsole.log(total, globalThis.spyPreloadRan === true);\nprocess.exitCode = Number(process.argv[2] ?? 0);\n");

/** What the restarting bin may load under the user's preload: itself and Node's built-in modules. */
const binAndBuiltinsOnly = (files) => files.includes(tsprofBin) && files.every((file) => file === tsprofBin || file.startsWith('node:'));

function loadedByProcess() {
  const byPid = new Map();
  for (const line of readFileSync(log, 'utf8').trim().split('\n')) {
    const [pid, file] = [line.slice(0, line.indexOf(' ')), line.slice(line.indexOf(' ') + 1)];
    byPid.set(pid, [...(byPid.get(pid) ?? []), file]);
  }
  return [...byPid.values()];
}

test('a NODE_OPTIONS --require preload runs in the profiled command only; tsprof loads none of its own code under it', async () => {
  writeFileSync(log, '');
  const result = await runTsprof(['--include', directory, '-o', join(directory, 'calls.dot'), '--profile', join(directory, 'profile.json'), '--', 'node', app, '3'], {
    env: { NODE_OPTIONS: `--require ${preload}` },
  });
  assert.equal(result.code, 3, result.stderr);
  assert.equal(result.stdout, '42 true\n', 'the program still has its preload');
  const processes = loadedByProcess();
  const isTsprofCode = (file) => file.startsWith(join(repoRoot, 'dist')) || (file.startsWith(repoRoot) && file.includes('node_modules'));
  // In the program, the instrumented file's prologue requires the runtime handle, which tsprof's own preload loaded first.
  const program = processes.find((files) => files.includes(app));
  assert.deepEqual(program.filter(isTsprofCode), [join(repoRoot, 'dist', 'runtime', 'handle.js')]);
  const others = processes.filter((files) => files !== program);
  assert.deepEqual(others.flat().filter(isTsprofCode), [], 'no tsprof module loaded under the preload in tsprof\'s own processes');
  // Two processes saw the preload: the bin, which only restarted tsprof (itself and Node's built-ins), and the program.
  assert.deepEqual(others.map(binAndBuiltinsOnly), [true], JSON.stringify(processes));
  const profile = readJson(join(directory, 'profile.json'));
  const work = profile.functions.find((fn) => fn.name === 'work');
  assert.equal(profile.contexts.filter((context) => context.function === work.id).reduce((sum, context) => sum + context.calls, 0), 7);
});

test('without preloads in NODE_OPTIONS tsprof starts once; its other options reach the command unchanged', async () => {
  writeFileSync(log, '');
  const result = await runTsprof(['--include', directory, '-o', join(directory, 'calls.dot'), '--profile', join(directory, 'calls.json'), '--', 'node', '-e', 'console.log(process.env.NODE_OPTIONS.includes("--max-old-space-size=300"), process.env.TSPROF_USER_NODE_OPTIONS)'], {
    env: { NODE_OPTIONS: '--max-old-space-size=300' },
  });
  assert.equal(result.stdout, 'true undefined\n', result.stderr);
  assert.equal(readFileSync(log, 'utf8'), '');
});

test('a command killed by a signal ends the restarted tsprof and the bin the same way', async () => {
  const dies = join(directory, 'dies.cjs');
  writeFileSync(dies, 'function die() { process.kill(process.pid, "SIGTERM") }\ndie();\nsetTimeout(() => {}, 5000);\n');
  const result = await runTsprof(['--include', directory, '-o', join(directory, 'killed.dot'), '--profile', join(directory, 'killed.json'), '--', 'node', dies], {
    env: { NODE_OPTIONS: `--require ${preload}` },
  });
  assert.equal(result.signal, 'SIGTERM', result.stderr);
});

test('bin/tsprof.js and src/loader/node-options.ts name the same variable', () => {
  assert.ok(readFileSync(tsprofBin, 'utf8').includes(`'${USER_NODE_OPTIONS_VARIABLE}'`));
});

test("the bin reads NODE_OPTIONS as Node does and keeps every option but the preloads", () => {
  assert.deepEqual(nodeOptionTokens('"--require" "/a b/p.cjs" --title="x \\"y\\""'), ['--require', '/a b/p.cjs', '--title=x "y"']);
  assert.equal(withoutPreloads('--max-old-space-size=300 -r x --import=tsx --loader ./l.mjs --experimental-loader=./m.mjs --stack-size=2000'), '--max-old-space-size=300 --stack-size=2000');
  assert.equal(withoutPreloads('--require="/a b/p.cjs" --title="x y"'), '"--title=x y"');
  assert.equal(withoutPreloads('--experimental_loader=./l.mjs --experimental_loader ./m.mjs --no-warnings'), '--no-warnings', 'Node reads _ as - in option names');
  assert.equal(withoutPreloads('--max-old-space-size=300'), null, 'nothing to restart for');
  assert.equal(withoutPreloads(''), null);
});

test('a preload given in the quoted form Node accepts ("--require" "path with spaces") is found too', async () => {
  const spaced = join(directory, 'dir with space');
  mkdirSync(spaced, { recursive: true });
  const quotedPreload = join(spaced, 'spy.cjs');
  writeFileSync(quotedPreload, readFileSync(preload));
  writeFileSync(log, '');
  const result = await runTsprof(['--include', directory, '-o', join(directory, 'quoted.dot'), '--profile', join(directory, 'quoted.json'), '--', 'node', app], { env: { NODE_OPTIONS: `"--require" "${quotedPreload}"` } });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stdout, '42 true\n');
  const others = loadedByProcess().filter((files) => !files.includes(app));
  assert.deepEqual(others.map(binAndBuiltinsOnly), [true], JSON.stringify(others));
});

test('SIGINT sent to the bin (no terminal) reaches the restarted tsprof and the command; all end by it, the profile written', { timeout: 60_000 }, async () => {
  const waits = join(directory, 'waits.cjs');
  writeFileSync(waits, "function wait() { setTimeout(() => {}, 20000) }\nwait();\nconsole.log('ready');\n");
  const profileFile = join(directory, 'interrupted.json');
  const bin = spawn(process.execPath, [tsprofBin, '--include', directory, '-o', join(directory, 'interrupted.dot'), '--profile', profileFile, '--', 'node', waits], {
    cwd: repoRoot,
    env: cleanEnvironment({ NODE_OPTIONS: `--require ${preload}` }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  bin.stderr.on('data', (chunk) => (stderr += chunk));
  const ended = new Promise((resolveEnd) => bin.on('exit', (code, signal) => resolveEnd({ code, signal })));
  await new Promise((resolveReady) => bin.stdout.on('data', (chunk) => String(chunk).includes('ready') && resolveReady()));
  bin.kill('SIGINT');
  const { signal } = await ended;
  assert.equal(signal, 'SIGINT', stderr);
  assert.equal(readJson(profileFile).functions.find((fn) => fn.name === 'wait')?.name, 'wait');
});
