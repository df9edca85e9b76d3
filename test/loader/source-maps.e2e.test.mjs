// Node's source-map support, which makes stack traces name the original columns of instrumented files,
// is turned on in a thread when it first instruments an included file (loader/source-maps.ts), not in
// every profiled process: a process that instruments nothing keeps Node's default, and with it the
// stack traces and the start-up it had without tsprof.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { cleanEnvironment, repoRoot, scratchDirectory } from '../helpers/cli.mjs';

const REGISTER = join(repoRoot, 'dist', 'register.js');
const TSPROF = join(repoRoot, 'bin', 'tsprof.js');

/** A project: a package with a source map of its own (as compiled packages ship), and an included file that throws where probes go in before the throw. */
function project() {
  const directory = scratchDirectory('tsprof-source-maps-');
  mkdirSync(join(directory, 'lib'));
  mkdirSync(join(directory, 'node_modules', 'compiled'), { recursive: true });
  // The package's map sends line 1 to line 42 of its TypeScript source: a stack trace through it says which was read.
  writeFileSync(join(directory, 'node_modules', 'compiled', 'index.js'), 'exports.where = () => new Error().stack.split("\\n")[1];\n//# sourceMappingURL=index.js.map\n');
  writeFileSync(join(directory, 'node_modules', 'compiled', 'index.js.map'), JSON.stringify({ version: 3, sources: ['index.ts'], names: [], mappings: 'AAyCA' }));
  const line = 'exports.fail = function fail() { const inner = () => { return new Error("here").stack.split("\\n")[1]; }; return inner(); };';
  writeFileSync(join(directory, 'lib', 'included.js'), `${line}\n`);
  writeFileSync(
    join(directory, 'app.js'),
    [
      "const before = process.sourceMapsEnabled;",
      "const where = require('compiled').where();",
      "const fail = require('./lib/included').fail();",
      'console.log(JSON.stringify({ before, where, fail, after: process.sourceMapsEnabled }));',
      '',
    ].join('\n'),
  );
  return { directory, column: line.indexOf('new Error') + 1 };
}

function runApp(directory, include) {
  const run = spawnSync(process.execPath, ['--require', REGISTER, 'app.js'], {
    cwd: directory,
    encoding: 'utf8',
    env: cleanEnvironment({ TSPROF_INCLUDE: include, TSPROF_PROFILE: 'profile.json', TSPROF_NO_CACHE: '1' }),
  });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout);
}

test('off until the first included file is instrumented, on before it compiles: its frames name the columns as written', () => {
  const { directory, column } = project();
  const seen = runApp(directory, 'lib');
  assert.equal(seen.before, false);
  assert.equal(seen.after, true);
  assert.match(seen.fail, new RegExp(`included\\.js:1:${column}\\)$`), seen.fail);
  // The package loaded before any included file: its frames are as Node names them without tsprof.
  assert.match(seen.where, /index\.js:1:\d+\)?$/, seen.where);
});

test('a process that instruments nothing keeps Node\'s default: off, and its packages\' maps are not read', () => {
  const { directory } = project();
  const plain = spawnSync(process.execPath, ['app.js'], { cwd: directory, encoding: 'utf8', env: cleanEnvironment() });
  assert.equal(plain.status, 0, plain.stderr);
  const seen = runApp(directory, 'nothing-here');
  assert.equal(seen.after, false);
  assert.deepEqual(seen, { ...JSON.parse(plain.stdout), fail: seen.fail });
  assert.match(seen.where, /index\.js:1:\d+\)?$/, seen.where);
});

test('under tsprof run, a child process that includes nothing keeps it off too', () => {
  const { directory } = project();
  writeFileSync(join(directory, 'parent.js'), "require('./lib/included').fail(); console.log(require('node:child_process').execFileSync(process.execPath, ['-p', 'process.sourceMapsEnabled'], { encoding: 'utf8' }).trim(), process.sourceMapsEnabled);\n");
  // This Node for the command too: a Node without in-thread module hooks (20) that may load an included ES module
  // turns it on from the start, as the off-thread hooks instrument without telling it when (preload.ts).
  const run = spawnSync(process.execPath, [TSPROF, '--include', 'lib', '-o', 'calls.dot', '--profile', 'profile.json', '--', process.execPath, 'parent.js'], { cwd: directory, encoding: 'utf8', env: cleanEnvironment() });
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout.trim(), 'false true');
});
