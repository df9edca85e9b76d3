import { ProfileBuilder } from '../profile/builder';
import type { Profile } from '../profile/types';
import type { Recorder } from './recorder';

export interface ProcessIdentity {
  pid: number;
  threadId: number;
  /** The machine's host name, so merges of runs from several hosts keep them apart. */
  host?: string;
  argv: string[];
  command: string[];
  startedAt: string;
  wallMs: number;
  timeOriginMs: number;
  /** A periodic snapshot rather than the final write at exit. */
  snapshot: boolean;
}

/**
 * Turns the recorder's tables into this process's part of the profile. The
 * recorder writes raw rows; profile/ decides which functions and which paths
 * are the same (a file registered from two paths gives functions with the same
 * identity: they become one, and so do their contexts).
 */
export function snapshotProfile(recorder: Recorder, identity: ProcessIdentity): Profile {
  recorder.settle();
  const contexts = recorder.contexts;
  const open = recorder.openCalls();
  const builder = new ProfileBuilder();
  const merged = new Int32Array(contexts.count);
  // Each site's function id once (its identity key is a string), not once per context that calls it.
  const functionIds = new Int32Array(recorder.sites.length); // id + 1; 0 until the site is first met
  const functionIdOf = (site: number): number => {
    if (functionIds[site] === 0) functionIds[site] = builder.functionId(recorder.sites[site]) + 1;
    return functionIds[site] - 1;
  };
  for (let context = 1; context < contexts.count; context++) {
    const timed = recorder.timedCalls(context);
    const selfMs = contexts.selfMs[context];
    merged[context] = builder.addContext(merged[contexts.parent[context]], functionIdOf(contexts.fn[context]), {
      calls: contexts.calls[context],
      // A parent of sampled calls gives them no more than its self holds (sampling.ts); the guard stays for rounding.
      selfMs: selfMs > 0 ? selfMs : 0,
      totalMs: contexts.totalMs[context] + open.totalMs[context],
      awaitMs: contexts.awaitMs[context] + open.awaitMs[context],
      awaitedMs: contexts.awaitedMs[context] + open.awaitedMs[context],
      durations: contexts.durations(context),
      ...(timed < contexts.calls[context] ? { timedCalls: timed } : {}),
    }, contexts.asyncParent[context] === 1);
  }
  builder.addToRoot({ calls: 0, selfMs: contexts.selfMs[0], totalMs: 0, awaitMs: 0, awaitedMs: 0 });
  const process = { pid: identity.pid, threadId: identity.threadId, ...(identity.host ? { host: identity.host } : {}), argv: identity.argv, wallMs: identity.wallMs, timeOriginMs: identity.timeOriginMs, ...(identity.snapshot ? { snapshot: true as const } : {}) };
  return builder.build({
    command: identity.command,
    startedAt: identity.startedAt,
    wallMs: identity.wallMs,
    foldedCalls: contexts.foldedCalls,
    processes: [process],
    // '' registers tsprof's own pseudo-functions (instrumenting time), not a file.
    files: [...new Set(recorder.files)].filter((file) => file !== ''),
    ...(recorder.flows ? { flows: recorder.flows.flows((context) => merged[context]) } : {}),
  });
}
