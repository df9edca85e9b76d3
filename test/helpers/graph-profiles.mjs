// Small hand-made profiles for the graph and render tests: written as version 1 (functions and
// caller → callee pairs, the shortest way to state a graph), and upgraded as reading upgrades them.
import { upgradeVersion1 } from '../../dist/profile/upgrade.js';

/**
 * nodes: [id, name, { calls, selfMs, totalMs, awaitMs, file, line, processes }] (node 0 is added when missing)
 * edges: [caller, callee, calls, totalMs, awaitMs = 0]
 */
export function makeProfile({ nodes, edges, wallMs = 0, command = ['node', 'app.js'], processes = [{ pid: 1, threadId: 0, argv: command, wallMs }] }) {
  const profileNodes = nodes.map(([id, name, numbers = {}]) => ({
    id,
    name,
    file: numbers.file ?? (id === 0 ? '' : `/project/src/${name.replace(/\W+/g, '-')}.ts`),
    line: numbers.line ?? (id === 0 ? 0 : 10 + id),
    calls: numbers.calls ?? 1,
    selfMs: numbers.selfMs ?? 0,
    totalMs: numbers.totalMs ?? 0,
    awaitMs: numbers.awaitMs ?? 0,
    ...(numbers.processes ? { processes: numbers.processes } : {}),
  }));
  if (!profileNodes.some((node) => node.id === 0)) {
    profileNodes.unshift({ id: 0, name: '(root)', file: '', line: 0, calls: 0, selfMs: 0, totalMs: 0, awaitMs: 0 });
  }
  return upgradeVersion1({
    version: 1,
    command,
    startedAt: '2025-01-01T00:00:00.000Z',
    wallMs,
    nodes: profileNodes,
    edges: edges.map(([caller, callee, calls, totalMs, awaitMs = 0]) => ({ caller, callee, calls, totalMs, awaitMs })),
    processes,
    files: [],
  });
}

/** root → a (100) → b (60) → c (50); a → d (30); d → e (1, light) → f; c → b (recursion, cycle b ↔ c). */
export function chainWithCycleProfile() {
  return makeProfile({
    wallMs: 100,
    nodes: [
      [1, 'a', { totalMs: 100, selfMs: 10 }],
      [2, 'b', { totalMs: 60, selfMs: 10 }],
      [3, 'c', { totalMs: 50, selfMs: 50 }],
      [4, 'd', { totalMs: 30, selfMs: 29 }],
      [5, 'e', { totalMs: 1, selfMs: 0.5 }],
      [6, 'f', { totalMs: 0.5, selfMs: 0.5 }],
    ],
    edges: [
      [0, 1, 1, 100],
      [1, 2, 1, 60],
      [2, 3, 1, 50],
      [3, 2, 4, 0],
      [1, 4, 1, 30],
      [4, 5, 1, 1],
      [5, 6, 1, 0.5],
    ],
  });
}

/**
 * The task queue in miniature, with the numbers async code really produces
 * (wall 1000 ms): delay and applyAsync return promises at once, so they are
 * tiny; sendTask is in flight 10 s in total (10 calls overlapping on
 * average); it awaits acquire (a pool queue: 4.5 s awaited, 2 ms running)
 * and publish (5 s awaited), and publish writes to a socket (CPU, 300 ms).
 * A consumer chain (onData → handle, 400 ms) runs beside it.
 */
export function asyncChainProfile({ acquireAwaitedMs = 4500 } = {}) {
  return makeProfile({
    wallMs: 1000,
    nodes: [
      [1, 'Task.delay', { calls: 100, totalMs: 6, selfMs: 2 }],
      [2, 'Task.applyAsync', { calls: 100, totalMs: 4, selfMs: 2 }],
      [3, 'sendTask', { calls: 100, totalMs: 10000, selfMs: 5, awaitMs: 9900 }],
      [4, 'acquire', { calls: 100, totalMs: 2, selfMs: 2 }],
      [5, 'publish', { calls: 100, totalMs: 5200, selfMs: 20, awaitMs: 4800 }],
      [6, 'write', { calls: 100, totalMs: 300, selfMs: 300 }],
      [7, 'onData', { calls: 120, totalMs: 400, selfMs: 30 }],
      [8, 'handle', { calls: 100, totalMs: 370, selfMs: 370 }],
    ],
    edges: [
      [0, 1, 100, 6],
      [1, 2, 100, 4],
      [2, 3, 100, 10000],
      [3, 4, 100, 2, acquireAwaitedMs],
      [3, 5, 100, 5200, 5000],
      [5, 6, 100, 300, 20],
      [0, 7, 120, 400],
      [7, 8, 100, 370],
    ],
  });
}

export function nodeNames(graph) {
  return graph.nodes.map((node) => node.name);
}

export function edgeBetween(graph, callerName, calleeName) {
  const idOf = (name) => graph.nodes.find((node) => node.name === name)?.id;
  return graph.edges.find((edge) => edge.caller === idOf(callerName) && edge.callee === idOf(calleeName));
}

/**
 * A version 2 profile: contexts as [id, parent, function name, { calls, selfMs, totalMs, awaitMs, awaitedMs }];
 * functions are made from the names in order of first appearance (function 0 is the root).
 */
export function makeContextProfile({ contexts, wallMs = 100, command = ['node', 'app.js'] }) {
  const functions = [{ id: 0, name: '(root)', file: '', line: 0, column: 0 }];
  const idOf = new Map([['(root)', 0]]);
  const rows = [{ id: 0, parent: -1, function: 0, calls: 0, selfMs: 0, totalMs: 0, awaitMs: 0, awaitedMs: 0 }];
  for (const [id, parent, name, numbers = {}] of contexts) {
    if (!idOf.has(name)) {
      idOf.set(name, functions.length);
      functions.push({ id: functions.length, name, file: `/project/src/${name.replace(/\W+/g, '-')}.ts`, line: 10 + functions.length, column: 1 });
    }
    rows.push({ id, parent, function: idOf.get(name), calls: numbers.calls ?? 1, selfMs: numbers.selfMs ?? 0, totalMs: numbers.totalMs ?? 0, awaitMs: numbers.awaitMs ?? 0, awaitedMs: numbers.awaitedMs ?? 0 });
  }
  return { version: 2, command, startedAt: '2025-01-01T00:00:00.000Z', wallMs, foldedCalls: 0, functions, contexts: rows, processes: [{ pid: 1, threadId: 0, argv: command, wallMs }], files: [] };
}

/**
 * Publish and consume sharing encode and write (wall 100 ms):
 *   root → publish (10 calls, 40 ms) → encode (10, 5 ms), write (10, 20 ms)
 *   root → onData (30 calls, 50 ms) → consume (30, 45 ms) → ack (30, 30 ms) → encode (30, 8 ms), write (30, 15 ms)
 * write is heaviest on the publish side per call, but the consume side has more calls in all.
 */
export function sharedHelpersProfile() {
  return makeContextProfile({
    wallMs: 100,
    contexts: [
      [1, 0, 'publish', { calls: 10, selfMs: 15, totalMs: 40 }],
      [2, 1, 'encode', { calls: 10, selfMs: 5, totalMs: 5 }],
      [3, 1, 'write', { calls: 10, selfMs: 20, totalMs: 20, awaitedMs: 2 }],
      [4, 0, 'onData', { calls: 30, selfMs: 5, totalMs: 50 }],
      [5, 4, 'consume', { calls: 30, selfMs: 15, totalMs: 45 }],
      [6, 5, 'ack', { calls: 30, selfMs: 7, totalMs: 30 }],
      [7, 6, 'encode', { calls: 30, selfMs: 8, totalMs: 8 }],
      [8, 6, 'write', { calls: 30, selfMs: 15, totalMs: 15, awaitedMs: 3 }],
    ],
  });
}
