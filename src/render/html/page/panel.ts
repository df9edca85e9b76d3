import type { CallGraph, GraphEdge, GraphNode } from '../../../graph/types';
import type { ProfileContext } from '../../../profile/types';
import type { SelectionFlag } from '../../../profile/select';
import { formatCalls, formatDuration, formatShare } from '../../format';
import { durationsByFunction, latencyOf } from '../../../profile/histogram';
import { element } from './dom';

/** How many calling paths of one function the panel lists, the heaviest first. */
const MAX_PATHS = 12;

/**
 * The picked function: its numbers on the selected paths, where it is, who
 * calls it and whom it calls, the paths it is reached by, and the buttons
 * that select on it (the keys f, r and i do the same).
 */
export class Panel {
  readonly root = element('aside', { class: 'panel', 'aria-label': 'function details', 'aria-live': 'polite' });

  constructor(private readonly apply: (flag: SelectionFlag, id: number) => void, private readonly pick: (id: number) => void) {
    this.clear();
  }

  clear(): void {
    this.root.replaceChildren(element('p', { class: 'hint' }, 'Click a function (or Tab to it and press Enter) to see its numbers, callers and callees. Keys: / search, n next match, f focus, r root, i ignore, u undo, 1 2 3 views, ? help.'));
  }

  show(graph: CallGraph, id: number): void {
    const node = graph.nodes.find((candidate) => candidate.id === id);
    if (!node) {
      this.root.replaceChildren(element('p', { class: 'hint' }, 'This function is not on the selected paths.'));
      return;
    }
    const buttons = (['focus', 'root', 'ignore'] as const).map((flag) => {
      const button = element('button', { type: 'button', 'data-action': flag, title: `--${flag} on this function (key ${flag[0]})` }, flag[0].toUpperCase() + flag.slice(1));
      button.addEventListener('click', () => this.apply(flag, id));
      return button;
    });
    this.root.replaceChildren(
      element('h2', {}, node.name),
      element('p', { class: 'location' }, location(node)),
      element('div', { class: 'actions' }, ...buttons),
      numbers(node, graph),
      this.edgeList('Callers', graph.edges.filter((edge) => edge.callee === id), graph, (edge) => edge.caller),
      this.edgeList('Callees', graph.edges.filter((edge) => edge.caller === id), graph, (edge) => edge.callee),
      paths(graph, id),
    );
  }

  private edgeList(title: string, edges: GraphEdge[], graph: CallGraph, other: (edge: GraphEdge) => number): HTMLElement {
    const names = new Map(graph.nodes.map((node) => [node.id, node.name]));
    const items = [...edges].sort((a, b) => b.weightMs - a.weightMs).map((edge) => {
      const link = element('button', { type: 'button', class: 'link' }, names.get(other(edge)) ?? '?');
      link.addEventListener('click', () => this.pick(other(edge)));
      const awaited = edge.awaitMs > 0 ? `, awaited ${formatDuration(edge.awaitMs)}` : '';
      return element('li', {}, link, ` ${formatCalls(edge.calls)}, ${formatDuration(edge.totalMs)}${awaited}`);
    });
    return element('section', {}, element('h3', {}, `${title} (${edges.length})`), items.length > 0 ? element('ul', {}, ...items) : element('p', {}, 'none'));
  }
}

function location(node: GraphNode): string {
  if (node.file === '') return '(no source: the event loop and code tsprof did not instrument)';
  return `${node.file}:${node.line}${node.column ? `:${node.column}` : ''}`;
}

function numbers(node: GraphNode, graph: CallGraph): HTMLElement {
  const rows: [string, string][] = [
    ['calls', String(node.calls)],
    ['total', `${formatDuration(node.totalMs)} (${formatShare(node.share)})`],
    ['self', formatDuration(node.selfMs)],
    ['await', formatDuration(node.awaitMs)],
    ['awaited', formatDuration(node.awaitedMs)],
  ];
  const latency = latencyOf(durationsByFunction(graph.contexts.contexts.filter((context) => context.function === node.id)).get(node.id));
  if (latency) rows.push(['p50, p90', `${formatDuration(latency.p50)}, ${formatDuration(latency.p90)}`], ['p99, max', `${formatDuration(latency.p99)}, ${formatDuration(latency.max)}`]);
  if (node.processes && node.processes.length > 0) rows.push(['processes', node.processes.join(', ')]);
  return element('dl', { class: 'numbers' }, ...rows.flatMap(([term, value]) => [element('dt', {}, term), element('dd', { 'data-number': term }, value)]));
}

/** The calling paths that reach the function, each from the root down, with what it did on that path. */
function paths(graph: CallGraph, id: number): HTMLElement {
  const selection = graph.contexts;
  if (!selection) return element('section');
  const byId = new Map(selection.contexts.map((context) => [context.id, context]));
  const mine = selection.contexts.filter((context) => context.function === id).sort((a, b) => b.totalMs - a.totalMs);
  const pathOf = (context: ProfileContext): string => {
    const names = [];
    for (let at: ProfileContext | undefined = context; at && at.parent >= 0; at = byId.get(at.parent)) names.push(selection.functions[at.function].name);
    return names.reverse().join(' > ');
  };
  const items = mine.slice(0, MAX_PATHS).map((context) =>
    element('li', {}, element('span', { class: 'path' }, pathOf(context)), ` ${formatCalls(context.calls)}, total ${formatDuration(context.totalMs)}, self ${formatDuration(context.selfMs)}`),
  );
  const more = mine.length > MAX_PATHS ? [element('p', {}, `and ${mine.length - MAX_PATHS} lighter paths`)] : [];
  return element('section', {}, element('h3', {}, `Paths (${mine.length})`), element('ol', {}, ...items), ...more);
}
