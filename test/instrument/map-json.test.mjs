// Reading input source maps without decoding what they carry (instrument/map-json.ts,
// instrument/mappings.ts) and writing the output map's comment from pieces
// (instrument/inline-source-map.ts), held to what they replace: JSON.parse,
// @jridgewell/trace-mapping's decoding, base64 of the joined bytes. The maps are
// the real ones installed in node_modules, of every tool that made them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TraceMap, decodedMappings } from '@jridgewell/trace-mapping';
import { readMapJson } from '../../dist/instrument/map-json.js';
import { EncodedMappings } from '../../dist/instrument/mappings.js';
import { inlineSourceMapComment, readInlineSourceMap } from '../../dist/instrument/inline-source-map.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Every `.map` file under node_modules, in a stable order. */
function installedMaps() {
  const maps = [];
  const visit = (directory) => {
    for (const entry of readdirSync(directory, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (entry.isFile() && entry.name.endsWith('.map')) maps.push(path);
    }
  };
  visit(join(root, 'node_modules'));
  return maps;
}

/** What JSON.parse makes of the bytes, as readMapJson splits it; null when JSON.parse refuses them. */
function parsedAsJsonParseReadsIt(bytes) {
  let parsed;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
  const { sourcesContent, ...fields } = parsed;
  return { fields, sourcesContent: Array.isArray(sourcesContent) ? sourcesContent : null };
}

function assertReadAsJsonParseReadsIt(bytes, label) {
  const expected = parsedAsJsonParseReadsIt(bytes);
  const read = readMapJson(bytes);
  if (expected === null) {
    assert.equal(read, null, `${label}: not JSON, no map`);
    return;
  }
  assert.deepEqual({ ...read.fields }, expected.fields, label);
  if (expected.sourcesContent === null) {
    assert.equal(read.sourcesContent, null, label);
    return;
  }
  assert.deepEqual(JSON.parse(Buffer.from(read.sourcesContent.json).toString('utf8')), expected.sourcesContent, `${label}: the sources' JSON`);
  expected.sourcesContent.forEach((content, index) => assert.equal(read.sourcesContent.text(index), typeof content === 'string' ? content : null, `${label}: source ${index}`));
}

/** Each line's segments as trace-mapping decodes them. */
function segmentsByLine(mappings) {
  const encoded = new EncodedMappings(mappings);
  const lines = [];
  for (let line = 0; line < encoded.lineCount; line++) {
    const segments = [];
    encoded.forEachSegment(line, (segment) => {
      const { column, source, line: originalLine, originalColumn, name } = segment;
      segments.push(source < 0 ? [column] : name < 0 ? [column, source, originalLine, originalColumn] : [column, source, originalLine, originalColumn, name]);
    });
    lines.push(segments);
  }
  return lines;
}

test('every map installed in node_modules reads as JSON.parse reads it, and its mappings as trace-mapping decodes them', () => {
  const maps = installedMaps();
  assert.ok(maps.length > 500, `${maps.length} maps`);
  let withSources = 0;
  for (const file of maps) {
    const bytes = readFileSync(file);
    assertReadAsJsonParseReadsIt(bytes, file);
    const parsed = parsedAsJsonParseReadsIt(bytes);
    if (typeof parsed?.fields.mappings !== 'string') continue;
    if (parsed.sourcesContent) withSources++;
    assert.deepEqual(segmentsByLine(parsed.fields.mappings), decodedMappings(new TraceMap({ ...parsed.fields, sources: parsed.fields.sources ?? [] })), file);
  }
  assert.ok(withSources > 100, `${withSources} maps carry their sources`);
});

test('the JSON around the sources: escapes at a string end, nulls, layout, prefixes, what only JSON.parse reads, and what is no JSON', () => {
  const cases = [
    '{"version":3,"sources":["a.ts","b.ts"],"sourcesContent":["say(\\"hi\\\\\\\\\\");\\n","end \\\\\\\\"],"mappings":"AAAA"}',
    '{"sourcesContent":[null,"x",null],"sources":["a","b","c"],"mappings":";;AAAA,CAAC"}',
    '{\n  "version": 3,\n  "x_extra": {"nested": [1, {"a": "]}"}], "n": -1.5e3, "t": true},\n  "sourcesContent" : [ "é ü 😀" , null ] ,\n  "mappings": ""\n}\n',
    '{"sourcesContent":[],"mappings":"A"}',
    '{}',
    '{"sourcesContent":"not an array","mappings":"A"}',
    '{"sourcesContent":[1,"two",{"three":3}],"mappings":"A"}',
    '{"sourcesContent":["a"],"sourcesContent":["b"]}',
    '{"a":1,}',
    '{"sourcesContent":["a"]',
    '{"a":1} trailing',
    '["an array"]',
    '',
    '{"a":"unterminated}',
    // What JSON.parse refuses inside the sources is refused, not passed on: a raw control character, a bad escape.
    '{"sourcesContent":["get encode() {\tr\n"],"mappings":"A"}',
    '{"sourcesContent":["a\\x41"],"mappings":"A"}',
    '{"sourcesContent":["a\\u00e9 \\u12"],"mappings":"A"}',
    '{"sourcesContent":["ok \\u00E9\\/\\b\\f"],"mappings":"A"}',
    '{"sourcesContent":[\n\t"one",\r\n\t"two"\n],"mappings":"A"}',
    '{"__proto__":{"mappings":"AAAA"},"sources":[]}',
    // A number among the sources: the array is read again as a value, escaped quotes in it included.
    '{"sourcesContent":["a\\"b\\\\",1,"c\\",d"],"mappings":"A"}',
  ];
  for (const text of cases) assertReadAsJsonParseReadsIt(Buffer.from(text), JSON.stringify(text));
  for (const prefix of ['\uFEFF', ")]}'\n", ")]}'"]) {
    const read = readMapJson(Buffer.from(`${prefix}{"mappings":"AAAA","sourcesContent":["x"]}`));
    assert.equal(read?.fields.mappings, 'AAAA', JSON.stringify(prefix));
    assert.equal(read.sourcesContent.text(0), 'x');
  }
});

test('out-of-order segments come back sorted by column, as trace-mapping sorts them', () => {
  for (const mappings of ['KAAA,AAAC,EAAE;CACA,AACA,EAAE', 'EAAA,FAAC,DAAC', ';;GAAG,EAAC,FAAE,CAAC;AAAA']) {
    const expected = decodedMappings(new TraceMap({ version: 3, sources: ['a'], names: [], mappings }));
    assert.deepEqual(segmentsByLine(mappings), expected, mappings);
  }
});

test('a line is read on its own, in any order, and a visitor can stop early', () => {
  const mappings = JSON.parse(readFileSync(join(root, 'node_modules', '@babel', 'parser', 'lib', 'index.js.map'), 'utf8')).mappings;
  const expected = decodedMappings(new TraceMap({ version: 3, sources: [], names: [], mappings }));
  const encoded = new EncodedMappings(mappings);
  for (const line of [5000, 3, expected.length - 1, 1200, 0, 1200]) {
    const segments = [];
    encoded.forEachSegment(line, (segment) => void segments.push(segment.column));
    assert.deepEqual(segments, expected[line].map((segment) => segment[0]), `line ${line}`);
  }
  let visited = 0;
  encoded.forEachSegment(5000, () => ++visited === 2);
  assert.equal(visited, Math.min(2, expected[5000].length));
  encoded.forEachSegment(expected.length + 10, () => assert.fail('no such line'));
});

test('the comment written from pieces holds the bytes of the pieces joined, however they are cut', () => {
  const json = Buffer.from(JSON.stringify({ version: 3, sources: ['é.ts'], sourcesContent: ['a😀b'.repeat(50)], mappings: 'AAAA;AACA' }));
  for (let first = 0; first <= 5; first++) {
    for (let second = first; second <= first + 7; second++) {
      const pieces = [json.subarray(0, first), json.subarray(first, second), json.subarray(second, second + 1), json.subarray(second + 1)];
      assert.equal(readInlineSourceMap(`code;\n${inlineSourceMapComment(pieces)}\n`), json.toString('utf8'), `cut at ${first}, ${second}`);
    }
  }
  assert.equal(readInlineSourceMap(inlineSourceMapComment([])), '');
});
