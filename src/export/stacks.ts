import type { Profile, ProfileContext } from '../profile/types';

/**
 * What every export needs from a version 2 profile: for each calling
 * context, the path of functions from the root down to it, and its numbers
 * with the times in whole nanoseconds. The root context (time outside any
 * instrumented function) has the empty path.
 */
export interface ContextStack {
  context: ProfileContext;
  /** Function ids from the outermost caller to this context's function; [] for the root context. */
  path: number[];
  selfNs: number;
  awaitNs: number;
}

/** Milliseconds as whole nanoseconds: the unit of pprof, callgrind costs and folded values. */
export function nanoseconds(ms: number): number {
  return Math.round(ms * 1e6);
}

export function contextStacks(profile: Profile): ContextStack[] {
  const paths: number[][] = [];
  return profile.contexts.map((context) => {
    const path = context.parent < 0 ? [] : [...paths[context.parent], context.function];
    paths[context.id] = path;
    return { context, path, selfNs: nanoseconds(context.selfMs), awaitNs: nanoseconds(context.awaitMs) };
  });
}

/**
 * Names that are unique in the profile: a function's name, or, when several
 * functions share it, the name followed by `file:line:column`. Formats that
 * identify a frame by its name alone (folded stacks, callgrind) need this.
 */
export function uniqueNames(profile: Profile): string[] {
  const count = new Map<string, number>();
  for (const fn of profile.functions) count.set(fn.name, (count.get(fn.name) ?? 0) + 1);
  return profile.functions.map((fn) => ((count.get(fn.name) ?? 0) > 1 ? `${fn.name} ${fn.file}:${fn.line}:${fn.column}` : fn.name));
}

/** The command as one line, for comments and titles. */
export function commandLine(profile: Profile): string {
  return profile.command.join(' ');
}
