import { Command, CommanderError } from 'commander';
import { TsprofError } from '../errors';
import { say } from '../messages';
import { UserError } from './errors';
import { SUBCOMMANDS } from './commands';
import { discardEarlyCommand, offerEarlyCommand, type EarlyCommand } from './early-command';
import { toUserError } from './run-options';

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
export function withDefaultSubcommand(argv: string[]): string[] {
  const run = SUBCOMMANDS[0].name;
  if (argv.length === 1 && ['help', '--help', '-h'].includes(argv[0])) return [run, '--help'];
  const known = new Set([...SUBCOMMANDS.map((subcommand) => subcommand.name), 'help', '--version', '-V']);
  if (argv.length === 0 || known.has(argv[0])) return argv;
  const meant = argv[0].startsWith('-') ? undefined : SUBCOMMANDS.find((subcommand) => editDistance(argv[0], subcommand.name) <= 2);
  if (meant) throw new UserError(`unknown command '${argv[0]}' (did you mean ${meant.name}?); a command to profile goes after --: tsprof --include <path> -- ${argv[0]} …`);
  return [run, ...argv];
}

/** Levenshtein distance, for a subcommand name typed with a letter or two wrong. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length];
}

/** An option tsprof does not know, given with no `--` before the command: most likely the command's own. */
function withCommandHint(error: unknown, args: string[]): unknown {
  if (!(error instanceof CommanderError) || error.code !== 'commander.unknownOption' || args[0] !== SUBCOMMANDS[0].name || args.includes('--')) return error;
  const message = error.message.replace(/^error: /, '').replace(/\.$/, '');
  return new UserError(`${message}; if it is the profiled command's, put the command after --: tsprof --include <path> -- node app.js ${/'(.*)'/.exec(message)?.[1] ?? ''}`.trimEnd());
}

/**
 * The one error handler: problems the user can fix print one line and set a
 * non-zero exit code; anything else is a tsprof bug and keeps its stack.
 */
export async function main(argv: string[], early?: EarlyCommand): Promise<void> {
  offerEarlyCommand(early);
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
    await buildProgram(named?.name)
      .parseAsync(args, { from: 'user' })
      .catch((error: unknown) => {
        throw withCommandHint(error, args);
      });
  } catch (caught) {
    const error = toUserError(caught);
    if (error instanceof TsprofError) {
      if (error.message) say(error.message);
      process.exitCode = error.exitCode;
    } else {
      process.stderr.write(`tsprof: internal error, please report it:\n${(error as Error).stack ?? String(error)}\n`);
      process.exitCode = 70;
    }
  } finally {
    // A Node command started while the options were read (bin/tsprof.js) and not run: they were refused, or asked for help.
    discardEarlyCommand();
  }
}
