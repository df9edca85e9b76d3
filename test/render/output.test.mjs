import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pictureTarget, writeTarget } from '../../dist/cli/outputs.js';
import { DEFAULT_EXPORT_OPTIONS } from '../../dist/export/index.js';
import { scratchDirectory } from '../helpers/cli.mjs';
import { GOLDEN_CWD, goldenView } from '../helpers/render-golden.mjs';

const scratch = () => scratchDirectory('tsprof-render-');
/** A picture written through the output table, as `tsprof render -o file` writes it. */
const renderToFile = (view, file) => writeTarget(view, pictureTarget(file), { cwd: GOLDEN_CWD, exports: DEFAULT_EXPORT_OPTIONS });
const formatForFile = (file) => pictureTarget(file).format;

test('the format comes from the extension, PNG when there is none', () => {
  assert.equal(formatForFile('out/profile.png'), 'png');
  assert.equal(formatForFile('out/profile'), 'png');
  assert.equal(formatForFile('out/PROFILE.SVG'), 'svg');
  assert.equal(formatForFile('graph.dot'), 'dot');
  assert.equal(formatForFile('graph.gv'), 'dot');
  assert.equal(formatForFile('calls.HTML'), 'html');
  assert.equal(formatForFile('calls.htm'), 'html');
  assert.throws(() => formatForFile('graph.jpg'), /unknown output format "\.jpg"; use a \.png, \.svg, \.dot or \.html file name/);
});

test('each format is written whole, into missing directories, with no temporary file left', async () => {
  const directory = scratch();
  const view = goldenView();
  for (const [name, check] of [
    ['nested/deeper/graph.dot', (bytes) => assert.match(bytes.toString('utf8'), /^digraph tsprof \{/)],
    ['graph.svg', (bytes) => assert.match(bytes.toString('utf8'), /<\/svg>\s*$/)],
    ['graph.png', (bytes) => assert.equal(bytes.subarray(1, 4).toString('latin1'), 'PNG')],
  ]) {
    const file = join(directory, name);
    await renderToFile(view, file);
    check(readFileSync(file));
  }
  assert.deepEqual(readdirSync(directory).sort(), ['graph.png', 'graph.svg', 'nested']);
  assert.deepEqual(readdirSync(join(directory, 'nested/deeper')), ['graph.dot']);
});

test('an existing file is replaced', async () => {
  const file = join(scratch(), 'graph.dot');
  writeFileSync(file, 'old');
  await renderToFile(goldenView(), file, { cwd: GOLDEN_CWD });
  assert.match(readFileSync(file, 'utf8'), /^digraph/);
});

test('an unusable directory gives one clear line and leaves nothing behind', async () => {
  const directory = scratch();
  writeFileSync(join(directory, 'a-file'), '');
  await assert.rejects(renderToFile(goldenView(), join(directory, 'a-file', 'graph.png')), (error) => {
    assert.match(error.message, /^cannot write output .*graph\.png: .*a-file is not writable \(\w+\); choose another path$/);
    return true;
  });
  assert.deepEqual(readdirSync(directory), ['a-file']);
});

test('a read-only directory is reported before anything is written', { skip: process.getuid?.() === 0 && 'root may write anywhere' }, async () => {
  const directory = scratch();
  chmodSync(directory, 0o500);
  try {
    await assert.rejects(renderToFile(goldenView(), join(directory, 'graph.dot')), /is not writable \(EACCES\); choose another path$/);
  } finally {
    chmodSync(directory, 0o700);
  }
  assert.deepEqual(readdirSync(directory), []);
});

test('a Skia that cannot load never breaks the preparation; drawing the PNG then fails with its error, and nothing is left unhandled', () => {
  const dist = (path) => JSON.stringify(fileURLToPath(new URL(`../../dist/${path}`, import.meta.url)));
  const profile = JSON.stringify(fileURLToPath(new URL('../golden/taskqueue-v2.profile.json', import.meta.url)));
  const script = `const Module = require('node:module');
    const load = Module._load;
    Module._load = function (request, ...rest) { if (request === '@napi-rs/canvas') throw new Error('no Skia here'); return load.call(this, request, ...rest); };
    process.on('unhandledRejection', (reason) => { console.log('unhandled: ' + reason); process.exitCode = 3; });
    const { prepareRenderer, renderGraph } = require(${dist('render/output.js')});
    const { readSavedProfile, viewProfile } = require(${dist('cli/view.js')});
    const { viewOptionsFrom } = require(${dist('cli/view-options.js')});
    const graph = viewProfile(readSavedProfile(${profile}, 'golden'), viewOptionsFrom({}), 'golden').picture();
    prepareRenderer('png');
    setTimeout(() => renderGraph(graph, 'png').then(() => console.log('drawn'), (error) => console.log('rejected: ' + error.message)), 50);`;
  const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout.trim(), 'rejected: no Skia here');
});
