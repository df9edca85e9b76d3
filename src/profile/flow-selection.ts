import type { MessageFlow, ProfileContext } from './types';

/**
 * Message flows through `--root`, `--ignore` and `--focus` (select.ts). A
 * flow's ends are context ids, so every step that renumbers contexts maps
 * them. The rule: a flow stays while at least one of its recorded ends is on
 * the selected paths.
 *  - Both ends kept: the flow is in the selected profile, its ends renumbered.
 *  - One end left out by the selection: the flow is kept as a flow off the
 *    selection, the end kept renumbered and the other named by the function
 *    it ran (the graph draws it as a label, not a box: `--focus publish`
 *    still says where the messages went).
 *  - Nothing of it left (both ends left out, or the one recorded end): it goes.
 * An end that no profiled process recorded (-1, unmatched) stays -1.
 */
export interface FlowOffSelection {
  /** The flow with the end kept renumbered; the end left out reads -1 here. */
  flow: MessageFlow;
  /** Which end the selection left out. */
  leftOut: 'from' | 'to';
  /** The function (index in `functions`) that ran the end left out. */
  leftOutFunction: number;
}

/** Flows part-way through the steps: those whole so far, and those that lost one end. */
export interface SelectedFlows {
  flows: MessageFlow[];
  offSelection: FlowOffSelection[];
}

export function unselectedFlows(flows: readonly MessageFlow[] | undefined): SelectedFlows {
  return { flows: (flows ?? []).map((flow) => ({ ...flow })), offSelection: [] };
}

/**
 * The flows after one step: `newId` maps each context id the step kept to
 * its id after the step; `before` are the contexts before it (to name the
 * function of an end it left out).
 */
export function remapFlows(selected: SelectedFlows, before: readonly ProfileContext[], newId: ReadonlyMap<number, number>): SelectedFlows {
  // Context ids are positions (read.ts checks it, and every step keeps it).
  const functionOf = (context: number): number => before[context]?.function ?? 0;
  const flows: MessageFlow[] = [];
  const offSelection: FlowOffSelection[] = [];
  for (const flow of selected.flows) {
    const from = flow.from < 0 ? -1 : newId.get(flow.from);
    const to = flow.to < 0 ? -1 : newId.get(flow.to);
    if (from !== undefined && to !== undefined) flows.push({ ...flow, from, to });
    else if (from === undefined && to !== undefined && to >= 0) offSelection.push({ flow: { ...flow, from: -1, to }, leftOut: 'from', leftOutFunction: functionOf(flow.from) });
    else if (to === undefined && from !== undefined && from >= 0) offSelection.push({ flow: { ...flow, from, to: -1 }, leftOut: 'to', leftOutFunction: functionOf(flow.to) });
  }
  for (const off of selected.offSelection) {
    const kept = off.leftOut === 'from' ? off.flow.to : off.flow.from;
    const id = newId.get(kept);
    if (id === undefined) continue;
    offSelection.push({ ...off, flow: off.leftOut === 'from' ? { ...off.flow, to: id } : { ...off.flow, from: id } });
  }
  return { flows, offSelection };
}

/** The same flows, with context ids mapped where no context is left out (the contexts re-arranged, as --no-async-parents does). */
export function renumberFlows(flows: readonly MessageFlow[] | undefined, newId: (context: number) => number): MessageFlow[] | undefined {
  if (!flows) return undefined;
  return flows.map((flow) => ({ ...flow, from: flow.from < 0 ? -1 : newId(flow.from), to: flow.to < 0 ? -1 : newId(flow.to) }));
}
