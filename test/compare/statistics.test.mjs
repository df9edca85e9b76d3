// The statistics behind time verdicts, against published values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { mannWhitney, median, smallestPValue } = require('../../dist/compare/statistics.js');
const { holmAdjusted, logRatioTest } = require('../../dist/compare/ratio-test.js');

const close = (actual, expected, tolerance, what) => assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual}, expected ${expected}`);

test('median of odd and even counts', () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.ok(Number.isNaN(median([])));
});

test('exact Mann-Whitney: R wilcox.test(x, y) example, W = 35, one-sided p 0.1272, so two-sided 0.2544', () => {
  const x = [0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46];
  const y = [1.15, 0.88, 0.9, 0.74, 1.21];
  close(mannWhitney(x, y).pValue, 0.2544, 0.0005, 'p');
});

test('exact Mann-Whitney: complete separation of 5 and 5 gives 2/252, the smallest p there is', () => {
  const result = mannWhitney([1, 2, 3, 4, 5], [6, 7, 8, 9, 10]);
  close(result.pValue, 2 / 252, 1e-12, 'p');
  assert.equal(result.cliffsDelta, 1);
  assert.equal(mannWhitney([6, 7, 8, 9, 10], [1, 2, 3, 4, 5]).cliffsDelta, -1);
  close(smallestPValue(5, 5), 2 / 252, 1e-12, 'smallest p');
  close(smallestPValue(3, 3), 0.1, 1e-12, 'smallest p for 3 and 3');
});

test('exact Mann-Whitney with ties: identical samples are no evidence at all', () => {
  assert.equal(mannWhitney([1, 1, 1], [1, 1, 1]).pValue, 1);
  assert.equal(mannWhitney([1, 2, 3], [1, 2, 3]).pValue, 1);
  // Ties across the samples: the conditional exact distribution on midranks, never below the untied minimum.
  const tied = mannWhitney([1, 2, 2, 3, 4], [4, 5, 5, 6, 7]);
  assert.ok(tied.pValue > 2 / 252 && tied.pValue < 0.05, `p ${tied.pValue}`);
});

test("equal runs a side: Student's pooled t-test, R t.test(extra ~ group, sleep, var.equal = TRUE): t = -1.8608, df = 18, p = 0.07919", () => {
  const group1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
  const group2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];
  // The test takes logs; giving it exp(x) tests x itself.
  const result = logRatioTest(group1.map(Math.exp), group2.map(Math.exp), 0.95);
  close(result.pValue, 0.079187, 0.000005, 'p');
  // R: 95 percent confidence interval of mean(x) - mean(y): -3.363874 0.203874; ours is head over base, y − x.
  close(Math.log(result.interval[0]), -0.203874, 0.00001, 'interval low');
  close(Math.log(result.interval[1]), 3.363874, 0.00001, 'interval high');
  close(Math.log(result.ratio), 1.58, 1e-9, 'ratio');
});

test("unequal runs a side: Welch's test, scipy.stats.ttest_ind(equal_var=False): t = -1.6302, df = 12.621, p = 0.12774", () => {
  const group1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7];
  const group2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];
  const result = logRatioTest(group1.map(Math.exp), group2.map(Math.exp), 0.95);
  close(result.pValue, 0.127738, 0.000005, 'p');
  // scipy's 95% interval of mean(x) - mean(y): -3.863196 0.546053; ours is y − x.
  close(Math.log(result.interval[0]), -0.546053, 0.00001, 'interval low');
  close(Math.log(result.interval[1]), 3.863196, 0.00001, 'interval high');
});

test('ratio test: identical runs on each side are certain when they differ and no evidence when they do not', () => {
  assert.equal(logRatioTest([10, 10], [13, 13], 0.99).pValue, 0);
  assert.equal(logRatioTest([10, 10], [10, 10], 0.99).pValue, 1);
});

test("Holm's step-down adjustment", () => {
  assert.deepEqual(holmAdjusted([0.01, 0.04, 0.03]).map((p) => Number(p.toFixed(10))), [0.03, 0.06, 0.06]);
  assert.deepEqual(holmAdjusted([0.5, 0.9]), [1, 1]);
  assert.deepEqual(holmAdjusted([]), []);
});
