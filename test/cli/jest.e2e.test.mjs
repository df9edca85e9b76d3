// jest 29 and 30 (each installed major, see installedRunners) with ts-jest: tests that load the fixture's TypeScript sources through
// jest's own module registry, in two worker processes or in band, are profiled
// with exact counts, unchanged outcomes and a jest cache that never holds
// instrumented code.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot, runTsprof, scratchDirectory } from '../helpers/cli.mjs';
import { readProfileJson } from '../helpers/profile-checks.mjs';
import { assertPublishPath, installedRunners, outcomeLines, runPlain } from '../helpers/runner-fixtures.mjs';

const APP = join(repoRoot, 'fixtures', 'jest-app');

function filesBelow(directory) {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    return statSync(path).isDirectory() ? filesBelow(path) : [path];
  });
}

async function profileJest(jestArgs, options = {}) {
  const out = scratchDirectory();
  const result = await runTsprof(['--include', 'fixtures/jest-app/src', '-o', join(out, 'g.dot'), '--profile', join(out, 'p.json'), '--', ...jestArgs], options);
  return { result, profile: () => readProfileJson(join(out, 'p.json')) };
}

for (const { major, directory } of installedRunners('jest')) {
  const JEST = ['node', join(directory, 'bin', 'jest.js'), '--config', 'fixtures/jest-app/jest.config.js'];

  test(`jest ${major}: two test files in two jest workers: one profile with exact counts from both`, async () => {
    const cache = scratchDirectory('tsprof-jest-cache-');
    // A fresh cache has no timings, so jest uses workers instead of running in band.
    const { result, profile } = await profileJest([...JEST, '--maxWorkers=2', '--cacheDirectory', cache]);
    assert.equal(result.code, 0, result.stderr);
    const merged = profile();
    const publish = assertPublishPath(merged, 'jest-app', 'publishBatch');
    assert.equal(publish.processes.length, 2, 'both workers ran Publisher.publish');
    assert.equal(new Set(publish.processes.map((label) => label.split(':')[0])).size, 2, 'two worker processes');
  });

  test(`jest ${major}: jest's cache never holds instrumented code; a plain run afterwards uses it and passes`, async () => {
    const cache = scratchDirectory('tsprof-jest-cache-');
    const { result } = await profileJest([...JEST, '--runInBand', '--cacheDirectory', cache]);
    assert.equal(result.code, 0, result.stderr);
    const cached = filesBelow(cache);
    assert.ok(cached.some((file) => readFileSync(file, 'utf8').includes('publishBatch')), 'jest cached the transformed sources');
    for (const file of cached) assert.doesNotMatch(readFileSync(file, 'utf8'), /tsprof:instrumented|tsprof\.runtime|__tsp/, `${file} holds no tsprof code`);
    const plain = await runPlain(JEST[0], [...JEST.slice(1), '--runInBand', '--cacheDirectory', cache]);
    assert.equal(plain.code, 0, plain.output);
  });

  test(`jest ${major}: a failing test fails the same way: exit code, results and stack frames through src/`, async () => {
    const cache = scratchDirectory('tsprof-jest-cache-');
    const args = [...JEST, '--maxWorkers=2', '--cacheDirectory', cache];
    const env = { FIXTURE_FAIL: '1' };
    const plain = await runPlain(args[0], args.slice(1), { env });
    const { result, profile } = await profileJest(args, { env });
    assert.equal(plain.code, 1, plain.output);
    assert.equal(result.code, plain.code);
    const outcome = /^\s*(?:PASS|FAIL|Tests:|at |✓|✕)/;
    const expected = outcomeLines(plain.output, outcome);
    assert.ok(expected.length >= 3, plain.output);
    assert.deepEqual(outcomeLines(result.stdout + result.stderr, outcome), expected);
    assert.match(result.stderr, /at Transport\.write \(src\/transport\.ts:11:28\)/);
    assertPublishPath(profile(), 'jest-app', 'publishBatch');
  });
}

test('`npm test` running jest in its own process, from the project directory', async () => {
  const cache = scratchDirectory('tsprof-jest-cache-');
  const out = scratchDirectory();
  const result = await runTsprof(['--include', 'src', '-o', join(out, 'g.dot'), '--profile', join(out, 'p.json'), '--', 'npm', 'test', '--', '--runInBand', '--cacheDirectory', cache], { cwd: APP });
  assert.equal(result.code, 0, result.stderr);
  const merged = readProfileJson(join(out, 'p.json'));
  const publish = assertPublishPath(merged, 'jest-app', 'publishBatch');
  assert.equal(publish.processes.length, 1, 'in band: the jest process itself');
});
