import { element } from './dom';

/** One column: what it sorts by and what it shows. */
export interface Column<Row> {
  key: string;
  title: string;
  value: (row: Row) => number | string;
  shown: (row: Row) => string;
  numeric: boolean;
}

/** What a row does when clicked (pick), double-clicked (open: the calls page focuses) or keyed. */
export interface RowActions {
  pick: (id: number) => void;
  open?: (id: number) => void;
}

/**
 * The page's one table: rows keyed by a function id, a header button per
 * column that sorts by it (again: reverses), rows that are buttons for the
 * keyboard too (Enter picks, arrows move). The calls table and the diff's
 * table of changes are two column lists over it.
 */
export class SortableTable<Row> {
  readonly root = element('div', { class: 'table-view' });
  private columns: readonly Column<Row>[] = [];
  private rows: readonly Row[] = [];

  constructor(private readonly idOf: (row: Row) => number, private readonly actions: RowActions, private sortKey: string, private descending = true) {}

  draw(columns: readonly Column<Row>[], rows: readonly Row[]): void {
    this.columns = columns;
    this.rows = rows;
    const column = columns.find((candidate) => candidate.key === this.sortKey) ?? columns[0];
    const direction = this.descending ? -1 : 1;
    const sorted = [...rows].sort((a, b) => {
      const left = column.value(a);
      const right = column.value(b);
      return direction * (typeof left === 'number' && typeof right === 'number' ? left - right : String(left).localeCompare(String(right))) || this.idOf(a) - this.idOf(b);
    });
    const header = element('tr', {}, ...columns.map((candidate) => this.headerCell(candidate)));
    this.root.replaceChildren(element('table', { class: 'functions' }, element('thead', {}, header), element('tbody', {}, ...sorted.map((row) => this.row(row)))));
  }

  mark(className: string, ids: ReadonlySet<number>): void {
    for (const row of this.root.querySelectorAll<HTMLElement>('tr[data-function-id]')) {
      row.classList.toggle(className, ids.has(Number(row.dataset.functionId)));
    }
  }

  rowOf(id: number): HTMLElement | null {
    return this.root.querySelector(`tr[data-function-id="${id}"]`);
  }

  private headerCell(column: Column<Row>): HTMLElement {
    const sorted = column.key === this.sortKey;
    const button = element('button', { type: 'button' }, column.title);
    button.addEventListener('click', () => {
      this.descending = sorted ? !this.descending : column.numeric;
      this.sortKey = column.key;
      this.draw(this.columns, this.rows);
      this.root.querySelector<HTMLButtonElement>(`th[data-key="${column.key}"] button`)?.focus();
    });
    const attributes: Record<string, string> = { 'data-key': column.key, class: column.numeric ? 'number' : '' };
    if (sorted) attributes['aria-sort'] = this.descending ? 'descending' : 'ascending';
    return element('th', attributes, button);
  }

  private row(data: Row): HTMLElement {
    const id = this.idOf(data);
    const cells = this.columns.map((column) => element('td', { class: column.numeric ? 'number' : '' }, column.shown(data)));
    const row = element('tr', { 'data-function-id': String(id), tabindex: '0' }, ...cells);
    row.addEventListener('click', () => this.actions.pick(id));
    const open = this.actions.open;
    if (open) row.addEventListener('dblclick', () => open(id));
    row.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') this.actions.pick(id);
      else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        const next = event.key === 'ArrowDown' ? row.nextElementSibling : row.previousElementSibling;
        (next as HTMLElement | null)?.focus();
      }
    });
    return row;
  }
}
