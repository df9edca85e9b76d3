import { sayOnce } from '../../messages';
import { hasOwnProperty, objectAssign, objectDefineProperty, objectGetOwnPropertyNames, objectGetPrototypeOf, promiseThen, reflectApply } from '../intrinsics';
import type { ClientAdapter, FlowHooks } from './adapter';
import { FLOW_HEADER } from './marker';
import { outermostOnly, publishOrTakeBack, wrapMethod } from './wrap';

/**
 * mqtt (MQTT.js 5, build/lib/client.js, MqttClient). Over MQTT 5 the marker
 * is a user property (`properties.userProperties['tsprof-flow']`) of the
 * PUBLISH packet; the payload is not touched. `publish` and `publishAsync`
 * get copies of the program's options, properties and user properties with
 * the marker added last (the client spreads the options, so a copy, not an
 * object inheriting them); the packet the publish callback or promise hands
 * back gets the program's own properties object again.
 *
 * The consumer side is the client's `emit('message', topic, payload, packet)`
 * (every listener of one delivery, QoS 0, 1 and 2): the marker is deleted
 * from the packet first, then a user property list or properties object left
 * empty is deleted as the parser would not have made it, and `packet.length`
 * (the remaining length) is what it was without the marker's bytes. The
 * message is counted for the first instrumented function a listener enters.
 *
 * MQTT 3.1.1 (protocolVersion 4, the default) has no headers: a publish is
 * counted (it shows as published and not matched) and carries nothing;
 * tsprof says so once.
 *
 * Destination: the topic the program published to, and the topic the client
 * delivers (a topic alias resolved), so both ends name the same topic.
 */
const SYSTEM = 'mqtt';
const byteLength = Buffer.byteLength;

interface Client {
  options?: { protocolVersion?: number };
}

interface Properties {
  userProperties?: Record<string, unknown>;
}

interface Packet {
  topic?: unknown;
  qos?: unknown;
  length?: unknown;
  payload?: { length?: unknown };
  properties?: Properties;
}

interface Options {
  properties?: Properties;
}

/** The options a publish goes out with, and what to give back to the program afterwards. */
interface Marked {
  options: Options;
  marker: string;
  own: Properties | undefined;
}

function mark(hooks: FlowHooks, client: Client, topic: string, options: Options | null | undefined): Marked | undefined {
  if (client?.options?.protocolVersion !== 5) {
    sayOnce('flows-mqtt-3', '--flows: MQTT 3.1.1 has no message headers, so mqtt messages published over it are counted but not followed (use protocolVersion 5)');
    hooks.publishing(SYSTEM, topic, false);
    return undefined;
  }
  const own = options?.properties;
  const ownUser = own?.userProperties;
  const userProperties = objectAssign({}, ownUser) as Record<string, unknown>;
  const properties = objectAssign({}, own, { userProperties }) as Properties;
  const flowOptions = objectAssign({}, options, { properties }) as Options;
  // Counted last, once nothing else can fail; defined on tsprof's own object.
  const marker = hooks.publishing(SYSTEM, topic, typeof ownUser === 'object' && ownUser !== null);
  objectDefineProperty(userProperties, FLOW_HEADER, { value: marker, enumerable: true, writable: true, configurable: true });
  return { options: flowOptions, marker, own };
}

/**
 * The publish packet a QoS 1 or 2 callback or promise gets (the client's
 * stored copy) reads as it would have without tsprof: no marker, and no
 * properties or user properties where the program gave none.
 */
function giveBack(marked: Marked, packet: unknown): void {
  try {
    const properties = (packet as Packet | undefined)?.properties;
    const user = properties?.userProperties;
    if (!properties || !user || user[FLOW_HEADER] !== marked.marker) return;
    const own = marked.own;
    if (typeof own !== 'object' || own === null) (packet as Packet).properties = own;
    else if (typeof own.userProperties === 'object' && own.userProperties !== null) delete user[FLOW_HEADER];
    else if (reflectApply(hasOwnProperty, own, ['userProperties'])) properties.userProperties = own.userProperties;
    else delete properties.userProperties;
  } catch {
    // The program sees the marker rather than failing.
  }
}

function patchPublish(prototype: object, hooks: FlowHooks, outermost: ReturnType<typeof outermostOnly>): void {
  // publish(topic, message[, opts][, callback])
  wrapMethod(prototype, 'publish', (original) =>
    function (this: Client, topic: unknown, message: unknown, opts: unknown, callback: unknown) {
      const args = arguments;
      return outermost(
        () => {
          let call: ArrayLike<unknown> = args;
          let counted = false;
          try {
            if (typeof topic === 'string') {
              const ownCallback = typeof opts === 'function' ? opts : callback;
              const marked = mark(hooks, this, topic, typeof opts === 'function' ? null : (opts as Options));
              counted = true;
              if (marked) {
                const flowCallback =
                  typeof ownCallback === 'function'
                    ? function (this: unknown, _error: unknown, packet: unknown) {
                        giveBack(marked, packet);
                        return reflectApply(ownCallback, this, arguments);
                      }
                    : ownCallback;
                call = [topic, message, marked.options, flowCallback];
              }
            }
          } catch {
            call = args;
          }
          return publishOrTakeBack(original, this, call, hooks, SYSTEM, counted ? (topic as string) : null);
        },
        () => reflectApply(original, this, args),
      );
    },
  );
  // publishAsync(topic, message[, opts]) calls publish, which then passes through.
  wrapMethod(prototype, 'publishAsync', (original) =>
    function (this: Client, topic: unknown, message: unknown, opts: unknown) {
      const args = arguments;
      return outermost(
        () => {
          let marked: Marked | undefined;
          let call: ArrayLike<unknown> = args;
          try {
            if (typeof topic === 'string') {
              marked = mark(hooks, this, topic, opts as Options);
              if (marked) call = [topic, message, marked.options];
            }
          } catch {
            call = args;
          }
          const result = reflectApply(original, this, call as unknown[]);
          if (!marked) return result;
          const done = marked;
          return reflectApply(promiseThen, result, [
            (packet: unknown) => {
              giveBack(done, packet);
              return packet;
            },
          ]);
        },
        () => reflectApply(original, this, args),
      );
    },
  );
}

function varIntSize(value: number): number {
  return value < 128 ? 1 : value < 16384 ? 2 : value < 2097152 ? 3 : 4;
}

/** The remaining length the packet had without the marker's user property (id, name and value with their length prefixes). */
function lengthWithout(packet: Packet, marker: string): number | undefined {
  const { length, topic, payload } = packet;
  if (typeof length !== 'number' || typeof topic !== 'string' || typeof payload?.length !== 'number') return undefined;
  const rest = 2 + byteLength(topic) + (packet.qos ? 2 : 0) + payload.length;
  for (let size = 1; size <= 4; size++) {
    const propertiesLength = length - rest - size;
    if (propertiesLength < 0 || varIntSize(propertiesLength) !== size) continue;
    const ownLength = propertiesLength - (1 + 2 + byteLength(FLOW_HEADER) + 2 + byteLength(marker));
    return ownLength < 0 ? undefined : rest + varIntSize(ownLength) + ownLength;
  }
  return undefined;
}

function takeMarker(packet: Packet | undefined): unknown {
  try {
    const properties = packet?.properties;
    const user = properties?.userProperties;
    if (!packet || !properties || !user || !reflectApply(hasOwnProperty, user, [FLOW_HEADER])) return undefined;
    const marker = user[FLOW_HEADER];
    if (typeof marker !== 'string') return undefined;
    delete user[FLOW_HEADER];
    // mqtt-packet's parser sets neither an empty user property list nor empty properties.
    if (objectGetOwnPropertyNames(user).length === 0) delete properties.userProperties;
    if (objectGetOwnPropertyNames(properties).length === 0) delete packet.properties;
    const length = lengthWithout(packet, marker);
    if (length !== undefined) packet.length = length;
    return marker;
  } catch {
    return undefined;
  }
}

/** MqttClient inherits emit from EventEmitter: an own emit sees each 'message' delivery once, before every listener. */
function patchDelivery(prototype: object, hooks: FlowHooks): void {
  const deliver = (emit: (...args: unknown[]) => unknown) =>
    function (this: unknown, event: unknown, topic: unknown, _payload: unknown, packet: unknown) {
      if (event !== 'message' || typeof topic !== 'string') return reflectApply(emit, this, arguments);
      const marker = takeMarker(packet as Packet);
      return hooks.handle(SYSTEM, topic, marker, emit, this, arguments);
    };
  if (reflectApply(hasOwnProperty, prototype, ['emit'])) {
    wrapMethod(prototype, 'emit', deliver);
    return;
  }
  const parent = objectGetPrototypeOf(prototype) as { emit?: unknown };
  if (typeof parent?.emit !== 'function') throw new Error('MqttClient has no emit');
  const inherited = function (this: unknown) {
    return reflectApply(objectGetPrototypeOf(prototype).emit as Function, this, arguments);
  };
  objectDefineProperty(prototype, 'emit', { value: deliver(inherited), writable: true, configurable: true, enumerable: false });
}

export const mqttAdapter: ClientAdapter = {
  packageName: 'mqtt',
  files: ['build/lib/client.js'],
  versions: ['5.0.0', '6.0.0'],
  patch(_file, module, hooks) {
    const exports = module.exports as { default?: { prototype: object } };
    const prototype = exports.default?.prototype;
    if (!prototype || typeof (prototype as { publish?: unknown }).publish !== 'function') throw new Error('MqttClient is not the default export of build/lib/client.js');
    patchPublish(prototype, hooks, outermostOnly());
    patchDelivery(prototype, hooks);
  },
};
