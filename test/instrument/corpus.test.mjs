// The transform against real code: every file of a few installed packages, and snippets of
// what real code may contain, checked for what instrumenting must never do (see
// test/helpers/corpus-check.mjs): (a) break code that compiles, (b) move a line, (c) lose or
// change a character of the original, (d) fail with anything but a parse error, (f) change the
// program around the probes. The same checks over all of node_modules, by hand:
//   npm run build && node test/helpers/corpus-run.mjs node_modules
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkCorpus, checkSource, loadTransform } from '../helpers/corpus-check.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CHECKS = {
  a: 'the output must compile where the original does',
  b: 'every line must keep its number',
  c: 'removing the inserted pieces must give the original text',
  d: 'instrument may only throw parse errors',
  f: 'the output must be the same program once the probes are removed',
};

/** Packages tsprof is used with or made of: CommonJS, ES modules, compiled TypeScript with source maps, one big file. */
const SUBSETS = {
  amqplib: ['node_modules/amqplib'],
  commander: ['node_modules/commander'],
  picomatch: ['node_modules/picomatch'],
  'magic-string': ['node_modules/magic-string'],
  'mqtt build/ (compiled TypeScript, source maps)': ['node_modules/mqtt/build'],
  'nats lib/ (compiled TypeScript, source maps)': ['node_modules/nats/lib'],
  'ioredis built/': ['node_modules/ioredis/built'],
  'luxon src/ (ES modules in a package without "type")': ['node_modules/luxon/src'],
  tslib: ['node_modules/tslib'],
  '@babel/parser lib/index.js (0.5 MB)': ['node_modules/@babel/parser/lib/index.js'],
};

/**
 * What real code may contain, beyond what the packages above happen to. `todo` marks a
 * known bug in the transform; remove it once the transform is fixed. `mayFailOpen`: the
 * snippet need not be instrumented, as long as instrument fails with a parse error.
 */
const SNIPPETS = [
  { name: 'directives, then an empty statement', file: 'directives.cjs', code: "'use strict';;\nfunction f() { 'use strict'; return 1 }\n" },
  { name: 'a hashbang and no final line break', file: 'hashbang.cjs', code: '#!/usr/bin/env node\nconst f = x => x' },
  { name: 'CR, CRLF, U+2028 and U+2029 line breaks', file: 'line-breaks.cjs', code: 'function f() {\r  return 1\r\n}\u2028const g = () =>\u2029 2\n' },
  { name: 'a byte order mark', file: 'bom.cjs', code: '\uFEFFfunction f() { return 1 }\n' },
  { name: 'HTML-like comments in a script', file: 'html-comments.cjs', code: 'function f() { return 1 }\n<!-- comment\n--> comment\nf()\n' },
  {
    name: 'an inline source map, removed from the output',
    file: 'inline-map.cjs',
    code: `function f() { return 1 }\n//# sourceMappingURL=data:application/json;base64,${Buffer.from(JSON.stringify({ version: 3, sources: ['f.ts'], names: [], mappings: 'AAAA' })).toString('base64')}\n`,
  },
  { name: 'nested labelled for await', file: 'for-await.mjs', code: 'export async function f(a) {\n  l: for await (const b of a) for await (const c of b) if (c) continue l; else break\n}\n' },
  { name: 'await await, return await in an async generator', file: 'await-await.mjs', code: 'export async function* g(x) {\n  try { return await await x } finally { yield }\n}\n' },
  { name: 'arrow bodies: parenthesised, chained, in class fields', file: 'arrows.cjs', code: 'const f = a => b => (a, b)\nconst g = x => (x || y).z\nclass A {\n  h = () => 1\n  static i = async () => await 2\n}\n' },
  { name: 'return await as an unbraced if branch, before else, in an async generator', file: 'if-return-await.cjs', code: 'async function* g(a) {\n  if (a) return await a\n  else return 1\n}\n' },
  { name: 'return yield as the body of do…while, in an async generator', file: 'do-return-yield.cjs', code: 'async function* g(a) {\n  do return yield\n  while (a)\n}\n' },
  {
    name: 'division by an await written without a space',
    file: 'divide-by-await.cjs',
    code: 'async function ratio(a, b) {\n  return a/await b\n}\n',
  },
  {
    name: 'yield with no operand, ended by a line break before a line starting with (',
    file: 'yield-asi.cjs',
    code: 'function* g(a) {\n  yield\n  (a)\n}\n',
  },
  {
    name: 'await of a postfix update, ended by a line break before a template',
    file: 'await-asi.cjs',
    code: 'async function f(a) {\n  await a++\n  `t`\n}\n',
  },
  {
    name: 'a sum of 20000 terms, which V8 compiles',
    file: 'long-sum.cjs',
    code: `function total(a) {\n  return ${Array(20000).fill('a').join(' + ')}\n}\n`,
    mayFailOpen: true,
  },
  {
    name: 'text that looks like an inserted piece',
    file: 'sentinel-text.cjs',
    code: 'const s = "/*__tsp[*/x/*]__tsp*/";\nfunction f() { return s }\n',
  },
  {
    name: 'a copy of instrumented output, with a higher prefix number than its neighbours',
    file: 'sentinel-copy.cjs',
    code: 'const a = "__tsp2 __tsp010";\nfunction f() { return \'/*__tsp9[*/var __tsp9$f=__tsp9.e(__tsp9$b+0);try{/*]__tsp9*/ 1 /*__tsp9[*/}finally{__tsp9.x(__tsp9$f)}/*]__tsp9*/\' }\n',
  },
];

function filesUnder(path) {
  if (statSync(path).isFile()) return [path];
  return readdirSync(path, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.[cm]?js$/.test(entry.name))
    .map((entry) => join(entry.parentPath ?? entry.path, entry.name))
    .sort();
}

function problemsIn(results, { mayFailOpen = false } = {}) {
  const problems = [];
  for (const result of results) {
    const file = result.file.startsWith(ROOT) ? relative(ROOT, result.file) : `snippet ${basename(result.file)}`;
    if (result.status === 'timeout' || result.status === 'crashed') problems.push(`${file}: the check ${result.status === 'timeout' ? 'timed out' : 'crashed'}`);
    else if (result.status === 'failed-open' && result.violations.length === 0 && !mayFailOpen) problems.push(`${file}: instrument could not parse it (${result.reason}), though it is code Node runs`);
    for (const { check, message } of result.violations) problems.push(`${file}: (${check}) ${CHECKS[check]}\n    ${message.split('\n').slice(0, 4).join('\n    ')}`);
  }
  return problems;
}

function assertNoProblems(results, options) {
  const problems = problemsIn(results, options);
  const shown = problems.slice(0, 8).join('\n\n');
  assert.equal(problems.length, 0, `${problems.length} problems:\n\n${shown}${problems.length > 8 ? `\n\n… and ${problems.length - 8} more` : ''}`);
}

const missing = Object.values(SUBSETS).flat().filter((path) => !existsSync(join(ROOT, path)));
const subsetFiles = new Map(Object.entries(SUBSETS).map(([name, paths]) => [name, missing.length ? [] : paths.flatMap((path) => filesUnder(join(ROOT, path)))]));
const snippetDirectory = mkdtempSync(join(tmpdir(), 'tsprof-corpus-'));
for (const snippet of SNIPPETS) writeFileSync(join(snippetDirectory, snippet.file), snippet.code);

const started = Date.now();
let results = [];
try {
  const files = [...[...subsetFiles.values()].flat(), ...SNIPPETS.map((snippet) => join(snippetDirectory, snippet.file))];
  results = await checkCorpus(files, { workers: Math.min(availableParallelism(), 4), fileTimeoutMs: 60_000 });
} finally {
  rmSync(snippetDirectory, { recursive: true, force: true });
}
const resultOf = new Map(results.map((result) => [result.file, result]));

test('the packages checked here are installed', (context) => {
  context.diagnostic(`${results.length} files checked in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  assert.deepEqual(missing, [], 'run npm install, or update SUBSETS in this file to what node_modules now holds');
});

for (const [name, files] of subsetFiles) {
  const which = files.length === 1 ? 'its file' : `all ${files.length} files`;
  test(`${name}: ${which} instrument without breaking, moving or changing code`, (context) => {
    if (missing.length) return context.skip('packages missing');
    const mine = files.map((file) => resultOf.get(file) ?? { file, status: 'crashed', violations: [] });
    const bytes = mine.reduce((sum, result) => sum + result.bytes, 0);
    const milliseconds = mine.reduce((sum, result) => sum + result.milliseconds, 0);
    context.diagnostic(`${(bytes / 1e6).toFixed(2)} MB, instrument at ${(milliseconds / (bytes / 1e6)).toFixed(0)} ms/MB`);
    assertNoProblems(mine);
  });
}

for (const snippet of SNIPPETS) {
  test(`snippet: ${snippet.name}`, { todo: snippet.todo }, () => {
    const result = resultOf.get(join(snippetDirectory, snippet.file)) ?? { file: snippet.file, status: 'crashed', violations: [] };
    assertNoProblems([result], { mayFailOpen: snippet.mayFailOpen });
  });
}

// The checks must notice what they are for: each fault below, injected into the output, is caught by its check.
test('each check catches the fault it is for', async () => {
  const transform = await loadTransform();
  const code = "'use strict';\nasync function f(a) {\n  return a + await a;\n}\nconst g = x => x\n";
  const faults = {
    a: (output) => output.replace('return a', '/*__tsp[*/(/*]__tsp*/return a'),
    b: (output) => output.replace('return a', '/*__tsp[*/\n/*]__tsp*/return a'),
    c: (output) => output.replace('a + ', 'a +'),
    d: () => {
      throw new TypeError('not a parse error');
    },
    f: (output) => output.replace('return a + ', 'return a - '),
  };
  for (const [check, fault] of Object.entries(faults)) {
    const instrumentWithFault = (source, options) => {
      const result = transform.instrument(source, options);
      return { ...result, code: fault(result.code) };
    };
    const caught = checkSource(code, '/virtual/fault.cjs', { ...transform, instrument: instrumentWithFault }, 'commonjs').violations.map((violation) => violation.check);
    assert.ok(caught.includes(check), `a fault for (${check}) went unnoticed; the checks that fired: ${JSON.stringify(caught)}`);
  }
  assert.deepEqual(checkSource(code, '/virtual/fault.cjs', transform, 'commonjs').violations, []);
});
