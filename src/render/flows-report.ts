import { latencyOf, type Latency } from '../profile/histogram';
import type { ContextSelection } from '../graph/types';
import type { MessageFlow } from '../profile/types';

/**
 * The report's message flows (`--flows`, profile/flow-types.ts): each flow's
 * publishing and handling functions by name, null for an end no profiled
 * process had (unmatched). The JSON report lists them; text and markdown say
 * in one line how many messages were followed.
 */
export interface FlowRow {
  from: string | null;
  to: string | null;
  /** OpenTelemetry `messaging.system`. */
  transport: string;
  destination: string;
  messages: number;
  /** Send → handler start; null when the ends' clocks were not one (MessageFlow.clock) or the flow is unmatched on the handling side. */
  latencyMs: Latency | null;
  clock: MessageFlow['clock'] | null;
}

export function flowRows(selection: ContextSelection): FlowRow[] | undefined {
  if (!selection.flows) return undefined;
  const nameOf = (context: number): string | null => {
    const fn = context >= 0 ? selection.contexts[context]?.function : undefined;
    return fn === undefined ? null : selection.functions[fn].name;
  };
  return [...selection.flows]
    .sort((a, b) => b.messages - a.messages)
    .map((flow) => ({
      from: nameOf(flow.from),
      to: nameOf(flow.to),
      transport: flow.system,
      destination: flow.destination,
      messages: flow.messages,
      latencyMs: latencyOf(flow.latency) ?? null,
      clock: flow.clock ?? null,
    }));
}

/** One line for the text and markdown reports; '' when the profile was not recorded with --flows. */
export function flowsLine(selection: ContextSelection): string {
  const rows = flowRows(selection);
  if (!rows) return '';
  const total = rows.reduce((sum, row) => sum + row.messages, 0);
  const matched = rows.filter((row) => row.from !== null && row.to !== null).reduce((sum, row) => sum + row.messages, 0);
  return `Flows: ${total} messages followed, ${matched} from publish to handler, ${total - matched} unmatched (tsprof report --format json lists them)\n`;
}
