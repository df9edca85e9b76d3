import type { Profile } from '../profile/types';
/** What the number after each folded stack counts (`--value` of collapsed). */
export type CollapsedValue = 'self' | 'total' | 'await' | 'calls';
export const COLLAPSED_VALUES: readonly CollapsedValue[] = ['self', 'total', 'await', 'calls'];

/** Everything an export needs besides the profile, parsed once by the CLI. */
export interface ExportOptions {
  /** What the number of each folded stack counts (collapsed only). */
  value: CollapsedValue;
}

export const DEFAULT_EXPORT_OPTIONS: ExportOptions = { value: 'self' };

interface ExportFormat {
  /** For `--help`: who reads it. */
  description: string;
  /** Where `tsprof export` writes it without -o. */
  defaultFile: string;
  write: (profile: Profile, options: ExportOptions) => string | Uint8Array;
}

/**
 * The one table from format name to writer: a new format is one entry here and
 * one file. A writer's module is loaded when it writes: `tsprof run` checks its
 * --export targets against this table before the command starts, without
 * loading pprof's encoder and the rest.
 */
export const EXPORT_FORMATS = {
  pprof: { description: 'gzipped profile.proto for go tool pprof, Pyroscope, Parca', defaultFile: 'out/profile.pb.gz', write: (profile) => (require('./pprof') as typeof import('./pprof')).writePprof(profile) },
  callgrind: { description: 'callgrind for KCachegrind, QCachegrind, callgrind_annotate', defaultFile: 'out/callgrind.out', write: (profile) => (require('./callgrind') as typeof import('./callgrind')).writeCallgrind(profile) },
  speedscope: { description: 'speedscope JSON', defaultFile: 'out/profile.speedscope.json', write: (profile) => (require('./speedscope') as typeof import('./speedscope')).writeSpeedscope(profile) },
  collapsed: {
    description: 'folded stacks for flamegraph.pl, inferno, speedscope',
    defaultFile: 'out/profile.folded',
    write: (profile, options) => (require('./collapsed') as typeof import('./collapsed')).writeCollapsed(profile, options.value),
  },
} satisfies Record<string, ExportFormat>;

export type ExportFormatName = keyof typeof EXPORT_FORMATS;
export const EXPORT_FORMAT_NAMES = Object.keys(EXPORT_FORMATS) as ExportFormatName[];

export function isExportFormat(name: string): name is ExportFormatName {
  return Object.hasOwn(EXPORT_FORMATS, name);
}

/** The bytes of `profile` in `format`. */
export function exportProfile(profile: Profile, format: ExportFormatName, options: ExportOptions = DEFAULT_EXPORT_OPTIONS): string | Uint8Array {
  return EXPORT_FORMATS[format].write(profile, options);
}
