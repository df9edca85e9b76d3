// TypeScript that Node strips itself becomes the JavaScript Node would run,
// then gets probes; the load hooks share that step.
import assert from 'node:assert/strict';
import module from 'node:module';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { instrumentLoadResult } from '../../dist/loader/load-hook.js';
import { instrumentFormatOf, isTypeScriptFormat, javaScriptFormatOf, stripTypes } from '../../dist/loader/typescript.js';

const skipNoStripper = typeof module.stripTypeScriptTypes === 'function' ? false : `Node ${process.version} has no module.stripTypeScriptTypes`;
const RUNTIME_URL = pathToFileURL('/tsprof/dist/runtime/handle.js').href;

test('the TypeScript formats Node hands on, and what each is compiled as once stripped', () => {
  assert.deepEqual(['module-typescript', 'commonjs-typescript', 'typescript', 'module', 'commonjs', 'json', undefined].map(isTypeScriptFormat), [true, true, true, false, false, false, false]);
  assert.deepEqual(['module-typescript', 'commonjs-typescript', 'typescript'].map(javaScriptFormatOf), ['module', 'commonjs', undefined]);
  assert.equal(instrumentFormatOf('commonjs-typescript', '/app/a.ts'), 'commonjs');
  assert.equal(instrumentFormatOf('module', '/app/a.js'), 'module', 'require(esm) says module in _compile');
  assert.equal(instrumentFormatOf('typescript', '/app/a.ts'), 'unknown', 'decided from the code, as Node does');
  assert.equal(instrumentFormatOf(undefined, '/app/a.mts'), 'module', 'Node 20 gives no format: the extension decides');
  assert.equal(instrumentFormatOf(undefined, '/app/a.cjs'), 'commonjs');
});

test('stripping keeps every line and column, and the stripper says nothing on stderr', { skip: skipNoStripper }, async () => {
  const warnings = [];
  const listen = (warning) => warnings.push(warning.message);
  process.on('warning', listen);
  const source = 'export function send(queue: string, body: Buffer): number {\n  return (body as Buffer).length satisfies number;\n}\n';
  const stripped = stripTypes(source, '/app/send.ts');
  await new Promise((resolve) => setImmediate(resolve));
  process.off('warning', listen);
  assert.ok('code' in stripped);
  assert.equal(stripped.code.length, source.length);
  assert.deepEqual(stripped.code.split('\n').map((line) => line.length), source.split('\n').map((line) => line.length));
  assert.match(stripped.code, /^export function send\(queue {8}, body {8}\) {9}\{$/m);
  assert.deepEqual(warnings.filter((message) => message.includes('stripTypeScriptTypes')), []);
});

test('what Node would refuse is left to Node: node_modules silently, bad syntax with its reason', { skip: skipNoStripper }, () => {
  assert.deepEqual(stripTypes('const a: number = 1;', '/app/node_modules/pkg/a.ts'), { leaveToNode: true, reason: null });
  const refused = stripTypes('enum Level { Info }', '/app/level.ts');
  assert.equal(refused.leaveToNode, true);
  assert.match(refused.reason, /enum is not supported in strip-only mode/);
});

test('a load hook instruments module-typescript as the module Node would run; other results come back untouched', { skip: skipNoStripper }, () => {
  const options = { shouldInstrument: (file) => file.startsWith('/app/src/'), runtimeUrl: RUNTIME_URL, formats: new Set(['module', 'module-typescript']) };
  const typed = { format: 'module-typescript', source: new TextEncoder().encode('export const twice = (n: number): number => n * 2;\n'), shortCircuit: true };
  const result = instrumentLoadResult('file:///app/src/twice.ts', typed, options);
  assert.equal(result.format, 'module');
  assert.equal(result.shortCircuit, true, 'what the hook does not own is kept');
  assert.match(result.source, /^\/\*tsprof:instrumented\*\/import /);
  assert.match(result.source, /export const twice = \(n {8}\) {8} => /);
  for (const [url, loaded] of [
    ['file:///app/src/lib.cjs', { format: 'commonjs', source: 'module.exports = () => 1;' }],
    ['file:///app/other/twice.ts', typed],
    ['file:///app/src/data.json', { format: 'json', source: '{}' }],
    ['file:///app/src/nothing.mjs', { format: 'module', source: null }],
    ['node:fs', { format: 'builtin', source: null }],
  ]) {
    assert.equal(instrumentLoadResult(url, loaded, options), loaded, url);
  }
});
