// The user's NODE_OPTIONS preloads run in the profiled command, never in tsprof's
// own process: bin/tsprof.js restarts tsprof without them (a CI job's
// `NODE_OPTIONS=--require dd-trace/init` would otherwise trace tsprof itself).
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { createRequire } from 'node:module';
import { readJson, repoRoot, runTsprof, scratchDirectory, tsprofBin } from '../helpers/cli.mjs';

const require = createRequire(import.meta.url);
const { USER_NODE_OPTIONS_VARIABLE } = require('../../dist/loader/node-options.js');

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
  // Two processes saw the preload: the bin, which only restarted tsprof, and the program.
  assert.deepEqual(others.map((files) => [...files].sort()), [[tsprofBin, 'node:child_process']], JSON.stringify(processes));
  const profile = readJson(join(directory, 'profile.json'));
  const work = profile.functions.find((fn) => fn.name === 'work');
  assert.equal(profile.contexts.filter((context) => context.function === work.id).reduce((sum, context) => sum + context.calls, 0), 7);
});

test('without preloads in NODE_OPTIONS tsprof starts once; its other options reach the command unchanged', async () => {
  writeFileSync(log, '');
  const result = await runTsprof(['--include', directory, '-o', join(directory, 'calls.dot'), '--', 'node', '-e', 'console.log(process.env.NODE_OPTIONS.includes("--max-old-space-size=300"), process.env.TSPROF_USER_NODE_OPTIONS)'], {
    env: { NODE_OPTIONS: '--max-old-space-size=300' },
  });
  assert.equal(result.stdout, 'true undefined\n', result.stderr);
  assert.equal(readFileSync(log, 'utf8'), '');
});

test('a command killed by a signal ends the restarted tsprof and the bin the same way', async () => {
  const dies = join(directory, 'dies.cjs');
  writeFileSync(dies, 'function die() { process.kill(process.pid, "SIGTERM") }\ndie();\nsetTimeout(() => {}, 5000);\n');
  const result = await runTsprof(['--include', directory, '-o', join(directory, 'killed.dot'), '--', 'node', dies], {
    env: { NODE_OPTIONS: `--require ${preload}` },
  });
  assert.equal(result.signal, 'SIGTERM', result.stderr);
});

test('bin/tsprof.js and src/loader/node-options.ts name the same variable', () => {
  assert.ok(readFileSync(tsprofBin, 'utf8').includes(`'${USER_NODE_OPTIONS_VARIABLE}'`));
});
