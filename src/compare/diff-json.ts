import { formatLocation } from '../render/format';
import type { ContextDiff, FunctionDiff, ProfileDiff, SideNumbers } from './diff';
import type { Place } from './runs';
import type { TimeVerdict } from './verdict';

/** `tsprof diff --format json`: numbers rounded so the JSON is stable across platforms' float printing. */

function roundFactor(factor: number): number | null {
  return Number.isFinite(factor) ? Math.round(factor * 10000) / 10000 : null;
}

/** Milliseconds to the microsecond: enough for any reader, and stable across platforms' float printing. */
function roundMs(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

function sideData(numbers: SideNumbers | null): object | null {
  if (!numbers) return null;
  return {
    calls: numbers.calls,
    ...(numbers.callsRange ? { callsRange: numbers.callsRange } : {}),
    selfMs: roundMs(numbers.selfMs),
    totalMs: roundMs(numbers.totalMs),
    awaitMs: roundMs(numbers.awaitMs),
    ...(numbers.p99Ms !== undefined ? { p99Ms: roundMs(numbers.p99Ms) } : {}),
  };
}

function verdictData(verdict: TimeVerdict): object {
  if (verdict.verdict === 'not judged') return verdict;
  return {
    verdict: verdict.verdict,
    change: roundFactor(verdict.change),
    interval: verdict.interval.map(roundFactor),
    pValue: Number(verdict.pValue.toPrecision(4)),
    rankPValue: Number(verdict.rankPValue.toPrecision(4)),
    cliffsDelta: Math.round(verdict.cliffsDelta * 1000) / 1000,
  };
}

/**
 * The JSON of `tsprof diff --format json`: every function and path of either
 * side, `base` or `head` null where it is missing. Times are medians over the
 * runs of a side; `time` holds the verdicts (null for a function on one side only).
 * `p99Ms` (a side's p99 of call durations, and its verdict) is there when the
 * profiles recorded durations.
 */
export function diffData(diff: ProfileDiff, cwd: string): object {
  const place = (entry: Place): { name: string; location: string } => ({ name: entry.name, location: formatLocation(entry.file, entry.line, cwd) });
  return {
    base: { profiles: diff.base.sources, runs: diff.base.sources.length, ...(diff.base.perCalls ? { perCalls: diff.base.perCalls } : {}) },
    head: { profiles: diff.head.sources, runs: diff.head.sources.length, ...(diff.head.perCalls ? { perCalls: diff.head.perCalls } : {}) },
    per: diff.per ?? null,
    settings: diff.settings,
    speed: diff.speed ? { ...diff.speed, base: diff.speed.base.map(roundFactor), head: diff.speed.head.map(roundFactor) } : null,
    functions: diff.functions.map((entry: FunctionDiff) => ({
      ...place(entry.place),
      base: sideData(entry.base),
      head: sideData(entry.head),
      callsChange: entry.calls,
      time: entry.time
        ? { selfMs: verdictData(entry.time.selfMs), totalMs: verdictData(entry.time.totalMs), ...(entry.time.p99Ms ? { p99Ms: verdictData(entry.time.p99Ms) } : {}) }
        : null,
    })),
    contexts: diff.contexts.map((entry: ContextDiff) => ({
      path: entry.path.map(place),
      base: sideData(entry.base),
      head: sideData(entry.head),
      callsChange: entry.calls,
    })),
  };
}
