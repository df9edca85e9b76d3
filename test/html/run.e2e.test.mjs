// `tsprof run -o calls.html` ends in the same writer as `tsprof render`: the
// page it writes equals the one render writes from the profile it saved.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runTsprof, scratchDirectory } from '../helpers/cli.mjs';

test('run -o calls.html writes what render -o calls.html writes from the same profile', async () => {
  const out = scratchDirectory();
  const run = await runTsprof([
    '--include', 'fixtures/taskqueue/src/queue', '-o', join(out, 'run.html'), '--profile', join(out, 'profile.json'), '--focus', 'publish',
    '--', 'node', 'fixtures/taskqueue/app.js', '--tasks', '200',
  ]);
  assert.equal(run.code, 0, run.stderr);
  const render = await runTsprof(['render', join(out, 'profile.json'), '-o', join(out, 'render.html'), '--focus', 'publish']);
  assert.equal(render.code, 0, render.stderr);
  // The profile's keys come in the order they were made or read: compare the data as data, the rest as text.
  const split = (file) => {
    const page = readFileSync(join(out, file), 'utf8');
    const data = /(<script type="application\/json" id="tsprof-data">)([^<]*)/.exec(page);
    return { data: JSON.parse(data[2]), rest: page.replace(data[0], data[1]) };
  };
  const [ran, rendered] = [split('run.html'), split('render.html')];
  assert.match(ran.rest, /^<!DOCTYPE html>/);
  assert.deepEqual(ran.data.view.selection.focus, { source: 'publish', flags: '' });
  assert.deepEqual(ran.data, rendered.data);
  assert.equal(ran.rest, rendered.rest);
});
