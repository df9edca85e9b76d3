import { counted, formatCount, formatDuration, formatLocation } from '../render/format';
import { escapeMarkdown, markdownTable, textTable, type Table } from '../render/table';
import type { CallsChange, ContextDiff, FunctionDiff, ProfileDiff, SideNumbers } from './diff';
import type { Place } from './runs';
import { median } from './statistics';
import type { TimeVerdict } from './verdict';
import { formatChange, formatVerdict } from './verdict-format';
import { isLatencyChange, isTimeChange } from './changes';
import { diffData } from './diff-json';
import { relativeChange } from '../profile/measures';

export type DiffFormat = 'text' | 'markdown' | 'json';
export const DIFF_FORMATS: readonly DiffFormat[] = ['text', 'markdown', 'json'];

export interface DiffFormatOptions {
  format: DiffFormat;
  /** How many functions the time table lists (changed ones first); default 20. */
  top?: number;
  /** Paths inside this directory are shown relative to it. */
  cwd: string;
}

const CHANGED_CALLS: ReadonlySet<CallsChange> = new Set(['more', 'fewer', 'new', 'vanished']);

/** The diff for a CI log (text), a job summary (markdown) or a script (json). */
export function formatDiff(diff: ProfileDiff, options: DiffFormatOptions): string {
  if (options.format === 'json') return `${JSON.stringify(diffData(diff, options.cwd), null, 2)}\n`;
  const sections = diffSections(diff, options);
  return options.format === 'markdown' ? asMarkdown(sections) : asText(sections);
}

/** `1,413`, or `1,413..1,428` when the runs of a side disagree; `-` for a side without it. */
export function formatCalls(numbers: SideNumbers | null): string {
  if (!numbers) return '-';
  return numbers.callsRange ? `${formatCount(numbers.callsRange[0])}..${formatCount(numbers.callsRange[1])}` : formatCount(numbers.calls);
}

/** `1,413 to 1,428 calls per run`, `12 calls`, `in no run`: for sentences, where `1,413..1,428` would need a legend. */
function callsInWords(numbers: SideNumbers | null): string {
  if (!numbers) return 'in no run';
  return numbers.callsRange ? `${formatCount(numbers.callsRange[0])} to ${counted(numbers.callsRange[1], 'call')} per run` : counted(numbers.calls, 'call');
}

export function formatCallsChange(entry: { base: SideNumbers | null; head: SideNumbers | null; calls: CallsChange }): string {
  if (entry.calls === 'new' || entry.calls === 'vanished') return entry.calls;
  if (entry.calls === 'varies' || !entry.base || !entry.head) return 'varies between runs';
  const delta = entry.head.calls - entry.base.calls;
  const sign = delta > 0 ? '+' : '';
  const ratio = entry.base.calls > 0 ? ` (x${(entry.head.calls / entry.base.calls).toFixed(2)})` : '';
  return `${sign}${formatCount(delta)}${ratio}`;
}

/** `10.0 ms -> 13.0 ms`, `+30.0%`, the verdict. */
export function timeCells(base: number, head: number, verdict: TimeVerdict): string[] {
  const change = relativeChange(base, head);
  return [`${formatDuration(base)} -> ${formatDuration(head)}`, formatChange(change), formatVerdict(verdict)];
}

/** How many tests the diff's p-values were corrected over (each judged verdict says). */
function correctedOver(entries: FunctionDiff[]): number {
  for (const entry of entries) {
    const verdict = entry.time?.selfMs;
    if (verdict && verdict.verdict !== 'not judged') return verdict.correctedOver;
  }
  return 0;
}

function sideCount(diff: ProfileDiff): string {
  const base = diff.base.sources.length;
  const head = diff.head.sources.length;
  return base === 1 && head === 1 ? '1 run each' : `${base} base runs, ${head} head runs`;
}

/** `base.json`, or `base.1.json .. base.5.json` for several runs (all of them are in the JSON). */
function sideFiles(sources: string[]): string {
  return sources.length === 1 ? sources[0] : `${sources[0]} .. ${sources[sources.length - 1]}`;
}

function pathText(path: Place[]): string {
  return path.map((place) => place.name).join(' > ');
}

function biggestCountChangeFirst(a: { base: SideNumbers | null; head: SideNumbers | null }, b: { base: SideNumbers | null; head: SideNumbers | null }): number {
  const size = (entry: { base: SideNumbers | null; head: SideNumbers | null }): number => Math.abs((entry.head?.calls ?? 0) - (entry.base?.calls ?? 0));
  return size(b) - size(a);
}

interface Section {
  title: string;
  table?: Table;
  /** Shown instead of an empty table. */
  empty: string;
  notes: string[];
}

interface Sections {
  heading: string;
  summary: string[];
  sections: Section[];
}

/** The heading and the summary lines, for the HTML page (compare/diff-page.ts) as for text. */
export function diffSummary(diff: ProfileDiff, options: DiffFormatOptions): { heading: string; summary: string[] } {
  const { heading, summary } = diffSections(diff, options);
  return { heading, summary };
}

function diffSections(diff: ProfileDiff, options: DiffFormatOptions): Sections {
  const cwd = options.cwd;
  const top = options.top ?? 20;
  const location = (place: Place): string => formatLocation(place.file, place.line, cwd);
  const countChanged = diff.functions.filter((entry) => CHANGED_CALLS.has(entry.calls)).sort(biggestCountChangeFirst);
  const varying = diff.functions.filter((entry) => entry.calls === 'varies');
  const both = diff.functions.filter((entry) => entry.time !== undefined);
  const timeChanged = both.filter(isTimeChange);
  const heaviest = (entry: FunctionDiff): number => Math.max(entry.base?.selfMs ?? 0, entry.head?.selfMs ?? 0);
  const timeRows = [...timeChanged, ...both.filter((entry) => !isTimeChange(entry)).sort((a, b) => heaviest(b) - heaviest(a))].slice(0, top);
  const pathsChanged = diff.contexts.filter((entry) => CHANGED_CALLS.has(entry.calls)).sort(biggestCountChangeFirst);
  const count = (change: CallsChange, list: { calls: CallsChange }[]): number => list.filter((entry) => entry.calls === change).length;
  const slower = timeChanged.filter((entry) => entry.time!.selfMs.verdict === 'slower' || entry.time!.totalMs.verdict === 'slower').length;
  const faster = timeChanged.length - slower;
  const judged = both.some((entry) => entry.time!.selfMs.verdict !== 'not judged');
  const notJudgedReason = both.map((entry) => entry.time!.selfMs).find((verdict) => verdict.verdict === 'not judged');

  const summary = [
    `calls: ${countChanged.length} of ${diff.functions.length} functions changed (${count('new', diff.functions)} new, ${count('vanished', diff.functions)} vanished); ` +
      `${pathsChanged.length} of ${diff.contexts.length} paths changed`,
    judged
      ? `time: ${slower} slower, ${faster} faster beyond run-to-run noise (t-test on log times, p Holm-corrected over this diff's ${correctedOver(both)} tests <= ${diff.settings.alpha}; ` +
        `exact Mann-Whitney p <= ${diff.settings.alpha}; change >= ${formatChange(diff.settings.minChange).slice(1)} and >= ${formatDuration(diff.settings.minMs)}; intervals at ${Math.round((1 - diff.settings.alpha) * 100)}%)`
      : `time: not judged (${notJudgedReason && notJudgedReason.verdict === 'not judged' ? notJudgedReason.reason : sideCount(diff)})`,
  ];
  const tails = diff.functions.filter((entry) => entry.time?.p99Ms !== undefined);
  const tailChanged = tails.filter(isLatencyChange);
  const tailUnjudged = tails.map((entry) => entry.time!.p99Ms!).find((verdict) => verdict.verdict === 'not judged');
  if (tails.length > 0) {
    const slowerTails = tailChanged.filter((entry) => entry.time!.p99Ms!.verdict === 'slower').length;
    summary.push(
      tailUnjudged && tailUnjudged.verdict === 'not judged' && !tails.some((entry) => entry.time!.p99Ms!.verdict !== 'not judged')
        ? `p99 of call durations: not judged (${tailUnjudged.reason}); changes as measured`
        : `p99 of call durations: ${slowerTails} slower, ${tailChanged.length - slowerTails} faster beyond run-to-run noise (per-run p99s, the same tests and correction as time)`,
    );
  }
  if (judged && diff.speed) {
    const ratio = median(diff.speed.head) / median(diff.speed.base);
    summary.push(
      diff.speed.functions === 0
        ? 'run-wide speed: too few functions ran long enough to measure it; times are judged as measured'
        : `run-wide speed: head runs took x${ratio.toFixed(2)} the time of base runs (median over ${diff.speed.functions} functions); verdicts are relative to it`,
    );
  }
  if (diff.per) {
    const perCalls = (calls: number[] = []): string => calls.map(formatCount).join(', ');
    summary.unshift(`counts are per call of /${diff.per}/ (base: ${perCalls(diff.base.perCalls)}, head: ${perCalls(diff.head.perCalls)} calls)`);
  }
  return {
    heading: `tsprof diff: ${sideFiles(diff.base.sources)} -> ${sideFiles(diff.head.sources)} (${sideCount(diff)})`,
    summary,
    sections: [
      {
        title: 'Functions whose calls changed (exact counts)',
        empty: 'no function changed its number of calls',
        table: {
          columns: ['function', 'calls base', 'calls head', 'change', 'location'],
          numeric: new Set(['calls base', 'calls head', 'change']),
          rows: countChanged.map((entry) => [entry.place.name, formatCalls(entry.base), formatCalls(entry.head), formatCallsChange(entry), location(entry.place)]),
        },
        notes:
          varying.length > 0
            ? [`calls that vary between runs of one side, with overlapping ranges (I/O-driven): ${varying.map((entry) => `${entry.place.name} (base ${callsInWords(entry.base)}, head ${callsInWords(entry.head)})`).join('; ')}`]
            : [],
      },
      {
        title: `Time (${judged ? 'medians of the runs' : sideCount(diff)}): changed first, then the heaviest; top ${top}`,
        empty: 'no function ran on both sides',
        table: {
          columns: ['function', 'self base -> head', 'self change', 'self verdict', 'total base -> head', 'total change', 'total verdict', 'await base -> head'],
          numeric: new Set(['self change', 'total change']),
          rows: timeRows.map((entry) => [
            entry.place.name,
            ...timeCells(entry.base!.selfMs, entry.head!.selfMs, entry.time!.selfMs),
            ...timeCells(entry.base!.totalMs, entry.head!.totalMs, entry.time!.totalMs),
            `${formatDuration(entry.base!.awaitMs)} -> ${formatDuration(entry.head!.awaitMs)}`,
          ]),
        },
        notes: [],
      },
      ...(tails.length === 0 ? [] : [latencySection(tails, tailChanged, top, judged)]),
      {
        title: 'Calling contexts whose calls changed (exact counts)',
        empty: diff.contexts.length === 0 ? 'no calling contexts (version 1 profiles)' : 'no path changed its number of calls',
        table: {
          columns: ['path', 'calls base', 'calls head', 'change'],
          numeric: new Set(['calls base', 'calls head', 'change']),
          rows: pathsChanged.slice(0, top).map((entry) => [pathText(entry.path), formatCalls(entry.base), formatCalls(entry.head), formatCallsChange(entry)]),
        },
        notes: pathsChanged.length > top ? [`and ${pathsChanged.length - top} more paths (see --format json)`] : [],
      },
    ],
  };
}

/** Functions whose calls recorded durations on both sides: p99 changed first, then the slowest tails. */
function latencySection(tails: FunctionDiff[], changed: FunctionDiff[], top: number, judged: boolean): Section {
  const slowest = (entry: FunctionDiff): number => Math.max(entry.base?.p99Ms ?? 0, entry.head?.p99Ms ?? 0);
  const rows = [...changed, ...tails.filter((entry) => !isLatencyChange(entry)).sort((a, b) => slowest(b) - slowest(a))].slice(0, top);
  return {
    title: `Latency: p99 of call durations (${judged ? 'medians of the runs' : 'as measured'}): changed first, then the slowest; top ${top}`,
    empty: 'no function recorded call durations on both sides',
    table: {
      columns: ['function', 'p99 base -> head', 'p99 change', 'p99 verdict'],
      numeric: new Set(['p99 change']),
      rows: rows.map((entry) => [entry.place.name, ...timeCells(entry.base!.p99Ms!, entry.head!.p99Ms!, entry.time!.p99Ms!)]),
    },
    notes: [],
  };
}

function asText(sections: Sections): string {
  const lines = [sections.heading, ...sections.summary.map((line) => `  ${line}`)];
  for (const section of sections.sections) {
    lines.push('', `${section.title}:`);
    if (section.table && section.table.rows.length > 0) lines.push(...textTable(section.table));
    else lines.push(`  (${section.empty})`);
    lines.push(...section.notes.map((note) => `  ${note}`));
  }
  return `${lines.join('\n')}\n`;
}

function asMarkdown(sections: Sections): string {
  const lines = [`### ${escapeMarkdown(sections.heading)}`, '', ...sections.summary.map((line) => `- ${escapeMarkdown(line)}`)];
  for (const section of sections.sections) {
    lines.push('', `**${escapeMarkdown(section.title)}**`, '');
    if (section.table && section.table.rows.length > 0) lines.push(...markdownTable(section.table));
    else lines.push(`(${escapeMarkdown(section.empty)})`);
    if (section.notes.length > 0) lines.push('', ...section.notes.map((note) => escapeMarkdown(note)));
  }
  return `${lines.join('\n')}\n`;
}
