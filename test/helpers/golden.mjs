// Golden files: output compared byte for byte with a checked-in file, or
// rewritten when UPDATE_GOLDEN=1 (then review `git diff test/golden`).
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';

export const UPDATE_GOLDEN = process.env.UPDATE_GOLDEN === '1';

/** `testFile` is the test that owns the golden file, named in the message that says how to regenerate it. */
export function assertMatchesGolden(actual, goldenPath, testFile) {
  const regenerate = `UPDATE_GOLDEN=1 node --test ${testFile}`;
  if (UPDATE_GOLDEN) {
    writeFileSync(goldenPath, actual);
    return;
  }
  let expected;
  try {
    expected = readFileSync(goldenPath, 'utf8');
  } catch {
    assert.fail(`${goldenPath} is missing; create it with: ${regenerate}`);
  }
  assert.equal(actual, expected, `output differs from ${goldenPath}; if the change is intended, regenerate it with ${regenerate} and review the diff`);
}
