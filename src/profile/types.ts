/**
 * The tsprof profile format, version 1. This file is the documentation of the
 * JSON written to `out/profile.json`; README.md describes the same schema.
 *
 * Times are milliseconds (floating point). Node ids are small integers that
 * are unique within one profile; node 0 is always the root.
 */

export const PROFILE_VERSION = 1;

/** Name of the synthetic node that stands for "called from non-instrumented code". */
export const ROOT_NAME = '(root)';

export interface ProfileNode {
  id: number;
  /** What a reader expects: `Producer.publish`, `sendTask`, `<anonymous> file:line`. */
  name: string;
  /** Source file (original source when a source map was available); '' for the root. */
  file: string;
  /** 1-based line in `file`; 0 for the root. */
  line: number;
  /** Number of invocations (generators: number of times their body started). */
  calls: number;
  /** Time this function's own code was running (excludes callees and suspensions). */
  selfMs: number;
  /** Wall time from call until its body finished, summed over non-recursive calls. */
  totalMs: number;
  /** Time suspended at its own `await`/`yield`, summed over calls. */
  awaitMs: number;
  /** Process that recorded this node, when the profile merges several (`pid:threadId`). */
  processes?: string[];
}

export interface ProfileEdge {
  /** Node id of the caller (0 = root, i.e. the event loop or non-instrumented code). */
  caller: number;
  /** Node id of the callee. */
  callee: number;
  calls: number;
  /** Inclusive time of the callee for calls made along this edge (non-recursive calls). */
  totalMs: number;
  /**
   * Time the caller spent suspended in `await callee(...)`, i.e. waiting for the
   * promise this call returned. For `await pool.acquire()` this is the time spent
   * queueing for the pool, even though `acquire` itself returns at once.
   */
  awaitMs: number;
}

export interface ProfileProcess {
  pid: number;
  threadId: number;
  /** argv of that process, as seen by it. */
  argv: string[];
  /** How long this process or thread ran until its part was written. */
  wallMs: number;
  /** When it started, in milliseconds since the epoch (`performance.timeOrigin`). */
  timeOriginMs?: number;
  /**
   * Present (true) when this part is a periodic `--flush-interval` snapshot:
   * the process ended without its final write (killed), so up to one interval
   * of its calls is missing.
   */
  snapshot?: true;
}

export interface Profile {
  version: typeof PROFILE_VERSION;
  /** The command tsprof ran, as given on its command line. */
  command: string[];
  /** ISO date at which profiling started. */
  startedAt: string;
  /** Wall time of the whole profiled run. */
  wallMs: number;
  /**
   * Wall time of the processes that ran instrumented code: from the start of
   * the first to the end of the last. Shares are of this (a launcher such as
   * `npx` that runs no included file is not in it); absent in older profiles.
   */
  instrumentedWallMs?: number;
  nodes: ProfileNode[];
  edges: ProfileEdge[];
  /** Every process/thread whose part was merged into this profile. */
  processes: ProfileProcess[];
  /** Every instrumented file that was loaded (also those whose functions were never called). */
  files: string[];
  /** Present (true) when some process's part is a periodic snapshot (see ProfileProcess.snapshot). */
  fromSnapshots?: true;
}
