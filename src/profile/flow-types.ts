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
 * flow with `from` -1, the `origin` its marker named, and the latency. Merging
 * joins the two by `origin`: a joined flow has both ends; what stays unjoined
 * keeps `origin`, so that merging again (runs on several hosts) can still join
 * it, and is shown as unmatched (published but handled by no profiled
 * process, or handled but published by none), never guessed.
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
   * consumer callback entered first, else the context that ran the callback);
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
  /** The publishing process and the context id it gave the publishing call in its own part: the key merging joins on. */
  origin?: FlowOrigin;
}

/** Where a message was published: the process, and the context id in the part that process wrote. */
export interface FlowOrigin {
  process: ProcessKey;
  context: Index;
}
