import { ProfileBuilder } from './builder';
import { ROOT_NAME, type AnyProfile, type Profile } from './types';

/**
 * A version 1 profile as version 2, for merge and export. Version 1 recorded
 * no paths, only per-function sums and caller → callee pairs, so each function
 * becomes one context directly under the root carrying its own calls, self,
 * total and await (exact), and awaitedMs the time all its callers awaited it.
 * Which caller made which call is not known and is not invented: the pairs are
 * dropped. `lostEdges` says how many, so the caller can tell the user.
 */
export function upgradeProfile(profile: AnyProfile): { profile: Profile; lostEdges: number } {
  if (profile.version !== 1) return { profile, lostEdges: 0 };
  const builder = new ProfileBuilder();
  const awaitedMs = new Map<number, number>();
  for (const edge of profile.edges) awaitedMs.set(edge.callee, (awaitedMs.get(edge.callee) ?? 0) + edge.awaitMs);
  for (const node of profile.nodes) {
    const numbers = { calls: node.calls, selfMs: node.selfMs, totalMs: node.totalMs, awaitMs: node.awaitMs, awaitedMs: awaitedMs.get(node.id) ?? 0 };
    if (node.name === ROOT_NAME && node.file === '') {
      builder.addToRoot({ ...numbers, awaitedMs: 0 });
      continue;
    }
    if (node.calls === 0 && node.selfMs === 0 && node.totalMs === 0) continue;
    const [first, ...others] = node.processes ?? [];
    const fn = builder.functionId(node, first);
    for (const process of others) builder.functionId(node, process);
    builder.addContext(0, fn, numbers);
  }
  const upgraded = builder.build({
    command: profile.command,
    startedAt: profile.startedAt,
    wallMs: profile.wallMs,
    foldedCalls: 0,
    processes: profile.processes,
    files: profile.files,
  });
  return { profile: upgraded, lostEdges: profile.edges.filter((edge) => edge.caller !== 0).length };
}
