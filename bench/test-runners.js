'use strict';
// jest and vitest on their fixtures: plain, under tsprof with nothing of the
// fixture included (tsprof's preload and module hooks alone), and profiling the
// fixture's sources, interleaved so that machine noise hits all three alike.
// Wall time of the whole run, runner start-up included; medians and ratios.
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { median, timedNode, tsprof } = require('./timing.js');

function timed(args) {
  const result = timedNode(args);
  // With nothing included, tsprof ends by saying so; the run itself is what is timed.
  const nothingIncluded = /matched no file that the command loaded/.test(result.stderr);
  if (result.status !== 0 && !nothingIncluded) throw new Error(`${args.join(' ')} failed:\n${result.stdout}${result.stderr}`);
  return result.wallMs;
}

function benchRunner(name, command, include, out, repetitions) {
  const underTsprof = (what) => [tsprof, '--include', what, '-o', join(out, `${name}.dot`), '--profile', join(out, `${name}.json`), '--', 'node', ...command];
  const variants = { plain: command, 'tsprof, nothing included': underTsprof('bench'), 'tsprof, sources included': underTsprof(include) };
  const times = Object.fromEntries(Object.keys(variants).map((variant) => [variant, []]));
  timed(command); // warm the runner's own caches
  for (let repetition = 0; repetition < repetitions; repetition++) {
    for (const [variant, args] of Object.entries(variants)) times[variant].push(timed(args));
  }
  const plain = median(times.plain);
  console.log(`${name} on its fixture (${repetitions} interleaved repetitions, medians of the whole run)`);
  for (const [variant, values] of Object.entries(times)) {
    const wall = median(values);
    console.log(`  ${variant.padEnd(26)} ${wall.toFixed(0).padStart(6)} ms   ratio ${(wall / plain).toFixed(2)}`);
  }
}

function benchTestRunners({ repetitions = 5 } = {}) {
  const out = mkdtempSync(join(tmpdir(), 'tsprof-bench-'));
  try {
    const jestCache = join(out, 'jest-cache');
    benchRunner('jest', ['node_modules/jest/bin/jest.js', '--config', 'fixtures/jest-app/jest.config.js', '--maxWorkers=2', '--cacheDirectory', jestCache], 'fixtures/jest-app/src', out, repetitions);
    console.log();
    benchRunner('vitest', ['node_modules/vitest/vitest.mjs', 'run', '--root', 'fixtures/vitest-app'], 'fixtures/vitest-app/src', out, repetitions);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

module.exports = { benchTestRunners };

if (require.main === module) benchTestRunners();
