// docs/github-actions.yml, run locally: its shell steps are executed as
// written, in a workspace laid out as actions/checkout lays it out (base/ and
// head/), on copies of the task-queue fixture whose head serializes twice
// per publish, as a pull request that regressed would.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { cleanEnvironment, isPng, repoRoot, scratchDirectory, tsprofBin } from '../helpers/cli.mjs';

const workflow = parse(readFileSync(join(repoRoot, 'docs', 'github-actions.yml'), 'utf8'));
const steps = workflow.jobs.profile.steps;
const step = (name) => steps.find((candidate) => candidate.name === name);

const BUDGETS = { budgets: [{ function: '^JsonSerializer\\.dumps$', per: '^Producer\\.publish$', maxCalls: 1 }] };

/** A checkout of the fixture: the project the workflow profiles. */
function checkout(workspace, side, { serializeTwice }) {
  const directory = join(workspace, side);
  for (const name of ['app.js', 'broker.js', 'src']) cpSync(join(repoRoot, 'fixtures', 'taskqueue', name), join(directory, name), { recursive: true });
  writeFileSync(join(directory, 'package.json'), JSON.stringify({ name: 'taskqueue', private: true, tsprof: BUDGETS }, null, 2));
  if (serializeTwice) {
    const producer = join(directory, 'src', 'queue', 'producer.js');
    const source = readFileSync(producer, 'utf8');
    const changed = source.replace(/const SERIALIZE_TWICE = .*;/, 'const SERIALIZE_TWICE = true;');
    assert.notEqual(changed, source, 'the regression switch is where the test expects it');
    writeFileSync(producer, changed);
  }
  // What `npm ci` would leave: tsprof as a dev dependency's bin.
  mkdirSync(join(directory, 'node_modules', '.bin'), { recursive: true });
  symlinkSync(tsprofBin, join(directory, 'node_modules', '.bin', 'tsprof'));
}

function runStep(name, environment) {
  const { run, shell } = step(name);
  assert.equal(shell, 'bash', `${name} runs in bash, which GitHub starts with -eo pipefail`);
  return spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', run], { env: environment, encoding: 'utf8', timeout: 240_000 });
}

test('the workflow runs on pull requests, checks out base and head, and uploads calls.png and diff.png', () => {
  assert.ok('pull_request' in workflow.on);
  const checkouts = steps.filter((candidate) => String(candidate.uses).startsWith('actions/checkout'));
  assert.deepEqual(checkouts.map((candidate) => candidate.with.path).sort(), ['base', 'head']);
  assert.equal(checkouts.find((candidate) => candidate.with.path === 'base').with.ref, '${{ github.event.pull_request.base.sha }}');
  const upload = steps.find((candidate) => String(candidate.uses).startsWith('actions/upload-artifact'));
  assert.match(upload.with.path, /out\/calls\.png/);
  assert.match(upload.with.path, /out\/diff\.png/);
  assert.equal(upload.if, 'always()');
});

test('its steps, run as commands: profiles both sides, appends the markdown diff to the summary, fails on the budget', () => {
  const workspace = scratchDirectory('tsprof-actions-');
  checkout(workspace, 'base', { serializeTwice: false });
  checkout(workspace, 'head', { serializeTwice: true });
  const summary = join(workspace, 'summary.md');
  const environment = cleanEnvironment({
    ...workflow.env,
    TSPROF_INCLUDE: 'src/queue',
    TSPROF_COMMAND: 'node app.js --tasks 200',
    TSPROF_RUNS: '2',
    GITHUB_WORKSPACE: workspace,
    GITHUB_STEP_SUMMARY: summary,
  });

  const profiled = runStep('Profile base and head', environment);
  assert.equal(profiled.status, 0, profiled.stderr);
  for (const side of ['base', 'head']) for (const run of [1, 2]) assert.ok(existsSync(join(workspace, 'out', `${side}.${run}.json`)), `${side}.${run}.json`);

  const diffed = runStep('Diff', environment);
  assert.equal(diffed.status, 0, diffed.stderr);
  assert.ok(isPng(readFileSync(join(workspace, 'out', 'calls.png'))), 'calls.png for the artifact');
  assert.ok(isPng(readFileSync(join(workspace, 'out', 'diff.png'))), 'diff.png for the artifact');
  const markdown = readFileSync(summary, 'utf8');
  assert.match(markdown, /^### tsprof diff: /m);
  assert.match(markdown, /\| JsonSerializer\.dumps \| 200 \| 400 \| \+200 \(x2\.00\) \|/);

  const checked = runStep('Budgets', environment);
  assert.equal(checked.status, 1, `the budget fails the job:\n${checked.stdout}${checked.stderr}`);
  assert.match(checked.stdout, /^FAIL budgets\[0\] \/\^JsonSerializer\\\.dumps\$\/ per \/\^Producer\\\.publish\$\/ maxCalls 1: JsonSerializer\.dumps \(src\/queue\/serializer\.js:\d+\): 2 calls per call/m);
  assert.match(readFileSync(summary, 'utf8'), /^### tsprof budgets: 1 of 1 checks fail/m);
});
