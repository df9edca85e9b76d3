import type { Profile } from '../profile/types';
import type { CollapsedValue } from './index';
import { contextStacks, uniqueNames, type ContextStack } from './stacks';

/** What the number after each folded stack counts (`--value`). */
const VALUE_OF: Record<CollapsedValue, (stack: ContextStack) => number> = {
  self: (stack) => stack.selfNs,
  await: (stack) => stack.awaitNs,
  // Self + await: a frame's width in a flame graph is then the time its subtree ran or waited.
  total: (stack) => stack.selfNs + stack.awaitNs,
  calls: (stack) => stack.context.calls,
};

/**
 * Folded stacks, `root;caller;callee value` per line, as flamegraph.pl,
 * inferno and speedscope read them: one line per calling context, values in
 * whole nanoseconds (or calls). Lines of 0 are left out, so the lines sum to
 * the profile's total self, await or calls.
 */
export function writeCollapsed(profile: Profile, value: CollapsedValue): string {
  const names = uniqueNames(profile).map((name) => name.replace(/;/g, ':').replace(/[\r\n]+/g, ' '));
  const valueOf = VALUE_OF[value];
  const lines: string[] = [];
  for (const stack of contextStacks(profile)) {
    const number = valueOf(stack);
    if (number <= 0) continue;
    const path = stack.context.parent < 0 ? [0] : stack.path;
    lines.push(`${path.map((fn) => names[fn]).join(';')} ${number}`);
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
