import type { CallGraph, GraphNode } from '../../../graph/types';
import { latencyByFunction, type Latency } from '../../../profile/histogram';
import { formatDuration, formatLocation, formatShare } from '../../format';
import { element } from './dom';
import { flowsTable } from './flows-table';
import { SortableTable, type Column } from './sortable-table';

/** A function of the selection with the percentiles of its calls' durations, when the profile recorded them. */
interface FunctionRow {
  node: GraphNode;
  latency?: Latency;
}

const LATENCY_KEYS = ['p50', 'p90', 'p99', 'max'] as const;

function timesColumns(cwd: string): Column<FunctionRow>[] {
  const time = (key: string, title: string, ms: (node: GraphNode) => number): Column<FunctionRow> => ({
    key,
    title,
    value: ({ node }) => ms(node),
    shown: ({ node }) => formatDuration(ms(node)),
    numeric: true,
  });
  return [
    { key: 'name', title: 'Function', value: ({ node }) => node.name, shown: ({ node }) => node.name, numeric: false },
    { key: 'calls', title: 'Calls', value: ({ node }) => node.calls, shown: ({ node }) => String(node.calls), numeric: true },
    time('total', 'Total', (node) => node.totalMs),
    { key: 'share', title: 'Share', value: ({ node }) => node.share, shown: ({ node }) => formatShare(node.share), numeric: true },
    time('self', 'Self', (node) => node.selfMs),
    time('await', 'Await', (node) => node.awaitMs),
    time('awaited', 'Awaited', (node) => node.awaitedMs),
    { key: 'location', title: 'Location', value: ({ node }) => `${node.file}:${node.line}`, shown: ({ node }) => formatLocation(node.file, node.line, cwd), numeric: false },
  ];
}

/** p50, p90, p99, max: a function without durations shows '-' and sorts below every one with. */
const LATENCY_COLUMNS: readonly Column<FunctionRow>[] = LATENCY_KEYS.map((key) => ({
  key,
  title: key === 'max' ? 'Max' : key,
  value: ({ latency }) => (latency ? latency[key] : -1),
  shown: ({ latency }) => (latency ? formatDuration(latency[key]) : '-'),
  numeric: true,
}));

/**
 * Every function of the selection (not pruned: a table has room), with the
 * report's numbers, and the report's latency columns when the profile
 * recorded call durations. The message flows follow in a table of their own
 * (flows-table.ts), outside the sortable one, which redraws itself.
 */
export class TableView {
  private readonly table: SortableTable<FunctionRow>;
  private readonly timeColumns: Column<FunctionRow>[];
  private readonly flows = element('div', {});
  readonly root: HTMLElement;

  constructor(cwd: string, pick: (id: number) => void, focus: (id: number) => void) {
    this.table = new SortableTable<FunctionRow>((row) => row.node.id, { pick, open: focus }, 'total');
    this.timeColumns = timesColumns(cwd);
    this.root = element('div', {}, this.table.root, this.flows);
  }

  draw(graph: CallGraph): void {
    const latencies = latencyByFunction(graph.contexts.contexts);
    const rows = graph.nodes.filter((node) => !node.isRoot).map((node) => ({ node, latency: latencies.get(node.id) }));
    // Before Location, which stays last.
    const columns = latencies.size === 0 ? this.timeColumns : [...this.timeColumns.slice(0, -1), ...LATENCY_COLUMNS, ...this.timeColumns.slice(-1)];
    this.table.draw(columns, rows);
    this.flows.replaceChildren(...flowsTable(graph));
  }

  mark(className: string, ids: ReadonlySet<number>): void {
    this.table.mark(className, ids);
  }

  rowOf(id: number): HTMLElement | null {
    return this.table.rowOf(id);
  }
}
