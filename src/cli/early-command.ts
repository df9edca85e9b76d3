import { rmSync } from 'node:fs';
import { basename } from 'node:path';
import { writeFileAtomic } from '../file-system';
import { CONFIG_VARIABLE, deferredConfig, encodeConfig, type LoaderConfig } from '../loader/config';
import { commandEnvironment } from '../loader/node-options';
import { deferredConfigFile, newPartsDirectory } from '../profile/parts';
import { startCommand, type StartedCommand } from './command-process';

/**
 * `tsprof run -- node …` starts the command before it has read its own
 * options: a Node process takes some 50 ms to start, which then passes while
 * tsprof loads its code and checks the options, instead of after. The command
 * is told where its configuration will be (loader/config.ts) and waits in
 * tsprof's preload, before any code of its own, until tsprof has written it
 * (release) or killed the command because the options were wrong (discard):
 * a command whose options are refused has run none of its code, as when it
 * was never started. Only a Node command can wait so; anything else (npm,
 * npx, a shell) starts after the options are read, as before.
 *
 * bin/tsprof.js calls startEarly from a small bundle of its own, before the
 * CLI's bundle loads; the CLI takes the command over in run.ts, and main.ts
 * discards it when no run took it.
 */
export interface EarlyCommand {
  readonly started: StartedCommand;
  /** The run's parts directory, named in the command's environment. */
  readonly partsDirectory: string;
  /** Writes the configuration the command waits for: from here on it runs. */
  release: (config: LoaderConfig) => void;
  /** Kills the command, none of whose code has run, and removes its parts directory. */
  discard: () => void;
}

/** Arguments before `--` that make tsprof print something rather than run (main.ts). */
const NOT_RUNNING = new Set(['help', '--help', '-h', '--version', '-V']);

/** The command after `--` when these arguments are a `tsprof run` (named or implied) of a Node command; otherwise nothing to start early. */
export function commandToStartEarly(argv: string[]): string[] | undefined {
  const separator = argv.indexOf('--');
  if (separator < 0) return undefined;
  const before = argv.slice(0, separator);
  const command = argv.slice(separator + 1);
  if (command.length === 0 || basename(command[0]) !== 'node') return undefined;
  // `tsprof run …`, or `tsprof --include … -- …`, which means run (main.ts's withDefaultSubcommand).
  if (before.length > 0 && before[0] !== 'run' && !before[0].startsWith('-')) return undefined;
  return before.some((argument) => NOT_RUNNING.has(argument)) ? undefined : command;
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
    rmSync(partsDirectory, { recursive: true, force: true });
    return undefined;
  }
  return {
    started,
    partsDirectory,
    release: (config) => writeFileAtomic(configFile, encodeConfig(config), { durable: false }),
    discard: () => {
      started.child.kill('SIGKILL');
      rmSync(partsDirectory, { recursive: true, force: true });
    },
  };
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
  return early;
}

/** Discards the command started early when no run took it: the options were refused, or tsprof printed help. */
export function discardEarlyCommand(): void {
  offered?.discard();
  offered = undefined;
}
