// The HTML report's file, without a browser (test/html has the browser tests):
// one self-contained page whose data survives any function name, written
// through the output table as `tsprof render -o calls.html` writes it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { pictureTarget, writeTarget } from '../../dist/cli/outputs.js';
import { viewProfile } from '../../dist/cli/view.js';
import { viewOptionsFrom } from '../../dist/cli/view-options.js';
import { DEFAULT_EXPORT_OPTIONS } from '../../dist/export/index.js';
import { readProfile } from '../../dist/profile/read.js';
import { repoRoot, scratchDirectory } from '../helpers/cli.mjs';

const PROFILE = join(repoRoot, 'test', 'golden', 'taskqueue-v2.profile.json');

function pageData(html) {
  const match = /<script type="application\/json" id="tsprof-data">([^<]*)<\/script>/.exec(html);
  assert.ok(match, 'the page carries its data');
  return JSON.parse(match[1]);
}

async function writePage(profile, flags = {}, drawing, diffPage) {
  const file = join(scratchDirectory(), 'calls.html');
  const view = viewProfile(profile, viewOptionsFrom(flags), 'the profile');
  await writeTarget(view, pictureTarget(file), { cwd: repoRoot, exports: DEFAULT_EXPORT_OPTIONS, drawing, diffPage });
  return readFileSync(file, 'utf8');
}

test('calls.html names nothing to fetch, forbids fetching, and carries the profile whatever its names hold', async () => {
  const profile = readProfile(PROFILE);
  profile.functions[34].name = '</script><script>alert(1)</script>\u2028';
  const html = await writePage(profile, { focus: /publish/i });
  assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none';/);
  const markup = html.replace(/<script>[^]*?<\/script>/g, '<script></script>');
  assert.doesNotMatch(markup, /\s(src|href)=|@import|url\((?!data:)/i, 'no element or style refers to another file');
  assert.equal((html.match(/<\/script>/g) ?? []).length, 2, 'only the two script elements end');
  const data = pageData(html);
  assert.deepEqual(data.profile, profile);
  assert.deepEqual(data.view.selection, { focus: { source: 'publish', flags: 'i' } });
  assert.equal(data.view.cwd, repoRoot);
});

test('a version 1 profile gives a page too: it carries the profile as read, upgraded', async () => {
  const profile = readProfile(join(repoRoot, 'test', 'golden', 'taskqueue.profile.json'));
  assert.equal(profile.upgradedFrom, 1);
  assert.deepEqual(pageData(await writePage(profile)).profile, profile);
});

test("a picture with its own colours and no page data for it is refused as a page, in one line", async () => {
  await assert.rejects(writePage(readProfile(PROFILE), {}, { title: 'tsprof diff' }), /this command cannot write an HTML report; use a \.png, \.svg or \.dot file name/);
});

test("with diff's page data, the page carries that data, not the profile, and its policy allows no worker nor eval", async () => {
  const diffPage = {
    heading: 'tsprof diff: base.json -> head.json (1 run each)',
    summary: ['calls: 1 of 1 functions changed'],
    table: { columns: [{ key: 'name', title: 'Function', numeric: false }], rows: [{ id: 34, name: '</script><script>alert(1)</script>', cells: ['</script>'], values: ['x'] }], sortKey: 'name' },
  };
  const html = await writePage(readProfile(PROFILE), {}, { title: 'tsprof diff' }, diffPage);
  assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; font-src data:">/);
  assert.equal((html.match(/<\/script>/g) ?? []).length, 2, 'only the two script elements end');
  assert.deepEqual(pageData(html), diffPage);
  assert.match(html, /<title>tsprof diff: base\.json -&gt; head\.json \(1 run each\)<\/title>/);
});

/** The page's @font-face rules: family, weight and the decoded font of each. */
function inlineFonts(html) {
  return [...html.matchAll(/@font-face\{font-family:"([^"]+)";font-style:normal;font-weight:(\w+);[^}]*src:url\(data:font\/woff2;base64,([A-Za-z0-9+/=]+)\) format\("woff2"\)\}/g)].map(
    ([, family, weight, base64]) => ({ family, weight, font: Buffer.from(base64, 'base64') }),
  );
}

test('the page carries DejaVu Sans, the font Graphviz laid the graph out for, inline in regular and bold, and may load fonts from itself only', async () => {
  const html = await writePage(readProfile(PROFILE));
  const fonts = inlineFonts(html);
  assert.deepEqual(fonts.map(({ family, weight }) => [family, weight]), [['DejaVu Sans', 'normal'], ['DejaVu Sans', 'bold']]);
  for (const { font } of fonts) assert.equal(font.subarray(0, 4).toString('latin1'), 'wOF2');
  assert.match(html, /<meta http-equiv="Content-Security-Policy" content="[^"]*; font-src data:">/);
  assert.match(html, /font-family="DejaVu Sans"/, 'the graph names it');
  // A subset: the whole regular and bold TrueType files are 1.4 MB.
  const fontBytes = fonts.reduce((sum, { font }) => sum + font.length, 0);
  assert.ok(fontBytes < 40_000, `${fontBytes} bytes of font`);
});

test("the fixture's page stays within its size budget: Graphviz's WebAssembly, the script, the font and the profile", async () => {
  const html = await writePage(readProfile(PROFILE));
  const bytes = Buffer.byteLength(html);
  assert.ok(bytes < 1_500_000, `calls.html of the task-queue fixture is ${bytes} bytes`);
});
