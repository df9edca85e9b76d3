'use strict';
// Issue 23: transforming many files cold uses both cores. A real program that
// loads some 290 files of node_modules (bench/many-files-subject.js) runs
// plain and under tsprof (node --require tsprof/register, node_modules
// included, TSPROF_NO_CACHE=1 so every file is transformed), with the
// transform worker off (TSPROF_TRANSFORM_WORKER=0, every file in the main
// thread) and on, interleaved. Prints medians of wall time, each tsprof
// variant's ratio to plain, and CPU time over wall time (above 1.0 means more
// than one core worked; V8's GC threads add a little even to plain runs), and
// the main thread's own CPU time: on a machine busy with other work, the
// walls mostly show the other work, while the main thread's time is what a
// cold start would take with a free core for the worker.
const { mkdtempSync, readFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { machineLoad, median, root, timedNode } = require('./timing.js');

const SUBJECT = join(__dirname, 'many-files-subject.js');

function benchParallelTransform({ repetitions = 5 } = {}) {
  const out = mkdtempSync(join(tmpdir(), 'tsprof-bench-parallel-'));
  const usageFile = join(out, 'usage.json');
  const register = ['--require', join(root, 'dist', 'register.js'), SUBJECT];
  const profiled = { TSPROF_INCLUDE: join(root, 'node_modules'), TSPROF_PROFILE: join(out, 'profile.json'), TSPROF_NO_CACHE: '1' };
  const variants = [
    { label: 'plain', args: [SUBJECT], env: {} },
    { label: 'tsprof, in-thread', args: register, env: { ...profiled, TSPROF_TRANSFORM_WORKER: '0' } },
    { label: 'tsprof, worker', args: register, env: { ...profiled, TSPROF_TRANSFORM_WORKER: '1' } },
  ];
  const walls = variants.map(() => []);
  const cpuShares = variants.map(() => []);
  const mainThreadMs = variants.map(() => []);
  try {
    for (let repetition = 0; repetition <= repetitions; repetition++) {
      variants.forEach((variant, index) => {
        const run = timedNode(variant.args, { ...variant.env, BENCH_USAGE_FILE: usageFile });
        if (run.status !== 0) throw new Error(`${variant.label} exited ${run.status}: ${run.stderr.trim().split('\n').pop()}`);
        if (repetition === 0) return; // warm-up: the OS's file cache, not tsprof's
        walls[index].push(run.wallMs);
        const usage = JSON.parse(readFileSync(usageFile, 'utf8'));
        cpuShares[index].push(usage.cpuMs / run.wallMs);
        mainThreadMs[index].push(usage.mainThreadCpuMs ?? Number.NaN);
      });
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  const medians = walls.map(median);
  console.log(`cold transform of many files (${repetitions} interleaved runs, medians; ${machineLoad()})`);
  variants.forEach((variant, index) => {
    const ratio = index === 0 ? '' : `  ${(medians[index] / medians[0]).toFixed(2)}x plain`;
    const main = median(mainThreadMs[index]);
    console.log(`  ${variant.label.padEnd(18)} ${medians[index].toFixed(0).padStart(6)} ms  CPU/wall ${median(cpuShares[index]).toFixed(2)}  main thread CPU ${main.toFixed(0).padStart(5)} ms${ratio}`);
  });
  const mainThread = mainThreadMs.map(median);
  console.log(`  worker vs in-thread: wall ${(medians[2] / medians[1]).toFixed(2)}x, main thread CPU ${(mainThread[2] / mainThread[1]).toFixed(2)}x`);
  return { plainMs: medians[0], inThreadMs: medians[1], workerMs: medians[2], workerCpuShare: median(cpuShares[2]), mainThreadMs: mainThread };
}

module.exports = { benchParallelTransform };

if (require.main === module) benchParallelTransform();
