import { objectAssign, objectDefineProperty, promiseThen, reflectApply, stringIndexOf, SymbolAsyncIterator } from '../intrinsics';
import type { ClientAdapter, FlowHooks } from './adapter';
import { FLOW_HEADER } from './marker';
import { optionsWithHeaders, outermostOnly, publishOrTakeBack, withArgument, wrapMethod } from './wrap';

/**
 * nats (v2, lib/nats-base-client/nats.js, NatsConnectionImpl): `publish` and
 * `request` (and `requestMany` through `publish`) carry the marker in the message's NATS headers
 * (servers without header support: not marked). The program's own headers
 * object gets the marker only while the client encodes it, synchronously
 * inside the call, and is left as it was; a message without headers gets a
 * headers object of tsprof's, and the marker says so (` n`).
 *
 * A subscription's callback is wrapped; an iterator subscription
 * (`for await (const m of sub)`) is counted when the iterator hands the
 * message over, for the context that asked for it (the function running the
 * loop). Either way the marker is deleted from the message's headers before
 * the program reads them, and a message that had no headers of its own reads
 * `headers` as undefined again.
 *
 * Replies (subjects under the inbox prefix, `_INBOX.` by default, and
 * `msg.respond`) are not marked: a requester's reply is handed to it by the
 * client, not by a subscription the program made. Nor are the server's API
 * subjects (`$JS.API.…`, `$SYS.…`, all starting with `$`), which no program
 * handles.
 */
const SYSTEM = 'nats';

interface Headers {
  set(key: string, value: string): void;
  get(key: string): string;
  has(key: string): boolean;
  delete(key: string): void;
  size(): number;
  code?: number;
}

interface Message {
  subject?: unknown;
  headers?: Headers;
}

interface Connection {
  options?: { inboxPrefix?: string };
}

type NewHeaders = () => Headers;

/** publish(subject, data, options), request(subject, data, opts): options third, with `headers`. */
function patchPublishing(prototype: object, name: string, hooks: FlowHooks, newHeaders: NewHeaders, outermost: ReturnType<typeof outermostOnly>): void {
  wrapMethod(prototype, name, (original) =>
    function (this: Connection, subject: unknown) {
      const args = arguments;
      return outermost(
        () => {
          let call: ArrayLike<unknown> = args;
          let marked: Headers | undefined;
          let counted = false;
          try {
            const inbox = `${this?.options?.inboxPrefix ?? '_INBOX'}.`;
            if (typeof subject === 'string' && subject[0] !== '$' && reflectApply(stringIndexOf, subject, [inbox]) !== 0) {
              const options = args[2] as { headers?: Headers } | undefined | null;
              const own = options?.headers;
              if (own && typeof own.set === 'function' && typeof own.delete === 'function') {
                const marker = hooks.publishing(SYSTEM, subject, true);
                counted = true;
                own.set(FLOW_HEADER, marker);
                marked = own;
              } else if (!own) {
                const headers = newHeaders();
                const flowArgs = withArgument(args, 2, optionsWithHeaders(options, headers));
                const marker = hooks.publishing(SYSTEM, subject, false);
                counted = true;
                headers.set(FLOW_HEADER, marker);
                call = flowArgs;
              }
            }
          } catch {
            // Unmarked, and not counted: the message goes as the program sent it.
            if (counted) hooks.notPublished(SYSTEM, subject as string);
            counted = false;
            marked = undefined;
            call = args;
          }
          try {
            return publishOrTakeBack(original, this, call, hooks, SYSTEM, counted ? (subject as string) : null);
          } finally {
            try {
              marked?.delete(FLOW_HEADER);
            } catch {
              // The program's headers keep a marker rather than the program failing.
            }
          }
        },
        () => reflectApply(original, this, args),
      );
    },
  );
}

/** Reads and removes the marker from a delivered message; the handler then reads the headers it would have read without tsprof. */
function takeMarker(hooks: FlowHooks, message: Message | undefined): unknown {
  try {
    const headers = message?.headers;
    if (!headers || !headers.has(FLOW_HEADER)) return undefined;
    const marker = headers.get(FLOW_HEADER);
    headers.delete(FLOW_HEADER);
    if (!hooks.hadOwnHeaders(marker) && headers.size() === 0 && !headers.code) {
      objectDefineProperty(message, 'headers', { value: undefined, configurable: true, writable: true, enumerable: false });
    }
    return marker;
  } catch {
    return undefined;
  }
}

function subjectOf(message: Message | undefined): string {
  return typeof message?.subject === 'string' ? message.subject : '';
}

/** The iterator a subscription hands a `for await` loop, counting each message for the context that asked for it. */
function followingIterator(hooks: FlowHooks, iterator: AsyncIterator<Message>): AsyncIterator<Message> & AsyncIterable<Message> {
  const following = {
    next(this: unknown) {
      const context = hooks.runningContext();
      const result = reflectApply(iterator.next, iterator, arguments) as Promise<IteratorResult<Message>>;
      return reflectApply(promiseThen, result, [
        (step: IteratorResult<Message>) => {
          if (!step.done) {
            const marker = takeMarker(hooks, step.value);
            if (marker !== undefined) hooks.received(SYSTEM, subjectOf(step.value), marker, context);
          }
          return step;
        },
      ]) as Promise<IteratorResult<Message>>;
    },
    return(this: unknown) {
      return reflectApply(iterator.return as Function, iterator, arguments) as Promise<IteratorResult<Message>>;
    },
    throw(this: unknown) {
      return reflectApply(iterator.throw as Function, iterator, arguments) as Promise<IteratorResult<Message>>;
    },
    [SymbolAsyncIterator]() {
      return following;
    },
  };
  return following;
}

function patchSubscribe(prototype: object, hooks: FlowHooks): void {
  wrapMethod(prototype, 'subscribe', (original) =>
    function (this: unknown, _subject: unknown, opts: { callback?: unknown } | undefined) {
      const args = arguments;
      let call: ArrayLike<unknown> = args;
      try {
        const callback = opts?.callback;
        if (typeof callback === 'function') {
          const consumer = function (this: unknown, error: unknown, message: Message | undefined) {
            const marker = error ? undefined : takeMarker(hooks, message);
            return hooks.handle(SYSTEM, subjectOf(message), marker, callback, this, arguments);
          };
          // The client copies the options' own keys onto the subscription (util.extend).
          call = withArgument(args, 1, objectAssign({}, opts, { callback: consumer }));
        }
      } catch {
        call = args;
      }
      const subscription = reflectApply(original, this, call as unknown[]) as Record<symbol, unknown>;
      try {
        const iterate = subscription[SymbolAsyncIterator];
        if (call === args && typeof iterate === 'function') {
          objectDefineProperty(subscription, SymbolAsyncIterator, {
            value(this: unknown) {
              return followingIterator(hooks, reflectApply(iterate, this, []) as AsyncIterator<Message>);
            },
            configurable: true,
            writable: true,
          });
        }
      } catch {
        // The subscription is iterated unfollowed.
      }
      return subscription;
    },
  );
}

export const natsAdapter: ClientAdapter = {
  packageName: 'nats',
  files: ['lib/nats-base-client/nats.js'],
  versions: ['2.0.0', '3.0.0'],
  patch(_file, module, hooks) {
    const exports = module.exports as { NatsConnectionImpl?: { prototype: object } };
    const headersModule = module.require('./headers') as { headers?: NewHeaders };
    const newHeaders = headersModule.headers;
    if (!exports.NatsConnectionImpl || typeof newHeaders !== 'function') throw new Error('NatsConnectionImpl or headers() is not where nats 2 has them');
    const prototype = exports.NatsConnectionImpl.prototype;
    const outermost = outermostOnly();
    // requestMany is not wrapped: without noMux it publishes through `publish` (marked there, from the
    // context running then); with noMux it drops the options' headers (nats 2.29), so no marker could go.
    for (const name of ['publish', 'request']) patchPublishing(prototype, name, hooks, newHeaders, outermost);
    patchSubscribe(prototype, hooks);
  },
};
