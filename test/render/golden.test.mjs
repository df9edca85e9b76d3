// Golden DOT files: the exact DOT for fixed profiles. Reviewers see rendering
// changes as a diff. After an intended change, regenerate them with
//   UPDATE_GOLDEN=1 node --test test/render/golden.test.mjs
// and review `git diff test/golden`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { GOLDEN_CASES, goldenDot, goldenDotUrl } from '../helpers/render-golden.mjs';

const UPDATE = process.env.UPDATE_GOLDEN === '1';

for (const golden of GOLDEN_CASES) {
  test(`${golden.name}: the DOT matches test/golden/${golden.name}.dot, byte for byte`, () => {
    const path = fileURLToPath(goldenDotUrl(golden.name));
    const dot = goldenDot(golden.name);
    if (UPDATE) {
      writeFileSync(path, dot);
      return;
    }
    let expected;
    try {
      expected = readFileSync(path, 'utf8');
    } catch {
      assert.fail(`${path} is missing; create it with: UPDATE_GOLDEN=1 node --test test/render/golden.test.mjs`);
    }
    assert.equal(
      dot,
      expected,
      `DOT output differs from ${path}. If the change is intended, regenerate it with ` +
        'UPDATE_GOLDEN=1 node --test test/render/golden.test.mjs and review the diff.',
    );
  });
}
