import type { CallGraph, FlowEnd, GraphFlow } from '../graph/types';
import { latencyOf } from '../profile/histogram';
import { attributeList, EDGE_LABEL_INDENT, quoteDotLabel, quoteDotString } from './dot-escape';
import { counted, formatDuration, shortenName } from './format';
import { EDGE_FONT_SIZE } from './typography';

/**
 * Message flows in the picture (graph/flows.ts): an arrow of its own kind
 * from the publishing function's box to the handling function's, never
 * mistaken for a call: purple, dashed, with an open arrowhead, labelled with
 * the messages and the queue, and the send → handler latency. It does not
 * constrain the layout (constraint=false), so the call graph is drawn as it
 * would be without it. An end with no box (no profiled process published or
 * handled the messages, or the selection left that function out) is a
 * box-less label saying so, placed beside the end that has a box.
 */

/** Outside the heat palette (navy … red), so that a flow never reads as a call's heat. */
export const FLOW_COLOUR = '#8e24aa';
const FLOW_PEN_WIDTH = 1.6;
const NAME_LENGTH = 60;

/** What a box-less end says: the reader must never take it for a function that ran. */
export const NOT_PROFILED_PUBLISHER = '(not profiled: published before the run or by a process tsprof did not run)';
export const NOT_PROFILED_HANDLER = '(not profiled: no profiled process handled them)';
export const NOT_SELECTED = '(off the selected paths)';

/** `500 msgs via orders`, then `p50 1.2 ms  p99 40.6 ms`, or what is known instead of a latency. */
export function flowLabelLines(flow: GraphFlow): string[] {
  const lines = [`${counted(flow.messages, 'msg')} via ${flow.destination}`];
  const latency = latencyOf(flow.latency);
  if (latency) lines.push(`p50 ${formatDuration(latency.p50)}  p99 ${formatDuration(latency.p99)}`);
  else if (flow.clock === 'unreconciled') lines.push('clocks not reconciled');
  return lines;
}

/** The label nodes of box-less ends, then one arrow per flow. */
export function flowDotLines(graph: CallGraph): string[] {
  const flows = graph.flows ?? [];
  if (flows.length === 0) return [];
  const lines = [''];
  flows.forEach((flow, index) => {
    const from = endId(flow.from, index, 'from');
    const to = endId(flow.to, index, 'to');
    if (flow.from.kind !== 'function') lines.push(`  ${from} [${labelEndAttributes(flow.from, 'from')}];`);
    if (flow.to.kind !== 'function') lines.push(`  ${to} [${labelEndAttributes(flow.to, 'to')}];`);
    lines.push(`  ${from} -> ${to} [${flowAttributes(graph, flow)}];`);
  });
  return lines;
}

function endId(end: FlowEnd, index: number, side: 'from' | 'to'): string {
  return end.kind === 'function' ? `n${end.id}` : `flow${index}_${side}`;
}

function labelEndAttributes(end: FlowEnd, side: 'from' | 'to'): string {
  const lines = end.kind === 'not selected' ? [shortenName(end.name, NAME_LENGTH), NOT_SELECTED] : [side === 'from' ? NOT_PROFILED_PUBLISHER : NOT_PROFILED_HANDLER];
  return attributeList({
    class: quoteDotString('tsprof-flow-end'),
    shape: 'plaintext',
    style: quoteDotString('solid'),
    label: quoteDotLabel(lines),
    fontsize: String(EDGE_FONT_SIZE),
    fontcolor: quoteDotString(FLOW_COLOUR),
    margin: quoteDotString('0.05,0.02'),
  });
}

function flowAttributes(graph: CallGraph, flow: GraphFlow): string {
  const bothBoxes = flow.from.kind === 'function' && flow.to.kind === 'function';
  return attributeList({
    class: quoteDotString('tsprof-flow'),
    label: quoteDotLabel(flowLabelLines(flow).map((line) => EDGE_LABEL_INDENT + line)),
    color: quoteDotString(FLOW_COLOUR),
    fontcolor: quoteDotString(FLOW_COLOUR),
    style: quoteDotString('dashed'),
    penwidth: FLOW_PEN_WIDTH.toFixed(2),
    arrowhead: 'empty',
    arrowsize: '1.20',
    // Between two boxes the call graph decides where they sit; a label end is placed by its arrow.
    ...(bothBoxes ? { constraint: 'false' } : {}),
    tooltip: quoteDotString(flowTooltip(graph, flow)),
  });
}

/** The SVG's hover text: both ends by name, the system, and every percentile. */
function flowTooltip(graph: CallGraph, flow: GraphFlow): string {
  const latency = latencyOf(flow.latency);
  const lines = [`${flowEndName(graph, flow.from)} -> ${flowEndName(graph, flow.to)}`, `${flow.system} ${flow.destination}: ${counted(flow.messages, 'message')}`];
  if (latency) lines.push(`send to handler: p50 ${formatDuration(latency.p50)}, p90 ${formatDuration(latency.p90)}, p99 ${formatDuration(latency.p99)}, max ${formatDuration(latency.max)}`);
  if (flow.clock === 'unreconciled') lines.push('clocks not reconciled: the two ends ran on hosts whose clocks could not be related');
  return lines.join('\n');
}

/** A flow end as the boxes show it: the function's name, or what stands instead of a box. */
export function flowEndName(graph: Pick<CallGraph, 'nodes'>, end: FlowEnd): string {
  if (end.kind === 'not profiled') return '(not profiled)';
  if (end.kind === 'not selected') return end.name;
  return graph.nodes.find((node) => node.id === end.id)?.name ?? '?';
}

/** The legend lines for the flow marks this picture has, and none without flows. */
export function flowLegend(graph: CallGraph): string[] {
  const flows = graph.flows ?? [];
  if (flows.length === 0) return [];
  const lines = ['purple dashed arrow, open head: messages one function published and another handled (--flows), with the queue and the send-to-handler p50 and p99; not a call, in no time or share'];
  const ends = flows.flatMap((flow) => [flow.from, flow.to]);
  if (ends.some((end) => end.kind === 'not profiled')) lines.push('(not profiled): messages whose publisher or handler was not in a profiled process; counted, never guessed');
  if (ends.some((end) => end.kind === 'not selected')) lines.push(`${NOT_SELECTED}: the function at that end is left out by --root, --focus or --ignore`);
  if (flows.some((flow) => flow.clock === 'unreconciled')) lines.push('clocks not reconciled: the two ends ran on hosts whose clocks could not be related, so no latency is given');
  return lines;
}
