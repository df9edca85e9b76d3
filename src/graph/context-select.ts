import type { ProfileContext } from '../profile/types';
import { graphFromContexts } from './build';
import { hiddenSelfMs } from './adjacency';
import { CallGraph, ContextSelection } from './types';

/**
 * --root, --focus and --ignore on calling contexts (pprof's semantics). A
 * function's name matching decides which contexts are picked; what stays is
 * whole paths, and the boxes and arrows are rebuilt from the contexts that
 * stayed, so a shared helper (a serializer, a socket write) counts only the
 * calls made on the selected paths.
 */

function nameMatches(pattern: RegExp, name: string): boolean {
  pattern.lastIndex = 0;
  return pattern.test(name);
}

/** Context ids whose function's name matches; never the root. */
function matchingContexts(selection: ContextSelection, pattern: RegExp): Set<number> {
  const matched = new Set<number>();
  for (const context of selection.contexts) {
    if (context.parent >= 0 && nameMatches(pattern, selection.functions[context.function].name)) matched.add(context.id);
  }
  return matched;
}

/** `--ignore`: drops matching contexts and everything below them. */
export function ignoreContexts(graph: CallGraph, pattern: RegExp): CallGraph {
  const selection = graph.contexts!;
  const matched = matchingContexts(selection, pattern);
  const dropped = new Set<number>();
  const kept = selection.contexts.filter((context) => {
    if (matched.has(context.id) || dropped.has(context.parent)) {
      dropped.add(context.id);
      return false;
    }
    return true;
  });
  return reselected(graph, { ...selection, contexts: kept }, `ignore ${pattern}`, 'only on paths through --ignore');
}

/**
 * `--focus`: keeps the contexts whose path passes through a match: the
 * matches, everything they called, and the path from the root down to them.
 */
export function focusContexts(graph: CallGraph, pattern: RegExp): CallGraph {
  const selection = graph.contexts!;
  const matched = matchingContexts(selection, pattern);
  const belowMatch = new Set<number>();
  for (const context of selection.contexts) {
    if (matched.has(context.id) || belowMatch.has(context.parent)) belowMatch.add(context.id);
  }
  const aboveMatch = new Set<number>();
  for (let index = selection.contexts.length - 1; index >= 0; index--) {
    const context = selection.contexts[index];
    if ((matched.has(context.id) || aboveMatch.has(context.id)) && context.parent >= 0) aboveMatch.add(context.parent);
  }
  const kept = selection.contexts.filter((context) => context.parent < 0 || belowMatch.has(context.id) || aboveMatch.has(context.id));
  return reselected(graph, { ...selection, contexts: kept }, `focus ${pattern}`, 'off the paths through --focus');
}

/**
 * `--root`: the topmost matching contexts (no match above them on their path)
 * become the root's calls, with everything below them; the same function met
 * on different paths below them is merged into one context per path from
 * the new root, so the tree reads as if the matches were the program's entry.
 */
export function rootContexts(graph: CallGraph, pattern: RegExp): CallGraph {
  const selection = graph.contexts!;
  const matched = matchingContexts(selection, pattern);
  const contexts: ProfileContext[] = [{ ...selection.contexts[0] }];
  /** Original context id → id in the re-rooted tree, for the topmost matches and below. */
  const placed = new Map<number, number>();
  const byPath = new Map<string, ProfileContext>();
  for (const context of selection.contexts) {
    if (context.parent < 0) continue;
    const parent = placed.get(context.parent) ?? (matched.has(context.id) ? 0 : undefined);
    if (parent === undefined) continue;
    const key = `${parent}:${context.function}`;
    let target = byPath.get(key);
    if (!target) {
      target = { id: contexts.length, parent, function: context.function, calls: 0, selfMs: 0, totalMs: 0, awaitMs: 0, awaitedMs: 0 };
      contexts.push(target);
      byPath.set(key, target);
    }
    target.calls += context.calls;
    target.selfMs += context.selfMs;
    target.totalMs += context.totalMs;
    target.awaitMs += context.awaitMs;
    target.awaitedMs += context.awaitedMs;
    placed.set(context.id, target.id);
  }
  return reselected(graph, { ...selection, contexts }, `root ${pattern}`, 'not reached from --root');
}

function reselected(graph: CallGraph, selection: ContextSelection, setting: string, reason: string): CallGraph {
  const rebuilt = graphFromContexts(graph, selection);
  const kept = new Set(rebuilt.nodes.map((node) => node.id));
  const dropped = graph.nodes.length - rebuilt.nodes.length;
  const settings = [...graph.settings, `${setting} (numbers of the selected paths only)`];
  const hidden = dropped > 0 ? [...graph.hidden, { reason, nodes: dropped, selfMs: hiddenSelfMs(graph, kept) }] : graph.hidden;
  return { ...rebuilt, settings, hidden };
}
