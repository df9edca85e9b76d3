// The transform cache: a warm start reuses output keyed by content, options and
// the transform's own code; anything different is a miss.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

const scratches = [];
after(() => scratches.forEach((directory) => rmSync(directory, { recursive: true, force: true })));

/** Runs `body` with a fresh project directory as cwd, which has node_modules unless told otherwise. */
function inFreshDirectory(body, { withNodeModules = true } = {}) {
  const directory = mkdtempSync(join(tmpdir(), 'tsprof-cache-test-'));
  scratches.push(directory);
  if (withNodeModules) mkdirSync(join(directory, 'node_modules'));
  const previous = process.cwd();
  process.chdir(directory);
  try {
    // A fresh copy of the modules, so the cache directory is chosen for this cwd.
    for (const key of Object.keys(require.cache)) if (key.includes('/dist/loader/')) delete require.cache[key];
    const { transformForLoader } = require('../../dist/loader/transform.js');
    return body({ transformForLoader, directory, cacheDirectory: join(directory, 'node_modules', '.cache', 'tsprof') });
  } finally {
    process.chdir(previous);
  }
}

test('a project without node_modules gets none: the cache goes to the OS cache directory', () => {
  const osCache = mkdtempSync(join(tmpdir(), 'tsprof-xdg-cache-'));
  scratches.push(osCache);
  const previous = process.env.XDG_CACHE_HOME;
  process.env.XDG_CACHE_HOME = osCache;
  try {
    inFreshDirectory(({ transformForLoader, directory }) => {
      transformForLoader('function a() {}\n', '/app/a.js', 'commonjs', RUNTIME);
      assert.deepEqual(readdirSync(directory), [], 'no node_modules/.cache created');
      assert.equal(readdirSync(join(osCache, 'tsprof')).length, 1);
    }, { withNodeModules: false });
  } finally {
    if (previous === undefined) delete process.env.XDG_CACHE_HOME;
    else process.env.XDG_CACHE_HOME = previous;
  }
});

const RUNTIME = require.resolve('../../dist/runtime/handle.js');

test('a warm start is served from node_modules/.cache/tsprof', () => {
  inFreshDirectory(({ transformForLoader, cacheDirectory }) => {
    const source = 'function publish(message) { return message.length }\n';
    const cold = transformForLoader(source, '/app/publish.js', 'commonjs', RUNTIME);
    const entries = readdirSync(cacheDirectory);
    assert.equal(entries.length, 1);
    // Prove the second call reads the cache: tamper with the entry and see it come back.
    const entryFile = join(cacheDirectory, entries[0]);
    writeFileSync(entryFile, JSON.stringify({ code: '/* from cache */', warnings: [] }));
    assert.equal(transformForLoader(source, '/app/publish.js', 'commonjs', RUNTIME), '/* from cache */');
    assert.notEqual(cold, '/* from cache */');
  });
});

test('an entry a crash damaged (entries are not flushed to disk) reads as a miss and is written again', () => {
  inFreshDirectory(({ transformForLoader, cacheDirectory }) => {
    const source = 'function publish(message) { return message.length }\n';
    const cold = transformForLoader(source, '/app/publish.js', 'commonjs', RUNTIME);
    const entryFile = join(cacheDirectory, readdirSync(cacheDirectory)[0]);
    for (const damaged of ['', '\u0000'.repeat(64), JSON.stringify({ code: cold, warnings: [] }).slice(0, 40), '{"warnings":[]}', 'null']) {
      writeFileSync(entryFile, damaged);
      assert.equal(transformForLoader(source, '/app/publish.js', 'commonjs', RUNTIME), cold, JSON.stringify(damaged));
      assert.deepEqual(JSON.parse(readFileSync(entryFile, 'utf8')), { code: cold, warnings: [] }, 'written again');
    }
  });
});

test('different content, file, format or runtime are different entries', () => {
  inFreshDirectory(({ transformForLoader, cacheDirectory }) => {
    transformForLoader('function a() {}\n', '/app/a.js', 'commonjs', RUNTIME);
    transformForLoader('function a() { }\n', '/app/a.js', 'commonjs', RUNTIME);
    transformForLoader('function a() {}\n', '/app/b.js', 'commonjs', RUNTIME);
    transformForLoader('function a() {}\n', '/app/a.js', 'module', 'file:///runtime.js');
    assert.equal(readdirSync(cacheDirectory).length, 4);
  });
});

test('TSPROF_NO_CACHE=1 turns the cache off', () => {
  process.env.TSPROF_NO_CACHE = '1';
  try {
    inFreshDirectory(({ transformForLoader, cacheDirectory }) => {
      transformForLoader('function a() {}\n', '/app/a.js', 'commonjs', RUNTIME);
      assert.throws(() => readdirSync(cacheDirectory));
    });
  } finally {
    delete process.env.TSPROF_NO_CACHE;
  }
});
