import { Profile, ProfileEdge, ProfileNode, ROOT_NAME } from '../profile/types';
import { CallGraph, GraphEdge, GraphNode } from './types';

/** Node 0 is the root in every profile (see src/profile/types.ts). */
const ROOT_ID = 0;

/**
 * Turns a profile into a call graph whose nodes and edges carry shares of the
 * run's total time. The root node `(root)` is kept as the entry point.
 *
 * The total that shares are fractions of is the larger of:
 *  - the sum of the root's outgoing edges: all instrumented work started from
 *    non-instrumented code. It exceeds the wall time when async calls overlap
 *    or when several processes were merged, and then it is the right
 *    denominator, so that no child of the root is shown above 100%;
 *  - the wall time of the run: when the program also spent time outside
 *    instrumented code (startup, idle event loop), a function is shown as the
 *    fraction of the whole run it took, so a function that took 2% of the run
 *    does not look hot just because little else was instrumented.
 */
export function buildCallGraph(profile: Profile): CallGraph {
  const nodesById = indexNodes(profile.nodes);
  const edges = mergeDuplicateEdges(profile.edges.filter((edge) => nodesById.has(edge.caller) && nodesById.has(edge.callee)));
  const rootWorkMs = edges.filter((edge) => edge.caller === ROOT_ID).reduce((sum, edge) => sum + edge.totalMs, 0);
  const totalMs = Math.max(rootWorkMs, profile.wallMs);
  const shareOf = (ms: number): number => (totalMs > 0 ? ms / totalMs : 0);

  const nodes: GraphNode[] = [...nodesById.values()]
    .sort((a, b) => a.id - b.id)
    .map((node) => {
      const isRoot = node.id === ROOT_ID;
      // The root stands for the whole run; the runtime may not time it at all.
      const nodeTotalMs = isRoot ? totalMs : node.totalMs;
      return {
        id: node.id,
        name: node.name,
        file: node.file,
        line: node.line,
        calls: node.calls,
        selfMs: node.selfMs,
        totalMs: nodeTotalMs,
        awaitMs: node.awaitMs,
        ...(node.processes ? { processes: [...node.processes] } : {}),
        isRoot,
        totalShare: shareOf(nodeTotalMs),
        selfShare: shareOf(node.selfMs),
        hot: false,
      };
    });

  const graphEdges: GraphEdge[] = edges.map((edge) => ({
    caller: edge.caller,
    callee: edge.callee,
    calls: edge.calls,
    totalMs: edge.totalMs,
    share: shareOf(edge.totalMs),
    elided: false,
    hot: false,
  }));

  return {
    command: [...profile.command],
    startedAt: profile.startedAt,
    wallMs: profile.wallMs,
    totalMs,
    rootId: ROOT_ID,
    nodes,
    edges: graphEdges,
  };
}

/**
 * Edges whose ends are missing are skipped rather than drawn as phantom
 * nodes; validating the profile is src/profile's job. A profile without a
 * root (nothing was recorded) still gets one, so every graph has an entry.
 */
function indexNodes(nodes: ProfileNode[]): Map<number, ProfileNode> {
  const byId = new Map<number, ProfileNode>();
  for (const node of nodes) byId.set(node.id, node);
  if (!byId.has(ROOT_ID)) {
    byId.set(ROOT_ID, { id: ROOT_ID, name: ROOT_NAME, file: '', line: 0, calls: 0, selfMs: 0, totalMs: 0, awaitMs: 0 });
  }
  return byId;
}

/** Merged profiles may list the same caller→callee pair more than once. */
function mergeDuplicateEdges(edges: ProfileEdge[]): ProfileEdge[] {
  const byPair = new Map<string, ProfileEdge>();
  for (const edge of edges) {
    const key = `${edge.caller}>${edge.callee}`;
    const seen = byPair.get(key);
    if (seen) {
      seen.calls += edge.calls;
      seen.totalMs += edge.totalMs;
    } else {
      byPair.set(key, { ...edge });
    }
  }
  return [...byPair.values()].sort((a, b) => a.caller - b.caller || a.callee - b.callee);
}
