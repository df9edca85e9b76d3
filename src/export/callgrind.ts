import { dirname, relative, sep } from 'node:path';
import type { Profile } from '../profile/types';
import { commandLine, nanoseconds, uniqueNames } from './stacks';

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
  // Inclusive costs per context, four to a context in one typed array: a profile has up to
  // --max-contexts (100,000) contexts per process, and an array per context is mostly garbage.
  const contexts = profile.contexts;
  const inclusive = new Float64Array(contexts.length * EVENTS.length);
  for (const context of contexts) {
    const self = nanoseconds(context.selfMs);
    const awaited = nanoseconds(context.awaitMs);
    inclusive.set([self, awaited, self + awaited, context.calls], context.id * EVENTS.length);
  }
  for (let index = contexts.length - 1; index > 0; index--) {
    const parent = contexts[index].parent * EVENTS.length;
    for (let event = 0; event < EVENTS.length; event++) inclusive[parent + event] += inclusive[index * EVENTS.length + event];
  }
  const costsOf = (costs: Float64Array, id: number): Costs => [costs[id * 4], costs[id * 4 + 1], costs[id * 4 + 2], costs[id * 4 + 3]];

  const own = profile.functions.map(zero);
  const calls = profile.functions.map(() => new Map<number, CallSummary>());
  for (const context of contexts) {
    const self = nanoseconds(context.selfMs);
    const awaited = nanoseconds(context.awaitMs);
    add(own[context.function], [self, awaited, self + awaited, context.calls]);
    if (context.parent < 0) continue;
    const caller = contexts[context.parent].function;
    const summary = calls[caller].get(context.function) ?? { calls: 0, inclusive: zero() };
    summary.calls += context.calls;
    add(summary.inclusive, costsOf(inclusive, context.id));
    calls[caller].set(context.function, summary);
  }

  const names = uniqueNames(profile).map(oneLine);
  const base = sourceDirectory(profile.functions.map((fn) => fn.file));
  const fileOf = (fn: number): string => oneLine(base === null || profile.functions[fn].file === '' ? profile.functions[fn].file : relative(base, profile.functions[fn].file)) || '???';
  const lines = [
    '# callgrind format',
    'version: 1',
    'creator: tsprof',
    `cmd: ${oneLine(commandLine(profile))}`,
    ...(base === null ? [] : [`# source files are relative to ${oneLine(base)}`]),
    'positions: line',
    ...EVENTS.map(([name, description]) => `event: ${name} : ${description}`),
    `events: ${EVENTS.map(([name]) => name).join(' ')}`,
    `summary: ${own.reduce((sum, costs) => (add(sum, costs), sum), zero()).join(' ')}`,
  ];
  for (const fn of profile.functions) {
    if (own[fn.id].every((cost) => cost === 0) && calls[fn.id].size === 0) continue;
    lines.push('', `fl=${fileOf(fn.id)}`, `fn=${names[fn.id]}`, `${fn.line} ${own[fn.id].join(' ')}`);
    for (const [callee, summary] of calls[fn.id]) {
      // A callee in the caller's file needs no cfl= (the format's default).
      const calleeFile = fileOf(callee) === fileOf(fn.id) ? [] : [`cfl=${fileOf(callee)}`];
      lines.push(...calleeFile, `cfn=${names[callee]}`, `calls=${summary.calls} ${profile.functions[callee].line}`, `${fn.line} ${summary.inclusive.join(' ')}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The directory that holds every source file, which file names are written
 * relative to. callgrind_annotate takes the directory it runs in off fl= names
 * but not off cfl= ones, so absolute names under it would list a function
 * twice (once per spelling); relative names read the same from anywhere.
 * null when the files share no directory but the file system's root.
 */
function sourceDirectory(files: string[]): string | null {
  const absolute = files.filter((file) => file.startsWith(sep));
  if (absolute.length === 0 || absolute.length !== files.filter((file) => file !== '').length) return null;
  let common = dirname(absolute[0]);
  for (const file of absolute) while (common !== dirname(common) && !file.startsWith(`${common}${sep}`)) common = dirname(common);
  return common === dirname(common) ? null : common;
}

function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ');
}
