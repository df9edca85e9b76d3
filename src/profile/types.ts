/**
 * The tsprof profile format. This file (with units.ts, its scalar types, and
 * flow-types.ts, its message flows) is the documentation of the JSON
 * written to `out/profile.json`, and its one definition: the JSON Schema in
 * `schema/` is generated from it (scripts/profile-schema.js, with the doc
 * comments as descriptions and the `@minimum`-style tags as constraints), and
 * the reader's structural checks are compiled from that schema at build time
 * (scripts/profile-validator.js). docs/profile-format.md describes it.
 *
 * Version 2 records calling contexts: every distinct path of calls from the
 * root, as a tree. A function's own numbers and its caller → callee pairs are
 * sums over its contexts (see derive.ts) and are not stored a second time.
 * Version 3 adds `async` on a context whose parent scheduled it rather than
 * called it: a version 2 reader would take such a context for a synchronous
 * call whose time is part of its parent's, so the version changes. A version 2
 * profile is a version 3 profile without async contexts and is read as it is.
 * `durations` on a context and `flows` came later without a new version: they
 * only add what a reader that ignores them never needed, and change no other number.
 * Version 1 (function nodes and caller → callee edges only) is still read, and
 * upgraded as it is read (upgrade.ts): nothing else sees it.
 *
 * Times are milliseconds (floating point).
 */

import type { MessageFlow } from './flow-types';
import type { Count, DurationBucket, Index, Milliseconds, PositiveCount, ProcessKey } from './units';

export type { FlowOrigin, MessageFlow } from './flow-types';
export type { Count, DurationBucket, Index, Milliseconds, PositiveCount, ProcessKey } from './units';

export const PROFILE_VERSION = 3;
/** The versions readProfile accepts. */
export const READABLE_VERSIONS = [1, 2, 3] as const;

/** Name of the synthetic function and context that stand for "called from non-instrumented code". */
export const ROOT_NAME = '(root)';

/**
 * Name of the function tsprof charges its own instrumenting time to (a cold
 * transform cache), under the function whose require loaded the file; its
 * file is '' like the root's. It is tsprof's work, not the program's.
 */
export const INSTRUMENTING_NAME = '(tsprof: instrumenting)';

/**
 * A function, identified by name, file, line and column (identity.ts turns
 * these into the one key that snapshot, merge, diff and export all use).
 */
export interface ProfileFunction {
  /** Index in `functions`; function 0 is the root. */
  id: Index;
  /** What a reader expects: `Producer.publish`, `sendTask`, `<anonymous> file:line`. */
  name: string;
  /** Source file (original source when a source map was available); '' for the root. */
  file: string;
  /** 1-based line in `file`; 0 for the root. */
  line: Index;
  /** 1-based column in `file`; 0 for the root. Tells apart two arrows on one line. */
  column: Index;
  /** Processes in which it ran, when the profile merges several. */
  processes?: ProcessKey[];
}

/**
 * A calling context: one function reached along one path of calls. Context 0
 * is the root (the event loop and all non-instrumented code); every other
 * context is (parent context, function).
 *
 * Recursion is folded: a function already on the path gets one context below
 * the call that re-entered it, and the calls it makes continue in the
 * subtree of its first appearance, so a recursion 10,000 deep is a handful of
 * contexts, not 10,000.
 */
export interface ProfileContext {
  /** Index in `contexts`; a parent always comes before its children. */
  id: Index;
  /**
   * Parent context id; -1 for the root context.
   * @asType integer
   * @minimum -1
   */
  parent: number;
  /** Index in `functions`. */
  function: Index;
  /**
   * Present (true) when `parent` is the context that scheduled the
   * continuation this function ran in (a `.then` callback, a timer, a
   * `process.nextTick`...), not a caller on its stack. Its numbers are its own:
   * they are not part of the parent's total. Absent: an ordinary call.
   */
  async?: true;
  /** Invocations along this path (generators: times their body started). */
  calls: Count;
  /** Time this function's own code ran along this path (excludes callees and suspensions). */
  selfMs: Milliseconds;
  /** Wall time from call until its body finished, over calls not nested in an open call of itself. */
  totalMs: Milliseconds;
  /** Time suspended at its own `await`/`yield`. */
  awaitMs: Milliseconds;
  /** Time the parent spent in `await thisFunction(...)`, waiting for the promises of these calls. */
  awaitedMs: Milliseconds;
  /**
   * How long each call along this path took (from call until its body
   * finished, awaits included, recursive calls too), as sparse
   * `[bucket, calls]` pairs with buckets ascending: log-linear buckets, 16 per
   * power of two of microseconds, each within 3.2 % of its midpoint
   * (histogram.ts defines them). Counts are exact; calls still open when the
   * part was written are not in it. Absent when no call ended, and in
   * profiles written before it was recorded.
   */
  durations?: DurationBucket[];
  /**
   * Present only when `--sample-hot` left some of these calls untimed
   * (docs/sampling.md): how many were timed. `calls` stays exact; `selfMs`,
   * `totalMs` and `durations` are then estimates scaled up from the timed
   * calls (the histogram still counts every ended call), and the parent's
   * `selfMs` has the estimated time of the untimed calls taken off.
   */
  timedCalls?: Count;
}

/** A process or thread whose part was merged into the profile. */
export interface ProfileProcess {
  /** @asType integer */
  pid: number;
  /** 0 for the main thread. */
  threadId: Index;
  /**
   * Host name of the machine it ran on (absent in profiles written before it was recorded).
   * @minLength 1
   */
  host?: string;
  /** argv of that process, as seen by it. */
  argv: string[];
  /** How long this process or thread ran until its part was written. */
  wallMs: Milliseconds;
  /** When it started (its thread's start, as process.uptime counts it), in milliseconds since the epoch, to about a millisecond. */
  timeOriginMs?: number;
  /**
   * Present (true) when this part is a periodic `--flush-interval` snapshot:
   * the process ended without its final write (killed), so up to one interval
   * of its calls is missing.
   */
  snapshot?: true;
}

/** What every version says about the run as a whole. */
export interface RunFacts {
  /** The command tsprof ran, as given on its command line. */
  command: string[];
  /** ISO date at which profiling started. */
  startedAt: string;
  /** Wall time of the whole profiled run. */
  wallMs: Milliseconds;
  /**
   * Wall time of the processes that ran instrumented code: from the start of
   * the first to the end of the last. Shares are of this (a launcher such as
   * `npx` that runs no included file is not in it); absent in older profiles.
   */
  instrumentedWallMs?: Milliseconds;
  /** Every process/thread whose part was merged into this profile. */
  processes: ProfileProcess[];
  /** Every instrumented file that was loaded (also those whose functions were never called). */
  files: string[];
  /** Present (true) when some process's part is a periodic snapshot (see ProfileProcess.snapshot). */
  fromSnapshots?: true;
  /**
   * Present (1) when the profile was read from version 1, which recorded no
   * paths: its contexts are each function under the root and under each of
   * its callers, one call deep (see upgrade.ts), not whole paths.
   */
  upgradedFrom?: 1;
}

/**
 * Version 3, what tsprof writes, and version 2 (the same without async
 * contexts): the calling contexts of a profiled run. Per-function numbers and
 * caller → callee pairs are sums over the contexts. Times are milliseconds.
 */
export interface Profile extends RunFacts {
  /** 3 is what tsprof writes; 2 is the same without async contexts (ProfileContext.async). */
  version: 2 | typeof PROFILE_VERSION;
  /**
   * Function table; function 0 is (root).
   * @minItems 1
   */
  functions: ProfileFunction[];
  /**
   * Context table; context 0 is the root (parent -1), and a parent comes before its children.
   * @minItems 1
   */
  contexts: ProfileContext[];
  /**
   * Calls recorded without their full path because a process reached its cap
   * on contexts (`--max-contexts`): each was counted in a context directly
   * under the root instead. 0 when every path was kept.
   * @asType integer
   * @minimum 0
   */
  foldedCalls: number;
  /** Messages followed from publish to handler with `--flows` (MessageFlow); absent without it. */
  flows?: MessageFlow[];
}

/**
 * The fields version 2 profiles written before they were added lack, and what
 * the reader takes in their place. The reader does not require them
 * (scripts/profile-validator.js); the schema does, since tsprof writes them.
 */
export function fieldsOfOlderProfiles(): Pick<Profile, 'startedAt' | 'processes' | 'files' | 'foldedCalls'> {
  return { startedAt: '', processes: [], files: [], foldedCalls: 0 };
}
