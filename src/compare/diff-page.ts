import type { DiffPageData, PageColumn, PageRow } from '../render/html-data';
import { formatDuration, formatLocation } from '../render/format';
import { relativeChange } from '../profile/measures';
import type { ProfileFunction } from '../profile/types';
import { changeSize, changeWords, hasChanged } from './changes';
import type { FunctionDiff, ProfileDiff, SideNumbers } from './diff';
import { diffSummary, formatCalls, formatCallsChange, timeCells, type DiffFormatOptions } from './diff-format';
import { comparableKey } from './runs';
import type { TimeVerdict } from './verdict';

/** How a verdict sorts: a claimed change above one within noise above none judged. */
const VERDICT_ORDER: Record<TimeVerdict['verdict'], number> = { slower: 3, faster: 2, unchanged: 1, 'not judged': 0 };

type Judged = 'selfMs' | 'totalMs' | 'p99Ms';

/** Sort values travel as JSON, which has no Infinity: from 0, and new, sort as this. */
const UNBOUNDED = 1e12;

/** The columns of one time: base -> head (sorted by head), change, and the verdict when any was judged (the summary says why none was). */
function timeColumns(measure: Judged, title: string, judged: boolean): PageColumn[] {
  return [
    { key: measure, title: `${title} base -> head`, numeric: true },
    { key: `${measure}-change`, title: `${title} change`, numeric: true },
    ...(judged ? [{ key: `${measure}-verdict`, title: `${title} verdict`, numeric: false }] : []),
  ];
}

function timeValues(entry: FunctionDiff, measure: Judged, judged: boolean): { cells: string[]; values: Array<number | string> } {
  const all = timeCellsAndValues(entry, measure);
  return judged ? all : { cells: all.cells.slice(0, 2), values: all.values.slice(0, 2) };
}

function timeCellsAndValues(entry: FunctionDiff, measure: Judged): { cells: string[]; values: Array<number | string> } {
  const base: SideNumbers | null = entry.base;
  const head: SideNumbers | null = entry.head;
  const verdict = entry.time?.[measure];
  const [baseMs, headMs] = [base?.[measure], head?.[measure]];
  if (baseMs === undefined || headMs === undefined || !verdict) {
    const side = (ms: number | undefined): string => (ms === undefined ? '-' : formatDuration(ms));
    return { cells: [`${side(baseMs)} -> ${side(headMs)}`, '-', '-'], values: [headMs ?? -1, -UNBOUNDED, -1] };
  }
  const change = relativeChange(baseMs, headMs);
  return { cells: timeCells(baseMs, headMs, verdict), values: [headMs, Number.isFinite(change) ? change : UNBOUNDED, VERDICT_ORDER[verdict.verdict]] };
}

/**
 * The diff page's data (render/html-data.ts DiffPageData): diff's heading and
 * summary, and a row per function of either side with the text tables'
 * cells (calls, self, total and p99: base -> head, change, verdict), changed
 * first. A row's id is its box in the head's graph: the head profile's
 * function id (drawn from the first head run), negative when it vanished.
 */
export function diffPageData(diff: ProfileDiff, headFunctions: readonly ProfileFunction[], options: DiffFormatOptions): DiffPageData {
  const idOf = new Map(headFunctions.map((fn) => [comparableKey(fn), fn.id]));
  const withP99 = diff.functions.some((entry) => entry.time?.p99Ms !== undefined);
  const measures: Array<[Judged, string]> = [['selfMs', 'Self'], ['totalMs', 'Total'], ...(withP99 ? [['p99Ms', 'p99'] as [Judged, string]] : [])];
  const judged = new Set(measures.filter(([measure]) => diff.functions.some((entry) => entry.time?.[measure] && entry.time[measure]!.verdict !== 'not judged')).map(([measure]) => measure));
  const columns: PageColumn[] = [
    { key: 'name', title: 'Function', numeric: false },
    { key: 'change', title: 'Change', numeric: true },
    { key: 'calls', title: 'Calls base -> head', numeric: true },
    { key: 'calls-change', title: 'Calls change', numeric: true },
    ...measures.flatMap(([measure, title]) => timeColumns(measure, title, judged.has(measure))),
    { key: 'location', title: 'Location', numeric: false },
  ];
  let vanished = 0;
  const rows: PageRow[] = diff.functions.map((entry) => {
    const location = formatLocation(entry.place.file, entry.place.line, options.cwd);
    const size = hasChanged(entry) ? 1 + Math.min(changeSize(entry), UNBOUNDED) : entry.calls === 'varies' ? 0.5 : 0;
    const times = measures.map(([measure]) => timeValues(entry, measure, judged.has(measure)));
    const callsDelta = (entry.head?.calls ?? 0) - (entry.base?.calls ?? 0);
    return {
      id: entry.head ? (idOf.get(comparableKey(entry.place)) ?? -1 - vanished++) : -1 - vanished++,
      name: entry.place.name,
      cells: [entry.place.name, changeWords(entry), `${formatCalls(entry.base)} -> ${formatCalls(entry.head)}`, formatCallsChange(entry), ...times.flatMap((time) => time.cells), location],
      values: [entry.place.name, size, entry.head?.calls ?? 0, callsDelta, ...times.flatMap((time) => time.values), location],
    };
  });
  return { ...diffSummary(diff, options), table: { columns, rows, sortKey: 'change' } };
}
