/**
 * The profile format's message flows (types.ts `Profile.flows`): part of the
 * one definition of the format, in a file of its own for its length.
 */
import type { DurationBucket, Index, PositiveCount, ProcessKey } from './units';

/**
 * Messages that one calling context published and another handled, with
 * `--flows` (runtime/flows/): a marker carried in the message's headers names
 * the publishing process and context and the send time. Names follow the
 * OpenTelemetry messaging conventions (`messaging.system`,
 * `messaging.destination.name`), so a flow reads as a span link.
 *
 * In the part a process writes, a publish is a flow with `to` -1 and an
 * `origin` naming that process and its own context id; a handled message is a
 * flow with `from` -1, the `origin` its marker named, and the latency (when
 * both ends ran on one host). Merging joins the two by `origin`, system and
 * destination (profile/flows.ts): a joined flow has both ends and counts the
 * handled messages; what stays unjoined keeps `origin`, so that merging again
 * (runs on several hosts) can still join it, and is shown as unmatched
 * (published but handled by no profiled process, or handled but published by
 * none), never guessed. A publish handled more than once (fan-out to several
 * queues or subscribers, redelivery) leaves nothing unjoined on its side.
 */
export interface MessageFlow {
  /**
   * OpenTelemetry `messaging.system`: `rabbitmq`, `redis`, `mqtt`, `nats`, `bullmq`.
   * @minLength 1
   */
  system: string;
  /** OpenTelemetry `messaging.destination.name`: the queue, exchange, topic, subject or stream, as the client named it. */
  destination: string;
  /**
   * The context whose call published the messages (the innermost instrumented
   * call around the client's publish); -1 when no profiled process published them.
   * @asType integer
   * @minimum -1
   */
  from: number;
  /**
   * The context that handled them (the instrumented function the client's
   * consumer callback called, the last one when it called several directly,
   * else the context that ran the callback; for a pulled message, such as
   * an async iterator's, the context that asked for it);
   * -1 when no profiled process handled them.
   * @asType integer
   * @minimum -1
   */
  to: number;
  /** Messages along this flow (exact). */
  messages: PositiveCount;
  /**
   * From the publishing call's send to the start of the handler, per message,
   * as a duration histogram (the buckets of ProfileContext.durations). Absent
   * when the two ends ran on hosts whose clocks were not reconciled (`clock`).
   */
  latency?: DurationBucket[];
  /**
   * How the two ends' clocks relate: `one host` (the same clock), or
   * `unreconciled` (different hosts; no latency is given rather than one that
   * may be off by the hosts' clock difference). Absent on an unjoined flow.
   */
  clock?: 'one host' | 'unreconciled';
  /** The publishing process and the context id its marker named (FlowOrigin): with system and destination, the key merging joins on. */
  origin?: FlowOrigin;
}

/** Where a message was published: the process, and the context id its marker named. */
export interface FlowOrigin {
  process: ProcessKey;
  /**
   * The publishing context as that process's recorder numbered it, which the
   * marker carries: a key to join on, not an index into `contexts`. The flow
   * that process wrote names the same context in `from`, in its part's
   * numbering: usually the same number, but not when writing the part made
   * one function of two registrations of a file (profile/builder.ts).
   */
  context: Index;
}
