import { isAbsolute, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * How numbers and places read in every output (DOT labels and text reports),
 * so the graph and the CI log agree to the digit.
 */

/** `12.3 ms`; sub-millisecond times keep three decimals so they do not all read `0.0 ms`; seconds past 10 s. */
export function formatDuration(ms: number): string {
  if (ms >= 10_000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms === 0 || ms >= 1) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(3)} ms`;
}

export function formatPercent(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

/**
 * `100 calls` rather than `100×`: Graphviz's WebAssembly build has font
 * metrics for ASCII only and prints a warning on the profiled command's
 * stderr for the first other character it meets, so generated labels stay ASCII.
 */
export function formatCalls(calls: number): string {
  return calls === 1 ? '1 call' : `${calls} calls`;
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
