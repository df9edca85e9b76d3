import { jStat } from 'jstat';

/**
 * A two-sample t-test on the logarithms of per-run times: a test of the
 * ratio of the geometric means, with an interval for that ratio.
 *
 * Why logs: run times are positive and skewed, and a slowdown multiplies
 * them, so the ratio is the natural effect size ("+31%"). Why a t-test next
 * to the exact Mann-Whitney test: with 5 runs a side the rank test's
 * smallest p-value is 0.008, so it cannot survive a correction for testing
 * every function of a profile at once; the t-test's p-value keeps falling as
 * the separation grows, which lets verdict.ts hold the chance of any false
 * verdict in a whole diff below alpha (Holm's method).
 *
 * Which t-test: with as many runs on each side (the usual `--repeat N`
 * against `--repeat N`) Welch's statistic and Student's pooled one are the
 * same number, and Student's n1 + n2 − 2 degrees of freedom are right even
 * when the two sides' spreads differ (equal sizes make the pooled test
 * robust to that); Welch–Satterthwaite's smaller estimate would only throw
 * power away, which with 5 runs a side decides whether a 30% slowdown is
 * seen at all. With unequal numbers of runs Welch's test is used, as there
 * the pooled one is wrong when the spreads differ. jstat supplies Student's
 * t distribution (one package, no dependencies; @stdlib's ttest2 would do
 * the whole test but installs 289 packages); the statistic and degrees of
 * freedom are the textbook formulas.
 */
export interface RatioTest {
  /** Two-sided p-value for "same geometric mean". */
  pValue: number;
  /** Geometric mean of the second sample over the first. */
  ratio: number;
  /** Interval for the ratio at the given confidence. */
  interval: [number, number];
}

/** Times are floored here before taking logs, so that a run that measured 0 ms stays finite. */
const FLOOR_MS = 1e-3;

function meanAndVariance(values: number[]): { mean: number; variance: number } {
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (values.length - 1);
  return { mean, variance };
}

export function logRatioTest(first: readonly number[], second: readonly number[], confidence: number): RatioTest {
  const a = meanAndVariance(first.map((value) => Math.log(Math.max(value, FLOOR_MS))));
  const b = meanAndVariance(second.map((value) => Math.log(Math.max(value, FLOOR_MS))));
  const difference = b.mean - a.mean;
  const errorA = a.variance / first.length;
  const errorB = b.variance / second.length;
  const standardError = Math.sqrt(errorA + errorB);
  const ratio = Math.exp(difference);
  if (standardError === 0) {
    // Identical runs on each side: certain if they differ, else no evidence at all.
    return { pValue: difference === 0 ? 1 : 0, ratio, interval: [ratio, ratio] };
  }
  const degreesOfFreedom =
    first.length === second.length
      ? first.length + second.length - 2
      : (errorA + errorB) ** 2 / (errorA ** 2 / (first.length - 1) + errorB ** 2 / (second.length - 1));
  const statistic = difference / standardError;
  const pValue = Math.min(1, 2 * jStat.studentt.cdf(-Math.abs(statistic), degreesOfFreedom));
  const margin = jStat.studentt.inv(1 - (1 - confidence) / 2, degreesOfFreedom) * standardError;
  return { pValue, ratio, interval: [Math.exp(difference - margin), Math.exp(difference + margin)] };
}

/** Holm's step-down adjustment: p-values whose rejections keep the chance of any false one below alpha. */
export function holmAdjusted(pValues: readonly number[]): number[] {
  const order = pValues.map((pValue, index) => ({ pValue, index })).sort((x, y) => x.pValue - y.pValue);
  const adjusted = new Array<number>(pValues.length);
  let running = 0;
  order.forEach(({ pValue, index }, rank) => {
    running = Math.max(running, Math.min(1, (pValues.length - rank) * pValue));
    adjusted[index] = running;
  });
  return adjusted;
}
