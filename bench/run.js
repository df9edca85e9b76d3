'use strict';
// `npm run bench`: every benchmark runs plain and profiled side by side and
// prints ratios. Compare ratios across runs, never absolute times.
// `npm run bench -- --baseline DIR` also measures the probe cost and the
// contexts benchmarks with the tsprof built in DIR (another checkout, after
// `npm run build` there), alternating the two builds, so a change to the
// runtime is judged side by side on the same machine at the same time.
// `npm run bench -- --node 22` runs all of it on another Node major (the official
// binary, scripts/official-node.js), first on PATH, so that the `node` of the
// plain and profiled commands is that one too: users run 22 and 24.
const { spawnSync } = require('node:child_process');
const { mkdtempSync, readFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { delimiter, dirname, join, resolve } = require('node:path');
const { benchAccuracy } = require('./accuracy.js');
const { benchContexts } = require('./contexts.js');
const { benchDiffVerdicts } = require('./diff-verdicts.js');
const { benchExport } = require('./export.js');
const { benchFixture } = require('./fixture.js');
const { benchFlows } = require('./flows.js');
const { benchModuleHooks } = require('./module-hooks.js');
const { benchParallelTransform } = require('./parallel-transform.js');
const { benchProbeCost } = require('./probe-cost.js');
const { benchStartup } = require('./startup.js');
const { benchRender } = require('./render.js');
const { benchHtml } = require('./html.js');
const { benchTestRunners } = require('./test-runners.js');
const { benchTransform } = require('./transform.js');
const { printIssue23Targets } = require('./targets.js');

/** `bench/probe-cost.js --repo <repo>` in a child process; its result. */
function probeCostInItsOwnProcess(repo) {
  const resultFile = join(mkdtempSync(join(tmpdir(), 'tsprof-bench-probe-')), 'result.json');
  const run = spawnSync(process.execPath, [join(__dirname, 'probe-cost.js'), '--repo', repo, '--result', resultFile], { stdio: 'inherit' });
  if (run.status !== 0) throw new Error(`the probe-cost benchmark of ${repo} failed`);
  return JSON.parse(readFileSync(resultFile, 'utf8'));
}

/** `bench/allocation.js --repo <repo>`: it needs V8 flags of its own, so in a child process. */
function allocationInItsOwnProcess(repo) {
  const run = spawnSync(process.execPath, [join(__dirname, 'allocation.js'), '--repo', repo], { stdio: 'inherit' });
  if (run.status !== 0) throw new Error(`the allocation benchmark of ${repo} failed`);
}

function baselineFromArgs(argv) {
  const index = argv.indexOf('--baseline');
  return index >= 0 ? resolve(argv[index + 1]) : null;
}

async function main() {
  const baseline = baselineFromArgs(process.argv);
  let probe;
  const startup = benchStartup();
  console.log();
  const fixture = benchFixture();
  console.log();
  benchModuleHooks();
  console.log();
  if (baseline) {
    // Each build in a process of its own: the runtime is one per process (a global
    // symbol), so a second build loaded beside the first would record into the first's.
    for (let round = 1; round <= 3; round++) {
      console.log(`round ${round}, baseline ${baseline}:`);
      probeCostInItsOwnProcess(baseline);
      console.log(`round ${round}, this build:`);
      probe = probeCostInItsOwnProcess(resolve(__dirname, '..'));
    }
    console.log();
    console.log(`baseline ${baseline}:`);
    allocationInItsOwnProcess(baseline);
    console.log('this build:');
    console.log();
    console.log(`baseline ${baseline}:`);
    benchContexts({ repo: baseline });
    console.log('this build:');
  } else {
    probe = await benchProbeCost();
    console.log();
  }
  allocationInItsOwnProcess(resolve(__dirname, '..'));
  console.log();
  benchContexts();
  console.log();
  benchFlows();
  console.log();
  const transform = benchTransform();
  console.log();
  const parallel = benchParallelTransform();
  console.log();
  await benchRender();
  console.log();
  await benchHtml();
  console.log();
  benchExport();
  console.log();
  benchAccuracy();
  console.log();
  benchTestRunners();
  console.log();
  await benchDiffVerdicts({ trials: 1 });
  console.log();
  printIssue23Targets({ startup, fixture, probe, transform, parallel });
}

/** `--node <major>`: this benchmark again on that Node, with its status; null when not asked for (or already on it). */
function onOtherNode(argv) {
  const index = argv.indexOf('--node');
  if (index < 0) return null;
  const major = Number(argv[index + 1]);
  if (!Number.isInteger(major) || major <= 0) {
    process.stderr.write(`bench: --node takes a Node major such as 22, not ${JSON.stringify(argv[index + 1] ?? '')}\n`);
    return 2;
  }
  if (major === Number(process.versions.node.split('.')[0])) return null;
  let binary;
  try {
    binary = require('../scripts/official-node.js').installedNode(major);
  } catch (error) {
    process.stderr.write(`bench: ${error.message}\n`);
    return 1;
  }
  const rest = [...argv.slice(2, index), ...argv.slice(index + 2)];
  const run = spawnSync(binary, [__filename, ...rest], { stdio: 'inherit', env: { ...process.env, PATH: `${dirname(binary)}${delimiter}${process.env.PATH ?? ''}` } });
  return run.status ?? 1;
}

const otherNode = onOtherNode(process.argv);
if (otherNode !== null) process.exitCode = otherNode;
else main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
