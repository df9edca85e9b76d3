import { addHistograms } from './histogram';
import { functionKey, pairKey, type FunctionIdentity } from './identity';
import { PROFILE_VERSION, ROOT_NAME, type Profile, type ProfileContext, type ProfileFunction } from './types';

/** The numbers a context carries. */
export type ContextNumbers = Pick<ProfileContext, 'calls' | 'selfMs' | 'totalMs' | 'awaitMs' | 'awaitedMs' | 'durations' | 'timedCalls'>;

/**
 * Builds a version 2 profile while deciding identity the one way: functions
 * by functionKey, contexts by (parent context, function). Adding the same
 * function or the same path twice adds up its numbers. Used by the runtime's
 * snapshot and by merging process parts.
 */
export class ProfileBuilder {
  private readonly functions: ProfileFunction[] = [{ id: 0, name: ROOT_NAME, file: '', line: 0, column: 0 }];
  private readonly functionIds = new Map<string, number>([[ROOT_NAME, 0]]);
  private readonly contexts: ProfileContext[] = [{ id: 0, parent: -1, function: 0, calls: 0, selfMs: 0, totalMs: 0, awaitMs: 0, awaitedMs: 0 }];
  private readonly contextIds = new Map<string, number>();

  /** The id of the function with this identity, added on first sight; `process` is recorded on it. */
  functionId(identity: FunctionIdentity, process?: string): number {
    const key = functionKey(identity);
    let id = this.functionIds.get(key);
    if (id === undefined) {
      id = this.functions.length;
      this.functions.push({ id, name: identity.name, file: identity.file, line: identity.line, column: identity.column ?? 0 });
      this.functionIds.set(key, id);
    }
    if (process !== undefined && id !== 0) {
      const processes = (this.functions[id].processes ??= []);
      if (!processes.includes(process)) processes.push(process);
    }
    return id;
  }

  /**
   * Adds `numbers` to the context (parent, function), created on first sight;
   * returns its id. An async child (`parent` scheduled it) is a different
   * context from a synchronous call of the same function by the same parent.
   */
  addContext(parent: number, fn: number, numbers: ContextNumbers, asyncParent = false): number {
    const key = pairKey(parent, fn, asyncParent);
    let id = this.contextIds.get(key);
    if (id === undefined) {
      id = this.contexts.length;
      this.contexts.push({ id, parent, function: fn, ...(asyncParent ? { async: true as const } : {}), calls: 0, selfMs: 0, totalMs: 0, awaitMs: 0, awaitedMs: 0 });
      this.contextIds.set(key, id);
    }
    addContextNumbers(this.contexts[id], numbers);
    return id;
  }

  addToRoot(numbers: ContextNumbers): void {
    addContextNumbers(this.contexts[0], numbers);
  }

  build(rest: Omit<Profile, 'version' | 'functions' | 'contexts'>): Profile {
    return { version: PROFILE_VERSION, ...rest, functions: this.functions, contexts: this.contexts };
  }
}

/** Adds one context's numbers into another's: calls and times summed, duration histograms merged. */
export function addContextNumbers(context: ContextNumbers, numbers: ContextNumbers): void {
  // A sampled side makes the sum sampled; the other side's calls were all timed.
  if (context.timedCalls !== undefined || numbers.timedCalls !== undefined) context.timedCalls = (context.timedCalls ?? context.calls) + (numbers.timedCalls ?? numbers.calls);
  context.calls += numbers.calls;
  context.selfMs += numbers.selfMs;
  context.totalMs += numbers.totalMs;
  context.awaitMs += numbers.awaitMs;
  context.awaitedMs += numbers.awaitedMs;
  const durations = addHistograms(context.durations, numbers.durations);
  if (durations) context.durations = durations;
}
