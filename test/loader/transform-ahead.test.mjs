// Transforming ahead in a worker thread (src/loader/transform-ahead.ts): what it
// hands over is byte for byte the in-thread transform, a worker that fails
// leaves every file to the loading thread, and a program cannot tell the
// worker is there. No assertion depends on how fast either thread is: waits
// poll for a state with a deadline far beyond any busy machine.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, test } from 'node:test';

const require = createRequire(import.meta.url);
const REGISTER = require.resolve('../../dist/register.js');
const RUNTIME = require.resolve('../../dist/runtime/handle.js');
const DEADLINE_MS = 120_000;

const scratches = [];
after(() => scratches.forEach((directory) => rmSync(directory, { recursive: true, force: true })));

/** root.js requires m1…m{count}; each requires the next two; m3 has a function that cannot be instrumented (a warning). */
function project(count = 12) {
  const directory = mkdtempSync(join(tmpdir(), 'tsprof-ahead-'));
  scratches.push(directory);
  const kids = (index) => [2 * index, 2 * index + 1].filter((kid) => kid >= 1 && kid <= count);
  writeFileSync(join(directory, 'root.js'), `require('./m1');\nconst total = require('./m1') + 1;\nmodule.exports = total;\n`);
  for (let index = 1; index <= count; index++) {
    const body = index === 3 ? 'function evaluate(text) { return eval(text) }\nmodule.exports = evaluate("3");\n' : `function f${index}(x) { return x + ${index} }\nmodule.exports = f${index}(0);\n`;
    writeFileSync(join(directory, `m${index}.js`), `${kids(index).map((kid) => `require("./m${kid}");`).join('\n')}\n${body}`);
  }
  return directory;
}

/** Fresh copies of the loader's modules: transform-ahead.ts keeps one worker per module instance. */
function freshLoader() {
  for (const key of Object.keys(require.cache)) if (key.includes('/dist/loader/')) delete require.cache[key];
  return {
    ...require('../../dist/loader/transform.js'),
    ...require('../../dist/loader/transform-ahead.js'),
    ...require('../../dist/loader/cache.js'),
    ...require('../../dist/loader/transform-ahead-protocol.js'),
  };
}

async function until(condition, what) {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > DEADLINE_MS) assert.fail(`gave up waiting for ${what}`);
    await sleep(20);
  }
}

const inputs = { format: 'commonjs', runtimeSpecifier: RUNTIME };

test('what the worker made is byte for byte the in-thread transform, warnings included, and is used', async () => {
  const directory = project();
  const loader = freshLoader();
  loader.transformAheadFor((file) => file.startsWith(directory), { TSPROF_TRANSFORM_WORKER: '1' });
  const load = (name) => {
    const filename = join(directory, name);
    const source = readFileSync(filename, 'utf8');
    const key = loader.cacheKey(source, loader.transformKeyParts(filename, inputs));
    return { filename, source, key, taken: loader.takeTransformedAhead(key, source, { filename, ...inputs }) };
  };
  assert.equal(load('root.js').taken, null, 'the first file is transformed where it is loaded');
  await until(() => loader.aheadProgress()?.done === 1, 'the worker to transform m1');
  // Each result brings the file's own imports: m1 sends m2 and m3, and so on down the tree.
  for (let index = 1; index <= 12; index++) {
    const { filename, source, taken } = load(`m${index}.js`);
    assert.deepEqual(taken, loader.instrumentOrWarn(source, filename, inputs), `m${index}.js`);
    assert.equal(taken.warnings.length, index === 3 ? 1 : 0);
    if (index < 12) await until(() => loader.aheadProgress().done >= Math.min(2 * index + 1, 12), `the worker to reach m${2 * index + 1}`);
  }
    assert.deepEqual(loader.aheadProgress(), { posted: 12, done: 12, taken: 12 });
});

test('a worker that cannot start leaves every file to the loading thread, silently', async () => {
  const directory = project(6);
  const loader = freshLoader();
  loader.transformAheadFor((file) => file.startsWith(directory), { TSPROF_TRANSFORM_WORKER: '1' }, join(directory, 'no-such-entry.js'));
  const transformAll = () => ['root.js', ...[1, 2, 3, 4, 5, 6].map((index) => `m${index}.js`)].map((name) => {
    const filename = join(directory, name);
    const source = readFileSync(filename, 'utf8');
    const key = loader.cacheKey(source, loader.transformKeyParts(filename, inputs));
    return loader.takeTransformedAhead(key, source, { filename, ...inputs }) ?? loader.instrumentOrWarn(source, filename, inputs);
  });
  const expected = ['root.js', 'm1.js', 'm2.js', 'm3.js', 'm4.js', 'm5.js', 'm6.js'].map((name) => loader.instrumentOrWarn(readFileSync(join(directory, name), 'utf8'), join(directory, name), inputs));
  assert.deepEqual(transformAll(), expected);
  // The worker's error arrives as an event; the loader gives up on it without a sound.
  await until(() => loader.aheadProgress() === null, 'the failed worker to be given up');
  assert.deepEqual(transformAll(), expected);
});

test('without TSPROF_TRANSFORM_WORKER=1 no worker starts', () => {
  const directory = project(2);
  for (const environment of [{}, { TSPROF_TRANSFORM_WORKER: '0' }]) {
    const loader = freshLoader();
    loader.transformAheadFor(() => true, environment);
    const filename = join(directory, 'root.js');
    const source = readFileSync(filename, 'utf8');
    assert.equal(loader.takeTransformedAhead('key', source, { filename, ...inputs }), null);
    assert.equal(loader.aheadProgress(), null);
  }
});

/** Runs the project's program under tsprof/register with a cold transform, the worker on or off. */
function runProgram(directory, worker, main = 'main.js') {
  const profile = join(directory, `profile-${worker}.json`);
  const run = spawnSync(process.execPath, ['--require', REGISTER, resolve(directory, main)], {
    cwd: directory,
    encoding: 'utf8',
    timeout: DEADLINE_MS,
    env: { ...process.env, NODE_OPTIONS: '', TSPROF_INCLUDE: directory, TSPROF_PROFILE: profile, TSPROF_NO_CACHE: '1', TSPROF_TRANSFORM_WORKER: worker },
  });
  return { status: run.status, signal: run.signal, stdout: run.stdout, stderr: run.stderr.replace(profile, 'PROFILE'), profile: JSON.parse(readFileSync(profile, 'utf8')) };
}

test('a program cannot tell the worker is there: its output, resources, exit code and profile are the same', () => {
  const directory = project(40);
  writeFileSync(
    join(directory, 'main.js'),
    [
      `const seen = () => JSON.stringify([process.getActiveResourcesInfo(), process._getActiveHandles().length, process._getActiveRequests().length]);`,
      `console.log(require('./root'), seen());`,
      `setTimeout(() => { console.log(seen()); process.exitCode = 7; }, 1);`,
      '',
    ].join('\n'),
  );
  const inThread = runProgram(directory, '0');
  const ahead = runProgram(directory, '1');
  assert.equal(inThread.status, 7, inThread.stderr);
  assert.deepEqual({ ...ahead, profile: undefined }, { ...inThread, profile: undefined });
  assert.match(ahead.stderr, /not instrumenting evaluate \(.*m3\.js:\d+\): contains direct eval/);
  assert.equal(ahead.stderr.match(/not instrumenting/g).length, 1, 'the warning is said once');
  // One process, one thread: the worker runs no preload and records nothing.
  assert.equal(ahead.profile.processes.length, 1);
  assert.deepEqual(ahead.profile.files, inThread.profile.files);
  const calls = (profile) => profile.contexts.map((context) => [profile.functions[context.function].name, context.calls]).sort();
  assert.deepEqual(calls(ahead.profile), calls(inThread.profile));
});

test("a program listening for process 'worker' is not told of one: the transform stays in its thread", () => {
  const directory = project(6);
  // The listener comes before the first included file: the entry point itself is not included.
  const outside = mkdtempSync(join(tmpdir(), 'tsprof-ahead-entry-'));
  scratches.push(outside);
  writeFileSync(join(outside, 'listening.js'), `process.on('worker', () => console.log('a worker started'));\nconsole.log(require(${JSON.stringify(join(directory, 'root.js'))}));\n`);
  const run = runProgram(directory, '1', join(outside, 'listening.js'));
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout, '2\n');
});
