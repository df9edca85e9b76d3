// Small hand-made profiles for the graph and render tests.

/**
 * nodes: [id, name, { calls, selfMs, totalMs, awaitMs, file, line }] (node 0 is added when missing)
 * edges: [caller, callee, calls, totalMs, awaitMs = 0]
 */
export function makeProfile({ nodes, edges, wallMs = 0, command = ['node', 'app.js'] }) {
  const profileNodes = nodes.map(([id, name, numbers = {}]) => ({
    id,
    name,
    file: numbers.file ?? (id === 0 ? '' : `/project/src/${name.replace(/\W+/g, '-')}.ts`),
    line: numbers.line ?? (id === 0 ? 0 : 10 + id),
    calls: numbers.calls ?? 1,
    selfMs: numbers.selfMs ?? 0,
    totalMs: numbers.totalMs ?? 0,
    awaitMs: numbers.awaitMs ?? 0,
  }));
  if (!profileNodes.some((node) => node.id === 0)) {
    profileNodes.unshift({ id: 0, name: '(root)', file: '', line: 0, calls: 0, selfMs: 0, totalMs: 0, awaitMs: 0 });
  }
  return {
    version: 1,
    command,
    startedAt: '2025-01-01T00:00:00.000Z',
    wallMs,
    nodes: profileNodes,
    edges: edges.map(([caller, callee, calls, totalMs, awaitMs = 0]) => ({ caller, callee, calls, totalMs, awaitMs })),
    processes: [{ pid: 1, threadId: 0, argv: command, wallMs }],
  };
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
export function asyncChainProfile() {
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
      [3, 4, 100, 2, 4500],
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
