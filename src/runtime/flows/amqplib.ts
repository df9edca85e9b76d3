import { hasOwnProperty, objectCreate, reflectApply } from '../intrinsics';
import type { ClientAdapter, FlowHooks } from './adapter';
import { FLOW_HEADER } from './marker';
import { optionsWithHeaders, outermostOnly, publishOrTakeBack, withArgument, wrapMethod } from './wrap';

/**
 * amqplib (RabbitMQ): the promise API (lib/channel_model.js) and the
 * callback API (lib/callback_model.js), Channel and ConfirmChannel. The
 * marker goes into the message's `properties.headers` (an AMQP field table)
 * through a headers object that inherits the program's own, as amqplib's
 * Args.publish itself builds them: neither the program's options nor its
 * headers object are changed. The consume callback is wrapped; the marker is
 * deleted from the delivered message's headers (amqplib decodes them afresh
 * for every delivery) before the program's callback sees it.
 *
 * Destination: the exchange a message was published to, or for the default
 * exchange (sendToQueue) the routing key, i.e. the queue. A consumer reads
 * the same from `fields.exchange` and `fields.routingKey`, so both ends name
 * the same destination.
 */
const SYSTEM = 'rabbitmq';

interface Delivery {
  fields?: { exchange?: unknown; routingKey?: unknown };
  properties?: { headers?: Record<string, unknown> };
}

function destinationOf(exchange: unknown, routingKey: unknown): string {
  return typeof exchange === 'string' && exchange !== '' ? exchange : typeof routingKey === 'string' ? routingKey : '';
}

function patchChannel(prototype: object, hooks: FlowHooks, outermost: ReturnType<typeof outermostOnly>): void {
  // publish(exchange, routingKey, content, options[, callback]); sendToQueue(queue, content, options[, callback]).
  const publishing = (optionsAt: number, destination: (args: IArguments) => string) => (original: (...args: unknown[]) => unknown) =>
    function (this: unknown) {
      const args = arguments;
      return outermost(
        () => {
          let call: ArrayLike<unknown> = args;
          let counted = '';
          try {
            const options = args[optionsAt] as { headers?: object } | undefined | null;
            counted = destination(args);
            const headers = objectCreate(options?.headers ?? null) as Record<string, unknown>;
            const flowArgs = withArgument(args, optionsAt, optionsWithHeaders(options, headers));
            // Counted last, once nothing else can fail.
            headers[FLOW_HEADER] = hooks.publishing(SYSTEM, counted, true);
            call = flowArgs;
          } catch {
            call = args;
          }
          return publishOrTakeBack(original, this, call, hooks, SYSTEM, call !== args ? counted : null);
        },
        () => reflectApply(original, this, args),
      );
    };
  wrapMethod(prototype, 'publish', publishing(3, (args) => destinationOf(args[0], args[1])));
  wrapMethod(prototype, 'sendToQueue', publishing(2, (args) => destinationOf('', args[0])));
}

function patchConsume(prototype: object, hooks: FlowHooks): void {
  wrapMethod(prototype, 'consume', (original) =>
    function (this: unknown, queue: unknown, callback: unknown) {
      const args = arguments;
      if (typeof callback !== 'function') return reflectApply(original, this, args);
      const consumer = function (this: unknown, message: Delivery | null) {
        let marker: unknown;
        let destination = '';
        try {
          const headers = message?.properties?.headers;
          if (headers && reflectApply(hasOwnProperty, headers, [FLOW_HEADER])) {
            marker = headers[FLOW_HEADER];
            delete headers[FLOW_HEADER];
            destination = destinationOf(message?.fields?.exchange, message?.fields?.routingKey);
          }
        } catch {
          marker = undefined;
        }
        return hooks.handle(SYSTEM, destination, marker, callback, this, arguments);
      };
      return reflectApply(original, this, withArgument(args, 1, consumer));
    },
  );
}

export const amqplibAdapter: ClientAdapter = {
  packageName: 'amqplib',
  files: ['lib/channel_model.js', 'lib/callback_model.js'],
  versions: ['0.10.0', '3.0.0'],
  patch(_file, module, hooks) {
    const exports = module.exports as { Channel?: { prototype: object }; ConfirmChannel?: { prototype: object } };
    if (!exports.Channel || !exports.ConfirmChannel) throw new Error('Channel and ConfirmChannel are not exported');
    const outermost = outermostOnly();
    patchChannel(exports.Channel.prototype, hooks, outermost);
    patchChannel(exports.ConfirmChannel.prototype, hooks, outermost);
    patchConsume(exports.Channel.prototype, hooks);
  },
};
