// Compiled input with its compiler's source map (ts-node, esbuild-register, swc):
// the map is found however long it is, and what the compiler generated is not
// taken for the user's functions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { instrument } from '../../dist/instrument/instrument.js';
import { findInputMap } from '../../dist/instrument/source-map.js';
import { RUNTIME_HANDLE } from '../helpers/instrumented-run.mjs';

const require = createRequire(import.meta.url);

function inlineMap(map) {
  return `//# sourceMappingURL=data:application/json;charset=utf-8;base64,${Buffer.from(JSON.stringify(map)).toString('base64')}`;
}

/** The names and lines of the functions that got probes, read from the instrumented file's site table. */
function instrumentedSites(code, filename) {
  const result = instrument(code, { filename, format: 'commonjs', runtimeSpecifier: RUNTIME_HANDLE });
  const table = /\[\[("[^\n]*?)\]\]/.exec(result.code);
  return table ? JSON.parse(`[[${table[1]}]]`).map((site) => `${site[0]}:${site[1]}`) : [];
}

test('an inline map whose comment is longer than the last 4 KB of the file is found', () => {
  const sourcesContent = [`${'// a long header comment, as files have\n'.repeat(200)}export function send() {}\n`];
  const map = { version: 3, sources: ['send.ts'], sourcesContent, names: [], mappings: 'AAAA' };
  const comment = inlineMap(map);
  assert.ok(comment.length > 8192, 'the comment alone is longer than the tail that used to be searched');
  for (const code of [`function send() {}\n${comment}\n`, `function send() {}${comment}`, `function send() {}\n/*# sourceMappingURL=${comment.slice(21)} */`]) {
    const found = findInputMap(code, '/app/send.js');
    assert.ok(found, code.slice(0, 40));
    assert.deepEqual(found.trace.sources, ['send.ts']);
    assert.equal(code.slice(found.commentStart, found.commentStart + 3), comment.startsWith('//#') && code.includes('//#') ? '//#' : '/*#');
  }
  assert.equal(findInputMap(`const text = "sourceMappingURL=nothing";\nfunction f() {}\n`, '/app/f.js'), null, 'the name inside code is no comment');
});

test("swc's re-export getters are the compiler's, the functions and the user's own getters are the user's", () => {
  const swc = require('@swc/core');
  const source = [
    'export function encode(id: number): string {',
    '  return String(id);',
    '}',
    'export class Outbox {',
    '  private items: string[] = [];',
    '  get size(): number {',
    '    return this.items.length;',
    '  }',
    '  static get empty(): Outbox {',
    '    return new Outbox();',
    '  }',
    '}',
    'export const codec = {',
    '  get name() {',
    '    return encode;',
    '  },',
    '};',
    '',
  ].join('\n');
  const { code } = swc.transformSync(source, {
    filename: '/app/codec.ts',
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  });
  assert.match(code, /get encode \(\) \{\s*return encode;/, 'swc re-exports through getters');
  const sites = instrumentedSites(code, '/app/codec.js');
  assert.deepEqual(sites.sort(), ['Outbox.empty (get):9', 'Outbox.size (get):6', 'codec.name (get):14', 'encode:1'].sort());
});

test('the map tsprof appends is read back whole when a runner puts a comment of its own after it (vitest 4)', () => {
  const { readInlineSourceMap } = require('../../dist/instrument/inline-source-map.js');
  // Three lengths of JSON, so that its base64 ends with no padding, with one '=' and with two.
  for (const sources of [['a.ts'], ['ab.ts'], ['abc.ts']]) {
    const mapText = JSON.stringify({ version: 3, sources, names: [], mappings: 'AAAA' });
    const code = `export const a = 1;\n${inlineMap(JSON.parse(mapText))}`;
    for (const trailer of ['', '\n', '\n\n//# vitestCache=W3siZmlsZSI6IjEiLCJpZCI6IjEifV0=\n']) {
      assert.equal(readInlineSourceMap(`${code}${trailer}`), mapText, `${sources[0]}, followed by ${JSON.stringify(trailer)}`);
    }
  }
});

test('an index map (sections), which the transform does not compose with, leaves the file instrumented under its own names', () => {
  const map = { version: 3, sections: [{ offset: { line: 0, column: 0 }, map: { version: 3, sources: ['a.ts'], names: [], mappings: 'AAAA' } }] };
  const code = `function send() {}\n${inlineMap(map)}\n`;
  assert.equal(findInputMap(code, '/app/send.js'), null);
  assert.deepEqual(instrumentedSites(code, '/app/send.js'), ['send:1']);
});
