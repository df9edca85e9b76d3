import { Command } from 'commander';
import { CompareInputError } from '../compare/errors';
import { FileWriteError } from '../file-system';
import { ProfileFormatError } from '../profile/read';
import { RenderOutputError } from '../render/output';
import { UserError } from './errors';
import { SUBCOMMANDS } from './commands';
import { toUserError } from './options';

const VERSION: string = (require('../../package.json') as { version: string }).version;

/** The program with every subcommand, or with only `only` (the one the arguments name). */
function buildProgram(only?: string): Command {
  const program = new Command('tsprof')
    .description('Call-graph profiler for Node.js: call counts and self/total/await time per function, as a colour-coded graph.')
    .version(VERSION)
    .usage(SUBCOMMANDS.map((subcommand) => subcommand.usage).join('\n       tsprof '))
    .enablePositionalOptions()
    .exitOverride()
    .showSuggestionAfterError(false)
    .configureOutput({ outputError: () => undefined });
  // Commander's "Did you mean" matches by spelling alone (--bogus → --focus); one plain line is clearer.
  const quiet = (command: Command): Command => command.exitOverride().showSuggestionAfterError(false).configureOutput({ outputError: () => undefined });
  for (const [index, subcommand] of SUBCOMMANDS.entries()) {
    if (only === undefined || subcommand.name === only) program.addCommand(quiet(subcommand.build()), { isDefault: index === 0 });
  }
  return program;
}

/**
 * `tsprof -- cmd` and `tsprof --include x -- cmd` mean `tsprof run …`; the other subcommands are named.
 * `tsprof --help` is the run help, which also lists the other commands and examples.
 */
function withDefaultSubcommand(argv: string[]): string[] {
  const run = SUBCOMMANDS[0].name;
  if (argv.length === 1 && ['help', '--help', '-h'].includes(argv[0])) return [run, '--help'];
  const known = new Set([...SUBCOMMANDS.map((subcommand) => subcommand.name), 'help', '--version', '-V']);
  return argv.length === 0 || known.has(argv[0]) ? argv : [run, ...argv];
}

/**
 * The one error handler: problems the user can fix print one line and set a
 * non-zero exit code; anything else is a tsprof bug and keeps its stack.
 */
export async function main(argv: string[]): Promise<void> {
  // A reader that stops early (`tsprof --help | head -1`) closes the pipe: the rest of the output has nowhere to go, which is no error.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
    });
  }
  try {
    const args = withDefaultSubcommand(argv);
    // `help`, `--version` and mistakes get every subcommand; a named one is built alone.
    const named = SUBCOMMANDS.find((subcommand) => subcommand.name === args[0]);
    await buildProgram(named?.name).parseAsync(args, { from: 'user' });
  } catch (caught) {
    const error = toUserError(caught);
    if (error instanceof UserError) {
      if (error.message) process.stderr.write(`tsprof: ${error.message}\n`);
      process.exitCode = error.exitCode;
    } else if (error instanceof ProfileFormatError || error instanceof RenderOutputError || error instanceof FileWriteError || error instanceof CompareInputError) {
      process.stderr.write(`tsprof: ${error.message}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`tsprof: internal error, please report it:\n${(error as Error).stack ?? String(error)}\n`);
      process.exitCode = 70;
    }
  }
}
