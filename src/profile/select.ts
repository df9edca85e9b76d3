import { functionSums } from './derive';
import { addContextNumbers } from './builder';
import { remapFlows, selectedFlows, trackFlows, type FlowOffSelection } from './flow-selection';
import { pairKey } from './identity';
import type { Profile, ProfileContext } from './types';

/**
 * `--root`, `--ignore` and `--focus`: which part of a profile to look at,
 * as a profile → profile step (pprof's FilterSamplesByName), so that every
 * output — picture, report, call tree, export — is built once from the
 * selected profile. A function's name as boxes show it (`Producer.publish`,
 * `<anonymous> file:line`) decides which calling contexts are picked; what
 * stays is whole paths, so a shared helper (a serializer, a socket write)
 * counts only the calls made on the selected paths.
 */
export interface Selection {
  root?: RegExp;
  ignore?: RegExp;
  focus?: RegExp;
}

export type SelectionFlag = keyof Selection;

/** The order in which the steps apply: choose the entry, then drop, then keep the paths through. */
export const SELECTION_FLAGS: readonly SelectionFlag[] = ['root', 'ignore', 'focus'];

/** What one step did: the title says it, and what it left out. */
export interface SelectionStep {
  flag: SelectionFlag;
  pattern: RegExp;
  /** Functions the step left out (they have no context any more). */
  droppedFunctions: number;
  /** Their self time before the step: the CPU time no box shows any more. */
  droppedSelfMs: number;
}

export interface SelectedProfile {
  profile: Profile;
  /** The steps applied, in order. */
  steps: SelectionStep[];
  /** The flags whose pattern matched no function of the profile: those steps were not applied. */
  unmatched: SelectionFlag[];
  /** The flows of `profile.flows` that lost an end to the selection (it reads -1 there), and the function that end ran (flow-selection.ts). */
  flowsOffSelection: FlowOffSelection[];
}

/** `RegExp.test` with the g or y flag keeps state between calls; a pattern given once must not. */
function nameMatches(pattern: RegExp, name: string): boolean {
  pattern.lastIndex = 0;
  return pattern.test(name);
}

/** The flags whose pattern matches the name of no function that has a calling context (the root never matches). */
export function unmatchedFlags(profile: Profile, selection: Selection): SelectionFlag[] {
  const given = SELECTION_FLAGS.filter((flag) => selection[flag]);
  if (given.length === 0) return [];
  const present = new Set(profile.contexts.filter((context) => context.parent >= 0).map((context) => context.function));
  const names = [...present].map((fn) => profile.functions[fn].name);
  return given.filter((flag) => !names.some((name) => nameMatches(selection[flag] as RegExp, name)));
}

/**
 * Applies root, then ignore, then focus. A pattern that matches no function
 * is not applied and is named in `unmatched`: the caller decides whether that
 * is an error (render, report) or a warning (run, whose command has already run).
 */
export function selectProfile(profile: Profile, selection: Selection): SelectedProfile {
  const unmatched = unmatchedFlags(profile, selection);
  const steps: SelectionStep[] = [];
  let current = profile;
  let flows = trackFlows(profile.flows ?? []);
  for (const flag of SELECTION_FLAGS) {
    const pattern = selection[flag];
    if (!pattern || unmatched.includes(flag)) continue;
    const [contexts, newId] = SELECT[flag](current, matchingContexts(current, pattern));
    steps.push({ flag, pattern, ...dropped(current, contexts) });
    flows = remapFlows(flows, current.contexts, newId);
    current = { ...current, contexts };
  }
  if (steps.length === 0 || !profile.flows) return { profile: current, steps, unmatched, flowsOffSelection: [] };
  const selected = selectedFlows(flows);
  return { profile: { ...current, flows: selected.flows }, steps, unmatched, flowsOffSelection: selected.offSelection };
}

/** Context ids whose function's name matches; never the root. */
function matchingContexts(profile: Profile, pattern: RegExp): Set<number> {
  const matched = new Set<number>();
  for (const context of profile.contexts) {
    if (context.parent >= 0 && nameMatches(pattern, profile.functions[context.function].name)) matched.add(context.id);
  }
  return matched;
}

/** The selected contexts, and each kept context's new id by its old one. */
type Selected = [contexts: ProfileContext[], newId: Map<number, number>];

const SELECT: Record<SelectionFlag, (profile: Profile, matched: Set<number>) => Selected> = {
  root: rootContexts,
  ignore: ignoreContexts,
  focus: focusContexts,
};

/** `--ignore`: drops matching contexts and everything below them. */
function ignoreContexts(profile: Profile, matched: Set<number>): Selected {
  const dropped = new Set<number>();
  return renumbered(
    profile.contexts.filter((context) => {
      if (matched.has(context.id) || dropped.has(context.parent)) {
        dropped.add(context.id);
        return false;
      }
      return true;
    }),
  );
}

/**
 * `--focus`: keeps the contexts whose path passes through a match: the
 * matches, everything they called, and the path from the root down to them.
 */
function focusContexts(profile: Profile, matched: Set<number>): Selected {
  const contexts = profile.contexts;
  const belowMatch = new Set<number>();
  for (const context of contexts) {
    if (matched.has(context.id) || belowMatch.has(context.parent)) belowMatch.add(context.id);
  }
  const aboveMatch = new Set<number>();
  for (let index = contexts.length - 1; index >= 0; index--) {
    const context = contexts[index];
    if ((matched.has(context.id) || aboveMatch.has(context.id)) && context.parent >= 0) aboveMatch.add(context.parent);
  }
  return renumbered(contexts.filter((context) => context.parent < 0 || belowMatch.has(context.id) || aboveMatch.has(context.id)));
}

/**
 * `--root`: the topmost matching contexts (no match above them on their path)
 * become the root's calls, with everything below them; the same function met
 * on different paths below them is merged into one context per path from
 * the new root, so the tree reads as if the matches were the program's entry.
 */
function rootContexts(profile: Profile, matched: Set<number>): Selected {
  const contexts: ProfileContext[] = [{ ...profile.contexts[0] }];
  /** Original context id → id in the re-rooted tree, for the topmost matches and below. */
  const placed = new Map<number, number>();
  const byPath = new Map<string, ProfileContext>();
  for (const context of profile.contexts) {
    if (context.parent < 0) continue;
    const parent = placed.get(context.parent) ?? (matched.has(context.id) ? 0 : undefined);
    if (parent === undefined) continue;
    // A match becomes an entry point, so it is called by the new root even if it was a continuation.
    const asyncParent = placed.has(context.parent) && context.async === true;
    const key = pairKey(parent, context.function, asyncParent);
    let target = byPath.get(key);
    if (!target) {
      target = { id: contexts.length, parent, function: context.function, ...(asyncParent ? { async: true as const } : {}), calls: 0, selfMs: 0, totalMs: 0, awaitMs: 0, awaitedMs: 0 };
      contexts.push(target);
      byPath.set(key, target);
    }
    addContextNumbers(target, context);
    placed.set(context.id, target.id);
  }
  return [contexts, new Map([[0, 0], ...placed])];
}

/** The contexts with ids that are their positions again, parents remapped: a selection is a profile like any other. */
function renumbered(contexts: ProfileContext[]): Selected {
  const newId = new Map<number, number>();
  const kept = contexts.map((context, index) => {
    newId.set(context.id, index);
    return { ...context, id: index, parent: context.parent < 0 ? -1 : (newId.get(context.parent) as number) };
  });
  return [kept, newId];
}

/** The functions that had a context before and have none in `after`, and their self time before. */
function dropped(before: Profile, after: ProfileContext[]): Pick<SelectionStep, 'droppedFunctions' | 'droppedSelfMs'> {
  const kept = new Set(after.map((context) => context.function));
  let droppedFunctions = 0;
  let droppedSelfMs = 0;
  for (const [fn, sums] of functionSums(before.contexts)) {
    if (kept.has(fn)) continue;
    droppedFunctions++;
    droppedSelfMs += sums.selfMs;
  }
  return { droppedFunctions, droppedSelfMs };
}
