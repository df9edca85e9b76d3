import { findHotPath } from '../graph/hot-path';
import { CallGraph, GraphNode } from '../graph/types';
import { formatCommand, formatDuration, formatLocation, formatPercent } from './format';

export type ReportSortKey = 'self' | 'total' | 'await' | 'calls';
export type ReportFormat = 'text' | 'markdown';

export interface ReportOptions {
  /** How many functions the table lists; default 20. */
  top?: number;
  /** Which number orders the table, largest first; default 'self', where time is actually spent. */
  sortBy?: ReportSortKey;
  /** 'text' for terminals and CI logs, 'markdown' for job summaries and pull-request comments. */
  format?: ReportFormat;
  /** Paths inside this directory are shown relative to it; defaults to process.cwd(). */
  cwd?: string;
}

const SORT_VALUE: Record<ReportSortKey, (node: GraphNode) => number> = {
  self: (node) => node.selfMs,
  total: (node) => node.totalMs,
  await: (node) => node.awaitMs,
  calls: (node) => node.calls,
};

const COLUMNS = ['function', 'calls', 'total', 'self', 'await', 'location'] as const;
const NUMERIC_COLUMNS = new Set<string>(['calls', 'total', 'self', 'await']);

interface Report {
  heading: string;
  tableTitle: string;
  rows: string[][];
  hotPath: string[];
}

/**
 * A text summary of the graph for places where no image is shown: the top
 * functions by one measure, and the hot path as a chain of calls with the
 * time spent along each step.
 */
export function formatReport(graph: CallGraph, options: ReportOptions = {}): string {
  const report = collectReport(graph, options);
  return options.format === 'markdown' ? asMarkdown(report) : asText(report);
}

function collectReport(graph: CallGraph, options: ReportOptions): Report {
  const sortBy = options.sortBy ?? 'self';
  const cwd = options.cwd ?? process.cwd();
  const value = SORT_VALUE[sortBy];
  const functions = graph.nodes
    .filter((node) => !node.isRoot)
    .sort((a, b) => value(b) - value(a) || b.totalMs - a.totalMs || a.name.localeCompare(b.name) || a.id - b.id)
    .slice(0, options.top ?? 20);

  return {
    heading: `tsprof: ${formatCommand(graph.command)} (wall time ${formatDuration(graph.wallMs)})`,
    tableTitle: `Top ${functions.length} functions by ${sortBy === 'calls' ? 'calls' : `${sortBy} time`}`,
    rows: functions.map((node) => [
      node.name,
      String(node.calls),
      `${formatDuration(node.totalMs)} (${formatPercent(node.totalShare)})`,
      formatDuration(node.selfMs),
      node.awaitMs > 0 ? formatDuration(node.awaitMs) : '-',
      formatLocation(node.file, node.line, cwd),
    ]),
    hotPath: hotPathSteps(graph),
  };
}

/** `(root)`, then each callee with the time of the call that led to it. */
function hotPathSteps(graph: CallGraph): string[] {
  const names = new Map(graph.nodes.map((node) => [node.id, node.name]));
  const path = findHotPath(graph);
  if (path.length === 0) return [];
  return [
    names.get(graph.rootId) ?? '(root)',
    ...path.map((edge) => `${names.get(edge.callee) ?? `#${edge.callee}`} (${formatDuration(edge.totalMs)})`),
  ];
}

function asText(report: Report): string {
  const table = [[...COLUMNS] as string[], ...report.rows];
  const widths = COLUMNS.map((_, column) => Math.max(...table.map((row) => row[column].length)));
  const line = (row: string[]): string =>
    row
      .map((cell, column) => (NUMERIC_COLUMNS.has(COLUMNS[column]) ? cell.padStart(widths[column]) : cell.padEnd(widths[column])))
      .join('  ')
      .trimEnd();
  return [
    report.heading,
    '',
    `${report.tableTitle}:`,
    ...table.map((row) => `  ${line(row)}`),
    '',
    'Hot path:',
    `  ${report.hotPath.length > 0 ? report.hotPath.join(' → ') : '(no calls recorded)'}`,
    '',
  ].join('\n');
}

function asMarkdown(report: Report): string {
  const header = `| ${COLUMNS.join(' | ')} |`;
  const alignment = `|${COLUMNS.map((column) => (NUMERIC_COLUMNS.has(column) ? ' ---: ' : ' --- ')).join('|')}|`;
  const rows = report.rows.map((row) => `| ${row.map(escapeMarkdown).join(' | ')} |`);
  const hotPath = report.hotPath.length > 0 ? report.hotPath.map(escapeMarkdown).join(' → ') : '(no calls recorded)';
  return [
    `### ${escapeMarkdown(report.heading)}`,
    '',
    `**${escapeMarkdown(report.tableTitle)}**`,
    '',
    header,
    alignment,
    ...rows,
    '',
    `**Hot path:** ${hotPath}`,
    '',
  ].join('\n');
}

/** Names like `<anonymous>` or `a|b` must not turn into HTML or extra table cells. */
function escapeMarkdown(text: string): string {
  return text
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|#]/g, (character) => `\\${character}`);
}
