import { toDot } from '../../dot';
import { titleLines } from '../../title';
import type { SelectionFlag } from '../../../profile/select';
import type { PageData } from '../../html-data';
import { byId, element } from './dom';
import { FLAME_METRICS, FlameView, type FlameMetric } from './flame-view';
import { GraphView } from './graph-view';
import { layoutSvg } from './layout';
import { exactName, Model } from './model';
import { Panel } from './panel';
import { SearchBox } from './search-box';
import { TableView } from './table-view';

/**
 * calls.html's script: reads the profile the page carries, shows the graph
 * the command line drew, and redraws every view when a function is focused,
 * rooted or ignored. State lives in the Model; the views only draw it.
 */
type ViewName = 'graph' | 'flame' | 'table';
const VIEWS: readonly ViewName[] = ['graph', 'flame', 'table'];

const data = JSON.parse(byId('tsprof-data').textContent ?? '') as PageData;
const model = new Model(data);
const cwd = data.view.cwd;

let view: ViewName = 'graph';
let metric: FlameMetric = 'total';
let picked: number | undefined;
/** Layouts finish out of order when the user clicks faster than Graphviz lays out: only the last one is shown. */
let layoutRequest = 0;

const graphView = new GraphView(pickFunction, (id) => selectOn('focus', id));
const flameView = new FlameView(pickFunction, (id) => selectOn('focus', id));
const tableView = new TableView(cwd, pickFunction, (id) => selectOn('focus', id));
const panel = new Panel(selectOn, pickFunction);

const facts = element('div', { class: 'facts' });
const status = element('p', { class: 'status', role: 'status' });
const search = new SearchBox(() => model.report.nodes.filter((node) => !node.isRoot), markAll, (id) => {
  pickFunction(id);
  const target = view === 'graph' ? graphView.nodeOf(id) : view === 'table' ? tableView.rowOf(id) : null;
  target?.scrollIntoView({ block: 'nearest' });
});
const undoButton = element('button', { type: 'button', title: 'undo the last focus, root or ignore (u)' }, 'Undo');
const resetButton = element('button', { type: 'button', title: "back to the command line's selection" }, 'Reset');
const metricChoice = element('select', { 'aria-label': 'flame width' }, ...FLAME_METRICS.map((name) => element('option', { value: name }, `width: ${name}`)));
const tabs = VIEWS.map((name, index) => {
  const tab = element('button', { type: 'button', role: 'tab', 'data-view': name, title: `key ${index + 1}` }, name === 'graph' ? 'Call graph' : name === 'flame' ? 'Flame' : 'Table');
  tab.addEventListener('click', () => showView(name));
  return tab;
});
const views: Record<ViewName, HTMLElement> = { graph: graphView.root, flame: flameView.root, table: tableView.root };
const main = element('main', { class: 'views' }, graphView.root, flameView.root, tableView.root);

document.body.append(
  element('header', {}, element('h1', {}, `tsprof: ${data.profile.command.join(' ')}`), facts),
  element('nav', { class: 'toolbar' }, element('div', { role: 'tablist' }, ...tabs), search.input, search.count, metricChoice, undoButton, resetButton, status),
  element('div', { class: 'body' }, main, panel.root),
);

metricChoice.addEventListener('change', () => {
  metric = metricChoice.value as FlameMetric;
  drawFlame();
});
undoButton.addEventListener('click', () => {
  if (model.undo()) redraw('undone');
});
resetButton.addEventListener('click', () => {
  model.reset();
  redraw("the command line's selection");
});
document.addEventListener('keydown', onKey);
window.addEventListener('resize', () => drawFlame());

const initial = byId<HTMLTemplateElement>('tsprof-initial-graph').content.querySelector('svg');
if (initial) graphView.show(document.importNode(initial, true) as SVGSVGElement);
drawFacts();
tableView.draw(model.report);
showView('graph');
document.body.dataset.ready = 'true';
// Milliseconds from navigation to interactive, for npm run bench (bench/html.js).
document.body.dataset.interactiveMs = String(Math.round(performance.now()));

function showView(name: ViewName): void {
  view = name;
  for (const candidate of VIEWS) views[candidate].hidden = candidate !== name;
  for (const tab of tabs) tab.setAttribute('aria-selected', String(tab.dataset.view === name));
  metricChoice.hidden = name !== 'flame';
  if (name === 'flame') drawFlame();
  markAll();
}

function drawFlame(): void {
  if (view !== 'flame' || !model.report.contexts) return;
  flameView.draw(model.report.contexts, metric, model.report.referenceMs);
  markAll();
}

function drawFacts(): void {
  const [, ...lines] = titleLines(model.picture, { colorBy: data.view.colorBy, label: data.view.label });
  facts.replaceChildren(...lines.map((line) => element('p', {}, line)));
}

/** After a selection: the table, flame and facts at once; the graph when Graphviz has laid it out. */
function redraw(what: string): void {
  drawFacts();
  tableView.draw(model.report);
  drawFlame();
  search.find();
  if (picked !== undefined) panel.show(model.report, picked);
  const request = ++layoutRequest;
  document.body.dataset.ready = 'false';
  status.textContent = `${what}; laying out the graph...`;
  layoutSvg(toDot(model.picture, { cwd, colorBy: data.view.colorBy, label: data.view.label }))
    .then((svg) => {
      if (request !== layoutRequest) return;
      const drawn = new DOMParser().parseFromString(svg, 'image/svg+xml').documentElement;
      graphView.show(document.importNode(drawn, true) as unknown as SVGSVGElement);
      markAll();
      status.textContent = what;
      document.body.dataset.ready = 'true';
    })
    .catch((error: unknown) => {
      status.textContent = `Graphviz failed: ${error instanceof Error ? error.message : String(error)}`;
    });
}

function pickFunction(id: number): void {
  picked = id;
  panel.show(model.report, id);
  markAll();
}

function selectOn(flag: SelectionFlag, id: number): void {
  const name = model.functionName(id);
  if (name === undefined) return;
  const pattern = exactName(name);
  if (model.select(flag, pattern)) redraw(`--${flag} ${pattern}`);
}

function markAll(): void {
  const found = new Set(search.matches);
  const pickedSet = new Set(picked === undefined ? [] : [picked]);
  for (const target of [graphView, flameView, tableView]) {
    target.mark('match', found);
    target.mark('picked', pickedSet);
  }
}

function onKey(event: KeyboardEvent): void {
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  const typing = event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement;
  if (typing) return;
  const selections: Record<string, SelectionFlag> = { f: 'focus', r: 'root', i: 'ignore' };
  if (event.key === '/') {
    event.preventDefault();
    search.input.focus();
  } else if (['1', '2', '3'].includes(event.key)) showView(VIEWS[Number(event.key) - 1]);
  else if (event.key === 'n' || event.key === 'N') search.next(event.key === 'n' ? 1 : -1);
  else if (selections[event.key] && picked !== undefined) selectOn(selections[event.key], picked);
  else if (event.key === 'u' && model.undo()) redraw('undone');
  else if (event.key === 'Escape') {
    picked = undefined;
    panel.clear();
    markAll();
  } else if (event.key === '?') panel.clear();
}
