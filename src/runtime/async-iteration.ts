import { stringSlice, SymbolAsyncIterator, SymbolIterator, TypeErrorCtor, reflectApply } from './intrinsics';

/**
 * `for await (x of iterable)` awaits implicitly, with no expression to wrap.
 * The loop is given this stand-in iterable instead: it looks up the same
 * methods on the user's object, the same number of times and in the same
 * order as the loop would, and suspends the frame after each call that the
 * loop is about to await. Sync iterables stay sync so the engine still wraps
 * them itself (async-from-sync), keeping its exact semantics.
 *
 * Whatever the engine itself would reject (a method that is not callable, an
 * iterator that is not an object) is handed to it unwrapped, so that it throws
 * its own error with its own message. Stand-ins have no prototype, so that a
 * patched Object.prototype cannot add an iterator method to them.
 */

type Suspend = () => void;
type Method = (...args: unknown[]) => unknown;

function isObject(value: unknown): value is object {
  return (typeof value === 'object' && value !== null) || typeof value === 'function';
}

function suspendingCall(method: Method, target: object, suspend: Suspend): Method {
  return (...args: unknown[]) => {
    const result = reflectApply(method, target, args);
    suspend();
    return result;
  };
}

function wrapIterator(iterator: unknown, suspend: Suspend): unknown {
  if (!isObject(iterator)) return iterator;
  const target = iterator as { next: unknown; return?: unknown };
  const next = target.next;
  return {
    __proto__: null,
    next: typeof next === 'function' ? suspendingCall(next as Method, target, suspend) : next,
    get return() {
      const method = target.return;
      return typeof method === 'function' ? suspendingCall(method as Method, target, suspend) : method;
    },
  };
}

function wrapMethod(method: Method, iterable: unknown, suspend: Suspend): () => unknown {
  return () => wrapIterator(reflectApply(method, iterable, []), suspend);
}

/** How V8 describes a value when it cannot name the expression that produced it. */
function describeValue(value: unknown): string {
  if (typeof value === 'string') return `string "${value.length <= 100 ? value : `${reflectApply(stringSlice, value, [0, 100])}<...>`}"`;
  if (value === null) return 'object null';
  if (typeof value === 'boolean' || typeof value === 'number') return `${typeof value} ${value}`;
  return typeof value;
}

function notIterableError(notIterable: string | undefined, method: unknown): Error {
  return new TypeErrorCtor(notIterable ?? `${describeValue(method)} is not a function`);
}

/** `notIterable` is V8's message naming this loop's iterable expression, when V8 would name it. */
export function iterateSuspending(iterable: unknown, suspend: Suspend, notIterable?: string): object {
  const source = iterable as Record<symbol, unknown>;
  // For null and undefined this throws the engine's own TypeError.
  const asyncMethod = source[SymbolAsyncIterator];
  if (asyncMethod !== undefined && asyncMethod !== null) {
    if (typeof asyncMethod !== 'function') throw notIterableError(notIterable, asyncMethod);
    return { __proto__: null, [SymbolAsyncIterator]: wrapMethod(asyncMethod as Method, iterable, suspend) };
  }
  const syncMethod = source[SymbolIterator];
  if (typeof syncMethod !== 'function') throw notIterableError(notIterable, syncMethod);
  return { __proto__: null, [SymbolIterator]: wrapMethod(syncMethod as Method, iterable, suspend) };
}
