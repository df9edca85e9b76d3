/**
 * The weighted call graph: the profile's nodes and edges with their numbers,
 * plus the shares and flags that the pruning steps and the renderers need.
 * Graphs are plain data and are never mutated: every step returns a new graph.
 */

export interface GraphNode {
  /** The profile node id; edges refer to nodes by it. */
  id: number;
  name: string;
  /** Source file as recorded in the profile; '' for the root. */
  file: string;
  line: number;
  calls: number;
  selfMs: number;
  totalMs: number;
  awaitMs: number;
  /** `pid:threadId` of every process that recorded this node, when the profile merges several. */
  processes?: string[];
  /** True for the synthetic `(root)` entry node. */
  isRoot: boolean;
  /** totalMs as a fraction of the graph's totalMs (can exceed 1 when async calls overlap). */
  totalShare: number;
  /** selfMs as a fraction of the graph's totalMs. */
  selfShare: number;
  /** Set by markHotPath. */
  hot: boolean;
}

export interface GraphEdge {
  caller: number;
  callee: number;
  calls: number;
  totalMs: number;
  /** totalMs as a fraction of the graph's totalMs. */
  share: number;
  /**
   * True when this edge stands for a path through nodes that a pruning step
   * removed; renderers draw it dashed because its numbers are an estimate.
   */
  elided: boolean;
  /** Set by markHotPath. */
  hot: boolean;
}

export interface CallGraph {
  /** The command that was profiled, for titles. */
  command: string[];
  startedAt: string;
  wallMs: number;
  /** The time every share is a fraction of; see buildCallGraph for how it is chosen. */
  totalMs: number;
  rootId: number;
  /** Ordered by profile id, so that output is deterministic. */
  nodes: GraphNode[];
  /** Ordered by (caller, callee). */
  edges: GraphEdge[];
}
