import type { AnyProfile, Profile, ProfileEdge, ProfileNode } from './types';

/** One box per function and one arrow per caller → callee pair: pycallgraph's picture of a profile. */
export interface FunctionView {
  /** Indexed by id for version 2 profiles; node 0 is the root. */
  nodes: ProfileNode[];
  edges: ProfileEdge[];
}

/**
 * The per-function numbers and the caller → callee pairs. Version 2 stores
 * neither: a function's calls, self, total and await are the sums over its
 * contexts, and the pair (caller, callee) sums the contexts of the callee
 * whose parent is a context of the caller (awaitMs: the time that caller
 * spent awaiting them). Version 1 stored them as they are.
 */
export function functionView(profile: AnyProfile): FunctionView {
  if (profile.version === 1) return { nodes: profile.nodes, edges: profile.edges };
  return contextsAsFunctions(profile, profile.contexts);
}

/** The same sums over a subset of the contexts (a focused or re-rooted selection). */
export function contextsAsFunctions(profile: Pick<Profile, 'functions'>, contexts: Profile['contexts']): FunctionView {
  const nodes: ProfileNode[] = profile.functions.map((fn) => ({
    id: fn.id,
    name: fn.name,
    file: fn.file,
    line: fn.line,
    column: fn.column,
    calls: 0,
    selfMs: 0,
    totalMs: 0,
    awaitMs: 0,
    ...(fn.processes ? { processes: [...fn.processes] } : {}),
  }));
  const functionOf = new Map<number, number>();
  const edges = new Map<string, ProfileEdge>();
  for (const context of contexts) {
    functionOf.set(context.id, context.function);
    const node = nodes[context.function];
    node.calls += context.calls;
    node.selfMs += context.selfMs;
    node.totalMs += context.totalMs;
    node.awaitMs += context.awaitMs;
    const caller = functionOf.get(context.parent);
    if (caller === undefined) continue;
    const key = `${caller}:${context.function}`;
    const edge = edges.get(key);
    if (edge) {
      edge.calls += context.calls;
      edge.totalMs += context.totalMs;
      edge.awaitMs += context.awaitedMs;
    } else {
      edges.set(key, { caller, callee: context.function, calls: context.calls, totalMs: context.totalMs, awaitMs: context.awaitedMs });
    }
  }
  const present = new Set(contexts.map((context) => context.function));
  present.add(0);
  return { nodes: nodes.filter((node) => present.has(node.id)), edges: [...edges.values()] };
}
