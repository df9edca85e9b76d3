// `tsprof run` writes its picture, report and exports through the same output table and the same
// view of the profile as `render`, `report` and `export` do on the saved profile: what a run
// writes is byte for byte what those commands write afterwards with the same options.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot, runTsprof, scratchDirectory } from '../helpers/cli.mjs';

const fixture = ['--include', 'fixtures/taskqueue/src/queue', '--', 'node', 'fixtures/taskqueue/app.js', '--tasks', '200'];
const view = ['--focus', 'publish', '--node-threshold', '0.001', '--group', 'file'];

test('the run and the saved profile give the same picture, report and exports', async () => {
  const out = scratchDirectory('tsprof-one-path-');
  const file = (name) => join(out, name);
  const run = await runTsprof([
    '-o', file('run.dot'), '--profile', file('profile.json'), '--report', 'json', '--top', '50',
    '--export', `pprof:${file('run.pb.gz')}`, '--export', `collapsed:${file('run.folded')}`, '--export', `callgrind:${file('run.callgrind')}`,
    ...view, ...fixture,
  ]);
  assert.equal(run.code, 0, run.stderr);

  const render = await runTsprof(['render', file('profile.json'), '-o', file('render.dot'), ...view]);
  assert.equal(render.code, 0, render.stderr);
  assert.equal(readFileSync(file('render.dot'), 'utf8'), readFileSync(file('run.dot'), 'utf8'), 'picture');

  const report = await runTsprof(['report', file('profile.json'), '--format', 'json', '--top', '50', '--focus', 'publish']);
  assert.equal(report.code, 0, report.stderr);
  // The program's own output comes first on the run's stdout; the report is what follows it.
  assert.ok(run.stdout.endsWith(report.stdout) && report.stdout.startsWith('{'), 'report');
  assert.ok(JSON.parse(report.stdout).functions.some((entry) => entry.name === 'Producer.publish'));

  for (const [format, name] of [['pprof', 'run.pb.gz'], ['collapsed', 'run.folded'], ['callgrind', 'run.callgrind']]) {
    const again = file(`export.${format}`);
    const exported = await runTsprof(['export', file('profile.json'), '--format', format, '-o', again]);
    assert.equal(exported.code, 0, exported.stderr);
    assert.ok(readFileSync(again).equals(readFileSync(file(name))), format);
  }
});

test("the CLI's SVG and PNG are byte for byte the library's (the CLI runs Graphviz's WebAssembly as Liftoff code only)", async () => {
  const { createRequire } = await import('node:module');
  const require = createRequire(import.meta.url);
  const { readProfile } = require('../../dist/profile/read.js');
  const { viewProfile } = require('../../dist/cli/view.js');
  const { viewOptionsFrom } = require('../../dist/cli/view-options.js');
  // The library's renderGraph, not the output table, which sets the CLI's flag in this process too.
  const { renderGraph } = require('../../dist/render/output.js');
  const out = scratchDirectory('tsprof-one-path-');
  const file = (name) => join(out, name);
  const run = await runTsprof(['-o', file('run.dot'), '--profile', file('profile.json'), ...fixture]);
  assert.equal(run.code, 0, run.stderr);
  const saved = viewProfile(readProfile(file('profile.json')), viewOptionsFrom({}), 'the profile');
  for (const picture of ['cli.svg', 'cli.png']) {
    const render = await runTsprof(['render', file('profile.json'), '-o', file(picture)]);
    assert.equal(render.code, 0, render.stderr);
    const library = await renderGraph(saved.picture(), picture.slice(-3), { cwd: repoRoot, colorBy: saved.options.colorBy, label: saved.options.label, scale: saved.options.scale });
    assert.ok(Buffer.from(library).equals(readFileSync(file(picture))), picture);
  }
});
