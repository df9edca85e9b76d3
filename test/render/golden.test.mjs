import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { toDot } from '../../dist/render/dot.js';
import { GOLDEN_CWD, GOLDEN_DOT, goldenGraph } from '../helpers/render-golden.mjs';

const goldenPath = fileURLToPath(GOLDEN_DOT);

test('the task-queue profile renders to the checked-in DOT, byte for byte', () => {
  const dot = toDot(goldenGraph(), { cwd: GOLDEN_CWD });
  if (process.env.UPDATE_GOLDEN === '1') {
    writeFileSync(goldenPath, dot);
    return;
  }
  let expected;
  try {
    expected = readFileSync(goldenPath, 'utf8');
  } catch {
    assert.fail(`${goldenPath} is missing; create it with: UPDATE_GOLDEN=1 node --test test/render/golden.test.mjs`);
  }
  assert.equal(
    dot,
    expected,
    `DOT output differs from ${goldenPath}. If the change is intended, regenerate it with ` +
      'UPDATE_GOLDEN=1 node --test test/render/golden.test.mjs and review the diff.',
  );
});
