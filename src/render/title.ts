import { CallGraph, countProgramFunctions } from '../graph/types';
import { ColorBy } from './colour';
import { latencyLegend, type BoxLabel } from './box-label';
import { flowLegend } from './dot-flows';
import { AWAITED_ABOVE_TOTAL_NOTE, CONTINUATION_LEGEND } from './notes';
import { isMostlyAwaited, isMostlyWaiting } from './waiting';
import { counted, formatCommand, formatDuration, formatStartedAt } from './format';

export interface TitleOptions {
  /** First line; defaults to `tsprof: <command>`. */
  title?: string;
  colorBy: ColorBy;
  /** Replaces the heat legend, for pictures coloured by something else (tsprof diff). */
  legend?: string[];
  /** What boxes say (box-label.ts): `latency` adds a line on what the percentiles are. */
  label?: BoxLabel;
}

const COLOUR_MEANING: Record<ColorBy, string> = {
  total: 'time in a function or awaiting it',
  self: 'self time (its own code running)',
  await: 'time waiting in a function or on it',
};

/**
 * The lines above the graph: what was run and when, what the picture leaves
 * out and why, and a legend of only the marks this picture uses (the flow
 * arrows' too under a decoration's own legend, as they are drawn the same). Generated
 * text stays ASCII, as formatCalls explains.
 */
export function titleLines(graph: CallGraph, options: TitleOptions): string[] {
  const heading = options.title ?? `tsprof: ${formatCommand(graph.command)}`;
  const firstRun = firstRunFact(graph);
  const sampled = sampledFact(graph);
  return [
    heading,
    runFacts(graph),
    ...(firstRun ? [firstRun] : []),
    ...(sampled ? [sampled] : []),
    ...pruningFacts(graph),
    ...(options.legend ?? legend(graph, options.colorBy)),
    ...(options.label === 'latency' && !options.legend ? [latencyLegend(graph)] : []),
    ...flowLegend(graph),
  ];
}

/**
 * A cold transform cache (a new app, a changed file, a new tsprof) makes tsprof's
 * instrumenting the heaviest thing a first picture shows: say what it is, once,
 * so that it is not taken for the program's time.
 */
export function firstRunFact(graph: CallGraph): string | undefined {
  const ms = graph.instrumentingMs ?? 0;
  return ms > 0 ? `first run: ${formatDuration(ms)} transforming, cached for the next runs` : undefined;
}

/** Times estimated rather than measured are said so, once (docs/sampling.md states their error bound). */
export function sampledFact(graph: CallGraph): string | undefined {
  const functions = graph.sampledFunctions ?? 0;
  return functions > 0 ? `--sample-hot: the times of ${counted(functions, 'hot short function')} are estimates from a sample of calls; every call is counted` : undefined;
}

function runFacts(graph: CallGraph): string {
  const facts = [];
  if (graph.wallMs > 0 && graph.referenceMs !== graph.wallMs) facts.push(instrumentedWall(graph));
  else if (graph.wallMs > 0) facts.push(`wall time ${formatDuration(graph.wallMs)}`);
  if (graph.startedAt) facts.push(`started ${formatStartedAt(graph.startedAt)}`);
  const shown = countProgramFunctions(graph.nodes);
  facts.push(shown === graph.profiledFunctions ? counted(shown, 'function') : `${shown} of ${counted(graph.profiledFunctions, 'function')} shown`);
  return facts.join(', ');
}

/** Shares are of the processes that ran instrumented code, not of a launcher around them (`npx`, a shell): say which. */
function instrumentedWall(graph: CallGraph): string {
  const pids = [...new Set(graph.processes.map((process) => process.pid))];
  const shown = pids.length <= 3 ? pids.join(', ') : `${pids.slice(0, 3).join(', ')}, ...`;
  const processes = counted(pids.length, 'process', 'processes');
  return `shares of the ${formatDuration(graph.referenceMs)} in ${processes} that ran instrumented code (pid ${shown}); the command ran ${formatDuration(graph.wallMs)}`;
}

function pruningFacts(graph: CallGraph): string[] {
  const lines = [];
  if (graph.processes.some((process) => process.snapshot)) {
    lines.push('built from snapshots: a process was killed before its final write, so its calls since its last snapshot (--flush-interval, or the signal it handled) are missing');
  }
  if (graph.settings.length > 0) lines.push(graph.settings.join(', '));
  if (graph.hidden.length > 0) {
    const parts = graph.hidden.map((hidden) => `${counted(hidden.nodes, 'function')} ${hidden.reason} (${formatDuration(hidden.selfMs)} self time)`);
    lines.push(`hidden: ${parts.join('; ')}`);
  }
  return lines;
}

function legend(graph: CallGraph, colorBy: ColorBy): string[] {
  const lines = [`colour and width: ${COLOUR_MEANING[colorBy]}, as share of wall time: blue 1%, cyan 5%, green 25%, yellow 50%, red 100%`];
  if (graph.nodes.some((node) => node.share > 1)) lines.push('Nx wall: async calls overlapped, N of them in flight on average');
  if (graph.nodes.some((node) => node.awaitMs > 0 || node.awaitedMs > 0)) lines.push('await: time a function waited at its own awaits; awaited: time its callers waited on it');
  if (graph.nodes.some((node) => node.awaitedMs > node.totalMs && !node.isRoot)) lines.push(AWAITED_ABOVE_TOTAL_NOTE);
  const marks = [];
  if (graph.nodes.some(isMostlyWaiting)) marks.push('hollow box: mostly waiting, not running');
  if (graph.edges.some(isMostlyAwaited)) marks.push('double line: awaited call');
  if (graph.edges.some((edge) => edge.hot)) marks.push('bold, double outline: hot path');
  if (graph.edges.some((edge) => edge.elided && !edge.async)) marks.push('dashed: through hidden functions');
  if (graph.edges.some((edge) => edge.async)) marks.push("dotted: a callback the caller scheduled (.then, await, nextTick, timer), run later; its time is not in the caller's total");
  if (marks.length > 0) lines.push(marks.join('; '));
  return lines;
}
