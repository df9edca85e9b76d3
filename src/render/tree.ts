import { DEFAULT_GRAPH_OPTIONS, formatThreshold } from '../graph/options';
import type { CallGraph } from '../graph/types';
import { weightMs } from '../profile/measures';
import type { ProfileContext } from '../profile/types';
import { formatCommand, formatDuration, formatLocation } from './format';
import { CONTINUATION_MARK, CONTINUATION_NOTE } from './notes';
import type { ReportFormat } from './report';

export interface TreeOptions {
  format?: ReportFormat;
  /** Contexts whose subtree led to less than this share of the wall time are left out (as the graph's --node-threshold). */
  nodeThreshold?: number;
  cwd?: string;
}


interface TreeRow {
  depth: number;
  context: ProfileContext;
}

/**
 * `tsprof report --tree`: the top-down call tree, one line per calling
 * context, indented under its caller, with the calls, total, self, await and
 * awaited time of that path alone, so a helper shared by two paths shows up
 * twice with each path's own numbers. Contexts whose whole subtree stays below
 * the threshold are left out, as the graph leaves out light functions.
 */
export function formatTree(graph: CallGraph, options: TreeOptions = {}): string {
  const rows = treeRows(graph, options.nodeThreshold ?? DEFAULT_GRAPH_OPTIONS.nodeThreshold);
  const functions = graph.contexts.functions;
  const cwd = options.cwd ?? process.cwd();
  if (options.format === 'json') {
    return `${JSON.stringify({ command: graph.command, wallMs: graph.wallMs, settings: graph.settings, tree: nested(rows, functions) }, null, 2)}\n`;
  }
  const columns = ['calls', 'total', 'self', 'await', 'awaited'];
  const optional = (ms: number): string => (ms > 0 ? formatDuration(ms) : '-');
  const table = rows.map(({ depth, context }) => {
    const fn = functions[context.function];
    const name = `${'  '.repeat(depth)}${context.async ? CONTINUATION_MARK : ''}${fn.name}`;
    const numbers = context.parent < 0 ? ['', '', formatDuration(context.selfMs), '', ''] : [String(context.calls), formatDuration(context.totalMs), formatDuration(context.selfMs), optional(context.awaitMs), optional(context.awaitedMs)];
    return [name, ...numbers, fn.file ? formatLocation(fn.file, fn.line, cwd) : ''];
  });
  const header = ['call tree', ...columns, 'location'];
  const widths = header.map((_, column) => Math.max(...[header, ...table].map((row) => row[column].length)));
  const line = (row: string[]): string =>
    row.map((cell, column) => (column > 0 && column <= columns.length ? cell.padStart(widths[column]) : cell.padEnd(widths[column]))).join('  ').trimEnd();
  const hiddenCount = graph.contexts.contexts.length - rows.length;
  const lines = [
    `tsprof: ${formatCommand(graph.command)} (wall time ${formatDuration(graph.wallMs)})`,
    ...(graph.settings.length > 0 ? [graph.settings.join(', ')] : []),
    '',
    line(header),
    ...table.map(line),
    ...(rows.some((row) => row.context.async) ? ['', CONTINUATION_NOTE] : []),
    ...(hiddenCount > 0 ? ['', `(${hiddenCount} calling contexts below ${formatThreshold(options.nodeThreshold ?? DEFAULT_GRAPH_OPTIONS.nodeThreshold)} of wall time left out)`] : []),
  ];
  const text = `${lines.join('\n')}\n`;
  return options.format === 'markdown' ? `\`\`\`\n${text}\`\`\`\n` : text;
}

/** The contexts to print, depth first, heaviest child first, without those whose subtree is too light. */
function treeRows(graph: CallGraph, threshold: number): TreeRow[] {
  const contexts = graph.contexts.contexts;
  const children = new Map<number, ProfileContext[]>();
  const weight = new Map<number, number>();
  // A context re-entered by recursion has no total of its own (the outer call counts it), but its self time still shows.
  for (const context of contexts) weight.set(context.id, Math.max(weightMs(context), context.selfMs));
  for (let index = contexts.length - 1; index >= 0; index--) {
    const context = contexts[index];
    if (context.parent < 0) continue;
    weight.set(context.parent, Math.max(weight.get(context.parent) ?? 0, weight.get(context.id)!));
    const list = children.get(context.parent);
    if (list) list.push(context);
    else children.set(context.parent, [context]);
  }
  const minimumMs = threshold * graph.referenceMs;
  const rows: TreeRow[] = [];
  const visit = (context: ProfileContext, depth: number): void => {
    rows.push({ depth, context });
    const below = (children.get(context.id) ?? [])
      .filter((child) => weight.get(child.id)! >= minimumMs)
      .sort((a, b) => weight.get(b.id)! - weight.get(a.id)! || b.calls - a.calls || a.id - b.id);
    for (const child of below) visit(child, depth + 1);
  };
  const root = contexts.find((context) => context.parent < 0);
  if (root) visit(root, 0);
  return rows;
}

interface TreeNode {
  name: string;
  file: string;
  line: number;
  calls: number;
  totalMs: number;
  selfMs: number;
  awaitMs: number;
  awaitedMs: number;
  children: TreeNode[];
}

function nested(rows: TreeRow[], functions: NonNullable<CallGraph['contexts']>['functions']): TreeNode | null {
  const stack: TreeNode[] = [];
  let root: TreeNode | null = null;
  for (const { depth, context } of rows) {
    const fn = functions[context.function];
    const node: TreeNode = { name: fn.name, file: fn.file, line: fn.line, calls: context.calls, totalMs: context.totalMs, selfMs: context.selfMs, awaitMs: context.awaitMs, awaitedMs: context.awaitedMs, children: [] };
    stack.length = depth;
    if (depth === 0) root = node;
    else stack[depth - 1].children.push(node);
    stack[depth] = node;
  }
  return root;
}
