import { pairKey } from './identity';
import type { Profile, ProfileContext } from './types';

/** One box per function and one arrow per caller → callee pair: pycallgraph's picture of a profile. */
export interface FunctionView {
  /** The functions that have a calling context, in id order; node 0 is the root. */
  nodes: ProfileNode[];
  edges: ProfileEdge[];
}

/** A function's own numbers: sums over its calling contexts. */
export type FunctionSums = Pick<ProfileNode, 'calls' | 'selfMs' | 'totalMs' | 'awaitMs'>;

/** Each function's sums over `contexts`, for the functions that have one. */
export function functionSums(contexts: readonly ProfileContext[]): Map<number, FunctionSums> {
  const sums = new Map<number, FunctionSums>();
  for (const context of contexts) {
    const seen = sums.get(context.function);
    if (seen) {
      seen.calls += context.calls;
      seen.selfMs += context.selfMs;
      seen.totalMs += context.totalMs;
      seen.awaitMs += context.awaitMs;
    } else {
      sums.set(context.function, { calls: context.calls, selfMs: context.selfMs, totalMs: context.totalMs, awaitMs: context.awaitMs });
    }
  }
  return sums;
}

/**
 * The per-function numbers and the caller → callee pairs, which the profile
 * does not store: a function's calls, self, total and await are the sums over
 * its contexts, and the pair (caller, callee) sums the contexts of the callee
 * whose parent is a context of the caller (awaitMs: the time that caller
 * spent awaiting them); continuations the caller scheduled are a pair of
 * their own, marked async.
 */
export function functionView(profile: Pick<Profile, 'functions' | 'contexts'>): FunctionView {
  const sums = functionSums(profile.contexts);
  const nodes: ProfileNode[] = [];
  for (const fn of profile.functions) {
    const own = sums.get(fn.id);
    if (!own && fn.id !== 0) continue;
    nodes.push({
      id: fn.id,
      name: fn.name,
      file: fn.file,
      line: fn.line,
      column: fn.column,
      ...(own ?? { calls: 0, selfMs: 0, totalMs: 0, awaitMs: 0 }),
      ...(fn.processes ? { processes: [...fn.processes] } : {}),
    });
  }
  const functionOf = new Map<number, number>();
  const edges = new Map<string, ProfileEdge>();
  for (const context of profile.contexts) {
    functionOf.set(context.id, context.function);
    const caller = functionOf.get(context.parent);
    if (caller === undefined) continue;
    const key = pairKey(caller, context.function, context.async === true);
    const edge = edges.get(key);
    if (edge) {
      edge.calls += context.calls;
      edge.totalMs += context.totalMs;
      edge.awaitMs += context.awaitedMs;
    } else {
      edges.set(key, { caller, callee: context.function, calls: context.calls, totalMs: context.totalMs, awaitMs: context.awaitedMs, ...(context.async ? { async: true as const } : {}) });
    }
  }
  return { nodes, edges: [...edges.values()] };
}

/** One function's own numbers: the per-function view of the contexts (derive.ts), and what version 1 stored. */
export interface ProfileNode {
  id: number;
  name: string;
  file: string;
  line: number;
  /** Present in version 2 profiles (and in nodes derived from them). */
  column?: number;
  calls: number;
  selfMs: number;
  totalMs: number;
  awaitMs: number;
  processes?: string[];
}

/** A caller → callee pair: sums over the contexts of the callee under the caller (derive.ts); version 1 stored them. */
export interface ProfileEdge {
  /** Node id of the caller (0 = root, i.e. the event loop or non-instrumented code). */
  caller: number;
  /** Node id of the callee. */
  callee: number;
  calls: number;
  /** Inclusive time of the callee for calls made along this edge (non-recursive calls). */
  totalMs: number;
  /**
   * Time the caller spent suspended in `await callee(...)`, i.e. waiting for the
   * promise this call returned. For `await pool.acquire()` this is the time spent
   * queueing for the pool, even though `acquire` itself returns at once.
   */
  awaitMs: number;
  /** Present (true): the caller scheduled these calls as continuations (ProfileContext.async); totalMs is not part of the caller's. */
  async?: true;
}
