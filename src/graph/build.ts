import { functionView, type FunctionView } from '../profile/derive';
import { shareOf, weightMs } from '../profile/measures';
import { selectProfile, type Selection, type SelectionFlag, type SelectionStep } from '../profile/select';
import type { ProfileNode } from '../profile/derive';
import { ROOT_NAME, type Profile } from '../profile/types';
import { flowEdges } from './flows';
import { CallGraph, countProgramFunctions, GraphEdge, GraphNode, HiddenSummary, instrumentingTime } from './types';
import { awaitedByCallers, propagateCaused } from './weights';

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
export function buildCallGraph(profile: Profile): CallGraph {
  return selectedCallGraph(profile, {});
}

/**
 * `--root`, `--ignore`, `--focus` select on the profile (profile/select.ts),
 * and the graph is built once from what they kept: boxes and arrows carry the
 * sums over the selected paths only, and so do the message flows between
 * them (graph/flows.ts). Shares stay fractions of the whole
 * run's reference time, and the title counts the functions the whole profile
 * recorded. A pattern that matches no function is not applied (ask
 * profile/select.ts unmatchedFlags first to say so).
 */
export function selectedCallGraph(profile: Profile, selection: Selection): CallGraph {
  const whole = functionView(profile);
  const referenceMs = referenceTimeOf(profile, whole);
  const selected = selectProfile(profile, selection);
  const view = selected.steps.length > 0 ? functionView(selected.profile) : whole;
  const graph = assembleGraph(selected.profile, view, referenceMs);
  const flows = flowEdges(selected.profile, selected.flowsOffSelection);
  return {
    ...graph,
    ...(flows.length > 0 ? { flows } : {}),
    profiledFunctions: countProgramFunctions(whole.nodes.map((node) => ({ ...node, isRoot: node.id === ROOT_ID }))),
    // Said in the title even when a selection or pruning leaves its box out.
    instrumentingMs: instrumentingTime(whole.nodes),
    ...sampledFunctions(profile),
    settings: selected.steps.map((step) => `${step.flag} ${step.pattern} (numbers of the selected paths only)`),
    hidden: selected.steps.filter((step) => step.droppedFunctions > 0).map(hiddenBy),
  };
}

/** How many functions `--sample-hot` timed only some calls of (docs/sampling.md); nothing when none. */
function sampledFunctions(profile: Profile): { sampledFunctions?: number } {
  const sampled = new Set(profile.contexts.filter((context) => context.timedCalls !== undefined).map((context) => context.function));
  return sampled.size > 0 ? { sampledFunctions: sampled.size } : {};
}

/** Why a selection step's functions are not drawn, in the title's words. */
const LEFT_OUT_BECAUSE: Record<SelectionFlag, string> = {
  root: 'not reached from --root',
  ignore: 'only on paths through --ignore',
  focus: 'off the paths through --focus',
};

function hiddenBy(step: SelectionStep): HiddenSummary {
  return { reason: LEFT_OUT_BECAUSE[step.flag], nodes: step.droppedFunctions, selfMs: step.droppedSelfMs };
}

/** What shares are fractions of: the instrumented processes' wall time, the run's, or else the root's calls' summed weight. */
function referenceTimeOf(profile: Profile, view: FunctionView): number {
  if ((profile.instrumentedWallMs ?? 0) > 0) return profile.instrumentedWallMs as number;
  if (profile.wallMs > 0) return profile.wallMs;
  return view.edges
    .filter((edge) => edge.caller === ROOT_ID)
    .reduce((sum, edge) => sum + weightMs({ totalMs: edge.totalMs, awaitedMs: edge.awaitMs }), 0);
}

function assembleGraph(profile: Profile, view: FunctionView, referenceMs: number): CallGraph {
  const nodesById = indexNodes(view.nodes);
  // functionView gives each caller → callee pair once; edges whose ends are missing are not drawn.
  const edges = view.edges.filter((edge) => nodesById.has(edge.caller) && nodesById.has(edge.callee)).sort((a, b) => a.caller - b.caller || a.callee - b.callee || Number(a.async ?? false) - Number(b.async ?? false));
  const share = (ms: number): number => shareOf(ms, referenceMs);

  // The root stands for the whole run; the runtime may not time it at all.
  const profileNodes = [...nodesById.values()]
    .sort((a, b) => a.id - b.id)
    .map((node) => (node.id === ROOT_ID ? { ...node, totalMs: referenceMs } : node));
  const awaitedMs = awaitedByCallers(edges);
  const weighedNodes = profileNodes.map((node) => ({ ...node, weightMs: weightMs({ totalMs: node.totalMs, awaitedMs: awaitedMs.get(node.id) ?? 0 }) }));
  const weighedEdges = edges.map((edge) => ({ ...edge, weightMs: weightMs({ totalMs: edge.totalMs, awaitedMs: edge.awaitMs }) }));
  const caused = propagateCaused(weighedNodes, weighedEdges);

  const nodes: GraphNode[] = weighedNodes.map((node) => ({
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
    weightMs: node.weightMs,
    causedMs: caused.nodeCausedMs.get(node.id) ?? node.weightMs,
    share: share(node.weightMs),
    ...(node.processes ? { processes: [...node.processes] } : {}),
    isRoot: node.id === ROOT_ID,
    hot: false,
  }));

  const graphEdges: GraphEdge[] = weighedEdges.map((edge, index) => ({
    caller: edge.caller,
    callee: edge.callee,
    calls: edge.calls,
    totalMs: edge.totalMs,
    awaitMs: edge.awaitMs,
    weightMs: edge.weightMs,
    causedMs: caused.edgeCausedMs[index],
    share: share(edge.weightMs),
    elided: false,
    hot: false,
    ...(edge.async ? { async: true as const } : {}),
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
    contexts: { functions: profile.functions, contexts: profile.contexts },
    ...(profile.upgradedFrom ? { upgradedFrom: profile.upgradedFrom } : {}),
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
