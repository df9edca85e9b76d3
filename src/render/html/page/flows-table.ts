import type { CallGraph } from '../../../graph/types';
import { formatDuration } from '../../format';
import { flowReports, type FlowReport } from '../../report-flows';
import { element } from './dom';

const LATENCY = ['p50', 'p90', 'p99', 'max'] as const;

function endCell(name: string | null, offSelection: boolean): string {
  if (name === null) return '(not profiled)';
  return offSelection ? `${name} (off the selection)` : name;
}

function row(flow: FlowReport): HTMLElement {
  const number = { class: 'number' };
  return element(
    'tr',
    {},
    element('td', {}, endCell(flow.from, flow.offSelection === 'from')),
    element('td', {}, endCell(flow.to, flow.offSelection === 'to')),
    element('td', {}, flow.system),
    element('td', {}, flow.destination),
    element('td', number, String(flow.messages)),
    ...LATENCY.map((column) => element('td', number, flow.latencyMs ? formatDuration(flow.latencyMs[column]) : flow.clock === 'unreconciled' ? 'clocks not reconciled' : '-')),
  );
}

/**
 * The report's flows table (render/report-flows.ts) under the functions
 * table: who published to which destination, who handled it, the messages
 * and the send → handler percentiles. Nothing when the selection has no flows.
 */
export function flowsTable(graph: CallGraph): HTMLElement[] {
  const flows = flowReports(graph);
  if (flows.length === 0) return [];
  const titles = ['From', 'To', 'System', 'Destination', 'Messages', ...LATENCY];
  const header = element('tr', {}, ...titles.map((title, index) => element('th', index >= 4 ? { class: 'number' } : {}, title)));
  return [
    element('h2', { class: 'flows-title' }, 'Message flows (send to handler start)'),
    element('table', { class: 'functions flows' }, element('thead', {}, header), element('tbody', {}, ...flows.map(row))),
  ];
}
