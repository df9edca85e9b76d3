import { CheckoutPaths } from './checkout-path';
import { functionView } from '../profile/derive';
import { addHistograms, durationsByFunction, latencyOf, type DurationHistogram } from '../profile/histogram';
import { functionKey, isProgramFunction, matchAcrossVersions, type FunctionIdentity } from '../profile/identity';
import type { Profile, ProfileFunction } from '../profile/types';

/** What diff and check compare for a function or a calling context in one run. */
export interface Measures {
  calls: number;
  selfMs: number;
  totalMs: number;
  awaitMs: number;
}

export const TIME_MEASURES = ['selfMs', 'totalMs', 'awaitMs'] as const;
export type TimeMeasure = (typeof TIME_MEASURES)[number];
export type Measure = keyof Measures;
export const MEASURES: readonly Measure[] = ['calls', ...TIME_MEASURES];

/** Where a function is: its identity (profile/identity.ts), column included. */
export type Place = Required<FunctionIdentity>;

export interface MeasuredFunction {
  place: Place;
  measures: Measures;
  /** Its calls' durations (profile/histogram.ts), summed exactly over its contexts; absent when the profile recorded none. */
  durations?: DurationHistogram;
}

export interface MeasuredContext {
  /** The functions from the root's callee down to this one. */
  path: Place[];
  measures: Measures;
}

/**
 * One profile as tables keyed the way every tool compares: functions by
 * functionKey, calling contexts by the functionKeys of their path. Ids are
 * positions in one file and mean nothing in another, so they are dropped here.
 */
export interface RunTable {
  source: string;
  wallMs: number;
  functions: Map<string, MeasuredFunction>;
  /** Empty for version 1 profiles, which recorded no paths. */
  contexts: Map<string, MeasuredContext>;
}

/** The separator of a path key; functionKey never contains it. */
const PATH_SEPARATOR = '\u0001';

function placeOf(fn: Pick<ProfileFunction, 'name' | 'file' | 'line'> & { column?: number }): Place {
  return { name: fn.name, file: fn.file, line: fn.line, column: fn.column ?? 0 };
}

function measuresOf(numbers: Measures): Measures {
  return { calls: numbers.calls, selfMs: numbers.selfMs, totalMs: numbers.totalMs, awaitMs: numbers.awaitMs };
}

function addInto(target: Measures, numbers: Measures): void {
  target.calls += numbers.calls;
  target.selfMs += numbers.selfMs;
  target.totalMs += numbers.totalMs;
  target.awaitMs += numbers.awaitMs;
}

const SHARED_PATHS = new CheckoutPaths();

/** The identity key of a function with its file taken relative to its package: what diff and check match on. */
export function comparableKey(fn: Pick<ProfileFunction, 'name' | 'file' | 'line'> & { column?: number }, paths: CheckoutPaths = SHARED_PATHS): string {
  return functionKey({ ...fn, file: paths.comparableFile(fn.file) });
}

/** Keys of base functions with no partner in the head: apart from every head key. */
const BASE_ONLY = '\u0002base\u0002';

/** For a base table's function key, the key of the same function in the head's tables (see alignWithHead). */
export function headKeyOfBase(base: RunTable[], head: RunTable[], paths: CheckoutPaths = SHARED_PATHS): (key: string) => string {
  const identity = (place: Place): FunctionIdentity => ({ ...place, file: paths.comparableFile(place.file) });
  const tableKeyOf = (runs: RunTable[]): Map<string, string> => new Map(runs.flatMap((run) => [...run.functions].map(([key, fn]) => [functionKey(identity(fn.place)), key] as const)));
  const baseKeys = tableKeyOf(base);
  const headKeys = tableKeyOf(head);
  const matched = matchAcrossVersions([...baseKeys.keys()].map((key) => identity(placeOfKey(base, baseKeys.get(key)!))), [...headKeys.keys()].map((key) => identity(placeOfKey(head, headKeys.get(key)!))));
  const headKeyOf = new Map([...baseKeys].flatMap(([identityKey, tableKey]) => {
    const partner = matched.get(identityKey);
    return partner === undefined ? [] : [[tableKey, headKeys.get(partner)!] as const];
  }));
  return (key) => headKeyOf.get(key) ?? `${BASE_ONLY}${key}`;
}

function placeOfKey(runs: RunTable[], key: string): Place {
  return runs.find((run) => run.functions.has(key))!.functions.get(key)!.place;
}

/**
 * The base's tables keyed by the head's keys of the same functions, as
 * profile/identity.ts matches two versions of the code (over files relative
 * to their package), so that diff and check compare a function whose line
 * moved with itself. A base function with no partner keeps a key that no
 * head function has: it vanished.
 */
export function alignWithHead(base: RunTable[], head: RunTable[], paths: CheckoutPaths = SHARED_PATHS): RunTable[] {
  const rename = headKeyOfBase(base, head, paths);
  return base.map((run) => ({
    ...run,
    functions: new Map([...run.functions].map(([key, fn]) => [rename(key), fn])),
    contexts: new Map([...run.contexts].map(([key, context]) => [key.split(PATH_SEPARATOR).map(rename).join(PATH_SEPARATOR), context])),
  }));
}

/**
 * The root stands for the event loop and everything not instrumented, and
 * tsprof's own instrumenting node for its work on a cold transform cache
 * (present in some runs, not others): neither is a function to compare. Functions are keyed by the one identity key, over
 * their file relative to its package (checkout-path.ts), so that the base and
 * the head of a pull request, checked out in two directories, compare.
 */
export function runTable(profile: Profile, source: string, paths: CheckoutPaths = SHARED_PATHS): RunTable {
  const keyOf = (fn: Pick<ProfileFunction, 'name' | 'file' | 'line'> & { column?: number }): string => comparableKey(fn, paths);
  const functions = new Map<string, MeasuredFunction>();
  const durations = durationsByFunction(profile.contexts);
  for (const node of functionView(profile).nodes) {
    const key = keyOf(node);
    if (!isProgramFunction(node)) continue;
    const seen = functions.get(key) ?? { place: placeOf(node), measures: { calls: 0, selfMs: 0, totalMs: 0, awaitMs: 0 } };
    addInto(seen.measures, node);
    const sum = addHistograms(seen.durations, durations.get(node.id));
    if (sum) seen.durations = sum;
    functions.set(key, seen);
  }
  const contexts = new Map<string, MeasuredContext>();
  // A profile read from version 1 has pairs, not recorded paths: there are no paths to compare.
  if (!profile.upgradedFrom) {
    const functionKeys = profile.functions.map(keyOf);
    const pathOf = new Map<number, { key: string; path: Place[] }>();
    for (const context of profile.contexts) {
      const fn = profile.functions[context.function];
      if (context.parent >= 0 && !isProgramFunction(fn)) continue;
      if (context.parent < 0) {
        pathOf.set(context.id, { key: '', path: [] });
        continue;
      }
      const parent = pathOf.get(context.parent) ?? { key: '', path: [] };
      const key = parent.key === '' ? functionKeys[context.function] : `${parent.key}${PATH_SEPARATOR}${functionKeys[context.function]}`;
      const path = [...parent.path, placeOf(fn)];
      pathOf.set(context.id, { key, path });
      const seen = contexts.get(key);
      if (seen) addInto(seen.measures, context);
      else contexts.set(key, { path, measures: measuresOf(context) });
    }
  }
  return { source, wallMs: profile.wallMs, functions, contexts };
}

/** The 99th percentile of a function's call durations in one run, in ms; undefined when that run recorded none. */
export function p99Of(table: RunTable, key: string): number | undefined {
  return latencyOf(table.functions.get(key)?.durations)?.p99;
}

/** The summed calls of every function whose name matches: the unit of work for `--per` and budgets' `per`. */
export function callsOfMatching(table: RunTable, pattern: RegExp): number {
  let calls = 0;
  for (const fn of table.functions.values()) if (pattern.test(fn.place.name)) calls += fn.measures.calls;
  return calls;
}

/** Names of the matching functions, for messages. */
export function namesMatching(table: RunTable, pattern: RegExp): string[] {
  return [...new Set([...table.functions.values()].filter((fn) => pattern.test(fn.place.name)).map((fn) => fn.place.name))];
}
