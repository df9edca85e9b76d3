import { mannWhitney, median, smallestPValue } from './statistics';

/**
 * When a time difference counts as a change. Times on a shared CI machine
 * move from run to run by tens of percent, so a change is reported only when
 * all three hold:
 *  - the exact Mann-Whitney test rejects "same distribution" at `alpha`
 *    (0.01: with 5 runs a side that means every head run is on the same side
 *    of every base run);
 *  - the medians differ by at least `minChange` (a fraction, 10%), so that a
 *    consistent but tiny drift does not fail a build;
 *  - and by at least `minMs` milliseconds, so that microsecond functions,
 *    whose time is mostly the probes' own, are not judged.
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
      baseMs: number;
      headMs: number;
      /** headMs / baseMs − 1; Infinity when the base median is 0. */
      change: number;
      pValue: number;
      cliffsDelta: number;
    };

function runs(count: number): string {
  return count === 1 ? '1 run' : `${count} runs`;
}

/** Why a time is not judged with these numbers of runs, or undefined when it can be. */
export function unjudgedReason(baseRuns: number, headRuns: number, settings: VerdictSettings): string | undefined {
  if (baseRuns < 2 || headRuns < 2) return baseRuns === headRuns ? `${runs(baseRuns)} each` : `${runs(baseRuns)} of base, ${runs(headRuns)} of head`;
  if (smallestPValue(baseRuns, headRuns) > settings.alpha) {
    return `${runs(baseRuns)} of base and ${runs(headRuns)} of head cannot reach p <= ${settings.alpha}; use --repeat 5 or more`;
  }
  return undefined;
}

/** The verdict on one time measure of one function, from its per-run values on each side. */
export function judgeTime(base: readonly number[], head: readonly number[], settings: VerdictSettings): TimeVerdict {
  const reason = unjudgedReason(base.length, head.length, settings);
  if (reason) return { verdict: 'not judged', reason };
  const baseMs = median(base);
  const headMs = median(head);
  const change = baseMs > 0 ? headMs / baseMs - 1 : headMs > 0 ? Infinity : 0;
  const { pValue, cliffsDelta } = mannWhitney(base, head);
  const beyondNoise =
    pValue <= settings.alpha &&
    Math.abs(headMs - baseMs) >= settings.minMs &&
    Math.abs(change) >= settings.minChange &&
    Math.sign(cliffsDelta) === Math.sign(headMs - baseMs);
  const verdict = !beyondNoise ? 'unchanged' : headMs > baseMs ? 'slower' : 'faster';
  return { verdict, baseMs, headMs, change, pValue, cliffsDelta };
}
