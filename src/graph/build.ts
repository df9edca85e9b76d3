import { contextsAsFunctions, functionView, type FunctionView } from '../profile/derive';
import { AnyProfile, ProfileEdge, ProfileNode, ROOT_NAME } from '../profile/types';
import { CallGraph, ContextSelection, countProgramFunctions, GraphEdge, GraphNode, instrumentingTime } from './types';
import { awaitedByCallers, edgeWeightMs, propagateCaused } from './weights';

/** Node 0 is the root in every profile (see src/profile/types.ts). */
const ROOT_ID = 0;

/**
 * Turns a profile into a call graph whose nodes and edges carry weights and
 * shares (see types.ts and weights.ts). The root node `(root)` is kept as the
 * entry point and stands for the whole run.
 *
 * Shares are fractions of the wall time of the run: of the processes that ran
 * instrumented code when the profile knows it (instrumentedWallMs). A function that ran
 * synchronously for a quarter of the run has a share of 0.25. Async calls
 * overlap: 5000 `sendTask` calls each in flight for 3 ms add up to 15 s in a
 * 1.3 s run, a share of 11.5, which reads "on average 11.5 calls of sendTask
 * were in flight". Renderers show such shares as a multiple of the wall time
 * (`11.5x wall`) and colour them as hot as it gets. A profile without a wall
 * time (hand-made, or from a crashed run) uses the summed weight of the calls
 * the root made instead.
 */
export function buildCallGraph(profile: AnyProfile): CallGraph {
  const contexts = profile.version === 1 ? undefined : { functions: profile.functions, contexts: profile.contexts };
  const graph = assembleGraph(profile, functionView(profile), contexts);
  return { ...graph, profiledFunctions: countProgramFunctions(graph.nodes), instrumentingMs: instrumentingTime(graph.nodes) };
}

/**
 * The graph again from a selection of its contexts (--root, --focus,
 * --ignore): boxes and arrows carry the sums over the selected paths only.
 * Settings, what was hidden and the reference time stay.
 */
export function graphFromContexts(graph: CallGraph, selection: ContextSelection): CallGraph {
  const rebuilt = assembleGraph(graph, contextsAsFunctions(selection, selection.contexts), selection, graph.referenceMs);
  return { ...rebuilt, profiledFunctions: graph.profiledFunctions, instrumentingMs: graph.instrumentingMs, settings: graph.settings, hidden: graph.hidden, groupBy: graph.groupBy };
}

type RunFacts = Pick<CallGraph, 'command' | 'startedAt' | 'wallMs' | 'processes'> & { instrumentedWallMs?: number };

function assembleGraph(profile: RunFacts, view: FunctionView, contexts: ContextSelection | undefined, fixedReferenceMs?: number): CallGraph {
  const nodesById = indexNodes(view.nodes);
  const edges = mergeDuplicateEdges(view.edges.filter((edge) => nodesById.has(edge.caller) && nodesById.has(edge.callee)));
  const rootWorkMs = edges.filter((edge) => edge.caller === ROOT_ID).reduce((sum, edge) => sum + edgeWeightMs(edge), 0);
  const referenceMs = fixedReferenceMs ?? ((profile.instrumentedWallMs ?? 0) > 0 ? (profile.instrumentedWallMs as number) : profile.wallMs > 0 ? profile.wallMs : rootWorkMs);
  const shareOf = (ms: number): number => (referenceMs > 0 ? ms / referenceMs : 0);

  // The root stands for the whole run; the runtime may not time it at all.
  const profileNodes = [...nodesById.values()]
    .sort((a, b) => a.id - b.id)
    .map((node) => (node.id === ROOT_ID ? { ...node, totalMs: referenceMs } : node));
  const awaitedMs = awaitedByCallers(edges);
  const weighedNodes = profileNodes.map((node) => ({ ...node, weightMs: Math.max(node.totalMs, awaitedMs.get(node.id) ?? 0) }));
  const weighedEdges = edges.map((edge) => ({ ...edge, weightMs: edgeWeightMs(edge) }));
  const caused = propagateCaused(weighedNodes, weighedEdges);

  const nodes: GraphNode[] = weighedNodes.map((node) => {
    const weightMs = node.weightMs;
    return {
      id: node.id,
      name: node.name,
      file: node.file,
      line: node.line,
      ...(node.column !== undefined ? { column: node.column } : {}),
      calls: node.calls,
      selfMs: node.selfMs,
      totalMs: node.totalMs,
      awaitMs: node.awaitMs,
      awaitedMs: awaitedMs.get(node.id) ?? 0,
      weightMs,
      causedMs: caused.nodeCausedMs.get(node.id) ?? weightMs,
      share: shareOf(weightMs),
      ...(node.processes ? { processes: [...node.processes] } : {}),
      isRoot: node.id === ROOT_ID,
      hot: false,
    };
  });

  const graphEdges: GraphEdge[] = weighedEdges.map((edge, index) => ({
    caller: edge.caller,
    callee: edge.callee,
    calls: edge.calls,
    totalMs: edge.totalMs,
    awaitMs: edge.awaitMs,
    weightMs: edge.weightMs,
    causedMs: caused.edgeCausedMs[index],
    share: shareOf(edge.weightMs),
    elided: false,
    hot: false,
  }));

  return {
    command: [...profile.command],
    startedAt: profile.startedAt,
    wallMs: profile.wallMs,
    referenceMs,
    profiledFunctions: countProgramFunctions(nodes),
    rootId: ROOT_ID,
    nodes,
    edges: graphEdges,
    processes: (profile.processes ?? []).map((process) => ({ ...process, argv: [...process.argv] })),
    groupBy: 'none',
    settings: [],
    hidden: [],
    ...(contexts ? { contexts } : {}),
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

/**
 * Merged profiles may list the same caller→callee pair more than once.
 * Profiles written before edges carried awaitMs count as never awaited.
 */
function mergeDuplicateEdges(edges: ProfileEdge[]): ProfileEdge[] {
  const byPair = new Map<string, ProfileEdge>();
  for (const edge of edges) {
    const key = `${edge.caller}>${edge.callee}`;
    const awaitMs = edge.awaitMs ?? 0;
    const seen = byPair.get(key);
    if (seen) {
      seen.calls += edge.calls;
      seen.totalMs += edge.totalMs;
      seen.awaitMs += awaitMs;
    } else {
      byPair.set(key, { ...edge, awaitMs });
    }
  }
  return [...byPair.values()].sort((a, b) => a.caller - b.caller || a.callee - b.callee);
}
