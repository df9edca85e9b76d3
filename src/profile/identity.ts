import { INSTRUMENTING_NAME, ROOT_NAME, type ProfileProcess } from './types';

/** What identifies a function across processes, runs and tools. */
export interface FunctionIdentity {
  name: string;
  file: string;
  line: number;
  /** Absent in version 1 profiles, which had none: counts as 0. */
  column?: number;
}

/**
 * The one key that says two records are the same function: name, file, line
 * and column. The runtime's snapshot, the merge of process parts, diff and
 * every export use this and nothing else, so `[1, 2].map(x => …).map(y => …)`
 * is two functions everywhere (same name and line, different columns).
 */
export function functionKey(identity: FunctionIdentity): string {
  if (identity.name === ROOT_NAME && identity.file === '') return ROOT_NAME;
  return `${identity.name}\u0000${identity.file}\u0000${identity.line}\u0000${identity.column ?? 0}`;
}

/**
 * The one key of a pair of ids: a call pair (caller function, callee
 * function), or a calling context's place (parent context, function). Merges,
 * selections and the graph all look pairs up by it. A continuation (the first
 * scheduled the second, ProfileContext.async) is a pair apart from a call.
 */
export function pairKey(first: number, second: number, asyncParent = false): string {
  return asyncParent ? `${first}:${second}:async` : `${first}:${second}`;
}

/**
 * The one key that names a process or thread in `ProfileFunction.processes`:
 * `host/pid:threadId`, or `pid:threadId` for a process recorded without its
 * host. The host keeps apart two machines that happened to use the same pid.
 */
export function processKey(process: Pick<ProfileProcess, 'pid' | 'threadId' | 'host'>): string {
  const local = `${process.pid}:${process.threadId}`;
  return process.host ? `${process.host}/${local}` : local;
}

/**
 * A function of the program's: not the root (the event loop and all code not
 * instrumented), nor tsprof's own instrumenting time on a cold cache (drawn,
 * never a finding, never compared, never counted as the program's).
 */
export function isProgramFunction(fn: { name: string; file: string }): boolean {
  return !(fn.name === ROOT_NAME && fn.file === '') && fn.name !== INSTRUMENTING_NAME;
}
