import type { Command } from 'commander';
import { buildCheckCommand } from './check-command';
import { buildDiffCommand } from './diff-command';
import { buildRunCommand } from './options';
import { buildRenderCommand, buildReportCommand } from './render-command';
import { runProfiled } from './run';

/**
 * Every subcommand, in the order `tsprof --help` lists them. The first is
 * the default: `tsprof -- cmd` means `tsprof run -- cmd`. Adding a
 * subcommand is one entry here; the help, the usage line and the test for
 * "is this a subcommand name" all come from this list, so a new name can
 * never fall through to `run`.
 */
export const SUBCOMMANDS: readonly (() => Command)[] = [
  () => buildRunCommand(runProfiled),
  buildRenderCommand,
  buildReportCommand,
  buildDiffCommand,
  buildCheckCommand,
];
