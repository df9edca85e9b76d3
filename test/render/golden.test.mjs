// Golden DOT files: the exact DOT for fixed profiles. Reviewers see rendering
// changes as a diff. After an intended change, regenerate them with
//   UPDATE_GOLDEN=1 node --test test/render/golden.test.mjs
// and review `git diff test/golden`.
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { assertMatchesGolden } from '../helpers/golden.mjs';
import { GOLDEN_CASES, goldenDot, goldenDotUrl } from '../helpers/render-golden.mjs';

for (const golden of GOLDEN_CASES) {
  test(`${golden.name}: the DOT matches test/golden/${golden.name}.dot, byte for byte`, async () => {
    assertMatchesGolden(await goldenDot(golden.name), fileURLToPath(goldenDotUrl(golden.name)), 'test/render/golden.test.mjs');
  });
}
