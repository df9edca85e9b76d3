import { objectCreate, objectDefineProperty, reflectApply } from '../intrinsics';
import type { FlowHooks } from './adapter';

/** The marker every adapter leaves on a prototype it wrapped, so that a file loaded twice (two copies of a client) is wrapped once per prototype. */
const WRAPPED = Symbol.for('tsprof.flows.wrapped');

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Method = (this: any, ...args: any[]) => unknown;

/**
 * Replaces `prototype[name]` with `wrap(original)`, keeping the original's
 * name and length and the property's attributes. Does nothing when the
 * method is missing or was wrapped already.
 */
export function wrapMethod(prototype: object, name: string, wrap: (original: Method) => Method): void {
  const descriptor = Object.getOwnPropertyDescriptor(prototype, name);
  if (!descriptor || typeof descriptor.value !== 'function') throw new Error(`${name} is not a method here`);
  const original = descriptor.value as Method & { [WRAPPED]?: true };
  if (original[WRAPPED]) return;
  const wrapped = wrap(original);
  objectDefineProperty(wrapped, 'name', { value: original.name });
  objectDefineProperty(wrapped, 'length', { value: original.length });
  objectDefineProperty(wrapped, WRAPPED, { value: true });
  objectDefineProperty(prototype, name, { ...descriptor, value: wrapped });
}

/**
 * Options that read as the program's, with `headers` of tsprof's own on top:
 * defined, not assigned, since assigning fails when the program's options are
 * frozen (an inherited read-only property cannot be shadowed by assignment).
 */
export function optionsWithHeaders(options: unknown, headers: object): object {
  const flowOptions = objectCreate(typeof options === 'object' ? options : null) as object;
  objectDefineProperty(flowOptions, 'headers', { value: headers, enumerable: true, writable: true, configurable: true });
  return flowOptions;
}

/** A copy of a call's arguments with one replaced (the arguments object itself is never changed). */
export function withArgument(args: ArrayLike<unknown>, index: number, value: unknown): unknown[] {
  const copy: unknown[] = [];
  const length = args.length > index ? args.length : index + 1;
  for (let at = 0; at < length; at++) copy[at] = at === index ? value : args[at];
  return copy;
}

/**
 * A publish method's wrapper shape shared by every client: while one
 * wrapped publish runs, the ones it calls (ConfirmChannel.publish →
 * Channel.publish) pass straight through, so a message is counted and marked
 * once, by the outermost, whose running context is the program's call.
 */
export function outermostOnly(): (run: () => unknown, passThrough: () => unknown) => unknown {
  let depth = 0;
  return (run, passThrough) => {
    if (depth > 0) return passThrough();
    depth++;
    try {
      return run();
    } finally {
      depth--;
    }
  };
}

/**
 * Calls a client's own publish with `call` (the arguments tsprof marked, or
 * the program's own). When it throws at once, the message it counted
 * (`destination`; null when none was counted) is taken back, and the error
 * goes on to the program as thrown.
 */
export function publishOrTakeBack(original: Method, thisArg: unknown, call: ArrayLike<unknown>, hooks: FlowHooks, system: string, destination: string | null): unknown {
  try {
    return reflectApply(original, thisArg, call as unknown[]);
  } catch (error) {
    if (destination !== null) hooks.notPublished(system, destination);
    throw error;
  }
}

export { reflectApply };
