// What the built files copy from other packages carries those packages' licence notices
// (scripts/bundle.js): the CLI's and the transform's bundles, the HTML page's script, and the
// page's fonts. The packages a readable bundle holds are found from esbuild's own markers
// (`// node_modules/<package>/…`), independently of the build's metafile, which is what the
// build uses; the page's minified script has no markers, so its packages are those its source
// imports.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../helpers/cli.mjs';

const dist = join(repoRoot, 'dist');

/** The packages whose files esbuild marked in a bundle it did not minify. */
function markedPackages(bundle) {
  const names = [...readFileSync(bundle, 'utf8').matchAll(/^\/\/ (?:.*\/)?node_modules\/((?:@[^/]+\/)?[^/]+)\//gm)].map((match) => match[1]);
  return [...new Set(names)].sort();
}

/** The packages whose notices a built file carries, and the text after each heading. */
function notices(file) {
  const text = readFileSync(file, 'utf8');
  const block = /\/\*! (?:Code of these packages is bundled here\.|The fonts below are subsets of these\.)\n([\s\S]*?)\n\*\//.exec(text);
  if (!block) return new Map();
  const parts = block[1].split(/^((?:@[\w.-]+\/)?[\w.-]+) (\d+\.\d+\.\d+[^:\n]*):$/m);
  const found = new Map();
  for (let index = 1; index + 2 < parts.length; index += 3) found.set(parts[index], parts[index + 2]);
  return found;
}

function installedLicence(name) {
  const directory = join(repoRoot, 'node_modules', name);
  const { version } = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8'));
  return { version, text: readFileSync(join(directory, 'LICENSE'), 'utf8').trim() };
}

for (const bundle of [join(dist, 'cli', 'bundle.js'), join(dist, 'instrument', 'bundle.js')]) {
  test(`${bundle.slice(dist.length + 1)} carries the licence notice of every package it holds`, () => {
    const held = markedPackages(bundle);
    assert.ok(held.length > 0, 'the bundle holds some package (commander, @babel/parser …)');
    const carried = notices(bundle);
    assert.deepEqual([...carried.keys()].sort(), held);
    for (const name of held) assert.ok(carried.get(name).includes(installedLicence(name).text), `${name}'s licence, whole`);
    const text = readFileSync(bundle, 'utf8');
    // A linked source map's comment stays the last line, right after the notices.
    if (/\/\/# sourceMappingURL=[^\n]*\n?$/.test(text)) assert.match(text, /\*\/\n\/\/# sourceMappingURL=[^\n]+\n?$/);
    else assert.match(text, /\*\/\n$/, 'the notices end the bundle');
  });
}

test("the HTML page's script and fonts carry the notices of what they copy", () => {
  const page = notices(join(dist, 'render', 'html-page.js'));
  // Graphviz (viz.js: the layout worker and its WebAssembly) and node:path's browser stand-in.
  for (const name of ['@aduh95/viz.js', 'path-browserify']) assert.ok(page.get(name)?.includes(installedLicence(name).text), name);
  const fonts = notices(join(dist, 'render', 'html-font.css'));
  assert.ok(fonts.get('dejavu-fonts-ttf')?.includes('Bitstream Vera Fonts Copyright'), 'DejaVu and Bitstream Vera notices');
  assert.ok(!readFileSync(join(dist, 'render', 'html-page.js'), 'utf8').includes('</script'), 'the page script can still be inlined');
});
