import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { REPORT_FORMATS, ReportFormat, ReportSortKey } from '../render/report';
import { DEFAULT_MAX_CONTEXTS } from '../runtime/tables';
import { UserError } from './errors';
import { parseExportTarget, type OutputTarget } from './outputs';
import { DEFAULT_PICTURE } from './picture-formats';
import { addReportOptions, addViewOptions, reportChoiceFrom, viewOptionsFrom, type ReportChoice, type ViewFlags, type ViewOptions } from './view-options';

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
  /** Cap on calling contexts per process; new paths beyond it are counted under the root. */
  maxContexts: number;
  /** Time about one call in this many of hot short functions (runtime/sampling.ts); undefined = time every call. */
  sampleHot?: number;
  /** Stop the command (SIGTERM) after this many seconds; 0 = let it end by itself. */
  duration: number;
  /** With duration: SIGKILL the command when it has not ended this many seconds after the SIGTERM; 0 = wait for it. */
  killAfter: number;
  /** Run the command this many times, one profile per run (`profile.1.json` …), for `tsprof diff`'s time verdicts. */
  repeat: number;
  /** How the picture is drawn; shared with `tsprof render`. */
  view: ViewOptions;
  /** Print the report after the command ended (`--report [format]`); undefined = no report. */
  report?: ReportChoice;
  /** `--export <format>:<file>`, repeatable: also write the profile in these formats. */
  exports: OutputTarget[];
  /** Follow messages from publish to handler through the supported clients (`--flows`). */
  flows: boolean;
}

type RunFlags = Omit<RunOptions, 'command' | 'view' | 'report' | 'exports'> & { export: OutputTarget[] } &
  ViewFlags & { report?: ReportFormat | true; top?: number; sort?: ReportSortKey };

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function seconds(value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0) throw new InvalidArgumentError('expected a number of seconds');
  return number;
}

/** Longer than setTimeout can wait (2^31 - 1 ms) would fire at once. */
function killDelay(value: string): number {
  const number = seconds(value);
  if (number === 0 || number > 2_147_483) throw new InvalidArgumentError('expected a number of seconds above 0 and at most 2147483');
  return number;
}

function repeatCount(value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isInteger(number) || number < 1) throw new InvalidArgumentError('expected a whole number of at least 1');
  return number;
}

function sampleStride(value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isInteger(number) || number < 2 || number > 65_536) throw new InvalidArgumentError('expected a whole number from 2 to 65536');
  return number;
}

function contextCount(value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isInteger(number) || number < 2) throw new InvalidArgumentError('expected a whole number of at least 2');
  return number;
}

const RUN_EXAMPLES = `
Examples:
  tsprof --include src -- node app.js
      profile everything under src/; writes out/calls.png and out/profile.json
  tsprof --include-package amqplib --include src -o out/publish.svg -- npx tsx src/publish.ts
      also instrument the amqplib client; draw an SVG
  tsprof --include src --duration 30 --flush-interval 5 -- node consumer.js
      stop a consumer that never exits after 30 s (exit code 0); snapshot every 5 s
`;

/** `otherCommandsHelp`: the lines listing the other subcommands (commands.ts builds them from its list). */
export function buildRunCommand(onRun: (options: RunOptions) => Promise<void>, otherCommandsHelp = ''): Command {
  const run = new Command('run')
    .description('run a command with the included files instrumented, then write the call graph and the profile')
    .usage('[options] -- <command> [args...]')
    .configureHelp({ commandUsage: () => 'tsprof [run] [options] -- <command> [args...]' })
    .addHelpText('after', `${otherCommandsHelp}${RUN_EXAMPLES}`)
    .argument('[command...]', 'the command to profile, after --')
    .addOption(new Option('--include <path|glob>', 'instrument these files; a directory includes everything below it (repeatable)').argParser(collect).default([]))
    .addOption(new Option('--include-package <name>', 'instrument an installed package, e.g. amqplib (repeatable)').argParser(collect).default([]))
    .addOption(new Option('--exclude <glob>', 'never instrument files matching this glob (repeatable)').argParser(collect).default([]))
    .option('-o, --output <file>', 'the picture: .png, .svg, .dot, or .html for an interactive page', DEFAULT_PICTURE)
    .option('--profile <file>', 'the JSON profile', 'out/profile.json')
    .option('--no-children', 'do not profile child processes the command starts')
    .addOption(new Option('--flush-interval <seconds>', 'also write snapshots this often (0 = only at exit)').argParser(seconds).default(0))
    .addOption(new Option('--max-contexts <count>', 'at most this many distinct call paths per process; beyond, new paths are counted under (root)').argParser(contextCount).default(DEFAULT_MAX_CONTEXTS))
    .addOption(new Option('--sample-hot <N>', 'time about 1 call in N of hot short functions (leaves with over 1000 calls of ≤ 5 µs); every call still counted; see docs/sampling.md').argParser(sampleStride))
    .addOption(new Option('--duration <seconds>', 'stop the command with SIGTERM after this long, e.g. a consumer that never exits').argParser(seconds).default(0))
    .addOption(new Option('--kill-after <seconds>', 'with --duration: SIGKILL the command if it has not ended this long after the SIGTERM (default: wait)').argParser(killDelay).default(0))
    .addOption(new Option('--repeat <count>', 'run the command this many times and write one profile per run (profile.1.json, …) for tsprof diff').argParser(repeatCount).default(1))
    .addOption(new Option('--export <format:file>', 'also write the profile as pprof, callgrind, speedscope or collapsed, e.g. pprof:out/profile.pb.gz (repeatable)').argParser(parseExportTarget).default([]))
    .option('--flows', 'follow messages from publish to handler across processes (amqplib, nats, mqtt, ioredis streams, bullmq): a marker on each message; see docs/flows.md', false)
    .addOption(new Option('--report [format]', 'print the top functions and the hot path when the command ends').choices(REPORT_FORMATS));
  addReportOptions(addViewOptions(run), false).action(async (command: string[], flags: RunFlags) => {
    const { include, includePackage, exclude, output, profile, children, flushInterval, maxContexts, sampleHot, duration, killAfter, repeat, report, flows } = flags;
    if (run.getOptionValueSource('killAfter') === 'cli' && duration === 0) throw new UserError('--kill-after works with --duration: give --duration <seconds> too');
    await onRun({
      command,
      include,
      includePackage,
      exclude,
      output,
      profile,
      children,
      flushInterval,
      maxContexts,
      sampleHot,
      duration,
      killAfter,
      repeat,
      view: viewOptionsFrom(flags),
      report: report === undefined ? undefined : reportChoiceFrom({ ...flags, format: report === true ? 'text' : report }),
      exports: flags.export,
      flows,
    });
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
