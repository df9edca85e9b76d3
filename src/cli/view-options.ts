import { Command, InvalidArgumentError, Option } from 'commander';
import { COLOR_BY_CHOICES, ColorBy } from '../render/colour';
import { BOX_LABEL_CHOICES, type BoxLabel } from '../render/box-label';
import { DEFAULT_GRAPH_OPTIONS, GraphOptions } from '../graph/options';
import type { Selection } from '../profile/select';
import { GROUP_BY_CHOICES, GroupBy } from '../graph/types';
import { DEFAULT_SCALE } from '../render/png';
import { REPORT_FORMATS, REPORT_SORT_KEYS, ReportFormat, ReportSortKey } from '../render/report';
import { packageNameOf } from '../packages';

/**
 * How a profile is turned into a picture: the one options type shared by
 * `tsprof run` and `tsprof render`, parsed once from their flags. `tsprof
 * report` uses the selection part (focus, ignore, root) only.
 */
export interface ViewOptions {
  /** --root, --ignore, --focus: applied to the profile before the graph is built. */
  selection: Selection;
  /** Pruning, hot path and grouping of the picture. */
  graph: GraphOptions;
  colorBy: ColorBy;
  /** What a box says under its name: `--label`. */
  label: BoxLabel;
  scale: number;
  /** Whether a continuation hangs under the context that scheduled it (false: `--no-async-parents`, under the root). */
  asyncParents: boolean;
}

/** What `--top`, `--sort` and `--format` (or `run --report <format>`) ask of the report. */
export interface ReportChoice {
  top: number;
  sortBy: ReportSortKey;
  format: ReportFormat;
  /** `--tree`: the top-down call tree of calling contexts instead of the tables. */
  tree: boolean;
  /** With `--tree`: contexts below this share of wall time are left out. */
  treeThreshold?: number;
}

/** The flags as commander hands them over. */
export interface ViewFlags {
  nodeThreshold?: number;
  edgeThreshold?: number;
  maxNodes?: number;
  focus?: RegExp;
  ignore?: RegExp;
  root?: RegExp;
  asyncParents?: boolean;
  group?: GroupBy;
  colorBy?: ColorBy;
  label?: BoxLabel;
  scale?: number;
}

export function fraction(value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number) || number < 0 || number > 1) {
    throw new InvalidArgumentError('expected a fraction between 0 and 1, e.g. 0.005');
  }
  return number;
}

export function positiveNumber(value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number) || number <= 0) throw new InvalidArgumentError('expected a positive number');
  return number;
}

export function wholeNumber(minimum: number): (value: string) => number {
  return (value) => {
    const number = Number(value);
    if (value.trim() === '' || !Number.isInteger(number) || number < minimum) {
      throw new InvalidArgumentError(`expected a whole number of at least ${minimum}`);
    }
    return number;
  };
}

export function regularExpression(value: string): RegExp {
  try {
    return new RegExp(value);
  } catch (error) {
    throw new InvalidArgumentError(`not a valid regular expression (${(error as Error).message})`);
  }
}

/** --focus, --ignore, --root: which functions to look at. */
export function addSelectionOptions(command: Command): Command {
  return command
    .addOption(new Option('--focus <regex>', "only paths through functions whose name matches, e.g. 'publish|send'").argParser(regularExpression))
    .addOption(new Option('--ignore <regex>', 'leave out functions whose name matches, and what only they call').argParser(regularExpression))
    .addOption(new Option('--root <regex>', 'start the graph at functions whose name matches').argParser(regularExpression))
    .addOption(new Option('--no-async-parents', 'hang callbacks (.then, timers, nextTick) under (root), not under the call that scheduled them'));
}

/** Selection, pruning, grouping and drawing options of the picture;  `heatColours: false` for a picture coloured and labelled by something else (diff: by change), which has no --color-by nor --label. */
export function addViewOptions(command: Command, { heatColours = true }: { heatColours?: boolean } = {}): Command {
  const defaults = DEFAULT_GRAPH_OPTIONS;
  addSelectionOptions(command)
    .addOption(new Option('--node-threshold <fraction>', 'hide functions below this share of wall time').argParser(fraction).default(defaults.nodeThreshold))
    .addOption(new Option('--edge-threshold <fraction>', 'hide calls below this share of wall time').argParser(fraction).default(defaults.edgeThreshold))
    .addOption(new Option('--max-nodes <count>', 'draw at most this many functions, the heaviest (0 = no limit)').argParser(wholeNumber(0)).default(defaults.maxNodes))
    .addOption(new Option('--group <kind>', 'draw a box around the functions of each').choices(GROUP_BY_CHOICES).default(defaults.group));
  if (heatColours) {
    command
      .addOption(new Option('--color-by <measure>', 'what the colour of a function shows').choices(COLOR_BY_CHOICES).default('total'))
      .addOption(new Option('--label <numbers>', 'what a box shows under its name: times (calls, total, self, await) or latency (calls, total, p50 and p99 of its calls)').choices(BOX_LABEL_CHOICES).default('times'));
  }
  return command.addOption(new Option('--scale <factor>', 'PNG size factor over the default, which fits a 2560x1600 screen; 2 for twice the pixels').argParser(positiveNumber).default(DEFAULT_SCALE));
}

/** --top, --sort and, for `tsprof report`, --format. */
export function addReportOptions(command: Command, withFormat: boolean): Command {
  command
    .addOption(new Option('--top <count>', 'list this many functions').argParser(wholeNumber(1)).default(20))
    .addOption(new Option('--sort <measure>', 'order the functions by').choices(REPORT_SORT_KEYS).default('self'));
  if (withFormat) {
    command
      .addOption(new Option('--format <format>', 'text for logs, markdown for job summaries, json for scripts').choices(REPORT_FORMATS).default('text'))
      // The tree lists every context above --node-threshold, in call order: --top and --sort are the tables'.
      .addOption(new Option('--tree', 'print the top-down call tree: every calling context with its own calls, total, self, await and awaited time').conflicts(['top', 'sort']))
      .addOption(new Option('--node-threshold <fraction>', 'with --tree: leave out calling contexts below this share of wall time').argParser(fraction).default(DEFAULT_GRAPH_OPTIONS.nodeThreshold));
  }
  return command;
}

export function viewOptionsFrom(flags: ViewFlags): ViewOptions {
  const defaults = DEFAULT_GRAPH_OPTIONS;
  return {
    selection: { root: flags.root, ignore: flags.ignore, focus: flags.focus },
    graph: {
      nodeThreshold: flags.nodeThreshold ?? defaults.nodeThreshold,
      edgeThreshold: flags.edgeThreshold ?? defaults.edgeThreshold,
      maxNodes: flags.maxNodes ?? defaults.maxNodes,
      group: flags.group ?? defaults.group,
      packageOf: packageNameOf,
      hotPath: defaults.hotPath,
    },
    colorBy: flags.colorBy ?? 'total',
    label: flags.label ?? 'times',
    scale: flags.scale ?? DEFAULT_SCALE,
    asyncParents: flags.asyncParents !== false,
  };
}

export function reportChoiceFrom(flags: { top?: number; sort?: ReportSortKey; format?: ReportFormat; tree?: boolean; nodeThreshold?: number }): ReportChoice {
  return { top: flags.top ?? 20, sortBy: flags.sort ?? 'self', format: flags.format ?? 'text', tree: flags.tree ?? false, treeThreshold: flags.nodeThreshold };
}
