import type { CallGraph, GraphNode } from '../../../graph/types';
import { formatDuration, formatLocation, formatShare } from '../../format';
import { element } from './dom';
import { flowsTable } from './flows-table';

interface Column {
  key: string;
  title: string;
  value: (node: GraphNode) => number | string;
  shown: (node: GraphNode, graph: CallGraph, cwd: string) => string;
  numeric: boolean;
}

const COLUMNS: readonly Column[] = [
  { key: 'name', title: 'Function', value: (node) => node.name, shown: (node) => node.name, numeric: false },
  { key: 'calls', title: 'Calls', value: (node) => node.calls, shown: (node) => String(node.calls), numeric: true },
  { key: 'total', title: 'Total', value: (node) => node.totalMs, shown: (node) => formatDuration(node.totalMs), numeric: true },
  { key: 'share', title: 'Share', value: (node) => node.share, shown: (node) => formatShare(node.share), numeric: true },
  { key: 'self', title: 'Self', value: (node) => node.selfMs, shown: (node) => formatDuration(node.selfMs), numeric: true },
  { key: 'await', title: 'Await', value: (node) => node.awaitMs, shown: (node) => formatDuration(node.awaitMs), numeric: true },
  { key: 'awaited', title: 'Awaited', value: (node) => node.awaitedMs, shown: (node) => formatDuration(node.awaitedMs), numeric: true },
  { key: 'location', title: 'Location', value: (node) => `${node.file}:${node.line}`, shown: (node, _graph, cwd) => formatLocation(node.file, node.line, cwd), numeric: false },
];

/**
 * Every function of the selection (not pruned: a table has room), with the
 * report's numbers; a header button sorts by its column, again reverses.
 * The message flows follow in a table of their own (flows-table.ts).
 */
export class TableView {
  readonly root = element('div', { class: 'table-view' });
  private sortKey = 'total';
  private descending = true;
  private graph: CallGraph | null = null;

  constructor(private readonly cwd: string, private readonly pick: (id: number) => void, private readonly focus: (id: number) => void) {}

  draw(graph: CallGraph): void {
    this.graph = graph;
    const column = COLUMNS.find((candidate) => candidate.key === this.sortKey)!;
    const direction = this.descending ? -1 : 1;
    const nodes = graph.nodes
      .filter((node) => !node.isRoot)
      .sort((a, b) => {
        const left = column.value(a);
        const right = column.value(b);
        return direction * (typeof left === 'number' && typeof right === 'number' ? left - right : String(left).localeCompare(String(right))) || a.id - b.id;
      });
    const header = element('tr', {}, ...COLUMNS.map((candidate) => this.headerCell(candidate)));
    const rows = nodes.map((node) => this.row(graph, node));
    this.root.replaceChildren(element('table', { class: 'functions' }, element('thead', {}, header), element('tbody', {}, ...rows)), ...flowsTable(graph));
  }

  mark(className: string, ids: ReadonlySet<number>): void {
    for (const row of this.root.querySelectorAll<HTMLElement>('tr[data-function-id]')) {
      row.classList.toggle(className, ids.has(Number(row.dataset.functionId)));
    }
  }

  rowOf(id: number): HTMLElement | null {
    return this.root.querySelector(`tr[data-function-id="${id}"]`);
  }

  private headerCell(column: Column): HTMLElement {
    const sorted = column.key === this.sortKey;
    const button = element('button', { type: 'button' }, column.title);
    button.addEventListener('click', () => {
      this.descending = sorted ? !this.descending : column.numeric;
      this.sortKey = column.key;
      if (this.graph) this.draw(this.graph);
      this.root.querySelector<HTMLButtonElement>(`th[data-key="${column.key}"] button`)?.focus();
    });
    const attributes: Record<string, string> = { 'data-key': column.key, class: column.numeric ? 'number' : '' };
    if (sorted) attributes['aria-sort'] = this.descending ? 'descending' : 'ascending';
    return element('th', attributes, button);
  }

  private row(graph: CallGraph, node: GraphNode): HTMLElement {
    const cells = COLUMNS.map((column) => element('td', { class: column.numeric ? 'number' : '' }, column.shown(node, graph, this.cwd)));
    const row = element('tr', { 'data-function-id': String(node.id), tabindex: '0' }, ...cells);
    row.addEventListener('click', () => this.pick(node.id));
    row.addEventListener('dblclick', () => this.focus(node.id));
    row.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') this.pick(node.id);
      else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        const next = event.key === 'ArrowDown' ? row.nextElementSibling : row.previousElementSibling;
        (next as HTMLElement | null)?.focus();
      }
    });
    return row;
  }
}
