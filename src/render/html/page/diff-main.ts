import type { DiffPageData, PageRow } from '../../html-data';
import { byId, element } from './dom';
import { GraphView } from './graph-view';
import { SearchBox } from './search-box';
import { SortableTable, type Column } from './sortable-table';

/**
 * diff.html's script: the picture `tsprof diff` drew (boxes coloured by
 * change), and diff's table of every function of either side, changed
 * first, with the search, keys and side panel of calls.html. Nothing is
 * selected or laid out again: a diff's colours come from compare/.
 */
type ViewName = 'graph' | 'table';
const VIEWS: readonly ViewName[] = ['graph', 'table'];

const data = JSON.parse(byId('tsprof-data').textContent ?? '') as DiffPageData;
const rowsById = new Map(data.table.rows.map((row) => [row.id, row]));
const columns: Column<PageRow>[] = data.table.columns.map((column, index) => ({
  key: column.key,
  title: column.title,
  numeric: column.numeric,
  value: (row) => row.values[index],
  shown: (row) => row.cells[index],
}));

let view: ViewName = 'graph';
let picked: number | undefined;

const graphView = new GraphView(pick, pick);
const table = new SortableTable<PageRow>((row) => row.id, { pick }, data.table.sortKey);
const panel = element('aside', { class: 'panel', 'aria-label': 'function details', 'aria-live': 'polite' });
const search = new SearchBox(() => data.table.rows, markAll, (id) => {
  pick(id);
  (view === 'graph' ? graphView.nodeOf(id) : table.rowOf(id))?.scrollIntoView({ block: 'nearest' });
});
const tabs = VIEWS.map((name, index) => {
  const tab = element('button', { type: 'button', role: 'tab', 'data-view': name, title: `key ${index + 1}` }, name === 'graph' ? 'Call graph' : 'Changes');
  tab.addEventListener('click', () => showView(name));
  return tab;
});
const views: Record<ViewName, HTMLElement> = { graph: graphView.root, table: table.root };

document.body.append(
  element('header', {}, element('h1', {}, data.heading), element('div', { class: 'facts' }, ...data.summary.map((line) => element('p', {}, line)))),
  element('nav', { class: 'toolbar' }, element('div', { role: 'tablist' }, ...tabs), search.input, search.count),
  element('div', { class: 'body' }, element('main', { class: 'views' }, graphView.root, table.root), panel),
);
document.addEventListener('keydown', onKey);

const initial = byId<HTMLTemplateElement>('tsprof-initial-graph').content.querySelector('svg');
if (initial) graphView.show(document.importNode(initial, true) as SVGSVGElement);
table.draw(columns, data.table.rows);
clearPanel();
showView('graph');
document.body.dataset.ready = 'true';
document.body.dataset.interactiveMs = String(Math.round(performance.now()));

function showView(name: ViewName): void {
  view = name;
  for (const candidate of VIEWS) views[candidate].hidden = candidate !== name;
  for (const tab of tabs) tab.setAttribute('aria-selected', String(tab.dataset.view === name));
  markAll();
}

function pick(id: number): void {
  picked = id;
  const row = rowsById.get(id);
  if (!row) {
    panel.replaceChildren(element('p', { class: 'hint' }, 'This box has no row: the root, or a function of neither side.'));
  } else {
    const numbers = data.table.columns.flatMap((column, index) => (column.key === 'name' ? [] : [element('dt', {}, column.title), element('dd', { 'data-number': column.key }, row.cells[index] || '-')]));
    panel.replaceChildren(element('h2', {}, row.name), element('dl', { class: 'numbers' }, ...numbers), ...(id < 0 ? [element('p', { class: 'hint' }, 'Not in the head: no box.')] : []));
  }
  markAll();
}

function clearPanel(): void {
  panel.replaceChildren(element('p', { class: 'hint' }, 'Click a function (or Tab to it and press Enter) to see its numbers on both sides. Keys: / search, n next match, 1 2 views, Escape clears.'));
}

function markAll(): void {
  const found = new Set(search.matches);
  const pickedSet = new Set(picked === undefined ? [] : [picked]);
  for (const target of [graphView, table]) {
    target.mark('match', found);
    target.mark('picked', pickedSet);
  }
}

function onKey(event: KeyboardEvent): void {
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  if (event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement) return;
  if (event.key === '/') {
    event.preventDefault();
    search.input.focus();
  } else if (event.key === '1' || event.key === '2') showView(VIEWS[Number(event.key) - 1]);
  else if (event.key === 'n' || event.key === 'N') search.next(event.key === 'n' ? 1 : -1);
  else if (event.key === 'Escape') {
    picked = undefined;
    clearPanel();
    markAll();
  }
}
