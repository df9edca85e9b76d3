// Fail open: what cannot be instrumented runs untouched with one warning, and the program's
// own syntax errors surface exactly as they do without tsprof.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { instrumentSnippet } from '../helpers/instrumented-run.mjs';

// What NODE_OPTIONS names in a profiled process: the start file, which loads and starts the preload.
const PRELOAD = fileURLToPath(new URL('../../dist/loader/preload-start.bundle.js', import.meta.url));

test('instrument throws on what it cannot parse, so that callers fail open', () => {
  assert.throws(() => instrumentSnippet('function broken( {'), SyntaxError);
  assert.throws(() => instrumentSnippet('import x from "y"; export default x'), SyntaxError);
  assert.throws(() => instrumentSnippet('await 1', { format: 'commonjs' }), SyntaxError);
});

test('instrument throws on a regular expression V8 would reject, which Babel accepts', () => {
  assert.throws(() => instrumentSnippet('function f() { return /(?<a>.)(?<a>.)/ }'), /Duplicate capture group name/);
  assert.throws(() => instrumentSnippet('const r = /a{2,1}/;'), /numbers out of order/);
  assert.doesNotThrow(() => instrumentSnippet('const r = /(?<a>.)\\k<a>/u;'));
});

const engineRunsUsing = (() => {
  try {
    new Function('{ using resource = null; }');
    return true;
  } catch {
    return false;
  }
})();

test('using declarations are instrumented only where this Node.js runs them', () => {
  const attempt = () => instrumentSnippet('function f() { using resource = null; return 1 }');
  if (engineRunsUsing) assert.doesNotThrow(attempt);
  else assert.throws(attempt, /does not run 'using' declarations/);
});

/** Runs `file` with node, plain or with tsprof's loader instrumenting its directory. */
function run(file, directory, withTsprof) {
  const environment = { ...process.env, NODE_OPTIONS: '' };
  delete environment.NODE_TEST_CONTEXT;
  delete environment.TSPROF_CONFIG;
  if (withTsprof) {
    environment.TSPROF_CONFIG = JSON.stringify({
      include: [directory],
      exclude: [],
      partsDirectory: join(directory, 'parts'),
      command: ['node', file],
      startedAt: new Date().toISOString(),
      children: false,
      flushIntervalMs: 0,
    });
  }
  const args = withTsprof ? ['--require', PRELOAD, file] : [file];
  return spawnSync(process.execPath, args, { cwd: directory, env: environment, encoding: 'utf8', timeout: 30_000 });
}

function withFiles(files, body) {
  const directory = mkdtempSync(join(tmpdir(), 'tsprof-fail-open-'));
  try {
    mkdirSync(join(directory, 'parts'));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(directory, name), text);
    return body(directory);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/** Stack frames below the error differ by the loader's own compile hook; the error and its excerpt may not. */
const withoutStackFrames = (stderr) =>
  stderr
    .split('\n')
    .filter((line) => !line.startsWith('    at '))
    .join('\n');

/** The instrumented run's stderr is the plain one plus exactly one warning naming the file. */
function assertSurfacesUnchanged(files, entry, broken) {
  withFiles(files, (directory) => {
    const file = join(directory, entry);
    const plain = run(file, directory, false);
    const profiled = run(file, directory, true);
    assert.notEqual(plain.status, 0, 'the program itself must fail');
    assert.equal(profiled.status, plain.status);
    assert.equal(profiled.stdout, plain.stdout);
    const warnings = profiled.stderr.split('\n').filter((line) => line.startsWith('tsprof:'));
    assert.equal(warnings.length, 1, profiled.stderr);
    assert.match(warnings[0], new RegExp(`not instrumenting ${join(directory, broken).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: .*; it runs unchanged`));
    const rest = profiled.stderr
      .split('\n')
      .filter((line) => !line.startsWith('tsprof:'))
      .join('\n');
    assert.equal(withoutStackFrames(rest), withoutStackFrames(plain.stderr));
  });
}

test('a CommonJS entry with a syntax error fails as it does without tsprof', () => {
  assertSurfacesUnchanged({ 'main.cjs': "const ok = () => 1;\nfunction broken() {\n  return ok(;\n}\n" }, 'main.cjs', 'main.cjs');
});

test('a syntax error in a required file fails as it does without tsprof, and the rest is instrumented', () => {
  assertSurfacesUnchanged(
    {
      'main.cjs': "function load() { return require('./broken.cjs') }\nconsole.log('before');\nload();\n",
      'broken.cjs': 'module.exports = { a: 1,, };\n',
    },
    'main.cjs',
    'broken.cjs',
  );
});

test('an ES module with a syntax error fails as it does without tsprof', () => {
  assertSurfacesUnchanged({ 'main.mjs': 'export function f() {\n  let let = 1;\n}\n' }, 'main.mjs', 'main.mjs');
});

test('a regular expression only V8 rejects fails as it does without tsprof', () => {
  assertSurfacesUnchanged({ 'main.cjs': "function f() {\n  return /(?<x>a)(?<x>b)/.test('ab');\n}\nconsole.log(f());\n" }, 'main.cjs', 'main.cjs');
});

const DEEP_SUM = `function total(a) {\n  return ${Array(20000).fill('a').join(' + ')}\n}\nmodule.exports = total;\n`;

test('code nested too deeply for the parser is refused with CannotInstrument, not a stack overflow', () => {
  assert.throws(() => instrumentSnippet(DEEP_SUM), { name: 'CannotInstrument', message: 'nested too deeply to instrument' });
  assert.throws(() => instrumentSnippet('function require() {}\nfunction module() {}\n'), { name: 'CannotInstrument', message: /cannot load the runtime/ });
});

test('a file nested too deeply runs unchanged with one warning, and the files beside it are instrumented', () => {
  withFiles({ 'main.cjs': "const total = require('./deep.cjs');\nfunction twice(a) { return 2 * total(a) }\nconsole.log(twice(1));\n", 'deep.cjs': DEEP_SUM }, (directory) => {
    const file = join(directory, 'main.cjs');
    const plain = run(file, directory, false);
    const profiled = run(file, directory, true);
    assert.equal(plain.status, 0, plain.stderr);
    assert.deepEqual([profiled.status, profiled.stdout], [0, '40000\n']);
    assert.deepEqual(
      profiled.stderr.split('\n').filter((line) => line.startsWith('tsprof:')),
      [`tsprof: not instrumenting ${join(directory, 'deep.cjs')}: nested too deeply to instrument; it runs unchanged`],
    );
    assert.ok(readdirSync(join(directory, 'parts')).length > 0, 'main.cjs was profiled');
  });
});
