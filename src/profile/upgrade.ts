import { ProfileBuilder, type ContextNumbers } from './builder';
import { weightMs } from './measures';
import type { ProfileEdge, ProfileNode } from './derive';
import { ROOT_NAME, type Profile, type RunFacts } from './types';

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
  // Version 1 kept self and await per function only: each of its contexts gets a share in
  // proportion to its calls, as gprof shares a function's time among its callers.
  const callsInto = new Map<number, number>();
  for (const edge of pairs) callsInto.set(edge.callee, (callsInto.get(edge.callee) ?? 0) + edge.calls);
  const numbersOf = (node: ProfileNode, calls: number, totalMs: number, awaitedMs: number): ContextNumbers => {
    const all = callsInto.get(node.id) ?? 0;
    const fraction = all > 0 ? calls / all : 1;
    return { calls, totalMs, awaitedMs, selfMs: node.selfMs * fraction, awaitMs: node.awaitMs * fraction };
  };
  const mainContext = new Map<number, number>([[rootId, 0]]);
  const mainPair = new Map<number, ProfileEdge>();
  // Grow the tree from the root: each function hangs under its heaviest caller already placed.
  for (let grown = true; grown; ) {
    grown = false;
    const reachable = pairs.filter((edge) => mainContext.has(edge.caller) && !mainContext.has(edge.callee));
    reachable.sort((a, b) => pairWeight(b) - pairWeight(a) || b.calls - a.calls || a.caller - b.caller || a.callee - b.callee);
    for (const edge of reachable) {
      if (mainContext.has(edge.callee)) continue;
      const node = nodes.get(edge.callee) as ProfileNode;
      mainPair.set(edge.callee, edge);
      mainContext.set(edge.callee, builder.addContext(mainContext.get(edge.caller) as number, functionId(node), numbersOf(node, edge.calls, edge.totalMs, edge.awaitMs)));
      grown = true;
    }
  }
  // Functions no pair from the root reaches hang under the root.
  for (const node of profile.nodes) {
    if (node.id === rootId || mainContext.has(node.id)) continue;
    if (node.calls === 0 && node.selfMs === 0 && node.totalMs === 0 && !pairs.some((edge) => edge.caller === node.id)) continue;
    mainContext.set(node.id, builder.addContext(0, functionId(node), numbersOf(node, node.calls, node.totalMs, 0)));
  }
  for (const edge of pairs) {
    if (mainPair.get(edge.callee) === edge || !mainContext.has(edge.caller)) continue;
    const node = nodes.get(edge.callee) as ProfileNode;
    builder.addContext(mainContext.get(edge.caller) as number, functionId(node), numbersOf(node, edge.calls, edge.totalMs, edge.awaitMs));
  }
  const { version: _version, nodes: _nodes, edges: _edges, ...facts } = profile;
  return builder.build({ ...facts, foldedCalls: 0, upgradedFrom: 1 });
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function checkNodes(nodes: unknown): string | null {
  if (!Array.isArray(nodes)) return '"nodes" is not an array';
  const ids = new Set<number>();
  for (const [index, node] of nodes.entries()) {
    if (!isObject(node)) return `nodes[${index}] is not an object`;
    const { id, name, file, line, calls, selfMs, totalMs, awaitMs } = node;
    if (!isNumber(id) || typeof name !== 'string' || typeof file !== 'string' || !isNumber(line)) return `nodes[${index}] lacks id, name, file or line`;
    if (![calls, selfMs, totalMs, awaitMs].every(isNumber)) return `nodes[${index}] lacks calls, selfMs, totalMs or awaitMs`;
    if (ids.has(id)) return `nodes[${index}] repeats id ${id}`;
    ids.add(id);
  }
  return null;
}

function checkEdges(edges: unknown, nodes: { id: number }[]): string | null {
  if (!Array.isArray(edges)) return '"edges" is not an array';
  const ids = new Set(nodes.map((node) => node.id));
  for (const [index, edge] of edges.entries()) {
    if (!isObject(edge)) return `edges[${index}] is not an object`;
    const { caller, callee, calls, totalMs, awaitMs } = edge;
    if (![caller, callee, calls, totalMs, awaitMs].every(isNumber)) return `edges[${index}] lacks caller, callee, calls, totalMs or awaitMs`;
    if (!ids.has(caller as number) || !ids.has(callee as number)) return `edges[${index}] refers to a node that does not exist`;
  }
  return null;
}

/**
 * What is wrong with parsed JSON of version 1 (which has no schema of its
 * own: it is read, never written), or null when it can be upgraded.
 */
export function version1Problem(data: Record<string, unknown>): string | null {
  if (!Array.isArray(data.command)) return '"command" is not an array';
  if (!isNumber(data.wallMs)) return '"wallMs" is not a number';
  return checkNodes(data.nodes) ?? checkEdges(data.edges, data.nodes as { id: number }[]);
}


function pairWeight(edge: ProfileEdge): number {
  return weightMs({ totalMs: edge.totalMs, awaitedMs: edge.awaitMs });
}
