import { Command } from 'commander';
import { CompareInputError } from '../compare/diff';
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
    .configureOutput({ outputError: () => undefined });
  const quiet = (command: Command): Command => command.exitOverride().configureOutput({ outputError: () => undefined });
  program.addCommand(quiet(defaultCommand), { isDefault: true });
  for (const command of named) program.addCommand(quiet(command));
  return program;
}

/** `tsprof -- cmd` and `tsprof --include x -- cmd` mean `tsprof run …`; every other subcommand is named. */
function withDefaultSubcommand(argv: string[], subcommands: Command[]): string[] {
  const known = new Set([...subcommands.map((command) => command.name()), 'help', '--help', '-h', '--version', '-V']);
  return argv.length === 0 || known.has(argv[0]) ? argv : [subcommands[0].name(), ...argv];
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
    } else if (error instanceof ProfileFormatError || error instanceof RenderOutputError || error instanceof CompareInputError) {
      process.stderr.write(`tsprof: ${error.message}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`tsprof: internal error, please report it:\n${(error as Error).stack ?? String(error)}\n`);
      process.exitCode = 70;
    }
  }
}
