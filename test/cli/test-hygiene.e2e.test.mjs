// Tests leave nothing behind in the temp directory: run some of them with a
// TMPDIR of their own and look at it afterwards.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { cleanEnvironment, repoRoot } from '../helpers/cli.mjs';

test('test files that profile commands and render pictures clean up their temp folders', () => {
  const temp = mkdtempSync(join(tmpdir(), 'tsprof-hygiene-'));
  try {
    const files = ['test/render/output.test.mjs', 'test/cli/errors.e2e.test.mjs', 'test/cli/outputs.e2e.test.mjs', 'test/cli/real-use.e2e.test.mjs'];
    const run = spawnSync(process.execPath, ['--test', '--test-concurrency=1', ...files], {
      cwd: repoRoot,
      env: cleanEnvironment({ TMPDIR: temp }),
      encoding: 'utf8',
      timeout: 300_000,
    });
    assert.equal(run.status, 0, run.stdout.slice(-3000));
    assert.deepEqual(readdirSync(temp), []);
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
});
