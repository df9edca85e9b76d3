import { ProfileBuilder } from './builder';
import type { Profile, ProfileProcess } from './types';

function processLabel(profile: Profile): string {
  const process = profile.processes[0];
  return process ? `${process.pid}:${process.threadId}` : '?';
}

/**
 * Merges the parts written by each process and thread into one profile. A
 * function keeps its identity across processes (identity.ts), and so does a
 * path of calls, so a publish path that runs in three workers is one chain of
 * contexts with the summed counts; `processes` on each function says where it ran.
 */
export function mergeProfiles(parts: Profile[], command: string[], startedAt: string, wallMs: number): Profile {
  const builder = new ProfileBuilder();
  for (const part of parts) {
    const label = processLabel(part);
    const functionIds = part.functions.map((fn) => builder.functionId(fn, label));
    const contextIds: number[] = [];
    for (const context of part.contexts) {
      if (context.parent < 0) {
        builder.addToRoot(context);
        contextIds[context.id] = 0;
      } else {
        contextIds[context.id] = builder.addContext(contextIds[context.parent], functionIds[context.function], context);
      }
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
  });
}

/** From the start of the first process to the end of the last; 0 when a part does not say when it started. */
function spanOf(processes: ProfileProcess[]): number {
  if (processes.length === 0 || processes.some((process) => process.timeOriginMs === undefined)) return 0;
  const start = Math.min(...processes.map((process) => process.timeOriginMs as number));
  const end = Math.max(...processes.map((process) => (process.timeOriginMs as number) + process.wallMs));
  return end - start;
}
