import type { Profile } from '../profile/types';
import { commandLine, contextStacks, uniqueNames } from './stacks';

/** Costs of one function or one call, in the order of the `events:` line. */
type Costs = [selfNs: number, awaitNs: number, wallNs: number, calls: number];
const EVENTS = [
  ['Self', 'time running its own code (ns)'],
  ['Await', 'time suspended at its own awaits (ns)'],
  ['Wall', 'Self + Await (ns)'],
  ['Calls', 'calls of the function'],
] as const;

interface CallSummary {
  calls: number;
  inclusive: Costs;
}

const add = (into: Costs, costs: Costs): void => {
  for (let index = 0; index < into.length; index++) into[index] += costs[index];
};
const zero = (): Costs => [0, 0, 0, 0];

/**
 * The callgrind format of valgrind, which KCachegrind, QCachegrind and
 * `callgrind_annotate` read. Callgrind has one record per function, so the
 * contexts are summed per function and per caller → callee pair: a function's
 * own cost line carries its self, await, self + await and calls; each
 * `calls=` line is followed by the inclusive cost of those calls (the sums
 * over the callee's contexts under the caller and everything below them).
 * Positions are lines: a function's line, and for a call the caller's line
 * (tsprof does not record call sites).
 */
export function writeCallgrind(profile: Profile): string {
  const stacks = contextStacks(profile);
  const inclusive = stacks.map(({ context, selfNs, awaitNs }): Costs => [selfNs, awaitNs, selfNs + awaitNs, context.calls]);
  for (let index = stacks.length - 1; index > 0; index--) add(inclusive[stacks[index].context.parent], inclusive[index]);

  const own = profile.functions.map(zero);
  const calls = profile.functions.map(() => new Map<number, CallSummary>());
  for (const [index, { context, selfNs, awaitNs }] of stacks.entries()) {
    add(own[context.function], [selfNs, awaitNs, selfNs + awaitNs, context.calls]);
    if (context.parent < 0) continue;
    const caller = profile.contexts[context.parent].function;
    const summary = calls[caller].get(context.function) ?? { calls: 0, inclusive: zero() };
    summary.calls += context.calls;
    add(summary.inclusive, inclusive[index]);
    calls[caller].set(context.function, summary);
  }

  const names = uniqueNames(profile).map(oneLine);
  const fileOf = (fn: number): string => oneLine(profile.functions[fn].file) || '???';
  const lines = [
    '# callgrind format',
    'version: 1',
    'creator: tsprof',
    `cmd: ${oneLine(commandLine(profile))}`,
    'positions: line',
    ...EVENTS.map(([name, description]) => `event: ${name} : ${description}`),
    `events: ${EVENTS.map(([name]) => name).join(' ')}`,
    `summary: ${own.reduce((sum, costs) => (add(sum, costs), sum), zero()).join(' ')}`,
  ];
  for (const fn of profile.functions) {
    if (own[fn.id].every((cost) => cost === 0) && calls[fn.id].size === 0) continue;
    lines.push('', `fl=${fileOf(fn.id)}`, `fn=${names[fn.id]}`, `${fn.line} ${own[fn.id].join(' ')}`);
    for (const [callee, summary] of calls[fn.id]) {
      lines.push(`cfl=${fileOf(callee)}`, `cfn=${names[callee]}`, `calls=${summary.calls} ${profile.functions[callee].line}`, `${fn.line} ${summary.inclusive.join(' ')}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ');
}
