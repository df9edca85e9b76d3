// vitest 2: ES-module TypeScript sources that vite-node runs for the tests, in
// the forks pool (child processes), the threads pool (worker threads) and the
// vm pools (a vm context per test file), are profiled with exact counts and
// unchanged outcomes.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot, runTsprof, scratchDirectory } from '../helpers/cli.mjs';
import { readProfileJson } from '../helpers/profile-checks.mjs';
import { assertPublishPath, outcomeLines, runPlain, withoutColours } from '../helpers/runner-fixtures.mjs';

const APP = join(repoRoot, 'fixtures', 'vitest-app');
const VITEST = ['npx', 'vitest', 'run', '--root', 'fixtures/vitest-app'];

async function profileVitest(vitestArgs, options = {}) {
  const out = scratchDirectory();
  const result = await runTsprof(['--include', 'fixtures/vitest-app/src', '-o', join(out, 'g.dot'), '--profile', join(out, 'p.json'), '--', ...vitestArgs], options);
  return { result, profile: () => readProfileJson(join(out, 'p.json')) };
}

test('forks pool: two test files in two worker processes, one profile with exact counts', async () => {
  const { result, profile } = await profileVitest([...VITEST, '--pool=forks']);
  assert.equal(result.code, 0, result.stderr);
  const publish = assertPublishPath(profile(), 'vitest-app', 'publishAll');
  assert.equal(publish.processes.length, 2);
  assert.equal(new Set(publish.processes.map((label) => label.split(':')[0])).size, 2, 'two worker processes');
});

test('threads pool: worker threads, which vitest terminates, still write their parts', async () => {
  const { result, profile } = await profileVitest([...VITEST, '--pool=threads']);
  assert.equal(result.code, 0, result.stderr);
  const merged = profile();
  const publish = assertPublishPath(merged, 'vitest-app', 'publishAll');
  assert.equal(publish.processes.length, 2);
  assert.ok(publish.processes.every((label) => !label.endsWith(':0')), 'worker threads, not main threads');
});

// vitest 2's vm pools crash Node 20 itself, with or without tsprof: its workers exit
// unexpectedly (vmForks, one run in two here) or segfault (vmThreads, every run).
const VM_POOLS_SKIP = Number(process.versions.node.split('.')[0]) >= 22 ? false : "vitest 2's vm pools crash Node 20 with or without tsprof";

test('vmForks pool: each test file in its own vm context, counted exactly, outcome unchanged', { skip: VM_POOLS_SKIP }, async () => {
  const plain = await runPlain(VITEST[0], [...VITEST.slice(1), '--pool=vmForks']);
  const { result, profile } = await profileVitest([...VITEST, '--pool=vmForks']);
  assert.equal(plain.code, 0, plain.output);
  assert.equal(result.code, 0, result.stderr);
  assert.doesNotMatch(result.stderr, /uninstrumented/);
  assertPublishPath(profile(), 'vitest-app', 'publishAll');
  assert.deepEqual(outcomeLines(result.stdout + result.stderr, /Tests\s|Test Files\s/), outcomeLines(plain.output, /Tests\s|Test Files\s/));
});

test('vmThreads pool: vm contexts in worker threads, which vitest terminates, still write their parts', { skip: VM_POOLS_SKIP }, async () => {
  const { result, profile } = await profileVitest([...VITEST, '--pool=vmThreads']);
  assert.equal(result.code, 0, result.stderr);
  const publish = assertPublishPath(profile(), 'vitest-app', 'publishAll');
  assert.ok(publish.processes.every((label) => !label.endsWith(':0')), 'worker threads, not main threads');
});

test('one worker re-running the modules for each test file (--no-isolate, single fork) counts each call once', async () => {
  const { result, profile } = await profileVitest([...VITEST, '--pool=forks', '--no-isolate', '--poolOptions.forks.singleFork']);
  assert.equal(result.code, 0, result.stderr);
  const publish = assertPublishPath(profile(), 'vitest-app', 'publishAll');
  assert.equal(publish.processes.length, 1);
});

test('a failing test fails the same way: exit code, results and reported positions', async () => {
  const env = { FIXTURE_FAIL: '1' };
  const plain = await runPlain(VITEST[0], VITEST.slice(1), { env });
  const { result, profile } = await profileVitest(VITEST, { env });
  assert.equal(plain.code, 1, plain.output);
  assert.equal(result.code, plain.code);
  const outcome = /(?:✓|×|❯|Tests\s|Test Files\s)/;
  const expected = outcomeLines(plain.output, outcome);
  assert.ok(expected.length >= 3, plain.output);
  assert.deepEqual(outcomeLines(result.stdout + result.stderr, outcome), expected);
  // Columns too: vitest maps the instrumented code with its own source map, not the one for the uninstrumented code.
  assert.ok(expected.includes('❯ Publisher.publish src/publisher.ts:11:26'), plain.output);
  assertPublishPath(profile(), 'vitest-app', 'publishAll');
});

test('`npx vitest run` from the project directory with --include src (the default pool)', async () => {
  const out = scratchDirectory();
  const result = await runTsprof(['--include', 'src', '-o', join(out, 'g.png'), '--profile', join(out, 'p.json'), '--', 'npx', 'vitest', 'run'], { cwd: APP });
  assert.equal(result.code, 0, result.stderr);
  assertPublishPath(readProfileJson(join(out, 'p.json')), 'vitest-app', 'publishAll');
});

test('vitest started through its Node API: profiled when TSPROF_VITEST_PACKAGE says which vitest, untouched otherwise', async () => {
  const script = ['node', 'fixtures/vitest-app/run-tests.mjs'];
  const byHand = await profileVitest(script, { env: { TSPROF_VITEST_PACKAGE: 'node_modules/vitest' } });
  assert.equal(byHand.result.code, 0, byHand.result.stderr);
  assertPublishPath(byHand.profile(), 'vitest-app', 'publishAll');
  const unknown = await profileVitest(script);
  assert.notEqual(unknown.result.code, 0, 'tsprof says the include matched nothing');
  assert.match(unknown.result.stderr, /matched no file that the command loaded/);
  assert.match(withoutColours(unknown.result.stdout), /Tests\s+3 passed/, 'the tests ran as usual');
});
