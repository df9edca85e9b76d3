import { PROFILE_VERSION, ROOT_NAME, type Profile, type ProfileEdge, type ProfileNode } from '../profile/types';
import type { Recorder } from './recorder';

export interface ProcessIdentity {
  pid: number;
  threadId: number;
  argv: string[];
  command: string[];
  startedAt: string;
  wallMs: number;
  timeOriginMs: number;
  /** A periodic snapshot rather than the final write at exit. */
  snapshot: boolean;
}

/**
 * Turns the recorder's tables into this process's part of the profile. A file
 * registered twice (loaded from two paths, or after a module cache reset) gives
 * functions with the same name and position; they become one node.
 */
export function snapshotProfile(recorder: Recorder, identity: ProcessIdentity): Profile {
  recorder.settle();
  const functions = recorder.functions;
  const nodeOfFunction = new Int32Array(functions.count).fill(-1);
  const nodeByKey = new Map<string, ProfileNode>();
  const nodes: ProfileNode[] = [];
  for (let id = 0; id < functions.count; id++) {
    if (id !== 0 && functions.calls[id] === 0) continue;
    const site = recorder.sites[id];
    const key = `${site.name}\u0000${site.file}\u0000${site.line}\u0000${site.column}`;
    let node = nodeByKey.get(key);
    if (!node) {
      node = {
        id: nodes.length,
        name: id === 0 ? ROOT_NAME : site.name,
        file: site.file,
        line: site.line,
        calls: 0,
        selfMs: 0,
        totalMs: 0,
        awaitMs: 0,
      };
      nodeByKey.set(key, node);
      nodes.push(node);
    }
    node.calls += functions.calls[id];
    node.selfMs += functions.selfMs[id];
    node.totalMs += functions.totalMs[id];
    node.awaitMs += functions.awaitMs[id];
    nodeOfFunction[id] = node.id;
  }
  const edgeByKey = new Map<string, ProfileEdge>();
  const edgeTable = recorder.edges;
  for (let edge = 0; edge < edgeTable.count; edge++) {
    if (edgeTable.calls[edge] === 0) continue;
    const caller = nodeOfFunction[edgeTable.caller[edge]];
    const callee = nodeOfFunction[edgeTable.callee[edge]];
    if (caller < 0 || callee < 0) continue;
    const key = `${caller}:${callee}`;
    const existing = edgeByKey.get(key);
    if (existing) {
      existing.calls += edgeTable.calls[edge];
      existing.totalMs += edgeTable.totalMs[edge];
      existing.awaitMs += edgeTable.awaitMs[edge];
    } else {
      edgeByKey.set(key, { caller, callee, calls: edgeTable.calls[edge], totalMs: edgeTable.totalMs[edge], awaitMs: edgeTable.awaitMs[edge] });
    }
  }
  const process = { pid: identity.pid, threadId: identity.threadId, argv: identity.argv, wallMs: identity.wallMs, timeOriginMs: identity.timeOriginMs, ...(identity.snapshot ? { snapshot: true as const } : {}) };
  return {
    version: PROFILE_VERSION,
    command: identity.command,
    startedAt: identity.startedAt,
    wallMs: identity.wallMs,
    nodes,
    edges: [...edgeByKey.values()],
    processes: [process],
    // '' registers tsprof's own pseudo-functions (instrumenting time), not a file.
    files: [...new Set(recorder.files)].filter((file) => file !== ''),
  };
}
