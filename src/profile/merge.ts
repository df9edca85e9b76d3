import { PROFILE_VERSION, ROOT_NAME, type Profile, type ProfileEdge, type ProfileNode, type ProfileProcess } from './types';

function nodeKey(node: ProfileNode): string {
  return node.name === ROOT_NAME && node.file === '' ? ROOT_NAME : `${node.name}\u0000${node.file}\u0000${node.line}`;
}

function processLabel(profile: Profile): string {
  const process = profile.processes[0];
  return process ? `${process.pid}:${process.threadId}` : '?';
}

/**
 * Merges the parts written by each process and thread into one profile. A
 * function keeps its identity across processes (same name, file and line), so
 * a publish path that runs in three workers is one node with the summed counts;
 * `processes` on each node says where it ran.
 */
export function mergeProfiles(parts: Profile[], command: string[], startedAt: string, wallMs: number): Profile {
  const nodes: ProfileNode[] = [];
  const nodeIndex = new Map<string, ProfileNode>();
  const edgeIndex = new Map<string, ProfileEdge>();
  const root: ProfileNode = { id: 0, name: ROOT_NAME, file: '', line: 0, calls: 0, selfMs: 0, totalMs: 0, awaitMs: 0 };
  nodes.push(root);
  nodeIndex.set(ROOT_NAME, root);
  for (const part of parts) {
    const label = processLabel(part);
    const localToMerged = new Map<number, number>();
    for (const node of part.nodes) {
      const key = nodeKey(node);
      let merged = nodeIndex.get(key);
      if (!merged) {
        merged = { ...node, id: nodes.length, calls: 0, selfMs: 0, totalMs: 0, awaitMs: 0, processes: [] };
        nodes.push(merged);
        nodeIndex.set(key, merged);
      }
      merged.calls += node.calls;
      merged.selfMs += node.selfMs;
      merged.totalMs += node.totalMs;
      merged.awaitMs += node.awaitMs;
      if (merged !== root && !merged.processes!.includes(label)) merged.processes!.push(label);
      localToMerged.set(node.id, merged.id);
    }
    for (const edge of part.edges) {
      const caller = localToMerged.get(edge.caller);
      const callee = localToMerged.get(edge.callee);
      if (caller === undefined || callee === undefined) continue;
      const key = `${caller}:${callee}`;
      const merged = edgeIndex.get(key);
      if (merged) {
        merged.calls += edge.calls;
        merged.totalMs += edge.totalMs;
        merged.awaitMs += edge.awaitMs;
      } else {
        edgeIndex.set(key, { caller, callee, calls: edge.calls, totalMs: edge.totalMs, awaitMs: edge.awaitMs });
      }
    }
  }
  const processes = parts.flatMap((part) => part.processes);
  const instrumentedWallMs = spanOf(processes);
  return {
    version: PROFILE_VERSION,
    command,
    startedAt,
    wallMs,
    ...(instrumentedWallMs > 0 ? { instrumentedWallMs } : {}),
    nodes,
    edges: [...edgeIndex.values()],
    processes,
    files: [...new Set(parts.flatMap((part) => part.files))].sort(),
    ...(processes.some((process) => process.snapshot) ? { fromSnapshots: true as const } : {}),
  };
}

/** From the start of the first process to the end of the last; 0 when a part does not say when it started. */
function spanOf(processes: ProfileProcess[]): number {
  if (processes.length === 0 || processes.some((process) => process.timeOriginMs === undefined)) return 0;
  const start = Math.min(...processes.map((process) => process.timeOriginMs as number));
  const end = Math.max(...processes.map((process) => (process.timeOriginMs as number) + process.wallMs));
  return end - start;
}
