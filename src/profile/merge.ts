import { ProfileBuilder } from './builder';
import { renumberFlows, joinFlows } from './flows';
import { processKey } from './identity';
import type { MessageFlow } from './flow-types';
import type { Profile, ProfileFunction, ProfileProcess } from './types';

/** The processKey of a part's one process (a part is written by one process or thread). */
function partProcessKey(profile: Profile): string {
  const process = profile.processes[0];
  return process ? processKey(process) : '?';
}

/**
 * Where a function of `part` ran: the processes it already names (a part that
 * is itself a merge of several processes), else the part's one process.
 */
function processesOf(fn: ProfileFunction, part: Profile): string[] {
  return fn.processes && fn.processes.length > 0 ? fn.processes : [partProcessKey(part)];
}

/**
 * Merges the parts written by each process and thread into one profile. A
 * function keeps its identity across processes (identity.ts), and so does a
 * path of calls, so a publish path that runs in three workers is one chain of
 * contexts with the summed counts; `processes` on each function says where it ran.
 * A part may itself be a merged profile (`tsprof merge` of runs on several
 * hosts): its functions keep the processes they name. Message flows are
 * joined across the parts by their origin (flows.ts).
 */
export function mergeProfiles(parts: Profile[], command: string[], startedAt: string, wallMs: number): Profile {
  const builder = new ProfileBuilder();
  const flows: MessageFlow[] = [];
  let followed = false;
  for (const part of parts) {
    const functionIds = part.functions.map((fn) => {
      const [first, ...others] = processesOf(fn, part);
      const id = builder.functionId(fn, first);
      for (const process of others) builder.functionId(fn, process);
      return id;
    });
    const contextIds: number[] = [];
    for (const context of part.contexts) {
      if (context.parent < 0) {
        builder.addToRoot(context);
        contextIds[context.id] = 0;
      } else {
        contextIds[context.id] = builder.addContext(contextIds[context.parent], functionIds[context.function], context, context.async === true);
      }
    }
    if (part.flows) {
      followed = true;
      flows.push(...renumberFlows(part.flows, (context) => contextIds[context]));
    }
  }
  const processes = parts.flatMap((part) => part.processes);
  const instrumentedWallMs = spanOf(processes);
  return builder.build({
    command,
    startedAt,
    wallMs,
    ...(instrumentedWallMs > 0 ? { instrumentedWallMs } : {}),
    foldedCalls: parts.reduce((sum, part) => sum + part.foldedCalls, 0),
    processes,
    files: [...new Set(parts.flatMap((part) => part.files))].sort(),
    ...(processes.some((process) => process.snapshot) ? { fromSnapshots: true as const } : {}),
    ...(followed ? { flows: joinFlows(flows) } : {}),
  });
}

/** From the start of the first process to the end of the last; 0 when a part does not say when it started. */
function spanOf(processes: ProfileProcess[]): number {
  if (processes.length === 0 || processes.some((process) => process.timeOriginMs === undefined)) return 0;
  const start = Math.min(...processes.map((process) => process.timeOriginMs as number));
  const end = Math.max(...processes.map((process) => (process.timeOriginMs as number) + process.wallMs));
  return end - start;
}
