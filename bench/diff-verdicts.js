'use strict';
// End-to-end measurement of tsprof diff's time verdicts on the task-queue
// fixture: two unchanged sides (any verdict is a false alarm) and a head whose
// crc32 does 30% more work (TASKQUEUE_REGRESSION=slow-checksum; a verdict
// "slower" on crc32 is a detection). Each side is 5 runs, the two sides'
// runs alternating (as the GitHub workflow runs them) so that machine load
// falls on both alike. test/quiet/time-verdicts.e2e.test.mjs asserts one
// trial; this counts over several, and on a busy machine shows what noise
// does: one function's time can then move by more than 30% between runs.
//
//   node bench/diff-verdicts.js [--trials 3] [--runs 5]
const { spawn } = require('node:child_process');
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');

const REPO = resolve(__dirname, '..');
const TSPROF = join(REPO, 'bin', 'tsprof.js');

function option(name, fallback) {
  const index = process.argv.indexOf(name);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

function run(args, env = {}) {
  return new Promise((resolvePromise, rejectPromise) => {
    const environment = { ...process.env, NODE_OPTIONS: '', ...env };
    delete environment.NODE_TEST_CONTEXT;
    const child = spawn(process.execPath, [TSPROF, ...args], { cwd: REPO, env: environment, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', rejectPromise);
    child.on('exit', (code) => (code === 0 ? resolvePromise(stdout) : rejectPromise(new Error(`tsprof ${args.join(' ')} exited ${code}:\n${stderr}`))));
  });
}

const WORKLOAD = ['--tasks', '3000', '--items', '400'];

function profileRun(directory, name, env) {
  return run(['run', '--include', 'fixtures/taskqueue/src/queue', '-o', join(directory, `${name}.dot`), '--profile', join(directory, `${name}.json`), '--', 'node', 'fixtures/taskqueue/app.js', ...WORKLOAD], env);
}

/** `runs` profiles of each side, alternating, then their diff's claims and crc32's verdict. */
async function trial(directory, runs, headEnv) {
  for (let index = 1; index <= runs; index++) {
    await profileRun(directory, `base.${index}`, {});
    await profileRun(directory, `head.${index}`, headEnv);
  }
  const files = (name) => Array.from({ length: runs }, (_, index) => join(directory, `${name}.${index + 1}.json`));
  const diff = JSON.parse(await run(['diff', '--format', 'json', ...files('base'), '--', ...files('head')]));
  const claims = diff.functions.flatMap((entry) =>
    entry.time ? ['selfMs', 'totalMs'].filter((measure) => ['slower', 'faster'].includes(entry.time[measure].verdict)).map((measure) => `${entry.name} ${measure} ${entry.time[measure].verdict}`) : [],
  );
  const crc32 = diff.functions.find((entry) => entry.name === 'crc32');
  return { claims, crc32: crc32.time.selfMs };
}

const percent = (value) => (value === null || value === undefined ? '?' : `${value > 0 ? '+' : ''}${(value * 100).toFixed(1)}%`);

async function benchDiffVerdicts({ trials = option('--trials', 1), runs = option('--runs', 5) } = {}) {
  console.log(`diff time verdicts, task-queue fixture (${WORKLOAD.join(' ')}), ${runs} runs a side, alternating:`);
  let falseAlarms = 0;
  let detections = 0;
  for (let index = 1; index <= trials; index++) {
    const directory = mkdtempSync(join(tmpdir(), 'tsprof-bench-diff-'));
    try {
      const same = await trial(directory, runs, {});
      const slow = await trial(directory, runs, { TASKQUEUE_REGRESSION: 'slow-checksum' });
      // Only crc32's own time changed: a self-time claim on anything else is false (totals of its callers grow too).
      const others = slow.claims.filter((claim) => !claim.startsWith('crc32 ') && !claim.includes(' totalMs slower'));
      falseAlarms += same.claims.length + others.length;
      if (slow.crc32.verdict === 'slower') detections++;
      console.log(
        `  trial ${index}: unchanged: ${same.claims.length === 0 ? 'no verdict' : same.claims.join(', ')}; ` +
          `crc32 +30% work: ${slow.crc32.verdict}${slow.crc32.change !== undefined ? ` ${percent(slow.crc32.change)} [${percent(slow.crc32.interval[0])}, ${percent(slow.crc32.interval[1])}]` : ''}` +
          `${others.length > 0 ? `; also claimed: ${others.join(', ')}` : ''}`,
      );
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  }
  console.log(`  false verdicts: ${falseAlarms}; crc32 slowdown detected in ${detections} of ${trials} trials`);
}

module.exports = { benchDiffVerdicts };

if (require.main === module) {
  benchDiffVerdicts().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
