// Dogfood: tsprof's own graph, render and profile tests run plain and then
// under tsprof with all of tsprof's dist/ included. Instrumentation must not
// change a single outcome — the golden DOT comparison included.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { cleanEnvironment, nodesByName, repoRoot, runTsprof, scratchDirectory } from '../helpers/cli.mjs';
import { readProfileJson } from '../helpers/profile-checks.mjs';

const SUITES = ['graph', 'render', 'profile'].flatMap((stage) => {
  try {
    return readdirSync(join(repoRoot, 'test', stage))
      .filter((name) => name.endsWith('.test.mjs'))
      .map((name) => `test/${stage}/${name}`);
  } catch {
    return [];
  }
});

/** Test names with their outcome, from TAP output, in a stable order. */
function outcomes(tap) {
  return tap
    .split('\n')
    .filter((line) => /^\s*(not )?ok \d+ - /.test(line))
    .map((line) => line.trim().replace(/^(not ok|ok) \d+ - /, '$1 '))
    .sort();
}

test('tsprof\'s own tests pass identically under tsprof', { timeout: 240_000 }, async () => {
  const reporter = ['--test-reporter=tap', '--test-concurrency=1'];
  const plain = spawnSync(process.execPath, ['--test', ...reporter, ...SUITES], { cwd: repoRoot, env: cleanEnvironment(), encoding: 'utf8' });
  const out = scratchDirectory();
  const profiled = await runTsprof(['--include', 'dist', '-o', join(out, 'g.dot'), '--profile', join(out, 'p.json'), '--', 'node', '--test', ...reporter, ...SUITES], { timeoutMs: 230_000 });
  assert.equal(profiled.code, plain.status, profiled.stderr);
  const expected = outcomes(plain.stdout);
  assert.ok(expected.length > 20, `the plain run ran tests (${expected.length})`);
  assert.deepEqual(outcomes(profiled.stdout), expected);
  const profile = readProfileJson(join(out, 'p.json'));
  // dist/ carries source maps, so the profile names the TypeScript sources.
  assert.ok(profile.files.some((file) => file.endsWith('/src/graph/build.ts')), 'tsprof\'s graph stage was instrumented');
  assert.ok(!profile.files.some((file) => /\/(src|dist)\/(runtime|loader|instrument)\//.test(file)), 'its own machinery was not');
  assert.ok(nodesByName(profile).get('buildCallGraph').calls > 10);
});
