import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { UserError } from './errors';

/** Everything `tsprof run` needs, parsed once and passed down. */
export interface RunOptions {
  command: string[];
  include: string[];
  includePackage: string[];
  exclude: string[];
  output: string;
  profile: string;
  children: boolean;
  flushInterval: number;
  /** Stop the command (SIGTERM) after this many seconds; 0 = let it end by itself. */
  duration: number;
  nodeThreshold: number;
  edgeThreshold: number;
  scale: number;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function fraction(value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0 || number > 1) throw new InvalidArgumentError('expected a fraction between 0 and 1, e.g. 0.005');
  return number;
}

function positiveNumber(value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) throw new InvalidArgumentError('expected a positive number');
  return number;
}

function seconds(value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0) throw new InvalidArgumentError('expected a number of seconds');
  return number;
}

export function buildRunCommand(onRun: (options: RunOptions) => Promise<void>): Command {
  const run = new Command('run')
    .description('run a command with the included files instrumented, then write the call graph and the profile')
    .usage('[options] -- <command> [args...]')
    .argument('[command...]', 'the command to profile, after --')
    .addOption(new Option('--include <path|glob>', 'instrument these files; a directory includes everything below it (repeatable)').argParser(collect).default([]))
    .addOption(new Option('--include-package <name>', 'instrument an installed package, e.g. amqplib (repeatable)').argParser(collect).default([]))
    .addOption(new Option('--exclude <glob>', 'never instrument files matching this glob (repeatable)').argParser(collect).default([]))
    .option('-o, --output <file>', 'the picture: .png, .svg or .dot', 'out/calls.png')
    .option('--profile <file>', 'the JSON profile', 'out/profile.json')
    .option('--no-children', 'do not profile child processes the command starts')
    .addOption(new Option('--flush-interval <seconds>', 'also write snapshots this often (0 = only at exit)').argParser(seconds).default(0))
    .addOption(new Option('--duration <seconds>', 'stop the command with SIGTERM after this long, e.g. a consumer that never exits').argParser(seconds).default(0))
    .addOption(new Option('--node-threshold <fraction>', 'hide functions below this share of total time').argParser(fraction).default(0.005))
    .addOption(new Option('--edge-threshold <fraction>', 'hide calls below this share of total time').argParser(fraction).default(0.001))
    .addOption(new Option('--scale <factor>', 'PNG resolution factor').argParser(positiveNumber).default(1))
    .action(async (command: string[], options: Omit<RunOptions, 'command'>) => {
      await onRun({ ...options, command });
    });
  return run;
}

/** Commander reports problems by throwing; turn them into one clear line. */
export function toUserError(error: unknown): unknown {
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') {
      return new UserError('', 0);
    }
    return new UserError(`${error.message.replace(/^error: /, '')} (see tsprof --help)`);
  }
  return error;
}
