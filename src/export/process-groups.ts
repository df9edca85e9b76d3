import { processLabel } from '../graph/group';
import { processKey } from '../profile/identity';
import type { Profile, ProfileProcess } from '../profile/types';
import type { ContextStack } from './stacks';

/** Contexts whose numbers come from exactly these processes. */
export interface ProcessGroup {
  processes: ProfileProcess[];
  stacks: ContextStack[];
}

/**
 * Splits the contexts by the processes their numbers come from, without
 * inventing a split the profile does not have. A merged profile sums a
 * context over the processes it ran in, and a context only ran where its
 * function ran: a function that ran in one process puts all its contexts in
 * that process's group; a function shared by several processes (and the
 * root) puts them in the group of those processes together.
 */
export function groupByProcesses(profile: Profile, stacks: ContextStack[]): ProcessGroup[] {
  const byKey = new Map(profile.processes.map((process) => [processKey(process), process]));
  const everyKey = profile.processes.map(processKey);
  const groups = new Map<string, ProcessGroup>();
  for (const stack of stacks) {
    const named = stack.context.parent < 0 ? undefined : profile.functions[stack.context.function].processes;
    const keys = [...new Set(named && named.length > 0 ? named : everyKey)].sort();
    const id = keys.join(' ');
    let group = groups.get(id);
    if (!group) {
      group = { processes: keys.map((key) => byKey.get(key)).filter((process) => process !== undefined), stacks: [] };
      groups.set(id, group);
    }
    group.stacks.push(stack);
  }
  return [...groups.values()];
}

/** The processes' labels as `--group process` draws them, joined by ' + '. */
export function processGroupName(processes: ProfileProcess[]): string {
  return processes.length === 0 ? 'all processes' : processes.map(processLabel).join(' + ');
}
