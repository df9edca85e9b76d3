#!/usr/bin/env node
'use strict';
// Build step after tsc: the bundles, made with esbuild.
//
// The transform and everything it imports, as one file that needs nothing but
// Node's built-in modules, so a profiled process can compile it without Node's
// module loader — and so without any require hook, module hook or patch the
// profiled program installed. Also writes the bundle's fingerprint, which keys
// the transform cache.
//
// The CLI (dist/cli/main.js and tsprof's modules it loads, packages left
// outside), as dist/cli/bundle.js, which bin/tsprof.js loads: one file instead
// of some eighty starts the profiled command sooner (bench/startup.js). It sits
// in dist/cli so that every `join(__dirname, '..', stage, file)` of tsprof's
// own files means what it means from the module it came from.
const { createHash } = require('node:crypto');
const { readdirSync, readFileSync, writeFileSync } = require('node:fs');
const { dirname, join, resolve } = require('node:path');
const esbuild = require('esbuild');
const { CLI_BUNDLE, PRELOAD_BUNDLE, PRELOAD_START, PRIVATE_BUNDLE_END, PRIVATE_BUNDLE_START, REGISTER_BUNDLE, REGISTER_START, TRANSFORM_BUNDLE, TRANSFORM_ENTRY, fingerprintFile } = require('../dist/loader/bundles.js');

const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning' };
/** For a bundle that profiled processes load privately (loader/private-module.ts): wrapped as its loader compiles it (bundles.ts). */
const loadedPrivately = { banner: { js: PRIVATE_BUNDLE_START }, footer: { js: PRIVATE_BUNDLE_END } };
/**
 * For the two every profiled process starts with, also without comments or indentation. Every byte
 * of a bundle is read into a buffer and copied into a string in each process that loads it, and
 * here (a virtual machine whose first touch of a memory page costs 10-20 µs) that is most of what
 * reading it costs: the preload's 205 KB became 143 KB, tsprof/register's 300 KB 203 KB; a whole
 * process under tsprof/register took 2 % less wall time (farm-bench, 40 pairs). Names stay (no
 * identifier is shortened), so a stack trace still names tsprof's functions, and the linked source
 * maps give the lines of dist/. The transform's bundle stays as esbuild writes it: it is loaded only
 * by a process that misses the transform cache, and its `// node_modules/…` markers are what
 * test/package/licences.test.mjs checks its licence notices against (these two hold no package).
 */
const startedWith = { ...loadedPrivately, minifyWhitespace: true, minifySyntax: true };

/** Beside a bundle whose compiled code profiled processes keep (loader/bundles.ts): the SHA-256 of tsprof's version and its content. */
function writeFingerprint(bundle) {
  const { version } = require('../package.json');
  writeFileSync(fingerprintFile(bundle), createHash('sha256').update(`${version}\u0000`).update(readFileSync(bundle)).digest('hex'));
}

/**
 * Makes a bundle ASCII: Node reads a file with one character above 127 into a two-byte string,
 * twice its size, and more slowly (the preload bundle, 190 KB with two dashes in comments: read in
 * 3-4 ms, 1.6-1.9 ms without them), in every process that loads it. esbuild writes every string,
 * template, regular expression and name as ASCII (its default charset) but keeps some comments as
 * they are; in those, each such UTF-16 unit becomes a '?', so that no column moves (the linked
 * source maps). A line that is not a comment line with one is a build error, for a person to look at.
 */
function makeAscii(bundle) {
  const text = readFileSync(bundle, 'utf8');
  if (!/[^\x00-\x7f]/.test(text)) return;
  const lines = text.split('\n');
  lines.forEach((line, index) => {
    if (/[^\x00-\x7f]/.test(line) && !/^\s*(?:\/\/|\/\*|\*)/.test(line)) {
      throw new Error(`${bundle}:${index + 1} has a character above 127 outside a comment line: ${line.trim().slice(0, 80)}`);
    }
  });
  writeFileSync(bundle, text.replace(/[^\x00-\x7f]/g, '?'));
}

/** The directories of the packages a build copied code from, from esbuild's metafile. */
function bundledPackages(...metafiles) {
  const directories = new Set();
  for (const metafile of metafiles) {
    for (const input of Object.keys(metafile.inputs)) {
      const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
      if (match) directories.add(resolve(match[1]));
    }
  }
  return [...directories].sort();
}

/** The licence notices of these packages as one comment (JavaScript's or CSS's); '' for none. */
function licenceComment(directories, heading = 'Code of these packages is bundled here.') {
  if (directories.length === 0) return '';
  const notices = directories.map((directory) => {
    const { name, version } = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8'));
    const licence = readdirSync(directory).find((file) => /^licen[cs]e(\.md|\.txt)?$/i.test(file));
    if (!licence) throw new Error(`${name} is copied into a bundle and has no licence file to copy with it`);
    return `${name} ${version}:\n\n${readFileSync(join(directory, licence), 'utf8').trim()}`;
  });
  return `/*! ${heading}\n\n${notices.join('\n\n').replace(/\*\//g, '* /')}\n*/\n`;
}

/**
 * Ends a bundle with the licence notices of the packages it copies code from (commander in the
 * CLI's; Babel's parser, magic-string and @jridgewell's source map packages in the transform's;
 * viz.js and path-browserify in the HTML page's; all MIT, whose licence asks for its notice in
 * every copy). The packages come from esbuild's metafile, so that one a bundle comes to hold is
 * never left out. Before a linked source map's comment, which stays the last line; after the
 * code, so no mapping moves.
 */
function addLicenceNotices(bundle, ...metafiles) {
  const comment = licenceComment(bundledPackages(...metafiles));
  if (comment === '') return;
  const text = readFileSync(bundle, 'utf8');
  const mapComment = /\/\/# sourceMappingURL=[^\n]*\n?$/.exec(text);
  const at = mapComment ? mapComment.index : text.length;
  writeFileSync(bundle, `${text.slice(0, at)}${comment}${text.slice(at)}`);
}

/** esbuild's build of one bundle, with its packages' licence notices, made ASCII. */
function buildAscii(options) {
  const { metafile } = esbuild.buildSync({ ...common, ...options, metafile: true });
  addLicenceNotices(options.outfile, metafile);
  makeAscii(options.outfile);
}

// instrument/babel-tables.js re-exports two tables of @babel/types; in the bundle it is those
// tables as data, written from the same @babel/types, and the rest of @babel/types stays out.
const babelTables = join(dirname(TRANSFORM_ENTRY), 'babel-tables.js');
const { FLIPPED_ALIAS_KEYS, VISITOR_KEYS } = require('@babel/types');
const tablesAsData = {
  name: 'babel-tables-as-data',
  setup(build) {
    build.onLoad({ filter: /babel-tables\.js$/ }, (args) =>
      args.path === babelTables ? { contents: `module.exports = ${JSON.stringify({ FLIPPED_ALIAS_KEYS, VISITOR_KEYS })};`, loader: 'js' } : undefined,
    );
  },
};
async function bundleTransform() {
  const { metafile } = await esbuild.build({ ...common, ...loadedPrivately, entryPoints: [TRANSFORM_ENTRY], outfile: TRANSFORM_BUNDLE, plugins: [tablesAsData], metafile: true });
  if (Object.keys(metafile.inputs).some((input) => input.includes('node_modules/@babel/types/'))) throw new Error('the transform bundle still holds @babel/types');
  addLicenceNotices(TRANSFORM_BUNDLE, metafile);
  makeAscii(TRANSFORM_BUNDLE);
  writeFingerprint(TRANSFORM_BUNDLE);
}

// The preload of every profiled process (dist/loader/preload.js and tsprof's
// modules it imports; packages left outside) as dist/loader/preload.bundle.js:
// one file instead of some thirty, about half the preload's load time
// (bench/startup.js). It sits in dist/loader, where every __dirname it holds
// comes from. `tsprof/register` (loader/register.js and tsprof's modules it
// imports) likewise, beside it. Processes load both privately with V8's code
// for them from the cache (loader/own-bundle.ts), through the two small start
// files NODE_OPTIONS and dist/register.js name, bundled too.
const loader = join(__dirname, '..', 'dist', 'loader');
buildAscii({ ...startedWith, entryPoints: [join(loader, 'preload.js')], outfile: PRELOAD_BUNDLE, packages: 'external', sourcemap: 'linked' });
buildAscii({ ...startedWith, entryPoints: [join(loader, 'register.js')], outfile: REGISTER_BUNDLE, packages: 'external', sourcemap: 'linked' });
for (const bundle of [PRELOAD_BUNDLE, REGISTER_BUNDLE]) writeFingerprint(bundle);
buildAscii({ entryPoints: [join(loader, 'preload-start.js')], outfile: PRELOAD_START });
buildAscii({ entryPoints: [join(loader, 'register-start.js')], outfile: REGISTER_START });

// The transform worker's thread (loader/transform-ahead.ts) as one file it loads privately, beside
// the preload bundle: its paths to the transform bundle come from dist/loader as well.
buildAscii({ entryPoints: [join(loader, 'transform-worker.js')], outfile: join(loader, 'transform-worker.bundle.js') });

// Commander is inside it: every command parses its arguments with it before anything else, and
// as a package (six files found, read and compiled by Node's loader) it took 7 ms of each start
// on Node 22, compile cache on; inside the bundle, 2.6 ms. The other packages stay outside: they
// load after the profiled command has started, or only for the commands that use them.
const cli = join(__dirname, '..', 'dist', 'cli');
const outsideTheCli = Object.keys(require('../package.json').dependencies).filter((name) => name !== 'commander');
// What bin/tsprof.js loads before that bundle (cli/early.ts), to start a Node command
// (cli/early-command.ts) or Graphviz's worker (cli/early-graphviz.ts) while the CLI's code loads
// and reads the options: a few kilobytes, no package. Both bundles take render/graphviz.js, which
// holds the one worker, as the same module, dist/render/graphviz.js, rather than a copy each: a
// worker the early bundle started is the CLI's.
const graphvizShared = {
  name: 'graphviz-shared',
  setup(build) {
    build.onResolve({ filter: /(^|\/)graphviz$/ }, (args) => {
      const resolved = join(args.resolveDir, `${args.path}.js`);
      if (resolved !== join(__dirname, '..', 'dist', 'render', 'graphviz.js')) return undefined;
      return { path: '../render/graphviz.js', external: true };
    });
  },
};
async function bundleCli() {
  for (const options of [
    // Loaded privately, with V8's code for it from the cache (cli/early.ts), so built as the preload is.
    { ...loadedPrivately, entryPoints: [join(cli, 'main.js')], outfile: CLI_BUNDLE, external: outsideTheCli, sourcemap: 'linked' },
    { entryPoints: [join(cli, 'early.js')], outfile: join(cli, 'early.bundle.js') },
  ]) {
    const { metafile } = await esbuild.build({ ...common, ...options, plugins: [graphvizShared], metafile: true });
    const takesShared = Object.values(metafile.outputs).some((output) => output.imports.some((imported) => imported.path === '../render/graphviz.js' && imported.external));
    const holdsCopy = Object.keys(metafile.inputs).some((input) => input.endsWith('dist/render/graphviz.js'));
    if (!takesShared || holdsCopy) throw new Error(`${options.outfile} must take render/graphviz.js as the shared module, not hold a copy of it`);
    addLicenceNotices(options.outfile, metafile);
    makeAscii(options.outfile);
  }
  writeFingerprint(CLI_BUNDLE);
}
bundleCli().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});

// The HTML report's page (src/render/html/page): its script, with the layout
// worker inside it as text and Graphviz's WebAssembly inside the worker, and
// its styles. render/html.ts inlines both into calls.html. The page runs
// tsprof's own graph and DOT code; node:path and node:url are the only Node
// modules that code names, mapped to their browser equivalents.
const page = join(__dirname, '..', 'src', 'render', 'html', 'page');
const render = join(__dirname, '..', 'dist', 'render');
const browser = { bundle: true, platform: 'browser', format: 'iife', target: ['chrome110', 'firefox115'], minify: true, logLevel: 'warning', legalComments: 'inline' };
// Text for the page's bundle (the .txt loader): the page starts the worker from a blob of it.
const workerText = join(render, 'html-layout-worker.txt');
const worker = esbuild.buildSync({ ...browser, entryPoints: [join(page, 'layout-worker.ts')], loader: { '.wasm': 'binary' }, outfile: workerText, metafile: true });
const pageScript = join(render, 'html-page.js');
const pageBuild = esbuild.buildSync({
  ...browser,
  entryPoints: [join(page, 'main.ts')],
  outfile: pageScript,
  loader: { '.txt': 'text' },
  alias: { 'node:path': 'path-browserify', 'node:url': join(page, 'node-url.ts'), 'tsprof:layout-worker': workerText },
  metafile: true,
});
// The worker's text is inside the page's script: the page carries the notices of both.
addLicenceNotices(pageScript, worker.metafile, pageBuild.metafile);
// The diff page (tsprof diff -o diff.html): the same views and search over diff's data, no Graphviz.
const diffPageScript = join(render, 'html-diff-page.js');
addLicenceNotices(diffPageScript, esbuild.buildSync({ ...browser, entryPoints: [join(page, 'diff-main.ts')], outfile: diffPageScript, metafile: true }).metafile);
esbuild.buildSync({ ...browser, entryPoints: [join(page, 'page.css')], outfile: join(render, 'html-page.css') });

// The font Graphviz's layout assumes (DejaVu Sans, see src/render/typography.ts), for the page's
// inline @font-face: a machine without it would draw labels in another font, wider or
// narrower than their boxes. Regular and bold, cut to the characters a page can show (labels
// are ASCII, see render/format.ts; names may have Latin-1; the table's sort arrows) and
// without hinting (which sets no advance width): 24 KB of WOFF2 for both instead of 1.4 MB of TrueType.
const PAGE_FONT_TEXT = [[0x20, 0x7e], [0xa0, 0xff], [0x2013, 0x2014], [0x2018, 0x2019], [0x201c, 0x201d], [0x2026, 0x2026], [0x2191, 0x2193], [0x2212, 0x2212]]
  .flatMap(([first, last]) => Array.from({ length: last - first + 1 }, (_, index) => String.fromCodePoint(first + index)))
  .join('');
async function writePageFont() {
  const subsetFont = require('subset-font');
  const fonts = dirname(require.resolve('dejavu-fonts-ttf/package.json'));
  const ttf = join(fonts, 'ttf');
  const faces = [];
  for (const [file, weight] of [['DejaVuSans.ttf', 'normal'], ['DejaVuSans-Bold.ttf', 'bold']]) {
    const woff2 = await subsetFont(readFileSync(join(ttf, file)), PAGE_FONT_TEXT, { targetFormat: 'woff2', noHinting: true });
    faces.push(`@font-face{font-family:"DejaVu Sans";font-style:normal;font-weight:${weight};font-display:block;src:url(data:font/woff2;base64,${woff2.toString('base64')}) format("woff2")}`);
  }
  // The fonts' licence asks for its notices in every copy of the typefaces, a subset included.
  const fontNotice = licenceComment([fonts], 'The fonts below are subsets of these.');
  writeFileSync(join(render, 'html-font.css'), `${fontNotice}${faces.join('\n')}\n`);
}
writePageFont().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});

bundleTransform().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
