// Runs the corpus checks (corpus-check.mjs) over every .js, .cjs and .mjs file under the given
// directories and prints a summary: files, outcomes, speed, and each violation with its file.
//   node test/helpers/corpus-run.mjs node_modules [more directories] [--dist path/to/dist] [--json results.jsonl]
import { appendFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { DEFAULT_DIST, checkCorpus } from './corpus-check.mjs';

const CHECKS = { a: 'compiles', b: 'lines kept', c: 'original text', d: 'parse errors only', f: 'same program' };

function parseArguments(argv) {
  const options = { roots: [], distDirectory: DEFAULT_DIST, json: null };
  for (let index = 0; index < argv.length; index++) {
    if (argv[index] === '--dist') options.distDirectory = resolve(argv[++index]);
    else if (argv[index] === '--json') options.json = resolve(argv[++index]);
    else options.roots.push(resolve(argv[index]));
  }
  return options;
}

function sourceFiles(directory, into = []) {
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) sourceFiles(path, into);
    else if (entry.isFile() && /\.[cm]?js$/.test(entry.name)) into.push(path);
  }
  return into;
}

function countBy(items, key) {
  const counts = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

const options = parseArguments(process.argv.slice(2));
if (options.roots.length === 0) {
  process.stderr.write('usage: node test/helpers/corpus-run.mjs <directory>... [--dist dist] [--json results.jsonl]\n');
  process.exitCode = 2;
} else {
  // Biggest first, so that the workers finish together.
  const files = options.roots.flatMap((root) => sourceFiles(root)).sort((a, b) => statSync(b).size - statSync(a).size);
  if (options.json) writeFileSync(options.json, '');
  const started = Date.now();
  const results = await checkCorpus(files, {
    distDirectory: options.distDirectory,
    workers: availableParallelism(),
    onResult: (result) => options.json && appendFileSync(options.json, `${JSON.stringify(result)}\n`),
  });
  const bytes = results.reduce((sum, result) => sum + result.bytes, 0);
  const milliseconds = results.reduce((sum, result) => sum + result.milliseconds, 0);
  const failedOpen = results.filter((result) => result.status === 'failed-open' && result.violations.length === 0);
  console.log(`${results.length} files, ${(bytes / 1e6).toFixed(1)} MB, checked in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`outcomes: ${JSON.stringify(countBy(results, (result) => result.status))}; formats: ${JSON.stringify(countBy(results, (result) => result.format))}`);
  console.log(`instrument: ${(milliseconds / 1000).toFixed(1)} s in all, ${(milliseconds / (bytes / 1e6)).toFixed(0)} ms/MB`);
  console.log(`failed open on a parse error: ${failedOpen.length} (${failedOpen.filter((result) => result.compiles).length} of them compile in Node)`);
  for (const result of failedOpen.filter((result) => result.compiles)) console.log(`  ${result.file}: ${result.reason}`);
  const violations = results.flatMap((result) => result.violations.map((violation) => ({ file: result.file, ...violation })));
  console.log(`violations: ${violations.length} ${JSON.stringify(countBy(violations, (violation) => `${violation.check} (${CHECKS[violation.check]})`))}`);
  for (const violation of violations) console.log(`\n(${violation.check}) ${violation.file}\n  ${violation.message.split('\n').slice(0, 6).join('\n  ')}`);
  if (violations.length > 0) process.exitCode = 1;
}
