import { Command } from 'commander';
import { CompareInputError } from '../compare/errors';
import { FileWriteError } from '../file-system';
import { ProfileFormatError } from '../profile/read';
import { RenderOutputError } from '../render/output';
import { UserError } from './errors';
import { toUserError } from './options';
import { SUBCOMMANDS } from './subcommands';

const VERSION: string = (require('../../package.json') as { version: string }).version;

function buildProgram(subcommands: Command[]): Command {
  const [defaultCommand, ...named] = subcommands;
  const usage = [
    `[${defaultCommand.name()}] ${defaultCommand.usage()}`,
    ...named.map((command) => `       tsprof ${command.name()} ${command.usage()}`),
  ].join('\n');
  const program = new Command('tsprof')
    .description('Call-graph profiler for Node.js: call counts and self/total/await time per function, as a colour-coded graph.')
    .version(VERSION)
    .usage(usage)
    .enablePositionalOptions()
    .exitOverride()
    .showSuggestionAfterError(false)
    .configureOutput({ outputError: () => undefined });
  // Commander's "Did you mean" matches by spelling alone (--bogus → --focus); one plain line is clearer.
  const quiet = (command: Command): Command => command.exitOverride().showSuggestionAfterError(false).configureOutput({ outputError: () => undefined });
  program.addCommand(quiet(defaultCommand), { isDefault: true });
  for (const command of named) program.addCommand(quiet(command));
  return program;
}

/**
 * `tsprof -- cmd` and `tsprof --include x -- cmd` mean `tsprof run …`; every other subcommand is named.
 * `tsprof --help` is the run help, which also lists the other commands and examples.
 */
function withDefaultSubcommand(argv: string[], subcommands: Command[]): string[] {
  const defaultName = subcommands[0].name();
  if (argv.length === 1 && ['help', '--help', '-h'].includes(argv[0])) return [defaultName, '--help'];
  const known = new Set([...subcommands.map((command) => command.name()), 'help', '--version', '-V']);
  return argv.length === 0 || known.has(argv[0]) ? argv : [defaultName, ...argv];
}

/**
 * The one error handler: problems the user can fix print one line and set a
 * non-zero exit code; anything else is a tsprof bug and keeps its stack.
 */
export async function main(argv: string[]): Promise<void> {
  try {
    const subcommands = SUBCOMMANDS.map((build) => build());
    await buildProgram(subcommands).parseAsync(withDefaultSubcommand(argv, subcommands), { from: 'user' });
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
