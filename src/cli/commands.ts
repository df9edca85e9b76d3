import type { Command } from 'commander';
import { buildExportCommand } from './export-command';
import { buildMergeCommand } from './merge-command';
import { buildRunCommand } from './options';
import { buildRenderCommand, buildReportCommand } from './render-command';
import { runProfiled } from './run';

/** One subcommand: its name, the usage line `tsprof --help` shows, and how to build it. */
export interface Subcommand {
  name: string;
  usage: string;
  build: () => Command;
}

/**
 * Every subcommand, in the order of `tsprof --help`. The first is the
 * default (`tsprof -- node app.js` means `tsprof run -- node app.js`); a
 * word that names one here is never taken for a command to profile. Adding a
 * subcommand is adding one entry.
 */
export const SUBCOMMANDS: readonly Subcommand[] = [
  { name: 'run', usage: '[run] [options] -- <command> [args...]', build: () => buildRunCommand(runProfiled) },
  { name: 'render', usage: 'render <profile.json> [-o calls.png] [options]', build: buildRenderCommand },
  { name: 'report', usage: 'report <profile.json> [options]', build: buildReportCommand },
  { name: 'export', usage: 'export <profile.json> --format pprof|callgrind|speedscope|collapsed [-o file]', build: buildExportCommand },
  { name: 'merge', usage: 'merge <a.json> <b.json>... [-o merged.json]', build: buildMergeCommand },
];
