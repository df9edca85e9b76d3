import { isProgramFunction as isProgramFunctionOfProfile } from '../profile/identity';
import type { ProfileNode } from '../profile/derive';
import type { DurationHistogram } from '../profile/histogram';
import { INSTRUMENTING_NAME, type MessageFlow, type Profile, type ProfileProcess } from '../profile/types';

/**
 * The weighted call graph: the profile's nodes and edges with their numbers,
 * plus the weights, shares and flags that the steps and the renderers need.
 * Graphs are plain data and are never mutated: every step returns a new graph.
 *
 * Weights. A call that returns a promise at once (`acquire()` queueing for a
 * pool, `delay()` starting a send) has a tiny totalMs, yet its caller may wait
 * seconds for it, and the work it started may run for seconds after it
 * returned. So besides the measured times every node and edge carries:
 *  - weightMs: the larger of the time it ran (totalMs) and the time callers
 *    spent awaiting it (awaitedMs for a node, awaitMs for an edge);
 *  - causedMs: the heaviest weight among the calls it led to, itself included
 *    (see weights.ts). This is what keeps `delay → applyAsync → sendTask` in
 *    the picture although `delay` itself returns in microseconds.
 * Pruning and the hot path use these; labels show the measured numbers.
 */

/** A profile node (id, name, file, line, calls, self/total/await times, processes) plus what the graph adds. */
export interface GraphNode extends ProfileNode {
  /** Time its callers spent in `await thisFunction(...)`: the sum of awaitMs over incoming edges. */
  awaitedMs: number;
  /** max(totalMs, awaitedMs). */
  weightMs: number;
  /** The heaviest weight this function's calls led to, its own included. */
  causedMs: number;
  /** weightMs as a fraction of the graph's referenceMs; above 1 when calls overlap (see CallGraph). */
  share: number;
  /** True for the synthetic `(root)` entry node. */
  isRoot: boolean;
  /** Set by markHotPath. */
  hot: boolean;
  /** Cluster label set by groupNodes; undefined = drawn outside any cluster. */
  group?: string;
}

export interface GraphEdge {
  caller: number;
  callee: number;
  calls: number;
  /** Inclusive time of the callee for the calls made along this edge. */
  totalMs: number;
  /** Time the caller spent in `await callee(...)` for these calls. */
  awaitMs: number;
  /** max(totalMs, awaitMs). */
  weightMs: number;
  /** The heaviest weight these calls led to (see weights.ts). */
  causedMs: number;
  /** weightMs as a fraction of the graph's referenceMs. */
  share: number;
  /**
   * True when this edge stands for a path through nodes that a pruning step
   * removed; renderers draw it dashed because its numbers are an estimate.
   */
  elided: boolean;
  /** Set by markHotPath. */
  hot: boolean;
  /** Present (true): continuations the caller scheduled (`.then`, timers, nextTick), not calls; their time is not in the caller's total. */
  async?: true;
}

/**
 * One end of a message flow arrow: a function's box (its node id), or a label
 * where no box can stand: no profiled process published or handled the
 * messages (an unmatched end, never guessed), or the function that ran that
 * end is off the paths --root, --focus or --ignore selected.
 */
export type FlowEnd = { kind: 'function'; id: number } | { kind: 'not profiled' } | { kind: 'not selected'; id: number; name: string };

/**
 * Messages published by one function and handled by another (the profile's
 * flows, summed per pair of ends, system, destination and clock: messages
 * added, latency histograms added exactly). Not a call: a flow is in no
 * call count, time, share or weight, and the pruning steps keep the boxes of
 * its ends (prune.ts), so it is drawn whenever the graph has it.
 */
export interface GraphFlow {
  from: FlowEnd;
  to: FlowEnd;
  system: string;
  destination: string;
  messages: number;
  /** Send → handler start, per message, in the buckets of profile/histogram.ts; absent when no message had both clocks. */
  latency?: DurationHistogram;
  clock?: MessageFlow['clock'];
}

/** `--group`: what a Graphviz cluster stands for. */
export type GroupBy = 'none' | 'file' | 'module' | 'package' | 'process' | 'host';
export const GROUP_BY_CHOICES: readonly GroupBy[] = ['none', 'file', 'module', 'package', 'process', 'host'];

/** What one step left out, for the title: "hid 30 functions below 0.5% of wall time (12.4 ms self time)". */
export interface HiddenSummary {
  /** Why, in the step's words: `below 0.5% of wall time`, `beyond --max-nodes 70`, `matching --ignore /^debug/`. */
  reason: string;
  nodes: number;
  /** Summed self time of the hidden functions: the CPU time no box shows any more. */
  selfMs: number;
}

export interface CallGraph {
  /** The command that was profiled, for titles. */
  command: string[];
  startedAt: string;
  wallMs: number;
  /**
   * The time every share is a fraction of: the wall time of the run, or for a
   * profile without one the summed weight of the root's calls. Sync code never
   * exceeds it; async calls in flight at the same time add up beyond it, and a
   * share of 11.3 then means "11.3 calls in flight on average" (see build.ts).
   */
  referenceMs: number;
  /** How many functions the profile recorded, before any step removed some. */
  profiledFunctions: number;
  /** Time tsprof spent instrumenting files on a cold transform cache, before any step removed its node. */
  instrumentingMs?: number;
  /** Functions whose times are estimated from a sample of their calls (`--sample-hot`: contexts with timedCalls), before any step removed some. */
  sampledFunctions?: number;
  rootId: number;
  /** Ordered by profile id, so that output is deterministic. */
  nodes: GraphNode[];
  /** Ordered by (caller, callee). */
  edges: GraphEdge[];
  /** Message flows between the boxes (flows.ts), when the profile recorded any with `--flows`; absent otherwise. */
  flows?: GraphFlow[];
  /** The processes of the profile, to label `--group process` clusters. */
  processes: ProfileProcess[];
  /** How groupNodes clustered the nodes; renderers shorten file and directory labels. */
  groupBy: GroupBy;
  /** The settings of the steps applied, for the title: `focus /publish/`, `node threshold 0.5%`. */
  settings: string[];
  /** What the pruning and selection steps left out, in the order they ran. */
  hidden: HiddenSummary[];
  /** The calling contexts behind the boxes, as --root, --focus and --ignore selected them; the hot path and the call tree follow them. */
  contexts: ContextSelection;
  /** Set when the profile was read from version 1: its contexts are one call deep, not whole paths (profile/upgrade.ts). */
  upgradedFrom?: 1;
  /** Set when no function passed the thresholds and the heaviest were drawn anyway: one line saying so. */
  fallback?: string;
}

/** Calling contexts (parents before children) and the functions they name; node ids are function ids. */
export type ContextSelection = Pick<Profile, 'functions' | 'contexts'>;

/** A box of the program's functions (profile/identity.ts isProgramFunction): not the root, nor tsprof's own instrumenting time. */
export function isProgramFunction(node: Pick<GraphNode, 'isRoot' | 'name' | 'file'>): boolean {
  return !node.isRoot && isProgramFunctionOfProfile(node);
}

/** tsprof's own instrumenting time among these nodes: what a cold transform cache cost this run. */
export function instrumentingTime(nodes: readonly Pick<GraphNode, 'name' | 'totalMs'>[]): number {
  let sum = 0;
  for (const node of nodes) if (node.name === INSTRUMENTING_NAME) sum += node.totalMs;
  return sum;
}

/** How many of these nodes are the program's functions. */
export function countProgramFunctions(nodes: readonly Pick<GraphNode, 'isRoot' | 'name' | 'file'>[]): number {
  let count = 0;
  for (const node of nodes) if (isProgramFunction(node)) count++;
  return count;
}
