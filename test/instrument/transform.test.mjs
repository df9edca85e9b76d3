// The shape of the instrumented source: lines kept, prologue placement, probe names, markers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import vm from 'node:vm';
import { isInstrumented } from '../../dist/instrument/instrument.js';
import { originalSourceText } from '../../dist/runtime/function-source.js';
import { RUNTIME_HANDLE, instrumentSnippet } from '../helpers/instrumented-run.mjs';

const withoutSourceMap = (code) => code.replace(/\n\/\/# sourceMappingURL=.*\n$/, '\n');

test('every line keeps its number and its original text around the probes', () => {
  const code = [
    "'use strict';",
    'async function* a(x) {',
    '  for await (const y of x) yield y;',
    '  try { await x } catch { return (1, 2) } finally { }',
    '}',
    'const b = () =>',
    '  ({ b: 1 });',
    '',
  ].join('\n');
  const output = withoutSourceMap(instrumentSnippet(code).code);
  const lines = output.split('\n');
  assert.equal(lines.length, code.split('\n').length);
  assert.match(lines[1], /^async function\* a\(x\) \{/);
  assert.match(lines[5], /^const b = \(\) =>$/);
  assert.match(lines[6], /^ {2}.*\{.*return .*\(\{ b: 1 \}\).*\}finally\{.*\}\}.*;$/);
  // Every inserted piece sits between sentinels: removing them gives the original back.
  const withoutPrologue = output.replace(/;\/\*tsprof:instrumented\*\/[^\n]*?__tsp\$b=__tsp\.register\(.*?\]\]\);/, '');
  assert.equal(originalSourceText(withoutPrologue), code);
});

test('the prologue goes after directives and after a hashbang', () => {
  assert.match(instrumentSnippet("'use strict'\n'another';\nfunction f() {}").code, /^'use strict'\n'another';;\/\*tsprof:instrumented\*\/var __tsp=require\(/);
  assert.match(instrumentSnippet('#!/usr/bin/env node\nfunction f() {}').code, /^#!\/usr\/bin\/env node\n\/\*tsprof:instrumented\*\/var __tsp=/);
  assert.match(instrumentSnippet('function f() {}', { format: 'module' }).code, /^\/\*tsprof:instrumented\*\/import __tsp from "file:/);
});

test('files with nothing to run are returned as they are', () => {
  assert.equal(instrumentSnippet('').code, '');
  assert.equal(instrumentSnippet('// only a comment\n').code, '// only a comment\n');
});

test('probe names never collide with names in the file', () => {
  const output = instrumentSnippet('var __tsp = 1, __tsp1 = 2; function f() {}').code;
  assert.match(output, /var __tsp2=require/);
  assert.match(output, /var __tsp2\$f=__tsp2\.e\(__tsp2\$b\+0\)/);
});

test('instrumented output is marked so that a second pass leaves it alone', () => {
  const output = instrumentSnippet('function f() {}').code;
  assert.ok(isInstrumented(output));
  assert.ok(!isInstrumented('function f() {}'));
});

test('line and paragraph separators in names are escaped, so no line break is added', () => {
  const output = instrumentSnippet('const o = { "a\u2028b"() {}, "c\u2029d": () => {} };').code;
  assert.ok(!output.includes('\u2028') || output.indexOf('\u2028') > output.indexOf('const o'), 'raw separator in the prologue');
  assert.match(output, /"o\.a\\u2028b"/);
  assert.match(output, /"o\.c\\u2029d"/);
});

test('the completion value of a script is unchanged', () => {
  const code = "var log = [];\nfunction add(x) { log.push(x); return x }\nadd(1);\nif (log.length) { 'completion' } else { 'other' }\n";
  const run = (source) => vm.runInNewContext(source, { require: createRequire(RUNTIME_HANDLE) });
  assert.equal(run(withoutSourceMap(instrumentSnippet(code).code)), run(code));
  assert.equal(run(code), 'completion');
});

test('functions that cannot be wrapped are reported with their reasons', () => {
  const { skipped } = instrumentSnippet('function a() { eval("1") }\nwith (o) { (function b() {}) }\nfunction c(g) { function g() {} }');
  assert.deepEqual(skipped, [
    { name: 'a', line: 1, reason: 'contains direct eval' },
    { name: 'b', line: 2, reason: 'is inside a with statement' },
    { name: 'c', line: 3, reason: 'function g has the name of a parameter' },
  ]);
});
