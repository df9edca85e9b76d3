import type { FunctionDiff } from './diff';
import { claimsChange } from './verdict';

/** What counts as a change of a function, and how big it is: for diff's tables, its picture and its page. */

/** Self or total time judged slower or faster. */
export function isTimeChange(entry: FunctionDiff): boolean {
  return claimsChange(entry.time?.selfMs) || claimsChange(entry.time?.totalMs);
}

/** The 99th percentile of its call durations judged slower or faster. */
export function isLatencyChange(entry: FunctionDiff): boolean {
  return claimsChange(entry.time?.p99Ms);
}

/** More or fewer calls, new, or a time or p99 judged beyond noise: what the picture and the page show as changed. */
export function hasChanged(entry: FunctionDiff): boolean {
  return entry.calls === 'more' || entry.calls === 'fewer' || entry.calls === 'new' || isTimeChange(entry) || isLatencyChange(entry);
}

/** How big a change is, to rank them: new functions first, then the larger factor of calls or judged time. */
export function changeSize(entry: FunctionDiff): number {
  if (entry.calls === 'new') return Infinity;
  const factor = (ratio: number): number => (ratio > 0 && Number.isFinite(ratio) ? Math.abs(Math.log(ratio)) : 0);
  const calls = entry.base && entry.head && entry.base.calls > 0 ? factor(entry.head.calls / entry.base.calls) : 0;
  const times = [entry.time?.selfMs, entry.time?.totalMs, entry.time?.p99Ms].map((verdict) => (claimsChange(verdict) ? factor(1 + verdict.change) : 0));
  return Math.max(calls, ...times);
}

/** `more calls, self slower, p99 slower`, `new`, `calls vary`; '' when nothing changed. */
export function changeWords(entry: FunctionDiff): string {
  if (entry.calls === 'new' || entry.calls === 'vanished') return entry.calls;
  const words = entry.calls === 'more' ? ['more calls'] : entry.calls === 'fewer' ? ['fewer calls'] : entry.calls === 'varies' ? ['calls vary'] : [];
  const { selfMs, totalMs, p99Ms } = entry.time ?? {};
  for (const [name, verdict] of [['self', selfMs], ['total', totalMs], ['p99', p99Ms]] as const) {
    if (claimsChange(verdict)) words.push(`${name} ${verdict.verdict}`);
  }
  return words.join(', ');
}
