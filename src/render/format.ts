import { basename, isAbsolute, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * How numbers and places read in every output (DOT labels and text reports),
 * so the graph and the CI log agree to the digit.
 */

/** `12.3 ms`; sub-millisecond times keep three decimals so they do not all read `0.0 ms`; seconds from 1 s. */
export function formatDuration(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms === 0 || ms >= 1) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(3)} ms`;
}

export function formatPercent(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

/**
 * A share of the wall time: `12.3%` up to the whole run, `11.3x wall` beyond,
 * which happens when calls overlap and reads as "11.3 calls in flight on
 * average". ASCII `x`, as formatCalls explains.
 */
export function formatShare(share: number): string {
  return share > 1 ? `${share.toFixed(1)}x wall` : formatPercent(share);
}

/** `2025-03-14 09:26 UTC` from an ISO date; anything else as given. */
export function formatStartedAt(iso: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::[\d.]+)?Z$/.exec(iso);
  return match ? `${match[1]} ${match[2]} UTC` : iso;
}

/**
 * `100 calls` rather than `100×`: Graphviz's WebAssembly build has font
 * metrics for ASCII only and prints a warning on the profiled command's
 * stderr for the first other character it meets, so generated labels stay ASCII.
 */
export function formatCalls(calls: number): string {
  return counted(calls, 'call');
}

/** `5000`, or `2` and `0.3333` for per-unit counts (calls per publish). */
export function formatCount(count: number): string {
  return Number.isInteger(count) ? String(count) : String(Number(count.toPrecision(4)));
}

/** `1 file`, `3 files`, `1.5 calls`: a count and its noun, plural unless it is exactly one. */
export function counted(count: number, noun: string, plural = `${noun}s`): string {
  return `${formatCount(count)} ${count === 1 ? noun : plural}`;
}

/**
 * `src/queue/task.ts:42`: paths inside `cwd` are shown relative to it, others
 * in full, because a `../../` chain is harder to read than the absolute path.
 */
export function formatLocation(file: string, line: number, cwd: string): string {
  if (file === '') return '';
  const path = file.startsWith('file://') ? fileURLToPath(file) : file;
  const inside = isAbsolute(path) ? relative(cwd, path) : path;
  const shown = inside === '' || inside.startsWith('..') || isAbsolute(inside) ? path : inside;
  return line > 0 ? `${shown}:${line}` : shown;
}

/** `task.ts:42`: the file name alone, for boxes drawn inside a cluster that names the directory or file. */
export function formatShortLocation(file: string, line: number): string {
  if (file === '') return '';
  const name = basename(file.startsWith('file://') ? fileURLToPath(file) : file);
  return line > 0 ? `${name}:${line}` : name;
}

/** The command as a reader would type it; arguments with spaces or quotes are single-quoted. */
export function formatCommand(command: string[]): string {
  return command.map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`)).join(' ');
}

/** Long names (anonymous functions with long paths) are cut in the middle, where they repeat least; ASCII, as formatCalls explains. */
export function shortenName(name: string, maxLength: number): string {
  if (name.length <= maxLength) return name;
  const keep = maxLength - 3;
  const head = Math.ceil(keep / 2);
  return `${name.slice(0, head)}...${name.slice(name.length - (keep - head))}`;
}
