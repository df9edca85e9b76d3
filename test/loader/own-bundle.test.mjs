// The bundles every profiled process starts with (the preload, tsprof/register's) are loaded
// privately with V8's code for them from tsprof's cache (loader/own-bundle.ts); their import()
// is the loading file's (loader/dynamic-import.ts).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

const require = createRequire(import.meta.url);
const REGISTER = require.resolve('../../dist/register.js');
const PRELOAD_START = require.resolve('../../dist/loader/preload-start.bundle.js');
const TSPROF_BIN = require.resolve('../../bin/tsprof.js');
const SAVED_PROFILE = require.resolve('../golden/taskqueue.profile.json');
const scratches = [];
after(() => scratches.forEach((directory) => rmSync(directory, { recursive: true, force: true })));

function project() {
  const directory = mkdtempSync(join(tmpdir(), 'tsprof-own-bundle-'));
  scratches.push(directory);
  mkdirSync(join(directory, 'node_modules'));
  writeFileSync(join(directory, 'app.js'), 'function add(a, b) { return a + b }\nlet sum = 0;\nfor (let i = 0; i < 10; i++) sum = add(sum, i);\nconsole.log(sum);\n');
  return directory;
}

/** tsprof/register on app.js in `directory`, with TSPROF_NO_CACHE as given; checks that it ran and counted. */
function runRegistered(directory, noCache = '', environment = {}) {
  const child = spawnSync(process.execPath, ['--require', REGISTER, 'app.js'], {
    cwd: directory,
    encoding: 'utf8',
    env: { ...process.env, TSPROF_INCLUDE: 'app.js', TSPROF_PROFILE: 'profile.json', TSPROF_NO_CACHE: noCache, ...environment },
  });
  assert.equal(child.status, 0, child.stderr);
  assert.equal(child.stdout, '45\n');
  const profile = JSON.parse(readFileSync(join(directory, 'profile.json'), 'utf8'));
  const add = profile.functions.find((fn) => fn.name === 'add');
  assert.equal(profile.contexts.filter((context) => context.function === add.id).reduce((sum, context) => sum + context.calls, 0), 10);
}

function codeFiles(directory) {
  const cache = join(directory, 'node_modules', '.cache', 'tsprof');
  return Object.fromEntries(readdirSync(cache).filter((name) => name.startsWith('v8-code-')).map((name) => [name, statSync(join(cache, name)).mtimeMs]));
}

test("a profiled process leaves V8's code for tsprof/register in the cache, and the next one takes it without writing", () => {
  const directory = project();
  runRegistered(directory);
  const first = codeFiles(directory);
  // tsprof/register's and the transform's (the first run transformed app.js): register's bundle holds
  // the preload, so the preload's own bundle, a second one to load, is not loaded.
  assert.equal(Object.keys(first).length, 2, Object.keys(first).join(' '));
  runRegistered(directory);
  assert.deepEqual(codeFiles(directory), first, 'a process that took the code writes none');
});

/** `tsprof render` of a saved profile to DOT in `directory` (no profiled process: only the CLI runs), with its own OS cache. */
function renderIn(directory, osCache, environment = {}) {
  const child = spawnSync(process.execPath, [TSPROF_BIN, 'render', SAVED_PROFILE, '-o', 'calls.dot'], {
    cwd: directory,
    encoding: 'utf8',
    env: { ...process.env, XDG_CACHE_HOME: osCache, ...environment },
  });
  assert.equal(child.status, 0, child.stderr);
  assert.match(readFileSync(join(directory, 'calls.dot'), 'utf8'), /^digraph /);
}

test("the CLI leaves V8's code for its bundle in the cache as its run ended, and the next run takes it without writing; TSPROF_NO_CACHE=1 keeps none", () => {
  const directory = project();
  const osCache = mkdtempSync(join(tmpdir(), 'tsprof-own-bundle-xdg-'));
  scratches.push(osCache);
  renderIn(directory, osCache);
  const first = codeFiles(directory);
  assert.equal(Object.keys(first).length, 1, Object.keys(first).join(' '));
  // Written at exit: the code of what the run compiled (reading, building, writing the graph), not only the bundle's top level.
  const [file] = Object.keys(first);
  assert.ok(statSync(join(directory, 'node_modules', '.cache', 'tsprof', file)).size > 150_000, 'the code of the whole run');
  renderIn(directory, osCache);
  assert.deepEqual(codeFiles(directory), first, 'a run that took the code writes none');

  const uncached = project();
  const uncachedOs = mkdtempSync(join(tmpdir(), 'tsprof-own-bundle-xdg-'));
  scratches.push(uncachedOs);
  renderIn(uncached, uncachedOs, { TSPROF_NO_CACHE: '1' });
  assert.deepEqual(readdirSync(join(uncached, 'node_modules')), []);
  assert.deepEqual(readdirSync(uncachedOs), [], "nor Node's compile cache (Node 22+)");
});

test('TSPROF_NO_CACHE=1: the bundles are compiled as before and nothing is kept, in the project or the OS cache', () => {
  const directory = project();
  const osCache = mkdtempSync(join(tmpdir(), 'tsprof-own-bundle-xdg-'));
  scratches.push(osCache);
  runRegistered(directory, '1', { XDG_CACHE_HOME: osCache });
  assert.deepEqual(readdirSync(join(directory, 'node_modules')), []);
  assert.deepEqual(readdirSync(osCache), []);
});

test('a process that profiles nothing touches no cache and adds no listener: the preload without its configuration, tsprof/register without TSPROF_INCLUDE', () => {
  const directory = project();
  const osCache = mkdtempSync(join(tmpdir(), 'tsprof-own-bundle-xdg-'));
  scratches.push(osCache);
  const { TSPROF_CONFIG: _config, TSPROF_INCLUDE: _include, ...environment } = process.env;
  const listeners = "console.log(['exit', 'SIGINT', 'beforeExit'].map((name) => process.listenerCount(name)).join(' '))";
  const plain = spawnSync(process.execPath, ['-e', listeners], { cwd: directory, encoding: 'utf8', env: { ...environment, XDG_CACHE_HOME: osCache } });
  for (const preload of [PRELOAD_START, REGISTER]) {
    const child = spawnSync(process.execPath, ['--require', preload, '-e', listeners], { cwd: directory, encoding: 'utf8', env: { ...environment, XDG_CACHE_HOME: osCache } });
    assert.equal(child.status, 0, child.stderr);
    assert.equal(child.stdout, plain.stdout, `${preload}: the listeners of a plain process`);
  }
  assert.deepEqual(readdirSync(join(directory, 'node_modules')), []);
  assert.deepEqual(readdirSync(osCache), []);
});

test('a profiled process whose working directory was deleted still starts (no cache there), and so do its children', () => {
  const directory = project();
  writeFileSync(join(directory, 'gone.js'), `const { mkdtempSync, rmSync } = require('node:fs');
const { spawnSync } = require('node:child_process');
require('./app.js');
const doomed = mkdtempSync(require('node:path').join(require('node:os').tmpdir(), 'tsprof-gone-'));
process.chdir(doomed);
rmSync(doomed, { recursive: true });
const child = spawnSync(process.execPath, ['-e', 'console.log("child ran")'], { encoding: 'utf8' });
console.log(child.status, child.stdout.trim(), child.stderr.split('\\n')[0]);
`);
  const tsprofBin = require.resolve('../../bin/tsprof.js');
  const run = spawnSync(process.execPath, [tsprofBin, '--include', join(directory, 'app.js'), '-o', join(directory, 'calls.dot'), '--profile', join(directory, 'profile.json'), '--', process.execPath, 'gone.js'], { cwd: directory, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout, '45\n0 child ran \n');
});

test("import() asked for while a bundle first runs goes through the import() handed in after it ran", async () => {
  const { importModule, provideImport } = require('../../dist/loader/dynamic-import.js');
  const asked = [];
  const imported = importModule('node:os');
  provideImport(async (specifier) => {
    asked.push(specifier);
    return { handedIn: true };
  });
  assert.deepEqual(await imported, { handedIn: true });
  assert.deepEqual(asked, ['node:os']);
});

test('loaded as a file, with nothing handed in, dynamic-import.ts imports with its own import()', () => {
  const script = `require(${JSON.stringify(require.resolve('../../dist/loader/dynamic-import.js'))}).importModule('node:os').then((os) => process.stdout.write(typeof os.cpus));`;
  const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  assert.equal(child.status, 0, child.stderr);
  assert.equal(child.stdout, 'function');
});

test('tsprof/register under tsprof run (its preload already loaded) does not run the preload a second time', () => {
  const directory = project();
  const counts = join(directory, 'counts.js');
  writeFileSync(counts, "require('./app.js');\nconsole.log(['SIGINT', 'SIGTERM', 'exit', 'beforeExit'].map((name) => process.listenerCount(name)).join(' '));\n");
  const tsprofBin = require.resolve('../../bin/tsprof.js');
  const run = (extra) => {
    // No cache: a process that misses the code cache adds a listener to write it at exit.
    const env = { ...process.env, TSPROF_NO_CACHE: '1' };
    const child = spawnSync(process.execPath, [tsprofBin, '--include', 'app.js', '-o', 'calls.dot', '--', process.execPath, ...extra, 'counts.js'], { cwd: directory, encoding: 'utf8', env });
    assert.equal(child.status, 0, child.stderr);
    const profile = JSON.parse(readFileSync(join(directory, 'out', 'profile.json'), 'utf8'));
    const add = profile.functions.find((fn) => fn.name === 'add');
    assert.equal(profile.contexts.filter((context) => context.function === add.id).reduce((sum, context) => sum + context.calls, 0), 10);
    const lines = child.stdout.split('\n');
    assert.equal(lines[0], '45');
    assert.match(lines[1], /^\d+ \d+ \d+ \d+$/);
    return lines[1];
  };
  assert.equal(run(['--require', REGISTER]), run([]), 'the same listeners as the preload alone');
});

test("tsprof's bundles are ASCII, so that Node reads each into a one-byte string (one character above 127 makes the whole file a two-byte string, read more slowly)", () => {
  const { PRELOAD_BUNDLE, REGISTER_BUNDLE, REGISTER_START, TRANSFORM_BUNDLE } = require('../../dist/loader/bundles.js');
  const bundles = [PRELOAD_BUNDLE, PRELOAD_START, REGISTER_BUNDLE, REGISTER_START, TRANSFORM_BUNDLE, require.resolve('../../dist/loader/transform-worker.bundle.js'), require.resolve('../../dist/cli/bundle.js')];
  for (const bundle of bundles) {
    const text = readFileSync(bundle, 'utf8');
    const index = text.search(/[^\x00-\x7f]/);
    assert.equal(index, -1, `${bundle}: ${JSON.stringify(text.slice(Math.max(0, index - 40), index + 40))}`);
  }
});
