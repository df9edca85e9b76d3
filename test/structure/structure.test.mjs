// The shape of the source tree that docs/architecture.md describes: no import circle (a module
// that reaches itself through its imports, type-only or lazy require() included), and no source
// file with two jobs' worth of lines.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../helpers/cli.mjs';

const source = join(repoRoot, 'src');
const MAX_LINES = 260;

function sourceFiles(directory = source) {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.m?ts$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The project files a module names in `import … from`, `export … from`, `import('…')` and `require('…')`. */
function importsOf(file) {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|\brequire\s*\(\s*|^import\s+)['"](\.{1,2}\/[^'"]+)['"]/gm)].map((match) => match[1]);
  return specifiers.flatMap((specifier) => {
    const base = resolve(dirname(file), specifier.replace(/\.[mc]?js$/, ''));
    const found = [`${base}.ts`, `${base}.mts`, join(base, 'index.ts')].find((candidate) => existsSync(candidate));
    return found ? [found] : [];
  });
}

test('no import circle among the source files', () => {
  const files = sourceFiles();
  const edges = new Map(files.map((file) => [file, importsOf(file)]));
  const state = new Map();
  const circles = [];
  const visit = (file, path) => {
    state.set(file, 'open');
    for (const next of edges.get(file) ?? []) {
      if (state.get(next) === 'open') circles.push([...path.slice(path.indexOf(next)), next].map((each) => relative(source, each)).join(' → '));
      else if (!state.has(next)) visit(next, [...path, next]);
    }
    state.set(file, 'done');
  };
  for (const file of files) if (!state.has(file)) visit(file, [file]);
  assert.deepEqual(circles, []);
});

test(`no source file over ${MAX_LINES} lines`, () => {
  const long = sourceFiles()
    .map((file) => [relative(repoRoot, file), readFileSync(file, 'utf8').split('\n').length - 1])
    .filter(([, lines]) => lines > MAX_LINES);
  assert.deepEqual(long, []);
});

test('every name a benchmark takes from the build exists there (no test runs the benchmarks themselves)', async () => {
  const { createRequire } = await import('node:module');
  const bench = join(repoRoot, 'bench');
  const requireFromBench = createRequire(join(bench, 'run.js'));
  const missing = [];
  for (const name of readdirSync(bench).filter((file) => file.endsWith('.js'))) {
    const text = readFileSync(join(bench, name), 'utf8');
    for (const [, names, specifier] of text.matchAll(/const \{([^}]+)\} = require\('(\.\.\/dist\/[^']+)'\)/g)) {
      const loaded = requireFromBench(specifier);
      for (const imported of names.split(',').map((entry) => entry.split(':')[0].trim()).filter(Boolean)) {
        if (!(imported in loaded)) missing.push(`${name}: ${imported} from ${specifier}`);
      }
    }
  }
  assert.deepEqual(missing, []);
});
