import { ProfileBuilder, type ContextNumbers } from './builder';
import { weightMs } from './measures';
import { ROOT_NAME, type Profile, type ProfileEdge, type ProfileNode, type RunFacts } from './types';

/** Version 1, read but no longer written: functions and caller → callee pairs, no paths. */
export interface ProfileV1 extends RunFacts {
  version: 1;
  nodes: ProfileNode[];
  edges: ProfileEdge[];
}

/**
 * A version 1 profile as the current version, done once where a profile is
 * read, so that nothing after reading knows version 1 existed. Version 1
 * recorded each function's own numbers and each caller → callee pair, but no
 * paths. Each function gets one main context, under the main context of its
 * heaviest caller (the root first: a spanning tree grown from the root, as
 * the old hot path walked the heaviest pairs), and each other pair u → v is a
 * context of v under u's main context; every context carries its pair's
 * calls, total and awaited time, so each pair is exactly what version 1
 * recorded, and each function's sums too where its pairs add up to it (they
 * do in what tsprof wrote). Self and await time, which version 1 kept per
 * function only, are shared among its contexts by calls. The profile says
 * `upgradedFrom: 1`: its contexts are pairs arranged in a tree, not paths
 * that were recorded.
 */
export function upgradeVersion1(profile: ProfileV1): Profile {
  const builder = new ProfileBuilder();
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const root = profile.nodes.find((node) => node.name === ROOT_NAME && node.file === '');
  if (root) builder.addToRoot({ calls: root.calls, selfMs: root.selfMs, totalMs: root.totalMs, awaitMs: root.awaitMs, awaitedMs: 0 });
  const rootId = root?.id ?? 0;
  const pairs = profile.edges.filter((edge) => nodes.has(edge.caller) && nodes.has(edge.callee) && edge.callee !== rootId);
  const functionId = (node: ProfileNode): number => {
    const [first, ...others] = node.processes ?? [];
    const id = builder.functionId(node, first);
    for (const process of others) builder.functionId(node, process);
    return id;
  };

  // Functions in version 1's order first, so that they keep their ids (and the pictures their node names).
  for (const node of profile.nodes) if (node.id !== rootId) functionId(node);
  const mainContext = new Map<number, number>([[rootId, 0]]);
  const mainPair = new Map<number, ProfileEdge>();
  // Grow the tree from the root: each function hangs under its heaviest caller already placed.
  for (let grown = true; grown; ) {
    grown = false;
    const reachable = pairs.filter((edge) => mainContext.has(edge.caller) && !mainContext.has(edge.callee));
    reachable.sort((a, b) => pairWeight(b) - pairWeight(a) || b.calls - a.calls || a.caller - b.caller || a.callee - b.callee);
    for (const edge of reachable) {
      if (mainContext.has(edge.callee)) continue;
      mainPair.set(edge.callee, edge);
      mainContext.set(edge.callee, builder.addContext(mainContext.get(edge.caller) as number, functionId(nodes.get(edge.callee) as ProfileNode), NO_NUMBERS));
      grown = true;
    }
  }
  // Functions no pair from the root reaches hang under the root.
  for (const node of profile.nodes) {
    if (node.id === rootId || mainContext.has(node.id)) continue;
    if (node.calls === 0 && node.selfMs === 0 && node.totalMs === 0 && !pairs.some((edge) => edge.caller === node.id)) continue;
    mainContext.set(node.id, builder.addContext(0, functionId(node), NO_NUMBERS));
  }
  // Version 1 kept self and await per function only: each of its contexts gets a share in
  // proportion to its calls, as gprof shares a function's time among its callers.
  const callsOf = (id: number): number => pairs.filter((edge) => edge.callee === id).reduce((total, edge) => total + edge.calls, 0);
  const ownShare = (node: ProfileNode, calls: number): Pick<ContextNumbers, 'selfMs' | 'awaitMs'> => {
    const all = callsOf(node.id);
    const fraction = all > 0 ? calls / all : 1;
    return { selfMs: node.selfMs * fraction, awaitMs: node.awaitMs * fraction };
  };
  for (const edge of pairs) {
    if (mainPair.get(edge.callee) === edge || !mainContext.has(edge.caller)) continue;
    const node = nodes.get(edge.callee) as ProfileNode;
    builder.addContext(mainContext.get(edge.caller) as number, functionId(node), { calls: edge.calls, totalMs: edge.totalMs, awaitedMs: edge.awaitMs, ...ownShare(node, edge.calls) });
  }
  for (const [id, context] of mainContext) {
    if (id === rootId) continue;
    const node = nodes.get(id) as ProfileNode;
    const main = mainPair.get(id);
    const numbers = main ? { calls: main.calls, totalMs: main.totalMs, awaitedMs: main.awaitMs } : { calls: node.calls, totalMs: node.totalMs, awaitedMs: 0 };
    builder.addContext(builder.parentOf(context), functionId(node), { ...numbers, ...ownShare(node, numbers.calls) });
  }
  const { version: _version, nodes: _nodes, edges: _edges, ...facts } = profile;
  return builder.build({ ...facts, foldedCalls: 0, upgradedFrom: 1 });
}

const NO_NUMBERS = { calls: 0, selfMs: 0, totalMs: 0, awaitMs: 0, awaitedMs: 0 };

function pairWeight(edge: ProfileEdge): number {
  return weightMs({ totalMs: edge.totalMs, awaitedMs: edge.awaitMs });
}
