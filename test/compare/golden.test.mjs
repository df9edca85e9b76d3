// Golden text, markdown and JSON of `tsprof diff`. Reviewers see output
// changes as a diff. After an intended change, regenerate them with
//   UPDATE_GOLDEN=1 node --test test/compare/golden.test.mjs
// and review `git diff test/golden/diff`.
import { test } from 'node:test';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { tableOf } from '../helpers/diff-profiles.mjs';
import { assertMatchesGolden } from '../helpers/golden.mjs';

const require = createRequire(import.meta.url);
const { diffRuns } = require('../../dist/compare/diff.js');
const { formatDiff } = require('../../dist/compare/diff-format.js');
const { DEFAULT_VERDICT_SETTINGS } = require('../../dist/compare/verdict.js');

const CWD = '/app';

/** The publish path of the taskqueue fixture, in small; `dumps` runs `dumpsPerPublish` times per publish. */
function publishRun({ dumpsPerPublish = 1, publishes = 100, dumpsMs = 10, jitter = 0, extra = [] } = {}) {
  return [
    { path: ['sendTask'], calls: publishes, selfMs: 5 + jitter, totalMs: 120 + jitter, awaitMs: 80 },
    { path: ['sendTask', 'acquire'], calls: publishes, selfMs: 2 + jitter / 2, totalMs: 2 + jitter / 2 },
    { path: ['sendTask', 'publish'], calls: publishes, selfMs: 20 + jitter, totalMs: 60 + jitter, awaitMs: 25 },
    { path: ['sendTask', 'publish', 'dumps'], calls: publishes * dumpsPerPublish, selfMs: dumpsMs * dumpsPerPublish + jitter, totalMs: (dumpsMs + 4) * dumpsPerPublish + jitter },
    { path: ['sendTask', 'publish', 'dumps', 'crc32'], calls: publishes * dumpsPerPublish, selfMs: 4 * dumpsPerPublish + jitter / 4 },
    ...extra,
  ];
}

const JITTER = [0, 0.3, -0.2, 0.1, -0.1];

const CASES = {
  /** The injected regression: dumps twice per publish; one run each. */
  'double-serialize': () =>
    diffRuns([tableOf(publishRun(), 'base.json')], [tableOf(publishRun({ dumpsPerPublish: 2, extra: [{ path: ['sendTask', 'publish', 'logSize'], calls: 100, selfMs: 1.5 }] }), 'head.json')], {
      settings: DEFAULT_VERDICT_SETTINGS,
    }),
  /** Runs of different length compared per publish. */
  'per-publish': () =>
    diffRuns([tableOf(publishRun({ publishes: 100 }), 'base.json')], [tableOf(publishRun({ publishes: 300, dumpsPerPublish: 2 }), 'head.json')], {
      settings: DEFAULT_VERDICT_SETTINGS,
      per: /^Producer\.publish$/,
    }),
  /** Five runs a side; dumps 30% slower in the head, the rest unchanged. */
  'five-runs-slower-dumps': () =>
    diffRuns(
      JITTER.map((jitter, index) => tableOf(publishRun({ jitter }), `base.${index + 1}.json`)),
      JITTER.map((jitter, index) => tableOf(publishRun({ jitter: -jitter, dumpsMs: 13 }), `head.${index + 1}.json`)),
      { settings: DEFAULT_VERDICT_SETTINGS },
    ),
};

const EXTENSIONS = { text: 'txt', markdown: 'md', json: 'json' };

for (const [name, makeDiff] of Object.entries(CASES)) {
  for (const [format, extension] of Object.entries(EXTENSIONS)) {
    const file = `test/golden/diff/${name}.${extension}`;
    test(`${name}: the ${format} diff matches ${file}`, () => {
      const path = fileURLToPath(new URL(`../golden/diff/${name}.${extension}`, import.meta.url));
      assertMatchesGolden(formatDiff(makeDiff(), { format, cwd: CWD }), path, 'test/compare/golden.test.mjs');
    });
  }
}
