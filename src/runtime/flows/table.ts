import type { MessageFlow } from '../../profile/flow-types';
import { DURATION_BUCKETS, durationBucket, type DurationHistogram } from '../../profile/histogram';
import { Float64ArrayCtor, objectCreate } from '../intrinsics';
import { flowMarker, hostOfProcessKey, type ReadMarker } from './marker';

interface SentRow {
  system: string;
  destination: string;
  /** The publishing context, as the recorder numbers it. */
  context: number;
  messages: number;
}

interface ReceivedRow {
  system: string;
  destination: string;
  /** The marker's publishing process and context. */
  processKey: string;
  context: number;
  /** The handling context, as the recorder numbers it. */
  to: number;
  messages: number;
  /** Counts per duration bucket (profile/histogram.ts); null while no latency was measured (another host). */
  latency: Float64Array | null;
}

/**
 * One process's messages with `--flows`: how many each context published to
 * each destination, and how many each context handled per publishing origin,
 * with the latency from send to handler start. A message costs a look-up in a
 * short list and a count; rows are made on first sight. Written into the part
 * by snapshot.ts as MessageFlow rows (profile/flow-types.ts).
 */
export class FlowTable {
  private readonly sent: Record<string, SentRow[]> = objectCreate(null);
  private readonly received: Record<string, ReceivedRow[]> = objectCreate(null);
  private readonly host: string;

  /** `epochNow`: milliseconds since the epoch, performance.timeOrigin + performance.now(). */
  constructor(readonly processKey: string, readonly epochNow: () => number) {
    this.host = hostOfProcessKey(processKey);
  }

  /** Counts one message `context` publishes; returns the marker it carries. */
  publish(system: string, destination: string, context: number, ownHeaders: boolean): string {
    let rows = this.sent[destination];
    if (rows === undefined) rows = this.sent[destination] = [];
    let row: SentRow | undefined;
    for (let index = 0; index < rows.length; index++) {
      if (rows[index].context === context && rows[index].system === system) {
        row = rows[index];
        break;
      }
    }
    if (row === undefined) row = rows[rows.length] = { system, destination, context, messages: 0 };
    row.messages++;
    return flowMarker(this.processKey, context, this.epochNow(), ownHeaders);
  }

  /** Takes back the count of a publish from `context` whose call threw (the message never left). */
  unpublish(system: string, destination: string, context: number): void {
    const rows = this.sent[destination];
    if (rows === undefined) return;
    for (let index = 0; index < rows.length; index++) {
      if (rows[index].context === context && rows[index].system === system && rows[index].messages > 0) {
        rows[index].messages--;
        return;
      }
    }
  }

  /**
   * Counts one message handled by context `to` whose handler started at
   * `startEpochMs`. The latency is kept only when the marker was written on
   * this host (one clock); a send time from another host's clock is not
   * compared with this one's.
   */
  receive(system: string, destination: string, marker: ReadMarker, to: number, startEpochMs: number): void {
    let rows = this.received[marker.origin];
    if (rows === undefined) rows = this.received[marker.origin] = [];
    let row: ReceivedRow | undefined;
    for (let index = 0; index < rows.length; index++) {
      const candidate = rows[index];
      if (candidate.to === to && candidate.destination === destination && candidate.system === system) {
        row = candidate;
        break;
      }
    }
    if (row === undefined) {
      row = rows[rows.length] = { system, destination, processKey: marker.processKey, context: marker.context, to, messages: 0, latency: null };
    }
    row.messages++;
    if (hostOfProcessKey(marker.processKey) !== this.host) return;
    const latencyMs = startEpochMs - marker.sendEpochMs;
    if (row.latency === null) row.latency = new Float64ArrayCtor(DURATION_BUCKETS);
    // One clock, but two processes' time origins: a few microseconds below zero is zero, never negative.
    row.latency[durationBucket(latencyMs > 0 ? latencyMs : 0)]++;
  }

  /** The part's flows; `partContext` turns the recorder's context ids into the part's. */
  flows(partContext: (context: number) => number): MessageFlow[] {
    const flows: MessageFlow[] = [];
    for (const destination of Object.keys(this.sent)) {
      for (const row of this.sent[destination]) {
        if (row.messages === 0) continue;
        flows.push({ system: row.system, destination: row.destination, from: partContext(row.context), to: -1, messages: row.messages, origin: { process: this.processKey, context: row.context } });
      }
    }
    for (const origin of Object.keys(this.received)) {
      for (const row of this.received[origin]) {
        const latency = row.latency === null ? undefined : histogramOf(row.latency);
        flows.push({ system: row.system, destination: row.destination, from: -1, to: partContext(row.to), messages: row.messages, ...(latency ? { latency } : {}), origin: { process: row.processKey, context: row.context } });
      }
    }
    return flows;
  }
}

function histogramOf(counts: Float64Array): DurationHistogram | undefined {
  const pairs: DurationHistogram = [];
  for (let bucket = 0; bucket < counts.length; bucket++) if (counts[bucket] > 0) pairs.push([bucket, counts[bucket]]);
  return pairs.length > 0 ? pairs : undefined;
}
