import { SymbolAsyncIterator, SymbolIterator, TypeErrorCtor, reflectApply } from './intrinsics';

/**
 * `for await (x of iterable)` awaits implicitly, with no expression to wrap.
 * The loop is given this stand-in iterable instead: it looks up the same
 * methods on the user's object, the same number of times and in the same
 * order as the loop would, and suspends the frame after each call that the
 * loop is about to await. Sync iterables stay sync so the engine still wraps
 * them itself (async-from-sync), keeping its exact semantics.
 */

type Suspend = () => void;

function isObject(value: unknown): value is object {
  return (typeof value === 'object' && value !== null) || typeof value === 'function';
}

function wrapIterator(iterator: unknown, suspend: Suspend): object {
  if (!isObject(iterator)) throw new TypeErrorCtor('Result of the Symbol.asyncIterator method is not an object');
  const target = iterator as { next: unknown; return?: unknown };
  const next = target.next;
  return {
    next(...args: unknown[]) {
      const result = reflectApply(next as (...a: unknown[]) => unknown, target, args);
      suspend();
      return result;
    },
    get return() {
      const method = target.return;
      if (method === undefined || method === null) return undefined;
      return (...args: unknown[]) => {
        const result = reflectApply(method as (...a: unknown[]) => unknown, target, args);
        suspend();
        return result;
      };
    },
  };
}

export function iterateSuspending(iterable: unknown, suspend: Suspend): object {
  if (iterable === null || iterable === undefined) throw new TypeErrorCtor(`${iterable} is not async iterable`);
  const source = iterable as Record<symbol, unknown>;
  const asyncMethod = source[SymbolAsyncIterator];
  if (asyncMethod !== undefined && asyncMethod !== null) {
    return {
      [SymbolAsyncIterator]: () => wrapIterator(reflectApply(asyncMethod as () => unknown, iterable, []), suspend),
    };
  }
  const syncMethod = source[SymbolIterator];
  if (syncMethod === undefined || syncMethod === null) throw new TypeErrorCtor('object is not async iterable');
  return {
    [SymbolIterator]: () => wrapIterator(reflectApply(syncMethod as () => unknown, iterable, []), suspend),
  };
}
