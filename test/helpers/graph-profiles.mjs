// Small hand-made profiles for the graph and render tests.

/**
 * nodes: [id, name, { calls, selfMs, totalMs, awaitMs, file, line }] (node 0 is added when missing)
 * edges: [caller, callee, calls, totalMs]
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
    edges: edges.map(([caller, callee, calls, totalMs]) => ({ caller, callee, calls, totalMs })),
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

export function nodeNames(graph) {
  return graph.nodes.map((node) => node.name);
}

export function edgeBetween(graph, callerName, calleeName) {
  const idOf = (name) => graph.nodes.find((node) => node.name === name)?.id;
  return graph.edges.find((edge) => edge.caller === idOf(callerName) && edge.callee === idOf(calleeName));
}
