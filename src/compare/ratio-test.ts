import type * as JStat from 'jstat';

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
 * Which t-test: the question is whether the head's runs come from the same
 * distribution as the base's (the same code, profiled alternately on one
 * machine), and under that null both sides have one spread: Student's
 * pooled test, with n1 + n2 − 2 degrees of freedom, is then exact for
 * log-normal times. With as many runs a side its statistic is Welch's;
 * Welch–Satterthwaite's degrees of freedom guard against unequal spreads,
 * but with 5 runs a side two samples of one spread often look unequal, their
 * estimate falls towards 4, and a 30% slowdown at 5% noise is found in 81%
 * of diffs instead of 92% (30 functions, Holm at 0.01). The price: a head
 * whose time only became noisier, its centre unchanged, can be called
 * slower or faster — with one side 3x noisier than the other, 3.4% of such
 * diffs claim a change (Welch: 2.1%; neither holds 1% there). With unequal
 * numbers of runs the pooled test is wrong whenever the spreads differ, and
 * Welch's test is used. jstat supplies Student's
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

/** jstat takes some 12 ms to load: loaded on the first test, so that every tsprof command but a diff goes without it. */
let jStatModule: typeof JStat | null = null;
function studentT(): typeof JStat.jStat.studentt {
  jStatModule ??= require('jstat') as typeof JStat;
  return jStatModule.jStat.studentt;
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
  const studentt = studentT();
  const pValue = Math.min(1, 2 * studentt.cdf(-Math.abs(statistic), degreesOfFreedom));
  const margin = studentt.inv(1 - (1 - confidence) / 2, degreesOfFreedom) * standardError;
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
