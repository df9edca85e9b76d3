import { sayOnce } from '../../messages';
import { arrayIsArray, reflectApply } from '../intrinsics';
import type { ClientAdapter, FlowHooks } from './adapter';
import { FLOW_HEADER } from './marker';
import { outermostOnly, wrapMethod } from './wrap';

/**
 * ioredis streams (built/utils/Commander.js, built/Command.js). Redis streams
 * have no headers, so the marker is one more field, `tsprof-flow`, appended
 * after the program's own fields by XADD (`xadd`, `xaddBuffer`, and `call` /
 * `callBuffer` naming XADD, on a client, cluster, pipeline or transaction).
 *
 * Every reply that carries stream entries (XREAD, XREADGROUP, XRANGE,
 * XREVRANGE, XCLAIM, XAUTOCLAIM, XINFO) loses that last field pair in
 * `Command.prototype.transformReply`, before any promise, callback or
 * pipeline result hands it over: the program reads the fields it wrote, in
 * its order, as strings or Buffers. An XREAD or XREADGROUP reply counts each
 * marked entry, for the context that issued the read (a pull, like an
 * iterator: the loop that reads is the handler).
 *
 * What tsprof cannot hide: the stream itself holds the extra field, so a
 * reader outside the run (another process, another language, redis-cli, a
 * Lua script, the data after the run) sees it, and the entries take more
 * memory. tsprof says so once, at the first marked XADD (docs/flows.md).
 *
 * Destination: the stream key as Redis names it (with the client's
 * keyPrefix), which is what a read's reply names.
 */
const SYSTEM = 'redis';
const STREAM_READS = new Set(['xread', 'xreadgroup']);
const ENTRY_REPLIES = new Set(['xread', 'xreadgroup', 'xrange', 'xrevrange', 'xclaim', 'xautoclaim', 'xinfo']);
const ENTRY_ID = /^\d+-\d+$/;
const regExpTest = RegExp.prototype.test;
const bufferToString = Buffer.prototype.toString;
const stringToLowerCase = String.prototype.toLowerCase;
const mapForEach = Map.prototype.forEach;

interface Commander {
  options?: { keyPrefix?: unknown };
}

interface Command {
  name?: unknown;
}

/** The context that issued each XREAD / XREADGROUP command, from its construction to its reply. */
const readers = new WeakMap<object, number>();
let issuing: number | undefined;

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return reflectApply(bufferToString, value, ['utf8']) as string;
  return undefined;
}

function lower(value: unknown): string {
  return typeof value === 'string' ? (reflectApply(stringToLowerCase, value, []) as string) : '';
}

/**
 * xadd(key, ...[options], id, field, value, ...[, callback]), arguments
 * flattened one level as ioredis does (`xadd(key, '*', [field, value])`): the
 * marker pair goes after the last field, before a callback.
 */
function markedArguments(hooks: FlowHooks, client: Commander, args: ArrayLike<unknown>, keyAt: number): unknown[] | undefined {
  const callback = typeof args[args.length - 1] === 'function' ? args[args.length - 1] : undefined;
  const call: unknown[] = [];
  for (let at = 0; at < args.length - (callback ? 1 : 0); at++) {
    const arg = args[at];
    if (arrayIsArray(arg)) for (let inner = 0; inner < arg.length; inner++) call[call.length] = arg[inner];
    else call[call.length] = arg;
  }
  const key = text(call[keyAt]);
  if (key === undefined || call.length < keyAt + 4 || call[call.length - 2] === FLOW_HEADER) return undefined;
  const prefix = text(client?.options?.keyPrefix) ?? '';
  const markerAt = call.length + 1;
  call[call.length] = FLOW_HEADER;
  call[call.length] = undefined;
  if (callback) call[call.length] = callback;
  sayOnce('flows-redis-field', `--flows: redis stream entries carry one more field, ${FLOW_HEADER}, which ioredis under this run does not show but any other reader of the stream sees (docs/flows.md)`);
  // Counted last, once nothing else can fail.
  call[markerAt] = hooks.publishing(SYSTEM, prefix + key, true);
  return call;
}

function patchCommander(prototype: object, hooks: FlowHooks): void {
  const outermost = outermostOnly();
  const adding = (isAdd: (args: ArrayLike<unknown>) => boolean, keyAt: number) => (original: (...args: unknown[]) => unknown) =>
    function (this: Commander) {
      const args = arguments;
      return outermost(
        () => {
          let call: ArrayLike<unknown> = args;
          try {
            if (isAdd(args)) call = markedArguments(hooks, this, args, keyAt) ?? args;
          } catch {
            call = args;
          }
          return reflectApply(original, this, call as unknown[]);
        },
        () => reflectApply(original, this, args),
      );
    };
  const reading = (isRead: (args: ArrayLike<unknown>) => boolean) => (original: (...args: unknown[]) => unknown) =>
    function (this: unknown) {
      if (!isRead(arguments)) return reflectApply(original, this, arguments);
      const outer = issuing;
      issuing = outer ?? hooks.runningContext();
      try {
        return reflectApply(original, this, arguments);
      } finally {
        issuing = outer;
      }
    };
  const always = () => true;
  for (const name of ['xadd', 'xaddBuffer']) wrapMethod(prototype, name, adding(always, 0));
  for (const name of ['xread', 'xreadBuffer', 'xreadgroup', 'xreadgroupBuffer']) wrapMethod(prototype, name, reading(always));
  for (const name of ['call', 'callBuffer']) {
    wrapMethod(prototype, name, (original) => {
      const add = adding((args) => lower(args[0]) === 'xadd', 1)(original);
      const read = reading((args) => STREAM_READS.has(lower(args[0])))(original);
      return function (this: unknown, command: unknown) {
        return reflectApply(lower(command) === 'xadd' ? add : read, this, arguments);
      };
    });
  }
}

/** Removes the marker pair from one entry `[id, [field, value, ...]]`; returns the marker, or undefined when the entry had none. */
function stripEntry(entry: unknown): string | undefined {
  if (!arrayIsArray(entry) || entry.length !== 2 || !arrayIsArray(entry[1])) return undefined;
  const id = text(entry[0]);
  const fields = entry[1] as unknown[];
  if (id === undefined || !reflectApply(regExpTest, ENTRY_ID, [id]) || fields.length < 2 || text(fields[fields.length - 2]) !== FLOW_HEADER) return undefined;
  const marker = text(fields[fields.length - 1]);
  fields.length -= 2;
  return marker;
}

/** Strips every entry found in a reply (lists of entries, XAUTOCLAIM's and XINFO's nesting), calling `found` with each marker. */
function stripAll(value: unknown, depth: number, found?: (marker: string) => void): void {
  if (depth > 6 || typeof value !== 'object' || value === null) return;
  if (value instanceof Map) {
    reflectApply(mapForEach, value, [(item: unknown) => stripAll(item, depth + 1, found)]);
    return;
  }
  if (!arrayIsArray(value)) {
    if (value instanceof Uint8Array) return;
    for (const key in value) stripAll((value as Record<string, unknown>)[key], depth + 1, found);
    return;
  }
  const marker = stripEntry(value);
  if (marker !== undefined) {
    found?.(marker);
    return;
  }
  for (let at = 0; at < value.length; at++) stripAll(value[at], depth + 1, found);
}

/** An XREAD / XREADGROUP reply: `[[key, entries], ...]`, or with RESP3 mapping a Map or object from key to entries. */
function stripRead(hooks: FlowHooks, reply: unknown, context: number): void {
  const stream = (key: unknown, entries: unknown) => {
    const name = text(key) ?? '';
    stripAll(entries, 0, (marker) => hooks.received(SYSTEM, name, marker, context));
  };
  if (reply instanceof Map) reflectApply(mapForEach, reply, [(entries: unknown, key: unknown) => stream(key, entries)]);
  else if (arrayIsArray(reply)) {
    for (let at = 0; at < reply.length; at++) {
      const item = reply[at] as unknown;
      if (arrayIsArray(item) && item.length === 2) stream(item[0], item[1]);
    }
  } else if (typeof reply === 'object' && reply !== null) {
    for (const key in reply) stream(key, (reply as Record<string, unknown>)[key]);
  }
}

function patchCommand(prototype: object, hooks: FlowHooks): void {
  wrapMethod(prototype, 'initPromise', (original) =>
    function (this: object) {
      if (issuing !== undefined) readers.set(this, issuing);
      return reflectApply(original, this, arguments);
    },
  );
  wrapMethod(prototype, 'transformReply', (original) =>
    function (this: Command) {
      const reply = reflectApply(original, this, arguments);
      try {
        const name = lower(this.name);
        if (ENTRY_REPLIES.has(name) && typeof reply === 'object' && reply !== null) {
          if (STREAM_READS.has(name)) stripRead(hooks, reply, readers.get(this) ?? hooks.runningContext());
          else stripAll(reply, 0);
        }
      } catch {
        // The program sees the marker field rather than failing.
      }
      return reply;
    },
  );
}

export const ioredisAdapter: ClientAdapter = {
  packageName: 'ioredis',
  files: ['built/utils/Commander.js', 'built/Command.js'],
  versions: ['6.0.0', '7.0.0'],
  patch(file, module, hooks) {
    const exported = (module.exports as { default?: { prototype: object } }).default;
    if (!exported) throw new Error(`${file} has no default export`);
    if (file === 'built/Command.js') patchCommand(exported.prototype, hooks);
    else patchCommander(exported.prototype, hooks);
  },
};
