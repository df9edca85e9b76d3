import type { TimeVerdict } from './verdict';

/** How a change and a verdict read, in diff's tables, its picture and check's lines. */

/** `+31.2%`; `new` when the base had none. */
export function formatChange(change: number): string {
  if (!Number.isFinite(change)) return 'from 0';
  return `${change > 0 ? '+' : ''}${(change * 100).toFixed(1)}%`;
}

function formatP(pValue: number): string {
  return pValue < 0.0001 ? 'p<0.0001' : `p=${Number(pValue.toPrecision(2))}`;
}

/**
 * `slower +31.2% [+22.0%, +41.3%] p=0.0004`, `within noise (p=0.310)`, `not judged (1 run each)`.
 * The change is the judged one, relative to the run-wide speed (speed.ts),
 * with its interval; p is Holm-corrected over the diff.
 */
export function formatVerdict(verdict: TimeVerdict): string {
  if (verdict.verdict === 'not judged') return `not judged (${verdict.reason})`;
  if (verdict.verdict === 'unchanged') return `within noise (${formatP(verdict.pValue)})`;
  const [low, high] = verdict.interval.map(formatChange);
  return `${verdict.verdict} ${formatChange(verdict.change)} [${low}, ${high}] ${formatP(verdict.pValue)}`;
}
