import type { Profile } from '../profile/types';
import { groupByProcesses, processGroupName } from './process-groups';
import { commandLine, contextStacks, type ContextStack } from './stacks';

/** The published file format, https://www.speedscope.app/file-format-schema.json. */
const SPEEDSCOPE_SCHEMA = 'https://www.speedscope.app/file-format-schema.json';

/** The two weights offered for each group of processes: time running or waiting, and time running. */
const WEIGHTS: { label: string; weight: (stack: ContextStack) => number }[] = [
  { label: 'self + await', weight: (stack) => stack.selfNs + stack.awaitNs },
  { label: 'self', weight: (stack) => stack.selfNs },
];

/**
 * speedscope's file format: shared frames (function name, file, line,
 * column) and sampled profiles whose samples are calling contexts weighted by
 * nanoseconds. One profile per process (or group of processes a merged
 * profile summed together, see process-groups.ts) and weight: "self + await"
 * first, so the flame graph shows where time went running or waiting, then
 * "self" for running only.
 */
export function writeSpeedscope(profile: Profile): string {
  const frames = profile.functions.map((fn) => (fn.file ? { name: fn.name, file: fn.file, line: fn.line, col: fn.column } : { name: fn.name }));
  const profiles = groupByProcesses(profile, contextStacks(profile)).flatMap((group) =>
    WEIGHTS.map(({ label, weight }) => {
      const weighed = group.stacks.map((stack) => ({ stack: stack.context.parent < 0 ? [0] : stack.path, weight: weight(stack) })).filter((sample) => sample.weight > 0);
      const total = weighed.reduce((sum, sample) => sum + sample.weight, 0);
      return {
        type: 'sampled' as const,
        name: `${processGroupName(group.processes)} — ${label}`,
        unit: 'nanoseconds' as const,
        startValue: 0,
        endValue: total,
        samples: weighed.map((sample) => sample.stack),
        weights: weighed.map((sample) => sample.weight),
      };
    }),
  );
  const file = {
    $schema: SPEEDSCOPE_SCHEMA,
    name: `tsprof: ${commandLine(profile)}`,
    exporter: 'tsprof',
    activeProfileIndex: 0,
    shared: { frames },
    profiles,
  };
  return `${JSON.stringify(file)}\n`;
}
