import type { CallGraph, FlowEnd, GraphFlow } from '../graph/types';
import { latencyOf, type Latency } from '../profile/histogram';
import { flowEndName } from './dot-flows';
import { counted, formatDuration } from './format';
import { escapeMarkdown, markdownTable, textTable, type Table } from './table';

/**
 * The report's message flows (graph/flows.ts), after its functions and hot
 * path: a table of who published what to which destination and who handled
 * it, the messages and the send → handler percentiles, and how many messages
 * had an end no profiled process recorded. Nothing at all when the profile
 * has no flows.
 */

/** One flow as `report --format json` lists it. */
export interface FlowReport {
  /** The publishing function's name as its box shows it; null when no profiled process published them (unmatched). */
  from: string | null;
  /** The handling function's name; null when no profiled process handled them (unmatched). */
  to: string | null;
  /** OpenTelemetry `messaging.system`: rabbitmq, redis, mqtt, nats, bullmq. */
  system: string;
  /** The same as `system`, by the name the issue asked for. */
  transport: string;
  destination: string;
  messages: number;
  /** Send → handler start, milliseconds; null when no message had a latency (unmatched publish, unreconciled clocks). */
  latencyMs: Latency | null;
  /** `one host`, `unreconciled`, or null for a flow with an unmatched end. */
  clock: GraphFlow['clock'] | null;
  /** Present when one end is unmatched: which one. */
  unmatched?: 'from' | 'to';
  /** Present when --root, --focus or --ignore left the function at one end out: which end (it is still named). */
  offSelection?: 'from' | 'to';
}

function endOf(graph: CallGraph, end: FlowEnd): string | null {
  return end.kind === 'not profiled' ? null : flowEndName(graph, end);
}

function sideWhere(flow: GraphFlow, kind: FlowEnd['kind']): 'from' | 'to' | undefined {
  return flow.from.kind === kind ? 'from' : flow.to.kind === kind ? 'to' : undefined;
}

export function flowReports(graph: CallGraph): FlowReport[] {
  return (graph.flows ?? []).map((flow) => {
    const unmatched = sideWhere(flow, 'not profiled');
    const offSelection = sideWhere(flow, 'not selected');
    return {
      from: endOf(graph, flow.from),
      to: endOf(graph, flow.to),
      system: flow.system,
      transport: flow.system,
      destination: flow.destination,
      messages: flow.messages,
      latencyMs: latencyOf(flow.latency) ?? null,
      clock: flow.clock ?? null,
      ...(unmatched ? { unmatched } : {}),
      ...(offSelection ? { offSelection } : {}),
    };
  });
}

/** `{ flows: [...] }` for the JSON report, or nothing when the profile has none. */
export function flowsData(graph: CallGraph): { flows?: FlowReport[] } {
  const flows = flowReports(graph);
  return flows.length > 0 ? { flows } : {};
}

const LATENCY_COLUMNS = ['p50', 'p90', 'p99', 'max'] as const;
const TITLE = 'Message flows (published by one function, handled by another; latency from send to handler start)';

function flowsTable(reports: FlowReport[]): Table {
  const end = (name: string | null, offSelection: boolean): string => (name === null ? '(not profiled)' : offSelection ? `${name} (off the selection)` : name);
  return {
    columns: ['from', 'to', 'system', 'destination', 'messages', ...LATENCY_COLUMNS],
    numeric: new Set(['messages', ...LATENCY_COLUMNS]),
    rows: reports.map((flow) => [
      end(flow.from, flow.offSelection === 'from'),
      end(flow.to, flow.offSelection === 'to'),
      flow.system,
      flow.destination,
      String(flow.messages),
      ...LATENCY_COLUMNS.map((column) => (flow.latencyMs ? formatDuration(flow.latencyMs[column]) : '-')),
    ]),
  };
}

/** What the table's `(not profiled)` rows and `-` cells mean, with the unmatched counts. */
function flowNotes(reports: FlowReport[]): string[] {
  const messagesWhere = (unmatched: 'from' | 'to'): number => reports.filter((flow) => flow.unmatched === unmatched).reduce((sum, flow) => sum + flow.messages, 0);
  const unhandled = messagesWhere('to');
  const unpublished = messagesWhere('from');
  const notes = [];
  if (unhandled > 0 || unpublished > 0) {
    notes.push(`unmatched (counted, never guessed): ${counted(unhandled, 'message')} published that no profiled process handled; ${counted(unpublished, 'message')} handled that no profiled process published`);
  }
  if (reports.some((flow) => flow.clock === 'unreconciled')) notes.push('-: clocks not reconciled (the two ends ran on hosts whose clocks could not be related), so no latency is given');
  return notes;
}

/** The flows section of the text or markdown report: '' when there are no flows. */
export function flowsSection(graph: CallGraph, format: 'text' | 'markdown'): string {
  const reports = flowReports(graph);
  if (reports.length === 0) return '';
  const table = flowsTable(reports);
  const notes = flowNotes(reports);
  const lines =
    format === 'markdown'
      ? [`**${escapeMarkdown(TITLE)}**`, '', ...markdownTable(table), ...notes.flatMap((note) => ['', escapeMarkdown(note)])]
      : [`${TITLE}:`, ...textTable(table), ...notes];
  return `${lines.join('\n')}\n`;
}
