// bin/tsprof.js starts Graphviz's worker for a picture Graphviz lays out (render, diff -o, run) before
// the CLI's bundle loads (src/cli/early-graphviz.ts), and the bundle takes that worker as its own.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { drawnFormat } from '../../dist/cli/early-graphviz.js';
import { cleanEnvironment, repoRoot, scratchDirectory, tsprofBin } from '../helpers/cli.mjs';

const PROFILE = join(repoRoot, 'test', 'golden', 'taskqueue.profile.json');

test('the picture a render or a diff draws, read from its arguments as commander reads -o; other commands draw none here', () => {
  assert.equal(drawnFormat(['render', 'p.json']), 'png', 'out/calls.png without -o');
  assert.equal(drawnFormat(['render', 'p.json', '-o', 'x.svg']), 'svg');
  assert.equal(drawnFormat(['render', '-o', 'x.SVG', 'p.json', '--focus', 'publish']), 'svg');
  assert.equal(drawnFormat(['render', 'p.json', '--output=x.dot']), 'dot');
  assert.equal(drawnFormat(['render', 'p.json', '--output', 'x.htm']), 'html');
  assert.equal(drawnFormat(['render', 'p.json', '-ox.png']), 'png');
  assert.equal(drawnFormat(['render', 'p.json', '-o', 'x.svg', '-o', 'y.dot']), 'dot', 'the last -o counts');
  assert.equal(drawnFormat(['render', 'p.json', '-o', 'x.txt']), undefined, 'a format tsprof does not draw');
  assert.equal(drawnFormat(['render', 'p.json', '-o', 'x.svg', '--help']), undefined);
  assert.equal(drawnFormat(['help', 'render']), undefined);
  assert.equal(drawnFormat(['run', '-o', 'x.svg', '--', 'node', 'app.js']), 'svg');
  assert.equal(drawnFormat(['--include', 'src', '--', 'node', 'app.js', '-o', 'x.dot']), 'png', "an implied run; the -o after -- is the command's");
  assert.equal(drawnFormat(['--include', 'src', '--output=x.dot', '--', 'npx', 'tsx', 'app.ts']), 'dot');
  assert.equal(drawnFormat(['--include', 'src', '--help', '--', 'node', 'app.js']), undefined);
  assert.equal(drawnFormat(['run', '--include', 'src', 'node', 'app.js']), 'png', 'a named run needs no --');
  assert.equal(drawnFormat(['report', 'p.json']), undefined);
  assert.equal(drawnFormat(['diff', 'base.json', 'head.json']), undefined, 'diff draws only with -o');
  assert.equal(drawnFormat(['diff', 'base.json', 'head.json', '-o', 'changes.html']), 'html');
  assert.equal(drawnFormat(['constructor']), undefined);
});

/**
 * Runs the real bin with a preload that counts Graphviz's workers and the messages sent to them,
 * and notes whether the CLI's bundle had loaded when the first worker was made.
 */
function renderCountingWorkers(args) {
  const directory = scratchDirectory();
  const counter = join(directory, 'count-workers.cjs');
  writeFileSync(
    counter,
    `const threads = require('node:worker_threads');
const fs = require('node:fs');
const Original = threads.Worker;
const seen = { workers: 0, messages: 0, bundleLoadedFirst: null };
// The CLI's bundle is loaded privately (cli/early.ts), never through require: seen as it is read.
let bundleRead = false;
const readFileSync = fs.readFileSync;
fs.readFileSync = function (file, ...rest) {
  if (String(file).endsWith('/dist/cli/bundle.js')) bundleRead = true;
  return readFileSync.call(this, file, ...rest);
};
threads.Worker = class extends Original {
  constructor(...args) {
    super(...args);
    seen.workers++;
    seen.bundleLoadedFirst ??= bundleRead;
  }
  postMessage(...args) {
    seen.messages++;
    return super.postMessage(...args);
  }
};
process.on('exit', () => process.stderr.write('seen ' + JSON.stringify(seen) + '\\n'));`,
  );
  const run = spawnSync(process.execPath, ['--require', counter, tsprofBin, ...args], { cwd: directory, env: cleanEnvironment(), encoding: 'utf8', timeout: 120_000 });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(/^seen (.*)$/m.exec(run.stderr)[1]);
}

test('tsprof render of an SVG or PNG, and diff -o, start one Graphviz worker before the CLI bundle loads, warm it once and lay out the graph on it', () => {
  for (const picture of ['calls.svg', 'calls.png']) {
    assert.deepEqual(renderCountingWorkers(['render', PROFILE, '-o', picture]), { workers: 1, messages: 2, bundleLoadedFirst: false }, picture);
  }
  assert.deepEqual(renderCountingWorkers(['diff', PROFILE, PROFILE, '-o', 'changes.svg']), { workers: 1, messages: 2, bundleLoadedFirst: false }, 'diff');
});

test('tsprof run of an SVG starts its one worker before the CLI bundle loads too; a DOT render or run starts none', () => {
  const program = join(scratchDirectory(), 'tiny.cjs');
  writeFileSync(program, 'function add(a, b) { return a + b }\nadd(1, 2);\n');
  assert.deepEqual(renderCountingWorkers(['run', '--include', program, '-o', 'calls.svg', '--', 'node', program]), { workers: 1, messages: 2, bundleLoadedFirst: false });
  assert.deepEqual(renderCountingWorkers(['--include', program, '-o', 'calls.dot', '--', 'node', program]), { workers: 0, messages: 0, bundleLoadedFirst: null });
  assert.deepEqual(renderCountingWorkers(['render', PROFILE, '-o', 'calls.dot']), { workers: 0, messages: 0, bundleLoadedFirst: null });
});
