// The HTML report's file, without a browser (test/html has the browser tests):
// one self-contained page whose data survives any function name.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildCallGraph } from '../../dist/graph/build.js';
import { DEFAULT_GRAPH_OPTIONS } from '../../dist/graph/options.js';
import { renderToFile } from '../../dist/render/output.js';
import { repoRoot, scratchDirectory } from '../helpers/cli.mjs';

const PROFILE = join(repoRoot, 'test', 'golden', 'taskqueue-v2.profile.json');

function pageData(html) {
  const match = /<script type="application\/json" id="tsprof-data">([^<]*)<\/script>/.exec(html);
  assert.ok(match, 'the page carries its data');
  return JSON.parse(match[1]);
}

test('calls.html names nothing to fetch, forbids fetching, and carries the profile whatever its names hold', async () => {
  const profile = JSON.parse(readFileSync(PROFILE, 'utf8'));
  profile.functions[34].name = '</script><script>alert(1)</script>\u2028';
  const file = join(scratchDirectory(), 'calls.html');
  const graphOptions = { ...DEFAULT_GRAPH_OPTIONS, focus: /publish/i };
  const written = await renderToFile(buildCallGraph(profile), file, { cwd: repoRoot, page: { profile, graphOptions } });
  assert.equal(written.format, 'html');
  const html = readFileSync(file, 'utf8');
  assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none';/);
  const markup = html.replace(/<script>[^]*?<\/script>/g, '<script></script>');
  assert.doesNotMatch(markup, /\s(src|href)=|@import|url\(/i, 'no element or style refers to another file');
  assert.equal((html.match(/<\/script>/g) ?? []).length, 2, 'only the two script elements end');
  const data = pageData(html);
  assert.deepEqual(data.profile, profile);
  assert.deepEqual(data.view.focus, { source: 'publish', flags: 'i' });
  assert.equal(data.view.cwd, repoRoot);
});

test('an HTML report needs what only run and render give it', async () => {
  const profile = JSON.parse(readFileSync(PROFILE, 'utf8'));
  const file = join(scratchDirectory(), 'calls.html');
  await assert.rejects(renderToFile(buildCallGraph(profile), file), /this command cannot write an HTML report yet/);
  const v1 = JSON.parse(readFileSync(join(repoRoot, 'test', 'golden', 'taskqueue.profile.json'), 'utf8'));
  await assert.rejects(renderToFile(buildCallGraph(v1), file, { page: { profile: v1, graphOptions: DEFAULT_GRAPH_OPTIONS } }), /needs calling contexts, which version 1 profiles do not have/);
});
