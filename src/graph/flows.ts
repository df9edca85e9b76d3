import type { FlowOffSelection } from '../profile/flow-selection';
import { addHistograms } from '../profile/histogram';
import type { MessageFlow, Profile } from '../profile/types';
import type { CallGraph, FlowEnd, GraphFlow } from './types';

/**
 * The flow arrows of a selected profile: each flow's ends go from calling
 * contexts to the functions that ran them (the boxes), and flows with the
 * same ends, system, destination and clock are summed: messages added,
 * latency histograms added exactly. A flow the selection cut in half
 * (profile/flow-selection.ts) keeps the end on the selected paths and names
 * the function at the other, rather than pass for an unmatched one. Ordered by their ends, then system and destination, so output
 * is deterministic.
 */
export function flowEdges(profile: Profile, offSelection: readonly FlowOffSelection[] = []): GraphFlow[] {
  const byKey = new Map<string, GraphFlow>();
  const functionOf = (context: number): FlowEnd => ({ kind: 'function', id: profile.contexts[context]?.function ?? 0 });
  const endOf = (context: number): FlowEnd => (context < 0 ? { kind: 'not profiled' } : functionOf(context));
  const add = (flow: MessageFlow, from: FlowEnd, to: FlowEnd): void => {
    const key = JSON.stringify([endKey(from), endKey(to), flow.system, flow.destination, flow.clock ?? '']);
    const sum = byKey.get(key);
    if (!sum) {
      byKey.set(key, {
        from,
        to,
        system: flow.system,
        destination: flow.destination,
        messages: flow.messages,
        ...(flow.latency && flow.latency.length > 0 ? { latency: flow.latency } : {}),
        ...(flow.clock ? { clock: flow.clock } : {}),
      });
      return;
    }
    sum.messages += flow.messages;
    const latency = addHistograms(sum.latency, flow.latency);
    if (latency) sum.latency = latency;
  };
  const cutAt = new Map(offSelection.map((cut) => [cut.flow, cut]));
  (profile.flows ?? []).forEach((flow, index) => {
    const cut = cutAt.get(index);
    const leftOut: FlowEnd | undefined = cut && { kind: 'not selected', id: cut.leftOutFunction, name: profile.functions[cut.leftOutFunction]?.name ?? '?' };
    add(flow, cut?.leftOut === 'from' ? (leftOut as FlowEnd) : endOf(flow.from), cut?.leftOut === 'to' ? (leftOut as FlowEnd) : endOf(flow.to));
  });
  return [...byKey.values()].sort(byEndsThenDestination);
}

/** The boxes flows start or end at: the pruning steps keep them. */
export function flowEndNodes(graph: Pick<CallGraph, 'flows'>): number[] {
  const ids: number[] = [];
  for (const flow of graph.flows ?? []) {
    for (const end of [flow.from, flow.to]) if (end.kind === 'function') ids.push(end.id);
  }
  return ids;
}

/** Which way an unmatched or cut flow is open: 'from' when its publisher has no box. */
export function endWithoutBox(flow: GraphFlow): 'from' | 'to' | undefined {
  if (flow.from.kind !== 'function') return 'from';
  if (flow.to.kind !== 'function') return 'to';
  return undefined;
}

function endKey(end: FlowEnd): string {
  return end.kind === 'not profiled' ? '-' : `${end.kind === 'function' ? 'f' : 's'}${end.id}`;
}

/** Boxes in id order; a label end after a box (not profiled, then not selected), then system and destination. */
function endOrder(end: FlowEnd): number[] {
  if (end.kind === 'function') return [0, end.id];
  return end.kind === 'not profiled' ? [1, 0] : [2, end.id];
}

function byEndsThenDestination(a: GraphFlow, b: GraphFlow): number {
  const order = [...endOrder(a.from), ...endOrder(a.to)].map((value, index) => value - [...endOrder(b.from), ...endOrder(b.to)][index]).find((difference) => difference !== 0);
  return order ?? (compareText(a.system, b.system) || compareText(a.destination, b.destination) || compareText(a.clock ?? '', b.clock ?? ''));
}

/** By code unit, not by locale: the same order on every machine. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
