// The source maps of the transform, written from its log of insertions
// (instrument/insertion-map.ts), held to the libraries that used to make them:
// magic-string's `hires: 'boundary'` map segment for segment (but for those on a space or a
// tab, which the transform leaves out), and @ampproject/remapping's
// composition with an input map lookup for lookup. Then Node itself, the map's
// real consumer, names the original column of a throw behind probes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import MagicString from 'magic-string';
import { parse } from '@babel/parser';
import remapping from '@ampproject/remapping';
import { TraceMap, decodedMappings, originalPositionFor } from '@jridgewell/trace-mapping';
import { Rewrite } from '../../dist/instrument/rewrite.js';
import { composeWithInputMap, mapJsonText, mapOfRewrite } from '../../dist/instrument/insertion-map.js';
import { findInputMap } from '../../dist/instrument/source-map.js';
import { instrument } from '../../dist/instrument/instrument.js';
import { RUNTIME_HANDLE } from '../helpers/instrumented-run.mjs';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Real files of several shapes: the fixture, a minified-ish library, CRLF and non-ASCII text. */
const PLAIN_FILES = [
  join(root, 'fixtures', 'taskqueue', 'src', 'queue', 'producer.js'),
  join(root, 'node_modules', 'commander', 'lib', 'command.js'),
  join(root, 'node_modules', 'picomatch', 'lib', 'parse.js'),
];
/** Compiled files with their compilers' .map files. */
const MAPPED_FILES = [join(root, 'node_modules', '@babel', 'parser', 'lib', 'index.js'), join(root, 'node_modules', '@jridgewell', 'trace-mapping', 'dist', 'trace-mapping.umd.js')];

/** xorshift32: the same edits on every run. */
function randomFrom(seed) {
  let state = seed;
  return (limit) => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) % limit;
  };
}

const PIECES = ['/*a*/', 'x(', ')', ';', '', '/*' + 'é'.repeat(3) + '*/', 'enter(3),'];

/** The same random insertions (and the removal of a trailing comment's text) made through a Rewrite and a bare MagicString. */
function editBoth(code, seed) {
  const random = randomFrom(seed);
  const rewrite = new Rewrite(code);
  const magic = new MagicString(code);
  for (let count = 0; count < 400; count++) {
    const position = random(code.length + 1);
    const piece = PIECES[random(PIECES.length)];
    const method = ['appendLeft', 'prependRight', 'prependLeft'][random(3)];
    rewrite[method](position, piece);
    magic[method](position, piece);
  }
  return { rewrite, magic };
}

/** Where `code`'s comments are, as the transform is given them (Babel's parse). */
function commentsOf(code) {
  return parse(code, { sourceType: 'unambiguous', errorRecovery: true }).comments.map(({ start, end }) => ({ start, end }));
}

/**
 * A map's decoded segments, without those whose generated column is a space or a tab of
 * `generated`, or whose original place is inside a comment of `original`.
 */
function segmentsOffBlanksAndComments(map, generated, original) {
  const lines = generated.split('\n');
  const lineStarts = [0];
  for (let index = original.indexOf('\n'); index >= 0; index = original.indexOf('\n', index + 1)) lineStarts.push(index + 1);
  const comments = commentsOf(original);
  const inComment = (line, column) => comments.some(({ start, end }) => lineStarts[line] + column >= start && lineStarts[line] + column < end);
  return decodedMappings(new TraceMap(map)).map((segments, line) =>
    segments.filter(([column, , originalLine, originalColumn]) => lines[line][column] !== ' ' && lines[line][column] !== '\t' && !inComment(originalLine, originalColumn)),
  );
}

test('with no input map, the map is magic-string\'s hires "boundary" map without the segments on blanks and in comments', () => {
  const crlf = 'function a() {\r\n  return b(1, "ü") // ü\r\n}\r\n\r\nconst c = () => a();\r\n';
  const cases = [...PLAIN_FILES.map((file) => [file, readFileSync(file, 'utf8')]), ['/app/crlf.js', crlf]];
  for (const [file, code] of cases) {
    for (const seed of [1, 7, 2024]) {
      const { rewrite, magic } = editBoth(code, seed);
      const comments = commentsOf(code);
      const ours = JSON.parse(mapJsonText(mapOfRewrite(rewrite, file, comments)));
      const theirs = magic.generateMap({ source: file, file, hires: 'boundary' });
      assert.equal(rewrite.toString(), magic.toString());
      const generated = rewrite.toString();
      // Every token's first character keeps its own segment, the very one magic-string writes: a
      // stack trace names such a column, which so looks up the same original place. Only text
      // inserted right after a blank or inside a comment now looks up the token before it instead.
      assert.deepEqual(decodedMappings(new TraceMap(ours)), segmentsOffBlanksAndComments(theirs, generated, code), `${file}, seed ${seed}`);
      assert.ok(ours.mappings.length < theirs.mappings.length, `${file}: shorter without the blanks' segments`);
      if (comments.length > 0) assert.ok(ours.mappings.length < JSON.parse(mapJsonText(mapOfRewrite(rewrite, file))).mappings.length, `${file}: shorter without the comments' segments`);
      assert.deepEqual({ file: ours.file, sources: ours.sources, names: ours.names }, { file: theirs.file, sources: theirs.sources, names: theirs.names });
      // The source is the file the map sits beside: not carried a second time (Node reads it from there).
      assert.equal(ours.sourcesContent, undefined);
    }
  }
});

test('a removed comment keeps its line breaks, and the map skips its text as magic-string does', () => {
  const code = 'f(1);\n/*# sourceMappingURL=a.js.map\n */\ng(2);\n';
  const start = code.indexOf('/*#');
  const end = code.indexOf('*/') + 2;
  const rewrite = new Rewrite(code);
  rewrite.prependRight(0, '/*p*/');
  rewrite.removeKeepingLines(start, end);
  const magic = new MagicString(code);
  magic.prependRight(0, '/*p*/');
  magic.remove(start, code.indexOf('\n', start));
  magic.remove(code.indexOf('\n', start) + 1, end);
  assert.equal(rewrite.toString(), '/*p*/f(1);\n\n\ng(2);\n');
  assert.equal(rewrite.toString(), magic.toString());
  assert.equal(JSON.parse(mapJsonText(mapOfRewrite(rewrite, '/app/a.js'))).mappings, magic.generateMap({ source: '/app/a.js', file: '/app/a.js', hires: 'boundary' }).mappings);
  assert.throws(() => rewrite.appendLeft(3, 'a\nb'), /no line breaks/);
});

/** Every position a stack trace can name: the start of each word and every other character. */
function* tokenStarts(code) {
  const lines = code.split('\n');
  for (let line = 0; line < lines.length; line++) {
    const text = lines[line];
    for (let column = 0; column < text.length; column++) {
      if (column > 0 && /\w/.test(text[column]) && /\w/.test(text[column - 1])) continue;
      yield { line: line + 1, column };
    }
  }
}

test('with an input map, every token start looks up what remapping composed, name included', () => {
  for (const file of MAPPED_FILES) {
    const code = readFileSync(file, 'utf8');
    const input = new TraceMap(readFileSync(`${file}.map`, 'utf8'));
    const { rewrite, magic } = editBoth(code, 99);
    const ours = new TraceMap(mapJsonText(composeWithInputMap(rewrite, findInputMap(code, file), file)));
    const hires = magic.generateDecodedMap({ source: file, file, hires: 'boundary', includeContent: true });
    const theirs = new TraceMap(remapping([hires, input], () => null));
    assert.deepEqual(ours.sourcesContent, input.sourcesContent, `${file}: the original sources pass on as they were`);
    assert.deepEqual(ours.resolvedSources, theirs.resolvedSources);
    let compared = 0;
    for (const position of tokenStarts(rewrite.toString())) {
      assert.deepEqual(originalPositionFor(ours, position), originalPositionFor(theirs, position), `${file} ${position.line}:${position.column}`);
      compared++;
    }
    assert.ok(compared > 5_000, `${file}: ${compared} positions`);
  }
});

test('Node names the original line and column of a throw behind probes on the same line', () => {
  const directory = mkdtempSync(join(tmpdir(), 'tsprof-map-'));
  const file = join(directory, 'thrower.js');
  const source = "'use strict';\nfunction outer() { const inner = () => { return [1].map(() => { throw new Error('deep'); }); }; return inner(); }\nouter();\n";
  writeFileSync(file, instrument(source, { filename: file, format: 'commonjs', runtimeSpecifier: RUNTIME_HANDLE }).code);
  const run = spawnSync(process.execPath, ['--enable-source-maps', file], { encoding: 'utf8' });
  const column = source.split('\n')[1].indexOf('new Error') + 1;
  assert.match(run.stderr, new RegExp(`thrower\\.js:2:${column}\\)`), run.stderr);
  assert.match(run.stderr, /at inner \(.*thrower\.js:2:\d+\)/);
});

test("an uncaught error in an included file, run through tsprof/register: Node's code frame shows the line as the file has it, read from disk", () => {
  const directory = mkdtempSync(join(tmpdir(), 'tsprof-map-'));
  const file = join(directory, 'thrower.js');
  const line = "function outer() { const inner = () => [1].map(() => { throw new Error('deep'); }); return inner(); }";
  writeFileSync(file, `'use strict';\n${line}\nouter();\n`);
  const run = spawnSync(process.execPath, ['--require', require.resolve('../../dist/register.js'), file], {
    cwd: directory,
    encoding: 'utf8',
    env: { ...process.env, TSPROF_INCLUDE: file, TSPROF_PROFILE: join(directory, 'profile.json'), TSPROF_NO_CACHE: '1' },
  });
  assert.notEqual(run.status, 0);
  // The frame Node prints above the stack: the file's line (not the instrumented one) and the caret under the throw.
  assert.ok(run.stderr.includes(`${file}:2\n${line}\n${' '.repeat(line.indexOf('throw'))}^\n`), run.stderr);
  assert.match(run.stderr, new RegExp(`thrower\\.js:2:${line.indexOf('new Error') + 1}\\)`), run.stderr);
  assert.ok(JSON.parse(readFileSync(join(directory, 'profile.json'), 'utf8')).functions.some((fn) => fn.name === 'outer'), 'the file was instrumented');
});

test("through a compiler's map with the sources in it, Node names the .ts file's line and column of a throw and shows its line", () => {
  const esbuild = require('esbuild');
  const directory = mkdtempSync(join(tmpdir(), 'tsprof-map-'));
  const file = join(directory, 'thrower.js');
  // Non-ASCII text in the original, which goes into the output map as the bytes it was.
  const typescript = [
    "// Relais für Aufträge — ü, é, 😀",
    'interface Job { id: number }',
    'function outer(job: Job): number { const inner = (): number[] => [job.id].map((id: number) => { if (id > 0) throw new Error(`déjà ${id}`); return id; }); return inner()[0]; }',
    'outer({ id: 7 });',
    '',
  ].join('\n');
  const compiled = esbuild.transformSync(typescript, { loader: 'ts', format: 'cjs', sourcemap: 'inline', sourcefile: join(directory, 'thrower.ts'), sourcesContent: true }).code;
  writeFileSync(file, instrument(compiled, { filename: file, format: 'commonjs', runtimeSpecifier: RUNTIME_HANDLE }).code);
  const run = spawnSync(process.execPath, ['--enable-source-maps', file], { encoding: 'utf8' });
  const line = typescript.split('\n')[2];
  const column = line.indexOf('new Error') + 1;
  assert.match(run.stderr, new RegExp(`thrower\\.ts:3:${column}\\)`), run.stderr);
  assert.ok(run.stderr.includes(line.slice(line.indexOf('if (id'), line.indexOf('return id'))), `the original line, from the map's sources:\n${run.stderr}`);
  assert.match(run.stderr, /déjà 7/);
});
