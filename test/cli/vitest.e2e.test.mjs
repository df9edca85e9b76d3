// vitest 2, 3 and 4 (each installed major, see installedRunners): ES-module
// TypeScript sources that vitest runs for the tests (through vite-node up to 3,
// Vite's module runner from 4), in the forks pool (child processes), the
// threads pool (worker threads) and the vm pools (a vm context per test file),
// are profiled with exact counts and unchanged outcomes.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot, runTsprof, scratchDirectory } from '../helpers/cli.mjs';
import { readProfileJson } from '../helpers/profile-checks.mjs';
import { assertPublishPath, installedRunners, outcomeLines, runPlain, withoutColours } from '../helpers/runner-fixtures.mjs';

const APP = join(repoRoot, 'fixtures', 'vitest-app');
const NODE_MAJOR = Number(process.versions.node.split('.')[0]);

async function profileVitest(vitestArgs, options = {}) {
  const out = scratchDirectory();
  const result = await runTsprof(['--include', 'fixtures/vitest-app/src', '-o', join(out, 'g.dot'), '--profile', join(out, 'p.json'), '--', ...vitestArgs], options);
  return { result, profile: () => readProfileJson(join(out, 'p.json')) };
}

for (const { major, directory } of installedRunners('vitest')) {
  const VITEST = ['node', join(directory, 'vitest.mjs'), 'run', '--root', 'fixtures/vitest-app'];
  // vitest 4 has no poolOptions: one worker that keeps its modules is --maxWorkers=1 --no-isolate.
  const SINGLE_WORKER = major >= 4 ? ['--maxWorkers=1'] : ['--poolOptions.forks.singleFork'];
  // vitest 2's vm pools crash Node 20 itself, with or without tsprof: its workers exit
  // unexpectedly (vmForks, one run in two here) or segfault (vmThreads, every run).
  const VM_POOLS_SKIP = major > 2 || NODE_MAJOR >= 22 ? false : "vitest 2's vm pools crash Node 20 with or without tsprof";

  test(`vitest ${major}: forks pool: two test files in two worker processes, one profile with exact counts`, async () => {
    const { result, profile } = await profileVitest([...VITEST, '--pool=forks']);
    assert.equal(result.code, 0, result.stderr);
    const publish = assertPublishPath(profile(), 'vitest-app', 'publishAll');
    assert.equal(publish.processes.length, 2);
    assert.equal(new Set(publish.processes.map((label) => label.split(':')[0])).size, 2, 'two worker processes');
  });

  test(`vitest ${major}: threads pool: worker threads, which vitest terminates, still write their parts`, async () => {
    const { result, profile } = await profileVitest([...VITEST, '--pool=threads']);
    assert.equal(result.code, 0, result.stderr);
    const merged = profile();
    const publish = assertPublishPath(merged, 'vitest-app', 'publishAll');
    assert.equal(publish.processes.length, 2);
    assert.ok(publish.processes.every((label) => !label.endsWith(':0')), 'worker threads, not main threads');
  });

  test(`vitest ${major}: vmForks pool: each test file in its own vm context, counted exactly, outcome unchanged`, { skip: VM_POOLS_SKIP }, async () => {
    const plain = await runPlain(VITEST[0], [...VITEST.slice(1), '--pool=vmForks']);
    const { result, profile } = await profileVitest([...VITEST, '--pool=vmForks']);
    assert.equal(plain.code, 0, plain.output);
    assert.equal(result.code, 0, result.stderr);
    assert.doesNotMatch(result.stderr, /uninstrumented/);
    assertPublishPath(profile(), 'vitest-app', 'publishAll');
    assert.deepEqual(outcomeLines(result.stdout + result.stderr, /Tests\s|Test Files\s/), outcomeLines(plain.output, /Tests\s|Test Files\s/));
  });

  test(`vitest ${major}: vmThreads pool: vm contexts in worker threads, which vitest terminates, still write their parts`, { skip: VM_POOLS_SKIP }, async () => {
    const { result, profile } = await profileVitest([...VITEST, '--pool=vmThreads']);
    assert.equal(result.code, 0, result.stderr);
    assert.doesNotMatch(result.stderr, /uninstrumented/);
    const publish = assertPublishPath(profile(), 'vitest-app', 'publishAll');
    assert.ok(publish.processes.every((label) => !label.endsWith(':0')), 'worker threads, not main threads');
  });

  test(`vitest ${major}: one worker re-running the modules for each test file (--no-isolate, single fork) counts each call once`, async () => {
    const { result, profile } = await profileVitest([...VITEST, '--pool=forks', '--no-isolate', ...SINGLE_WORKER]);
    assert.equal(result.code, 0, result.stderr);
    const publish = assertPublishPath(profile(), 'vitest-app', 'publishAll');
    assert.equal(publish.processes.length, 1);
  });

  test(`vitest ${major}: a failing test fails the same way: exit code, results and reported positions`, async () => {
    const env = { FIXTURE_FAIL: '1' };
    const plain = await runPlain(VITEST[0], VITEST.slice(1), { env });
    const { result, profile } = await profileVitest(VITEST, { env });
    assert.equal(plain.code, 1, plain.output);
    assert.equal(result.code, plain.code);
    const outcome = /(?:✓|×|❯|Tests\s|Test Files\s)/;
    const expected = outcomeLines(plain.output, outcome);
    assert.ok(expected.length >= 3, plain.output);
    // Columns too: vitest maps the instrumented code with its own source map, not the one for the
    // uninstrumented code (Publisher.publish's frame is on a line where probes went in before the call).
    assert.deepEqual(outcomeLines(result.stdout + result.stderr, outcome), expected);
    assert.ok(expected.includes('❯ Publisher.publish src/publisher.ts:11:26'), plain.output);
    assert.ok(outcomeLines(result.stdout + result.stderr, outcome).includes('❯ Transport.write src/transport.ts:11:28'));
    assertPublishPath(profile(), 'vitest-app', 'publishAll');
  });

  test(`vitest ${major}: its bin from the project directory with --include src (the default pool)`, async () => {
    const out = scratchDirectory();
    const result = await runTsprof(['--include', 'src', '-o', join(out, 'g.png'), '--profile', join(out, 'p.json'), '--', join(directory, 'vitest.mjs'), 'run'], { cwd: APP });
    assert.equal(result.code, 0, result.stderr);
    assertPublishPath(readProfileJson(join(out, 'p.json')), 'vitest-app', 'publishAll');
  });
}

test('vitest started through its Node API: profiled when TSPROF_VITEST_PACKAGE says which vitest, untouched otherwise', async () => {
  // The fixture's script imports the root's vitest (2).
  const script = ['node', 'fixtures/vitest-app/run-tests.mjs'];
  const byHand = await profileVitest(script, { env: { TSPROF_VITEST_PACKAGE: 'node_modules/vitest' } });
  assert.equal(byHand.result.code, 0, byHand.result.stderr);
  assertPublishPath(byHand.profile(), 'vitest-app', 'publishAll');
  const unknown = await profileVitest(script);
  assert.notEqual(unknown.result.code, 0, 'tsprof says the include matched nothing');
  assert.match(unknown.result.stderr, /matched no file that the command loaded/);
  assert.match(withoutColours(unknown.result.stdout), /Tests\s+3 passed/, 'the tests ran as usual');
});

test('a vitest tsprof cannot hook: one line from the worker saying why, and tsprof ends as the passing tests did', async () => {
  // The script starts the root's vitest; TSPROF_VITEST_PACKAGE points its workers at a vitest that is
  // not there as tsprof knows it: too old, or newer with a module runner tsprof cannot find.
  const script = ['node', 'fixtures/vitest-app/run-tests.mjs'];
  for (const [version, said] of [
    ['1.6.0', /vitest 1 is not supported \(tsprof supports vitest 2, 3, 4\); its tests run uninstrumented/],
    ['9.0.0', /cannot find vitest's module evaluator .*; vitest's tests run uninstrumented/],
  ]) {
    const fake = scratchDirectory();
    writeFileSync(join(fake, 'package.json'), JSON.stringify({ name: 'vitest', version }));
    const { result } = await profileVitest(script, { env: { TSPROF_VITEST_PACKAGE: fake } });
    assert.equal(result.code, 0, `vitest ${version}: ${result.stderr}`);
    assert.match(withoutColours(result.stdout), /Tests\s+3 passed/, 'the tests ran as usual');
    assert.match(result.stderr, said);
    assert.match(result.stderr, /nothing was profiled: the test runner could not be instrumented/);
    assert.doesNotMatch(result.stderr, /matched no file/);
  }
});

test('a vitest major tsprof does not know: one line naming the supported ones; a newer one tries the newest hooks', () => {
  const { vitestHooksFor, SUPPORTED_VITEST_MAJORS } = createRequire(import.meta.url)('../../dist/loader/runners/vitest.js');
  const said = [];
  assert.deepEqual(SUPPORTED_VITEST_MAJORS, [2, 3, 4]);
  assert.equal(typeof vitestHooksFor(4, (line) => said.push(line)), 'function');
  assert.equal(typeof vitestHooksFor(5, (line) => said.push(line)), 'function');
  assert.equal(vitestHooksFor(1, (line) => said.push(line)), null);
  assert.deepEqual(said, [
    "vitest 5 is newer than tsprof knows (it supports vitest 2, 3, 4); trying vitest 4's hooks",
    'vitest 1 is not supported (tsprof supports vitest 2, 3, 4); its tests run uninstrumented',
  ]);
});
