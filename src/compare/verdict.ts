import { counted } from '../render/format';
import { mannWhitney, median, smallestPValue } from './statistics';
import { holmAdjusted, logRatioTest } from './ratio-test';

/**
 * When a time difference counts as a change. Times on a shared CI machine
 * move from run to run by tens of percent, so a function is called slower or
 * faster only when all of these hold:
 *  - a t-test on log times (ratio-test.ts) rejects "same time" at `alpha` after Holm's
 *    correction over every function and measure judged in the diff, so the
 *    chance of even one false verdict in a whole diff stays below alpha;
 *  - the exact Mann-Whitney test, which assumes nothing about the shape of
 *    the noise, rejects at `alpha` too (with 5 runs a side: every head run
 *    lies beyond every base run);
 *  - the ratio of the (geometric) means is at least `minChange` away from 1,
 *    so that a consistent but tiny drift does not fail a build;
 *  - and the medians differ by at least `minMs`, so that microsecond
 *    functions, whose time is mostly the probes' own, are not judged.
 */
export interface VerdictSettings {
  alpha: number;
  minChange: number;
  minMs: number;
}

export const DEFAULT_VERDICT_SETTINGS: VerdictSettings = { alpha: 0.01, minChange: 0.1, minMs: 1 };

export type TimeVerdict =
  | { verdict: 'not judged'; reason: string }
  | {
      verdict: 'slower' | 'faster' | 'unchanged';
      /** Ratio of the geometric means, head over base, minus 1: +0.31 is 31% slower. */
      change: number;
      /** Interval for `change` at confidence 1 − alpha (not corrected for the number of functions). */
      interval: [number, number];
      /** The t-test's p-value after Holm's correction over the diff (or the check). */
      pValue: number;
      /** How many tests that correction was over: the same data gives another p in another report. */
      correctedOver: number;
      /** The exact Mann-Whitney p-value. */
      rankPValue: number;
      /** P(head run > base run) − P(head run < base run), from −1 to 1. */
      cliffsDelta: number;
    };

/** A verdict that claims a change: slower or faster, beyond noise. */
export function claimsChange(verdict: TimeVerdict | undefined): verdict is Extract<TimeVerdict, { change: number }> & { verdict: 'slower' | 'faster' } {
  return verdict !== undefined && (verdict.verdict === 'slower' || verdict.verdict === 'faster');
}

/** One measure of one function, tested but not yet corrected for the others. */
export interface TimeEvidence {
  baseMs: number;
  headMs: number;
  change: number;
  interval: [number, number];
  pValue: number;
  rankPValue: number;
  cliffsDelta: number;
}

function runs(count: number): string {
  return counted(count, 'run');
}

/** Why a time is not judged with these numbers of runs, or undefined when it can be. */
export function unjudgedReason(baseRuns: number, headRuns: number, settings: VerdictSettings): string | undefined {
  if (baseRuns < 2 || headRuns < 2) return baseRuns === headRuns ? `${runs(baseRuns)} each` : `${runs(baseRuns)} of base, ${runs(headRuns)} of head`;
  if (smallestPValue(baseRuns, headRuns) > settings.alpha) {
    return `${runs(baseRuns)} of base and ${runs(headRuns)} of head cannot reach p <= ${settings.alpha}; use --repeat 5 or more`;
  }
  return undefined;
}

/** The tests on one measure of one function, from its per-run values (already divided by the runs' speed factors). */
export function weighTime(base: readonly number[], head: readonly number[], settings: VerdictSettings): TimeEvidence | { verdict: 'not judged'; reason: string } {
  const reason = unjudgedReason(base.length, head.length, settings);
  if (reason) return { verdict: 'not judged', reason };
  const baseMs = median(base);
  const headMs = median(head);
  if (Math.max(baseMs, headMs) < settings.minMs) return { verdict: 'not judged', reason: `under ${settings.minMs} ms` };
  const ratio = logRatioTest(base, head, 1 - settings.alpha);
  const rank = mannWhitney(base, head);
  return {
    baseMs,
    headMs,
    change: ratio.ratio - 1,
    interval: [ratio.interval[0] - 1, ratio.interval[1] - 1],
    pValue: ratio.pValue,
    rankPValue: rank.pValue,
    cliffsDelta: rank.cliffsDelta,
  };
}

/** The verdicts of every measure weighed in one diff, Holm-corrected together. */
export function settleVerdicts(weighed: readonly (TimeEvidence | { verdict: 'not judged'; reason: string })[], settings: VerdictSettings): TimeVerdict[] {
  // One evidence object weighed for two measures (a leaf's total is its self
  // time) is one hypothesis: it is counted once in the correction.
  const tested = [...new Set(weighed.filter((entry): entry is TimeEvidence => !('verdict' in entry)))];
  const corrected = holmAdjusted(tested.map((test) => test.pValue));
  const adjusted = new Map(tested.map((entry, index) => [entry, corrected[index]]));
  return weighed.map((entry) => {
    if ('verdict' in entry) return entry;
    const pValue = adjusted.get(entry)!;
    const slower = entry.change > 0;
    const changed =
      pValue <= settings.alpha &&
      entry.rankPValue <= settings.alpha &&
      Math.abs(entry.change) >= settings.minChange &&
      Math.abs(entry.headMs - entry.baseMs) >= settings.minMs &&
      entry.cliffsDelta !== 0 &&
      entry.cliffsDelta > 0 === slower &&
      entry.headMs > entry.baseMs === slower;
    return {
      verdict: changed ? (slower ? 'slower' : 'faster') : 'unchanged',
      change: entry.change,
      interval: entry.interval,
      pValue,
      correctedOver: tested.length,
      rankPValue: entry.rankPValue,
      cliffsDelta: entry.cliffsDelta,
    };
  });
}
