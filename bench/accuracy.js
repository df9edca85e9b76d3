'use strict';
// Timing accuracy against a workload whose true numbers are known
// (fixtures/ground-truth: 5 calls of 20 ms busy + 50 ms await). Timed tests
// cannot check this on a shared machine, so it is measured here: medians of a
// few runs, as measured / true, with the machine's load beside them so a
// reader can tell a busy machine from an inaccurate profiler.
const { spawnSync } = require('node:child_process');
const { mkdtempSync, rmSync } = require('node:fs');
const { availableParallelism, loadavg, tmpdir } = require('node:os');
const { join } = require('node:path');
const { functionView, readProfile } = require('../dist/index.js');
const { median, root } = require('./timing.js');

const TRUE_MS = { selfMs: 100, awaitMs: 250, totalMs: 350 };

function profileOnce(out) {
  const profile = join(out, 'profile.json');
  const args = [join(root, 'bin', 'tsprof.js'), '--include', 'fixtures/ground-truth', '-o', join(out, 'calls.dot'), '--profile', profile, '--', 'node', 'fixtures/ground-truth/busy-then-wait.js'];
  const result = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  if (result.status !== 0) throw new Error(`ground-truth run failed:\n${result.stderr}`);
  return functionView(readProfile(profile)).nodes.find((node) => node.name === 'busyThenWait');
}

function benchAccuracy({ repetitions = 5 } = {}) {
  const out = mkdtempSync(join(tmpdir(), 'tsprof-bench-'));
  const load = loadavg()[0] / availableParallelism();
  try {
    const runs = Array.from({ length: repetitions }, () => profileOnce(out));
    console.log(`timing accuracy (fixtures/ground-truth, ${repetitions} runs, medians; load ${load.toFixed(2)} per core before)`);
    for (const [measure, trueMs] of Object.entries(TRUE_MS)) {
      const measured = median(runs.map((node) => node[measure]));
      console.log(`  ${measure.padEnd(8)} true ${String(trueMs).padStart(4)} ms   measured ${measured.toFixed(1).padStart(6)} ms   ratio ${(measured / trueMs).toFixed(3)}`);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

module.exports = { benchAccuracy };

if (require.main === module) benchAccuracy();
