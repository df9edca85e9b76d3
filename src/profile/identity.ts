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

/**
 * Pairs the functions of two versions of a program (a pull request's base and
 * head): by name and file, as pprof pairs functions by name, so that a
 * function stays itself when lines are added above it. Line and column only
 * tell apart functions that share a name in one file (`<anonymous>`,
 * overloads): those pair up in source order, the first with the first.
 * Returns the functionKey of each `before` function's partner in `after`;
 * a function with none (new, vanished, or one more of a shared name) is absent.
 */
export function matchAcrossVersions(before: readonly FunctionIdentity[], after: readonly FunctionIdentity[]): Map<string, string> {
  const afterByPlace = inSourceOrderByNameAndFile(after);
  const matched = new Map<string, string>();
  for (const [place, functions] of inSourceOrderByNameAndFile(before)) {
    const partners = afterByPlace.get(place) ?? [];
    functions.slice(0, partners.length).forEach((fn, index) => matched.set(functionKey(fn), functionKey(partners[index])));
  }
  return matched;
}

function inSourceOrderByNameAndFile(functions: readonly FunctionIdentity[]): Map<string, FunctionIdentity[]> {
  const byPlace = new Map<string, Map<string, FunctionIdentity>>();
  for (const fn of functions) {
    const place = `${fn.name}\u0000${fn.file}`;
    let distinct = byPlace.get(place);
    if (!distinct) byPlace.set(place, (distinct = new Map()));
    distinct.set(functionKey(fn), fn);
  }
  const ordered = new Map<string, FunctionIdentity[]>();
  for (const [place, distinct] of byPlace) {
    ordered.set(place, [...distinct.values()].sort((a, b) => a.line - b.line || (a.column ?? 0) - (b.column ?? 0)));
  }
  return ordered;
}
