/**
 * What the export writers (pprof.ts, callgrind.ts, speedscope.ts,
 * collapsed.ts) are asked for besides the profile. Which writer a format
 * name means is the output table's (cli/outputs.ts), the one table of every
 * format tsprof writes.
 */

/** What the number after each folded stack counts (`--value` of collapsed). */
export type CollapsedValue = 'self' | 'total' | 'await' | 'calls';
export const COLLAPSED_VALUES: readonly CollapsedValue[] = ['self', 'total', 'await', 'calls'];

/** Everything an export needs besides the profile, parsed once by the CLI. */
export interface ExportOptions {
  /** What the number of each folded stack counts (collapsed only). */
  value: CollapsedValue;
}

export const DEFAULT_EXPORT_OPTIONS: ExportOptions = { value: 'self' };
