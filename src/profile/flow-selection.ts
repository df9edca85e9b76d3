import type { MessageFlow, ProfileContext } from './types';

/**
 * Message flows through `--root`, `--ignore` and `--focus` (select.ts). A
 * flow's ends are context ids, so every step that renumbers contexts maps
 * them. The rule: a flow stays while at least one of its recorded ends is on
 * the selected paths.
 *  - Both ends kept: the flow, its ends renumbered.
 *  - One end left out by the selection: the flow stays with that end -1, as
 *    the format has it, and `offSelection` says which end it was and the
 *    function it ran, so that the graph can name it rather than draw it as
 *    unmatched (`--focus publish` still says where the messages went).
 *  - Nothing of it left (both ends left out, or the one recorded end): it goes.
 * An end that no profiled process recorded (-1, unmatched) stays -1.
 */
export interface FlowOffSelection {
  /** Index of the flow in the selected profile's `flows`. */
  flow: number;
  /** Which end the selection left out (it reads -1 in the flow). */
  leftOut: 'from' | 'to';
  /** The function (index in `functions`) that ran the end left out. */
  leftOutFunction: number;
}

/** A flow part-way through the steps, with the end a step left out, if one did. */
export interface TrackedFlow {
  flow: MessageFlow;
  leftOut?: { end: 'from' | 'to'; function: number };
}

export function trackFlows(flows: readonly MessageFlow[]): TrackedFlow[] {
  return flows.map((flow) => ({ flow }));
}

/**
 * The flows after one step: `newId` maps each context id the step kept to
 * its id after the step; `before` are the contexts before it (context ids are
 * positions: read.ts checks it and every step keeps it), to name the function
 * of an end it left out.
 */
export function remapFlows(tracked: readonly TrackedFlow[], before: readonly ProfileContext[], newId: ReadonlyMap<number, number>): TrackedFlow[] {
  const remapped: TrackedFlow[] = [];
  for (const { flow, leftOut } of tracked) {
    const from = flow.from < 0 ? -1 : newId.get(flow.from);
    const to = flow.to < 0 ? -1 : newId.get(flow.to);
    if ((from ?? -1) < 0 && (to ?? -1) < 0) continue;
    const left = from === undefined ? 'from' : to === undefined ? 'to' : undefined;
    const moved = { ...flow, from: from ?? -1, to: to ?? -1 };
    remapped.push(left ? { flow: moved, leftOut: { end: left, function: before[flow[left]]?.function ?? 0 } } : { flow: moved, ...(leftOut ? { leftOut } : {}) });
  }
  return remapped;
}

/** The selected flows, and which of them lost an end to the selection. */
export function selectedFlows(tracked: readonly TrackedFlow[]): { flows: MessageFlow[]; offSelection: FlowOffSelection[] } {
  const offSelection: FlowOffSelection[] = [];
  tracked.forEach(({ leftOut }, index) => {
    if (leftOut) offSelection.push({ flow: index, leftOut: leftOut.end, leftOutFunction: leftOut.function });
  });
  return { flows: tracked.map(({ flow }) => flow), offSelection };
}
