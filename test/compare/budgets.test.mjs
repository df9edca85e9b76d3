// Budget files: what they accept, one clear error naming the entry for what
// they do not, and checks against profiles.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { placesAfterEdit, tableOf } from '../helpers/diff-profiles.mjs';

const require = createRequire(import.meta.url);
const { parseBudgets } = require('../../dist/compare/budgets.js');
const { checkBudgets, formatCheckText } = require('../../dist/compare/check.js');
const { CompareInputError } = require('../../dist/compare/diff.js');
const { DEFAULT_VERDICT_SETTINGS } = require('../../dist/compare/verdict.js');

const ISSUE_EXAMPLE = {
  budgets: [
    { function: '^encode$', per: '^publish$', maxCalls: 1 },
    { function: 'QueueApp\\.sendTask', maxTotalMs: 5 },
    { function: 'Producer\\.publish', measure: 'selfMs', maxIncrease: '15%' },
  ],
};

test("the issue's example parses, also from package.json's tsprof.budgets", () => {
  const budgets = parseBudgets(ISSUE_EXAMPLE, 'budgets.json');
  assert.deepEqual(
    budgets.map((budget) => [budget.function.source, budget.per?.source, budget.maxCalls, budget.maxTotalMs, budget.measure, budget.maxIncrease]),
    [
      ['^encode$', '^publish$', 1, undefined, undefined, undefined],
      ['QueueApp\\.sendTask', undefined, undefined, 5, undefined, undefined],
      ['Producer\\.publish', undefined, undefined, undefined, 'selfMs', 0.15],
    ],
  );
  assert.equal(parseBudgets({ name: 'app', tsprof: ISSUE_EXAMPLE }, 'package.json').length, 3);
  // An error in package.json names the entry where it is.
  assert.throws(() => parseBudgets({ tsprof: { budgets: [{ function: 'a', maxCals: 1 }] } }, 'package.json'), /^CompareInputError: package\.json: tsprof\.budgets\[0\] \(a\): unknown key "maxCals"/);
});

const BAD = [
  [{ budgets: [{ function: '^a$', maxCals: 1 }] }, /budgets\[0\] \(\^a\$\): unknown key "maxCals"; known keys are function, per, maxCalls/],
  [{ budgets: [{ maxCalls: 1 }] }, /budgets\[0\]: "function" must be a regular expression/],
  [{ budgets: [{ function: '(' , maxCalls: 1 }] }, /budgets\[0\] \(\(\): "function" "\(" is not a valid regular expression/],
  [{ budgets: [{ function: 'a', maxCalls: -1 }] }, /budgets\[0\] \(a\): "maxCalls" must be a number of at least 0, got -1/],
  [{ budgets: [{ function: 'a', maxCalls: '1' }] }, /"maxCalls" must be a number of at least 0, got "1"/],
  [{ budgets: [{ function: 'a' }] }, /budgets\[0\] \(a\): no limit; give one of maxCalls, maxSelfMs, maxTotalMs, maxAwaitMs, maxIncrease/],
  [{ budgets: [{ function: 'a', maxIncrease: '15' }] }, /"maxIncrease" must be a percentage such as "15%", got "15"/],
  [{ budgets: [{ function: 'a', maxIncrease: '15%' }] }, /"maxIncrease" needs "measure": one of "calls", "selfMs", "totalMs", "awaitMs"/],
  [{ budgets: [{ function: 'a', maxCalls: 1, measure: 'calls' }] }, /"measure" is only used with "maxIncrease"/],
  [{ budgets: [{ function: 'a', per: 'b', measure: 'selfMs', maxIncrease: '5%' }] }, /"per" with "maxIncrease" works on "measure": "calls" only/],
  [{ budgets: [{ function: 'a', maxCalls: 1 }, 'b'] }, /budgets\[1\]: each budget must be an object/],
  [{ budget: [] }, /budgets\.json: no budgets; expected \{ "budgets": \[ … \] \}/],
  [{ budgets: [] }, /"budgets" is empty/],
];

for (const [data, message] of BAD) {
  test(`a bad budget file is one clear error: ${message.source.slice(0, 60)}`, () => {
    assert.throws(() => parseBudgets(data, 'budgets.json'), (error) => error instanceof CompareInputError && message.test(error.message) && !error.message.includes('\n'));
  });
}

function publishRun(dumpsPerPublish) {
  return [
    { path: ['sendTask', 'publish'], calls: 100, selfMs: 20 },
    { path: ['sendTask', 'publish', 'dumps'], calls: 100 * dumpsPerPublish, selfMs: 10 },
  ];
}

test('a calls-per budget fails the regressed profile and passes the base; a budget that matches nothing fails', () => {
  const budgets = parseBudgets({ budgets: [{ function: '^JsonSerializer\\.dumps$', per: '^Producer\\.publish$', maxCalls: 1 }] }, 'budgets.json');
  const check = (dumpsPerPublish) => checkBudgets(budgets, { head: [tableOf(publishRun(dumpsPerPublish), 'head.json')], settings: DEFAULT_VERDICT_SETTINGS, cwd: '/app' });
  assert.deepEqual(check(1).map((outcome) => outcome.passed), [true]);
  const failed = check(2);
  assert.deepEqual(failed.map((outcome) => [outcome.passed, outcome.value]), [[false, '2 calls per call of /^Producer\\.publish$/']]);
  assert.equal(
    formatCheckText(failed),
    'FAIL budgets[0] /^JsonSerializer\\.dumps$/ per /^Producer\\.publish$/ maxCalls 1: JsonSerializer.dumps (src/queue/serializer.js:18): 2 calls per call of /^Producer\\.publish$/\n' +
      '1 of 1 budget exceeded (1 of 1 check failed)\n',
  );
  const renamed = checkBudgets(parseBudgets({ budgets: [{ function: '^encode$', maxCalls: 1 }] }, 'b.json'), { head: [tableOf(publishRun(1), 'head.json')], settings: DEFAULT_VERDICT_SETTINGS, cwd: '/app' });
  assert.equal(renamed[0].passed, false);
  assert.match(renamed[0].value, /no function matches in head\.json/);
});

test('maxIncrease: calls exactly; times as measured with one run each (and said so), by verdict with several', () => {
  const budgets = parseBudgets(
    { budgets: [{ function: '^JsonSerializer\\.dumps$', measure: 'calls', maxIncrease: '10%' }, { function: '^Producer\\.publish$', measure: 'selfMs', maxIncrease: '15%' }] },
    'budgets.json',
  );
  const slowerPublish = (selfMs) => [{ path: ['sendTask', 'publish'], calls: 100, selfMs }, { path: ['sendTask', 'publish', 'dumps'], calls: 100, selfMs: 10 }];
  const one = checkBudgets(budgets, { head: [tableOf(slowerPublish(30), 'head.json')], baseline: [tableOf(slowerPublish(20), 'base.json')], settings: DEFAULT_VERDICT_SETTINGS, cwd: '/app' });
  assert.deepEqual(one.map((outcome) => outcome.passed), [true, false]);
  assert.match(one[1].note, /as measured, not judged for noise \(1 run each\)/);
  // Five runs a side where publish's own time wobbles by ±40% around the same value: no verdict, no violation.
  const wobble = [1, 1.4, 0.6, 1.2, 0.8];
  const many = checkBudgets(budgets, {
    head: wobble.map((factor, index) => tableOf(slowerPublish(20 * factor), `head.${index}.json`)),
    baseline: [...wobble].reverse().map((factor, index) => tableOf(slowerPublish(20 * factor * 1.05), `base.${index}.json`)),
    settings: DEFAULT_VERDICT_SETTINGS,
    cwd: '/app',
  });
  assert.deepEqual(many.map((outcome) => outcome.passed), [true, true]);
  assert.match(many[1].note, /within noise/);
  // Its p is corrected over this check's time tests, not the diff's: the markdown says so.
  const { formatCheckMarkdown } = require('../../dist/compare/check.js');
  assert.match(formatCheckMarkdown(many), /\(p: t-test on log times, Holm-corrected over this check's 1 time test; diff corrects over its own\)\n$/);
});

test('a limit of no increase at all reads 0.0%; the summary counts its nouns', () => {
  const budgets = parseBudgets({ budgets: [{ function: '^crc32$', measure: 'calls', maxIncrease: '0%' }] }, 'budgets.json');
  const run = (calls) => [{ path: ['crc32'], calls, selfMs: 1 }];
  const outcomes = checkBudgets(budgets, { head: [tableOf(run(800), 'head.json')], baseline: [tableOf(run(500), 'base.json')], settings: DEFAULT_VERDICT_SETTINGS, cwd: '/app' });
  assert.equal(formatCheckText(outcomes), 'FAIL budgets[0] /^crc32$/ maxIncrease 0.0% of calls: crc32 (src/queue/serializer.js:83): 500 calls -> 800 calls (+60.0%)\n1 of 1 budget exceeded (1 of 1 check failed)\n');
  const passing = checkBudgets(budgets, { head: [tableOf(run(500), 'head.json')], baseline: [tableOf(run(500), 'base.json')], settings: DEFAULT_VERDICT_SETTINGS, cwd: '/app' });
  assert.equal(formatCheckText(passing), 'ok: 1 budget met (1 check)\n');
});

test('maxIncrease on a function the baseline lacks fails and says so, unless the budget has allowNew; a moved line is no new function', () => {
  const run = (calls) => [{ path: ['crc32'], calls, selfMs: 1 }];
  const baseline = [tableOf([{ path: ['dumps'], calls: 5, selfMs: 1 }], 'base.json')];
  const head = [tableOf(run(500), 'head.json')];
  const strict = parseBudgets({ budgets: [{ function: '^crc32$', measure: 'calls', maxIncrease: '10%' }] }, 'budgets.json');
  assert.equal(
    formatCheckText(checkBudgets(strict, { head, baseline, settings: DEFAULT_VERDICT_SETTINGS, cwd: '/app' })),
    'FAIL budgets[0] /^crc32$/ maxIncrease 10.0% of calls: crc32 (src/queue/serializer.js:83): not in the baseline (new, or renamed); nothing to compare with; "allowNew": true lets a new function pass\n1 of 1 budget exceeded (1 of 1 check failed)\n',
  );
  const lenient = parseBudgets({ budgets: [{ function: '^crc32$', measure: 'calls', maxIncrease: '10%', allowNew: true }] }, 'budgets.json');
  assert.equal(
    formatCheckText(checkBudgets(lenient, { head, baseline, settings: DEFAULT_VERDICT_SETTINGS, cwd: '/app' })),
    'pass budgets[0] /^crc32$/ maxIncrease 10.0% of calls: crc32 (src/queue/serializer.js:83): not in the baseline (new, or renamed); nothing to compare with; passes by "allowNew"\nok: 1 budget met (1 check)\n',
  );
  const movedDown = tableOf(run(800), 'head.json', { places: placesAfterEdit('/app/src/queue/serializer.js', 1, 2) });
  const [moved] = checkBudgets(strict, { head: [movedDown], baseline: [tableOf(run(500), 'base.json')], settings: DEFAULT_VERDICT_SETTINGS, cwd: '/app' });
  assert.deepEqual([moved.passed, moved.value], [false, '500 calls -> 800 calls (+60.0%)']);
  assert.throws(() => parseBudgets({ budgets: [{ function: 'x', maxCalls: 1, allowNew: true }] }, 'b.json'), /"allowNew" is only used with "maxIncrease"/);
});

test('one call per call is singular, in text and markdown', () => {
  const { formatCheckMarkdown } = require('../../dist/compare/check.js');
  const budgets = parseBudgets({ budgets: [{ function: '^JsonSerializer\\.dumps$', per: '^Producer\\.publish$', maxCalls: 1 }] }, 'budgets.json');
  const head = [tableOf([{ path: ['publish'], calls: 100, selfMs: 1 }, { path: ['publish', 'dumps'], calls: 100, selfMs: 1 }], 'head.json')];
  const [outcome] = checkBudgets(budgets, { head, settings: DEFAULT_VERDICT_SETTINGS, cwd: '/app' });
  assert.equal(outcome.value, '1 call per call of /^Producer\\.publish$/');
  assert.match(formatCheckMarkdown([outcome]), /\| 1 call per call of/);
});
