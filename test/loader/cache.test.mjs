// The transform cache: a warm start reuses output keyed by content, options and
// the transform's own code; anything different is a miss.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { spawnSync } from 'node:child_process';
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
      assert.equal(entriesOf(join(osCache, 'tsprof')).length, 1);
    }, { withNodeModules: false });
  } finally {
    if (previous === undefined) delete process.env.XDG_CACHE_HOME;
    else process.env.XDG_CACHE_HOME = previous;
  }
});

const RUNTIME = require.resolve('../../dist/runtime/handle.js');

/** The transform entries of a cache directory (it also holds V8's code for the transform bundle). */
const entriesOf = (directory) => readdirSync(directory).filter((name) => name.endsWith('.json'));

test('a warm start is served from node_modules/.cache/tsprof', () => {
  inFreshDirectory(({ transformForLoader, cacheDirectory }) => {
    const source = 'function publish(message) { return message.length }\n';
    const cold = transformForLoader(source, '/app/publish.js', 'commonjs', RUNTIME);
    const entries = entriesOf(cacheDirectory);
    assert.equal(entries.length, 1);
    // Prove the second call reads the cache: tamper with the entry and see it come back.
    const entryFile = join(cacheDirectory, entries[0]);
    writeFileSync(entryFile, JSON.stringify({ ...JSON.parse(readFileSync(entryFile, 'utf8')), code: '/* from cache */' }));
    assert.equal(transformForLoader(source, '/app/publish.js', 'commonjs', RUNTIME), '/* from cache */');
    assert.notEqual(cold, '/* from cache */');
  });
});

test('an entry is used only for the very source it was made from, whatever its name (the hash) says', () => {
  inFreshDirectory(({ transformForLoader, cacheDirectory }) => {
    const source = 'function publish(message) { return message.length }\n';
    const cold = transformForLoader(source, '/app/publish.js', 'commonjs', RUNTIME);
    const entryFile = join(cacheDirectory, entriesOf(cacheDirectory)[0]);
    const written = JSON.parse(readFileSync(entryFile, 'utf8'));
    // As if another source had hashed to this name: its entry is a miss, transformed and written again.
    writeFileSync(entryFile, JSON.stringify({ ...written, source: 'function other() {}\n', code: '/* another source */' }));
    assert.equal(transformForLoader(source, '/app/publish.js', 'commonjs', RUNTIME), cold);
    assert.deepEqual(JSON.parse(readFileSync(entryFile, 'utf8')), written);
    // Or the same source with another file, format or runtime: a miss too.
    for (const key of [[], written.key.slice(0, -1), [...written.key.slice(0, 1), '/app/other.js', ...written.key.slice(2)], 'not a list']) {
      writeFileSync(entryFile, JSON.stringify({ ...written, key, code: '/* another key */' }));
      assert.equal(transformForLoader(source, '/app/publish.js', 'commonjs', RUNTIME), cold, JSON.stringify(key));
    }
    // An entry without its source (written by an earlier tsprof) is a miss too.
    writeFileSync(entryFile, JSON.stringify({ code: '/* no source */', warnings: [] }));
    assert.equal(transformForLoader(source, '/app/publish.js', 'commonjs', RUNTIME), cold);
  });
});

test("two files of one source whose keys hash alike (hash.ts is no cryptographic hash) each get their own transform", () => {
  // The hash's two-step differential: bit 31 of words 0 and 2 and bit 18 of word 3 cancel out
  // (UTF-16 units 1, 5 and 7 of a text), so these two file names give one cache key.
  const units = [...'/app/src/publish.js'].map((character) => character.charCodeAt(0));
  units[1] ^= 0x8000;
  units[5] ^= 0x8000;
  units[7] ^= 0x0004;
  const second = String.fromCharCode(...units);
  const source = 'function publish(message) { return message.length }\n';
  const expected = inFreshDirectory(({ transformForLoader }) => transformForLoader(source, second, 'commonjs', RUNTIME));
  inFreshDirectory(({ transformForLoader, cacheDirectory }) => {
    const first = transformForLoader(source, '/app/src/publish.js', 'commonjs', RUNTIME);
    assert.notEqual(first, expected);
    assert.equal(entriesOf(cacheDirectory).length, 1, 'one name for both');
    assert.equal(transformForLoader(source, second, 'commonjs', RUNTIME), expected);
  });
});

test('an entry a crash damaged (entries are not flushed to disk) reads as a miss and is written again', () => {
  inFreshDirectory(({ transformForLoader, cacheDirectory }) => {
    const source = 'function publish(message) { return message.length }\n';
    const cold = transformForLoader(source, '/app/publish.js', 'commonjs', RUNTIME);
    const entryFile = join(cacheDirectory, entriesOf(cacheDirectory)[0]);
    const written = JSON.parse(readFileSync(entryFile, 'utf8'));
    for (const damaged of ['', '\u0000'.repeat(64), JSON.stringify({ code: cold, warnings: [] }).slice(0, 40), '{"warnings":[]}', 'null']) {
      writeFileSync(entryFile, damaged);
      assert.equal(transformForLoader(source, '/app/publish.js', 'commonjs', RUNTIME), cold, JSON.stringify(damaged));
      assert.deepEqual(JSON.parse(readFileSync(entryFile, 'utf8')), { source, key: written.key, code: cold, warnings: [] }, 'written again');
    }
  });
});

test('different content, file, format or runtime are different entries', () => {
  inFreshDirectory(({ transformForLoader, cacheDirectory }) => {
    transformForLoader('function a() {}\n', '/app/a.js', 'commonjs', RUNTIME);
    transformForLoader('function a() { }\n', '/app/a.js', 'commonjs', RUNTIME);
    transformForLoader('function a() {}\n', '/app/b.js', 'commonjs', RUNTIME);
    transformForLoader('function a() {}\n', '/app/a.js', 'module', 'file:///runtime.js');
    assert.equal(entriesOf(cacheDirectory).length, 4);
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

const TRANSFORM_BUNDLE = require.resolve('../../dist/instrument/bundle.js');
const { loadPrivately } = require('../../dist/loader/private-module.js');

/** In a process of its own, as a profiled process loads it: whether V8 took the bundle's code from `file`, and a transform's output. */
function loadInFreshProcess(file) {
  const script = `const b = require(${JSON.stringify(require.resolve('../../dist/loader/private-module.js'))}).loadPrivately(${JSON.stringify(TRANSFORM_BUNDLE)}, ${JSON.stringify(file)});
    const code = b.exports.instrument('function f() { return 1 }\\n', { filename: '/app/f.js', format: 'commonjs', runtimeSpecifier: 'r' }).code;
    b.writeCodeCache();
    process.stdout.write(JSON.stringify({ fromCodeCache: b.fromCodeCache, code }));`;
  const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  assert.equal(child.status, 0, child.stderr);
  return JSON.parse(child.stdout);
}

test("V8's code for the transform bundle is cached after a process's first transform and taken by the next process", () => {
  inFreshDirectory(({ transformForLoader, cacheDirectory }) => {
    transformForLoader('function a() {}\n', '/app/a.js', 'commonjs', RUNTIME);
    const codeFiles = readdirSync(cacheDirectory).filter((name) => /^v8-code-[0-9a-f]{16}\.bin$/.test(name));
    assert.equal(codeFiles.length, 1, readdirSync(cacheDirectory).join(' '));
    const file = join(cacheDirectory, codeFiles[0]);
    const stored = readFileSync(file);
    assert.ok(stored.length > 10_000, `${stored.length} bytes`);
    const next = loadInFreshProcess(file);
    assert.equal(next.fromCodeCache, true, 'the next process takes the code');
    assert.equal(readFileSync(file).equals(stored), true, 'and does not write it again');
  });
});

test('a code cache file that is damaged, cut short, empty or missing is not given to V8; the bundle runs the same and the file is written whole again', () => {
  const directory = mkdtempSync(join(tmpdir(), 'tsprof-code-cache-'));
  scratches.push(directory);
  const file = join(directory, 'code.bin');
  const fresh = loadInFreshProcess(file);
  assert.equal(fresh.fromCodeCache, false);
  const whole = readFileSync(file);
  const flipped = Buffer.from(whole);
  flipped[flipped.length >> 1] ^= 0xff;
  for (const [what, damaged] of [['a flipped byte', flipped], ['cut short', whole.subarray(0, whole.length >> 1)], ['empty', Buffer.alloc(0)], ['missing', null]]) {
    if (damaged === null) rmSync(file);
    else writeFileSync(file, damaged);
    const run = loadInFreshProcess(file);
    assert.deepEqual(run, { fromCodeCache: false, code: fresh.code }, what);
    assert.equal(loadInFreshProcess(file).fromCodeCache, true, `${what}: written whole again`);
  }
});

test('no code cache file: the bundle is compiled as before and nothing is written', () => {
  const bundle = loadPrivately(TRANSFORM_BUNDLE);
  assert.equal(bundle.fromCodeCache, false);
  bundle.writeCodeCache();
  assert.equal(typeof bundle.exports.instrument, 'function');
});

test('a file the build did not wrap for private loading is refused, naming it, before any of it runs', () => {
  const directory = mkdtempSync(join(tmpdir(), 'tsprof-private-'));
  scratches.push(directory);
  const file = join(directory, 'plain.js');
  writeFileSync(file, 'globalThis.tsprofPlainRan = true;\n');
  assert.throws(() => loadPrivately(file), (error) => error.message === `${file} is not built to be loaded privately (npm run build)`);
  assert.equal(globalThis.tsprofPlainRan, undefined);
});

test("reading and writing the code cache goes through no Buffer or Math method the program can patch after the preload", () => {
  const directory = mkdtempSync(join(tmpdir(), 'tsprof-code-cache-'));
  scratches.push(directory);
  const file = join(directory, 'code.bin');
  loadInFreshProcess(file);
  const script = `const { loadPrivately } = require(${JSON.stringify(require.resolve('../../dist/loader/private-module.js'))});
    const patched = [[Buffer.prototype, 'subarray'], [Buffer.prototype, 'toString'], [Buffer, 'concat'], [Buffer, 'from'], [Math, 'imul']];
    for (const [target, name] of patched) {
      target[name] = () => { throw new Error('patched ' + name); };
    }
    const read = loadPrivately(${JSON.stringify(TRANSFORM_BUNDLE)}, ${JSON.stringify(file)});
    const written = loadPrivately(${JSON.stringify(TRANSFORM_BUNDLE)}, ${JSON.stringify(join(directory, 'new.bin'))});
    written.writeCodeCache();
    process.stdout.write(JSON.stringify([read.fromCodeCache, require('node:fs').existsSync(${JSON.stringify(join(directory, 'new.bin'))})]));`;
  const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  assert.equal(child.status, 0, child.stderr);
  assert.deepEqual(JSON.parse(child.stdout), [true, true]);
});

test('processes that all missed the code cache leave the largest code, not the last written: a wrapper that ran little does not replace a worker that ran much', () => {
  const directory = mkdtempSync(join(tmpdir(), 'tsprof-code-cache-'));
  scratches.push(directory);
  const privateModule = JSON.stringify(require.resolve('../../dist/loader/private-module.js'));
  /** A process that misses `file`, optionally transforms, then finds `meanwhile` copied to `file` (another process ended first) and writes. */
  const missThenWrite = (file, { transform, meanwhile = null }) => {
    const script = `const { copyFileSync } = require('node:fs');
      const b = require(${privateModule}).loadPrivately(${JSON.stringify(TRANSFORM_BUNDLE)}, ${JSON.stringify(file)});
      if (b.fromCodeCache) throw new Error('expected a miss');
      if (${transform}) b.exports.instrument('function f() { return 1 }\\n', { filename: '/app/f.js', format: 'commonjs', runtimeSpecifier: 'r' });
      if (${JSON.stringify(meanwhile)}) copyFileSync(${JSON.stringify(meanwhile)}, ${JSON.stringify(file)});
      b.writeCodeCache();`;
    const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    assert.equal(child.status, 0, child.stderr);
    return readFileSync(file);
  };
  const large = missThenWrite(join(directory, 'large.bin'), { transform: true });
  const small = missThenWrite(join(directory, 'small.bin'), { transform: false });
  assert.ok(large.length > small.length, `${large.length} > ${small.length}`);
  // The little one ends last: the large code stays.
  assert.ok(missThenWrite(join(directory, 'a.bin'), { transform: false, meanwhile: join(directory, 'large.bin') }).equals(large));
  // The one that ran much ends last: its code replaces the small one.
  const replaced = missThenWrite(join(directory, 'b.bin'), { transform: true, meanwhile: join(directory, 'small.bin') });
  assert.ok(replaced.length > small.length, `${replaced.length} > ${small.length}`);
});

test("a source map's file (jest's sourceMapPath) is used as it is only when it holds that very map; a file of the same name with another text is written over", () => {
  inFreshDirectory(({ cacheDirectory }) => {
    const { sourceMapFile } = require('../../dist/loader/cache.js');
    const map = JSON.stringify({ version: 3, sources: ['a.ts'], names: [], mappings: 'AAAA' });
    const file = sourceMapFile(map);
    assert.equal(file.startsWith(cacheDirectory), true, file);
    assert.equal(readFileSync(file, 'utf8'), map);
    // As if another map had hashed to this name (hash.ts is no cryptographic hash).
    writeFileSync(file, '{"version":3,"mappings":"another map"}');
    assert.equal(sourceMapFile(map), file);
    assert.equal(readFileSync(file, 'utf8'), map, 'written again with this map');
    assert.equal(sourceMapFile(map), file);
    assert.equal(readFileSync(file, 'utf8'), map);
  });
});
