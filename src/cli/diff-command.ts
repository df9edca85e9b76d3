import { Command, InvalidArgumentError, Option } from 'commander';
import { resolve } from 'node:path';
import { diffRuns } from '../compare/diff';
import { DIFF_FORMATS, formatDiff, type DiffFormat } from '../compare/diff-format';
import { changeSize, hasChanged } from '../compare/changes';
import { changeDecoration } from '../compare/diff-picture';
import { diffPageData } from '../compare/diff-page';
import { comparableKey, headKeyOfBase, runTable } from '../compare/runs';
import { DEFAULT_VERDICT_SETTINGS, type VerdictSettings } from '../compare/verdict';
import type { GraphNode } from '../graph/types';
import type { Profile } from '../profile/types';
import { counted } from '../render/format';
import { DEFAULT_EXPORT_OPTIONS } from '../export';
import { say } from '../messages';
import { UserError } from './errors';
import { addViewOptions, fraction, regularExpression, viewOptionsFrom, wholeNumber, type ViewFlags, type ViewOptions } from './view-options';
import { displayPath } from './paths';
import { pictureTarget, writeTarget } from './outputs';
import { asViewed, readSavedProfile, viewProfile } from './view';

/** `tsprof diff base.json head.json` or `tsprof diff base1.json base2.json … -- head1.json …`. */
export interface DiffCommandOptions {
  base: string[];
  head: string[];
  format: DiffFormat;
  top: number;
  per?: RegExp;
  settings: VerdictSettings;
  /** Divide times by each run's speed factor before judging (compare/speed.ts). */
  normalize: boolean;
  /** The picture, when asked for with -o. */
  output?: string;
  view: ViewOptions;
}

type DiffFlags = ViewFlags & { output?: string; format: DiffFormat; top: number; per?: RegExp; alpha: number; minChange: number; minMs: number; normalize?: boolean };

function probability(value: string): number {
  const number = fraction(value);
  if (number === 0) throw new InvalidArgumentError('expected a probability above 0, e.g. 0.01');
  return number;
}

function milliseconds(value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number) || number < 0) throw new InvalidArgumentError('expected a number of milliseconds');
  return number;
}

/** Where base ends and head begins: at `--` when given, else one profile each. */
export function splitSides(profiles: string[], rawArgs: readonly string[]): { base: string[]; head: string[] } {
  const separator = rawArgs.indexOf('--');
  if (separator < 0) {
    if (profiles.length !== 2) {
      throw new UserError(`diff takes two profiles, base and head; for several runs per side: tsprof diff base1.json base2.json … -- head1.json head2.json …`);
    }
    return { base: [profiles[0]], head: [profiles[1]] };
  }
  const headCount = rawArgs.length - separator - 1;
  const option = rawArgs.slice(separator + 1).find((arg) => arg.startsWith('-'));
  if (option) throw new UserError(`${option} after --: options go before --, which separates the base profiles from the head profiles`);
  const base = profiles.slice(0, profiles.length - headCount);
  const head = profiles.slice(profiles.length - headCount);
  if (base.length === 0 || head.length === 0) throw new UserError('diff needs at least one base profile before -- and one head profile after it');
  return { base, head };
}

export function buildDiffCommand(): Command {
  const command = new Command('diff')
    .description('compare two profiles, or several runs of each: calls per function and path (exact), time changes beyond run-to-run noise')
    .usage('<base.json> <head.json> [-o diff.png] [--format text|markdown|json] [--per <regex>]\n              <base1.json> <base2.json> … -- <head1.json> <head2.json> …')
    .argument('<profiles...>', 'base profile(s), then head profile(s); several per side separated by --')
    .option('-o, --output <file>', "also draw the head's graph coloured by change: .png, .svg or .dot, or .html for a page with the graph and a searchable table of the changes")
    .addOption(new Option('--format <format>', 'text for logs, markdown for job summaries, json for scripts').choices(DIFF_FORMATS).default('text'))
    .addOption(new Option('--per <regex>', 'divide every count by the calls of the matching functions, e.g. calls per sendTask').argParser(regularExpression))
    .addOption(new Option('--top <count>', 'list this many functions in the time table').argParser(wholeNumber(1)).default(20))
    .addOption(new Option('--alpha <p>', 'a time change needs p at most this, in the t-test on log times corrected over the whole diff (Holm) and in the exact Mann-Whitney test').argParser(probability).default(DEFAULT_VERDICT_SETTINGS.alpha))
    .addOption(new Option('--min-change <fraction>', 'and a change of at least this fraction, e.g. 0.1 for 10%').argParser(fraction).default(DEFAULT_VERDICT_SETTINGS.minChange))
    .addOption(new Option('--min-ms <ms>', 'and of at least this many milliseconds in the median').argParser(milliseconds).default(DEFAULT_VERDICT_SETTINGS.minMs))
    .option('--normalize', "divide each run's times by its run-wide speed (the median over functions of its time relative to the other runs) before judging: for runs taken at different times or on different machines");
  addViewOptions(command, { heatColours: false }).action(async (profiles: string[], flags: DiffFlags, self: Command) => {
    // Commander drops `--` from the operands; the arguments as given still have it.
    const rawArgs = (self.parent as unknown as { rawArgs?: string[] } | null)?.rawArgs ?? [];
    const { base, head } = splitSides(profiles, rawArgs);
    await diffProfiles({
      base,
      head,
      format: flags.format,
      top: flags.top,
      per: flags.per,
      settings: { alpha: flags.alpha, minChange: flags.minChange, minMs: flags.minMs },
      normalize: flags.normalize === true,
      output: flags.output,
      view: viewOptionsFrom(flags),
    });
  });
  return command;
}

function sideTitle(files: string[]): string {
  return files.length === 1 ? files[0] : `${files[0]} and ${files.length - 1} more runs`;
}

export async function diffProfiles(options: DiffCommandOptions): Promise<void> {
  const cwd = process.cwd();
  const read = (file: string): Profile => asViewed(readSavedProfile(resolve(cwd, file), file), options.view);
  const baseProfiles = options.base.map(read);
  const headProfiles = options.head.map(read);
  const baseTables = baseProfiles.map((profile, index) => runTable(profile, options.base[index]));
  const headTables = headProfiles.map((profile, index) => runTable(profile, options.head[index]));
  const diff = diffRuns(baseTables, headTables, { per: options.per, settings: options.settings, normalize: options.normalize });
  if (options.output) {
    // What changed is drawn however light: the picture is for the change.
    // At most --max-nodes of them (70), the largest changes first: when every count moved (runs of
    // a time-bounded workload), drawing them all would be a graph of thousands.
    const cap = options.view.graph.maxNodes > 0 ? options.view.graph.maxNodes : Infinity;
    const ranked = diff.functions.filter(hasChanged).sort((a, b) => changeSize(b) - changeSize(a));
    const changed = new Set(ranked.slice(0, cap).map((entry) => comparableKey(entry.place)));
    const view = { ...options.view, graph: { ...options.view.graph, alwaysShown: (node: GraphNode) => changed.has(comparableKey(node)) } };
    const headView = viewProfile(headProfiles[0], view, options.head[0]);
    const graph = headView.picture();
    const decoration = changeDecoration(diff, { base: baseProfiles, head: headProfiles, baseKeyToHead: headKeyOfBase(baseTables, headTables) }, graph);
    const target = pictureTarget(resolve(cwd, options.output));
    const diffPage = target.format === 'html' ? diffPageData(diff, headProfiles[0].functions, { format: options.format, top: options.top, cwd }) : undefined;
    await writeTarget(headView, target, { cwd, exports: DEFAULT_EXPORT_OPTIONS, drawing: { title: `tsprof diff: ${sideTitle(options.base)} -> ${sideTitle(options.head)}`, decoration }, diffPage });
    const drawn = new Set(graph.nodes.map((node) => comparableKey(node)));
    // Only --focus, --ignore or --root can leave a changed function out now.
    const changedHidden = diff.functions.filter(hasChanged).filter((entry) => !drawn.has(comparableKey(entry.place)));
    if (changedHidden.length > 0) {
      const names = changedHidden.slice(0, 5).map((entry) => entry.place.name).join(', ');
      say(`${counted(changedHidden.length, 'changed function is', 'changed functions are')} not drawn (${names}); --max-nodes, --focus, --ignore and --root choose what is`);
    }
    say(`wrote ${displayPath(target.file, cwd)}`);
  }
  process.stdout.write(formatDiff(diff, { format: options.format, top: options.top, cwd }));
}
