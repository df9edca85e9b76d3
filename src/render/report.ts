import { findHotPath } from '../graph/hot-path';
import { latencyByFunction, latencyByPair, type Latency } from '../profile/histogram';
import { pairKey } from '../profile/identity';
import { shareOf } from '../profile/measures';
import { escapeMarkdown, markdownTable, textTable, type Table } from './table';
import { CallGraph, GraphNode, isProgramFunction } from '../graph/types';
import { firstRunFact, sampledFact } from './title';
import { formatCommand, formatDuration, formatLocation, formatShare } from './format';
import { AWAITED_ABOVE_TOTAL_NOTE, CONTINUATION_MARK, CONTINUATION_NOTE } from './notes';
import { flowsData, flowsSection } from './report-flows';

export type ReportSortKey = 'self' | 'total' | 'await' | 'calls' | 'p99';
export const REPORT_SORT_KEYS: readonly ReportSortKey[] = ['self', 'total', 'await', 'calls', 'p99'];
export type ReportFormat = 'text' | 'markdown' | 'json';
export const REPORT_FORMATS: readonly ReportFormat[] = ['text', 'markdown', 'json'];

export interface ReportOptions {
  /** How many functions the table lists; default 20. */
  top?: number;
  /** Which number orders the table, largest first; default 'self', where time is actually spent. */
  sortBy?: ReportSortKey;
  /** 'text' for terminals and CI logs, 'markdown' for job summaries, 'json' for scripts. */
  format?: ReportFormat;
  /** Paths inside this directory are shown relative to it; defaults to process.cwd(). */
  cwd?: string;
}

/**
 * What each sort key orders by. 'await' is waiting in or on the function: the
 * larger of its own suspensions and the time its callers awaited it, so a
 * pool's `acquire`, which callers queue on, ranks as high as they do.
 */
const SORT_VALUE: Record<ReportSortKey, (node: GraphNode, latency: Latency | undefined) => number> = {
  self: (node) => node.selfMs,
  total: (node) => node.totalMs,
  await: (node) => Math.max(node.awaitMs, node.awaitedMs),
  calls: (node) => node.calls,
  p99: (_node, latency) => latency?.p99 ?? 0,
};

const SORT_TITLE: Record<ReportSortKey, string> = {
  self: 'self time',
  total: 'total time',
  await: 'await time (own or awaited by callers)',
  calls: 'calls',
  p99: '99th percentile of call duration',
};


interface Report {
  heading: string;
  /** What --root/--focus/--ignore selected, and that the numbers are of those paths; '' for the whole run. */
  selection: string;
  functionsTitle: string;
  functions: Table;
  hotPath: Table;
  /** How to read the hot path's continuation steps; '' when it has none. */
  hotPathNote: string;
  /** AWAITED_ABOVE_TOTAL_NOTE when a listed function shows it; '' otherwise. */
  functionsNote: string;
}


/**
 * A text summary of the graph for places where no image is shown: the top
 * functions by one measure, and the hot path (hot-path.ts) as a table of the
 * calls along it, with the calls, time and awaited time of each step.
 */
export function formatReport(graph: CallGraph, options: ReportOptions = {}): string {
  const latencies = latenciesOf(graph);
  if (options.format === 'json') return `${JSON.stringify(reportData(graph, options, latencies), null, 2)}\n`;
  const report = collectReport(graph, options, latencies);
  const format = options.format === 'markdown' ? 'markdown' : 'text';
  const flows = flowsSection(graph, format);
  return `${format === 'markdown' ? asMarkdown(report) : asText(report)}${flows ? `\n${flows}` : ''}`;
}

/**
 * Call-duration percentiles per function (the sum of its contexts'
 * histograms) and per caller → callee pair, over the selected contexts.
 */
interface Latencies {
  functions: Map<number, Latency>;
  pairs: Map<string, Latency>;
}

function latenciesOf(graph: CallGraph): Latencies {
  const contexts = graph.contexts.contexts;
  return { functions: latencyByFunction(contexts), pairs: latencyByPair(contexts) };
}

/** p50, p90, p99 and max as table cells; '-' for a profile without durations. */
const LATENCY_COLUMNS = ['p50', 'p90', 'p99', 'max'] as const;
function latencyCells(latency: Latency | undefined): string[] {
  return LATENCY_COLUMNS.map((column) => (latency ? formatDuration(latency[column]) : '-'));
}

function topFunctions(graph: CallGraph, options: ReportOptions, latencies: Latencies): GraphNode[] {
  const sortValue = SORT_VALUE[options.sortBy ?? 'self'];
  const value = (node: GraphNode): number => sortValue(node, latencies.functions.get(node.id));
  return graph.nodes
    .filter(isProgramFunction)
    .sort((a, b) => value(b) - value(a) || b.totalMs - a.totalMs || a.name.localeCompare(b.name) || a.id - b.id)
    .slice(0, options.top ?? 20);
}

interface HotPathStep {
  node: GraphNode;
  calls: number;
  totalMs: number;
  awaitMs: number;
  async: boolean;
  latency: Latency | undefined;
}

/** The callee of each hot edge, with the numbers of that call; the first step is where the path starts. */
function hotPathSteps(graph: CallGraph, latencies: Latencies): { start: GraphNode; steps: HotPathStep[] } | undefined {
  const byId = new Map(graph.nodes.map((node) => [node.id, node]));
  const path = findHotPath(graph);
  const start = path.length > 0 ? byId.get(path[0].caller) : undefined;
  if (!start) return undefined;
  const steps = path.flatMap((edge) => {
    const node = byId.get(edge.callee);
    const latency = latencies.pairs.get(pairKey(edge.caller, edge.callee, edge.async === true));
    return node ? [{ node, calls: edge.calls, totalMs: edge.totalMs, awaitMs: edge.awaitMs, async: edge.async === true, latency }] : [];
  });
  return { start, steps };
}

function collectReport(graph: CallGraph, options: ReportOptions, latencies: Latencies): Report {
  const cwd = options.cwd ?? process.cwd();
  const shareText = (ms: number): string => formatShare(shareOf(ms, graph.referenceMs));
  const functions = topFunctions(graph, options, latencies);
  const path = hotPathSteps(graph, latencies);
  const optional = (ms: number): string => (ms > 0 ? formatDuration(ms) : '-');
  const firstRun = firstRunFact(graph);
  const sampled = sampledFact(graph);
  return {
    heading: `tsprof: ${formatCommand(graph.command)} (wall time ${formatDuration(graph.wallMs)}${
      graph.wallMs > 0 && graph.referenceMs !== graph.wallMs ? `; shares of the ${formatDuration(graph.referenceMs)} of the processes that ran instrumented code` : ''
    }${firstRun ? `; ${firstRun}` : ''}${sampled ? `; ${sampled}` : ''})`,
    selection: graph.settings.join(', '),
    functionsTitle: `Top ${functions.length} functions by ${SORT_TITLE[options.sortBy ?? 'self']}`,
    functions: {
      columns: ['function', 'calls', 'total', 'self', 'await', 'awaited', ...LATENCY_COLUMNS, 'location'],
      numeric: new Set(['calls', 'total', 'self', 'await', 'awaited', ...LATENCY_COLUMNS]),
      rows: functions.map((node) => [
        node.name,
        String(node.calls),
        `${formatDuration(node.totalMs)} (${shareText(node.totalMs)})`,
        formatDuration(node.selfMs),
        optional(node.awaitMs),
        optional(node.awaitedMs),
        ...latencyCells(latencies.functions.get(node.id)),
        formatLocation(node.file, node.line, cwd),
      ]),
    },
    hotPath: {
      columns: ['step', 'function', 'calls', 'time', 'awaited', ...LATENCY_COLUMNS, 'location'],
      numeric: new Set(['step', 'calls', 'time', 'awaited', ...LATENCY_COLUMNS]),
      rows: path
        ? [
            ['0', path.start.name, '', '', '', ...LATENCY_COLUMNS.map(() => ''), formatLocation(path.start.file, path.start.line, cwd)],
            ...path.steps.map((step, index) => [
              String(index + 1),
              `${step.async ? CONTINUATION_MARK : ''}${step.node.name}`,
              String(step.calls),
              formatDuration(step.totalMs),
              optional(step.awaitMs),
              ...latencyCells(step.latency),
              formatLocation(step.node.file, step.node.line, cwd),
            ]),
          ]
        : [],
    },
    hotPathNote: path?.steps.some((step) => step.async) ? CONTINUATION_NOTE : '',
    functionsNote: functions.some((node) => node.awaitedMs > node.totalMs) ? AWAITED_ABOVE_TOTAL_NOTE : '',
  };
}

function asText(report: Report): string {
  return [
    report.heading,
    ...(report.selection ? [report.selection] : []),
    '',
    `${report.functionsTitle}:`,
    ...textTable(report.functions),
    ...(report.functionsNote ? [report.functionsNote] : []),
    '',
    'Hot path (time and awaited time of each call along it):',
    ...(report.hotPath.rows.length > 0 ? textTable(report.hotPath) : ['  (no calls recorded)']),
    ...(report.hotPathNote ? [report.hotPathNote] : []),
    '',
  ].join('\n');
}


function asMarkdown(report: Report): string {
  return [
    `### ${escapeMarkdown(report.heading)}`,
    '',
    ...(report.selection ? [`*${escapeMarkdown(report.selection)}*`, ''] : []),
    `**${escapeMarkdown(report.functionsTitle)}**`,
    '',
    ...markdownTable(report.functions),
    ...(report.functionsNote ? ['', escapeMarkdown(report.functionsNote)] : []),
    '',
    '**Hot path** (time and awaited time of each call along it)',
    '',
    ...(report.hotPath.rows.length > 0 ? markdownTable(report.hotPath) : ['(no calls recorded)']),
    ...(report.hotPathNote ? ['', escapeMarkdown(report.hotPathNote)] : []),
    '',
  ].join('\n');
}



/** The same report as plain numbers (milliseconds), for scripts that compare runs. */
function reportData(graph: CallGraph, options: ReportOptions, latencies: Latencies): object {
  const cwd = options.cwd ?? process.cwd();
  const path = hotPathSteps(graph, latencies);
  const place = (node: GraphNode): { name: string; location: string } => ({ name: node.name, location: formatLocation(node.file, node.line, cwd) });
  return {
    command: graph.command,
    startedAt: graph.startedAt,
    wallMs: graph.wallMs,
    instrumentingMs: graph.instrumentingMs ?? 0,
    settings: graph.settings,
    sortBy: options.sortBy ?? 'self',
    // latencyMs: percentiles of call durations, null when the profile recorded none.
    functions: topFunctions(graph, options, latencies).map((node) => ({
      ...place(node),
      calls: node.calls,
      totalMs: node.totalMs,
      selfMs: node.selfMs,
      awaitMs: node.awaitMs,
      awaitedMs: node.awaitedMs,
      latencyMs: latencies.functions.get(node.id) ?? null,
    })),
    // Each step is a call along the path: its calls and time, and how long the caller awaited
    // it (the text's "awaited"), named as a function's awaitedMs is, not as its own awaitMs.
    hotPath: path
      ? [
          { ...place(path.start), calls: null, totalMs: null, awaitedMs: null, latencyMs: null },
          ...path.steps.map((step) => ({ ...place(step.node), calls: step.calls, totalMs: step.totalMs, awaitedMs: step.awaitMs, latencyMs: step.latency ?? null })),
        ]
      : [],
    ...flowsData(graph),
  };
}

