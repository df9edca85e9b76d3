import { basename } from 'node:path';
import { CONFIG_VARIABLE, deferredConfig } from '../loader/config';
import { commandEnvironment } from '../loader/node-options';
import { deferredConfigFile, newPartsDirectory, removePartsDirectory } from '../profile/parts';
import { STOPPING_SIGNALS } from '../signals';
import { startCommand, type StartedCommand } from './command-process';

/**
 * `tsprof run -- node …` starts the command before it has read its own
 * options: a Node process takes some 50 ms to start, which then passes while
 * tsprof loads its code and checks the options, instead of after. The command
 * is told where its configuration will be (loader/config.ts) and waits in
 * tsprof's preload, before any code of its own, until tsprof has written it
 * (run.ts) or killed the command because the options were wrong (discard):
 * a command whose options are refused has run none of its code, as when it
 * was never started. Only a Node command can wait so; anything else (npm,
 * npx, a shell, `node --run`) starts after the options are read, as before.
 * A signal that ends tsprof while the command waits discards it first.
 *
 * bin/tsprof.js calls startEarly from a small bundle of its own, before the
 * CLI's bundle loads; the CLI takes the command over in run.ts, and main.ts
 * discards it when no run took it. The bundle is tsprof's code a second
 * time: nothing it makes may be recognised by class in the CLI's (its
 * errors, for one), so it makes no error the CLI reports.
 */
export interface EarlyCommand {
  readonly started: StartedCommand;
  /** The run's parts directory, named in the command's environment. */
  readonly partsDirectory: string;
  /** Where the command waits for its configuration: run.ts writes it whole (writeFileAtomic), and from then on the command runs. */
  readonly configFile: string;
  /** Kills the command, none of whose code has run, and removes its parts directory. */
  discard: () => void;
  /** Taken by a run: tsprof's signals are the supervision's to pass on from here (supervised-command.ts). */
  adopted: () => void;
}

/**
 * Arguments with which `node` runs no preload, or no JavaScript, in its own process: `--run`
 * starts a package.json script's shell at once, the others print and exit. Such a command would
 * do so before tsprof had read its options: it starts after them, as any other command does.
 * Looked for anywhere in the command (an option of the program's own only costs it the early start).
 */
const NO_PRELOAD = new Set(['--run', '-v', '--version', '-h', '--help', '--v8-options', '-c', '--check', '--completion-bash', '--prof-process']);

/** Arguments that make tsprof print something rather than run or draw (main.ts). */
export const NOT_RUNNING: ReadonlySet<string> = new Set(['help', '--help', '-h', '--version', '-V']);

/**
 * These arguments as a `tsprof run` (named, or implied by an option before `--`, as main.ts's
 * withDefaultSubcommand reads them): its options before `--` and the command after it; undefined
 * for any other subcommand, a run without `--`, or one that only prints (help, version).
 */
export function runArguments(argv: readonly string[]): { options: string[]; command: string[] } | undefined {
  const separator = argv.indexOf('--');
  if (separator < 0) return undefined;
  const options = argv.slice(0, separator);
  // `tsprof run …`, or `tsprof --include … -- …`, which means run (main.ts's withDefaultSubcommand).
  if (options.length > 0 && options[0] !== 'run' && !options[0].startsWith('-')) return undefined;
  if (options.some((argument) => NOT_RUNNING.has(argument))) return undefined;
  return { options, command: argv.slice(separator + 1) };
}

/** The command after `--` when these arguments are a `tsprof run` (named or implied) of a Node command; otherwise nothing to start early. */
export function commandToStartEarly(argv: string[]): string[] | undefined {
  const command = runArguments(argv)?.command;
  if (!command || command.length === 0 || basename(command[0]) !== 'node' || command.some((argument) => NO_PRELOAD.has(argument.split('=')[0]))) return undefined;
  return command;
}

/**
 * Never throws: whatever stops an early start (no temp directory, arguments spawn refuses) leaves
 * the command to start after the options, where the CLI reports it as it always has.
 */
export function startEarly(argv: string[], environment: NodeJS.ProcessEnv = process.env): EarlyCommand | undefined {
  const command = commandToStartEarly(argv);
  if (!command || process.platform === 'win32') return undefined;
  let partsDirectory: string;
  try {
    partsDirectory = newPartsDirectory();
  } catch {
    return undefined;
  }
  const configFile = deferredConfigFile(partsDirectory);
  let started: StartedCommand;
  try {
    started = startCommand(command, { ...commandEnvironment(environment), [CONFIG_VARIABLE]: deferredConfig(process.pid, configFile) });
  } catch {
    removePartsDirectory(partsDirectory);
    return undefined;
  }
  const endWithTsprof = (signal: NodeJS.Signals): void => {
    discard();
    process.kill(process.pid, signal);
  };
  const stopListening = (): void => {
    for (const signal of STOPPING_SIGNALS) process.removeListener(signal, endWithTsprof);
  };
  const discard = (): void => {
    stopListening();
    started.child.kill('SIGKILL');
    removePartsDirectory(partsDirectory);
  };
  for (const signal of STOPPING_SIGNALS) process.once(signal, endWithTsprof);
  return { started, partsDirectory, configFile, discard, adopted: stopListening };
}

/** The command started early, until a run takes it (main.ts offers it, run.ts takes it). */
let offered: EarlyCommand | undefined;

export function offerEarlyCommand(early: EarlyCommand | undefined): void {
  offered = early;
}

/** The command started early, for the run of `command`: the same arguments, or nothing (and it is discarded later). */
export function takeEarlyCommand(command: string[]): EarlyCommand | undefined {
  const early = offered;
  if (!early || early.started.command.length !== command.length || early.started.command.some((argument, index) => argument !== command[index])) return undefined;
  offered = undefined;
  early.adopted();
  return early;
}

/** Discards the command started early when no run took it: the options were refused, or tsprof printed help. */
export function discardEarlyCommand(): void {
  offered?.discard();
  offered = undefined;
}
