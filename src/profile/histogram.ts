import { pairKey } from './identity';
import type { ProfileContext } from './types';

/**
 * Call durations as a log-linear histogram (HdrHistogram's scheme with 16
 * sub-buckets), defined once: the runtime's exit probe picks buckets with
 * `durationBucket`, and the profile, merge, selection and the report read them
 * through the functions below.
 *
 * A duration is counted in whole microseconds `v`. Below 16 µs every
 * microsecond is a bucket of its own (buckets 0–15). From 16 µs on, each range
 * [2^k, 2^(k+1)) is cut into 16 equal buckets of width 2^(k-4), so a bucket is
 * at most 1/16 of its lower bound wide: its midpoint, the value reported, is
 * within 3.2 % of every duration in it (within 0.5 µs below 16 µs). Durations
 * of 2^31 µs (35.8 minutes) and longer are all counted in the last bucket.
 * Counts are exact: every call that ended is counted once.
 */

/** Buckets per power of two, and the width in bits of the sub-bucket index. */
const SUB_BUCKET_BITS = 4;
const SUB_BUCKETS = 1 << SUB_BUCKET_BITS;
/** Durations are counted in whole microseconds up to this many; longer ones as this many. */
export const LONGEST_MICROSECONDS = 0x7fffffff;
/** Buckets 0 … 447: 16 of 1 µs, then 16 per power of two from 2^4 to 2^30 µs. */
export const DURATION_BUCKETS = (31 - SUB_BUCKET_BITS + 1) * SUB_BUCKETS;
/** The runtime keeps buckets in groups of 16 (one per power of two), allocated when a duration first falls in one. */
export const BUCKET_GROUP_BITS = SUB_BUCKET_BITS;
export const BUCKET_GROUPS = DURATION_BUCKETS >> BUCKET_GROUP_BITS;

/** Captured at load: the profiled program may replace Math.clz32 and the probe calls this. */
const clz32 = Math.clz32;

/** The bucket of a duration in milliseconds. */
export function durationBucket(ms: number): number {
  const microseconds = ms * 1000;
  return microsecondsBucket(microseconds < LONGEST_MICROSECONDS ? microseconds | 0 : LONGEST_MICROSECONDS);
}

/**
 * The bucket of a duration in whole microseconds (0 … LONGEST_MICROSECONDS),
 * a small integer: the exit probe passes this rather than the duration in
 * milliseconds, a double that V8 boxes (16 bytes a call) whenever the call is
 * not inlined.
 */
export function microsecondsBucket(whole: number): number {
  const highBit = 31 - clz32(whole);
  const shift = highBit > SUB_BUCKET_BITS ? highBit - SUB_BUCKET_BITS : 0;
  return (shift << SUB_BUCKET_BITS) + (whole >> shift);
}

/** The midpoint of a bucket, in milliseconds: the value a percentile in it reports. */
export function bucketMidpointMs(bucket: number): number {
  const group = bucket >> SUB_BUCKET_BITS;
  if (group === 0) return (bucket + 0.5) / 1000;
  const width = 2 ** (group - 1);
  const lower = ((bucket & (SUB_BUCKETS - 1)) + SUB_BUCKETS) * width;
  return (lower + width / 2) / 1000;
}

/** A context's call durations: [bucket, calls] pairs, buckets ascending, counts above 0 (ProfileContext.durations). */
export type DurationHistogram = Array<[number, number]>;

/**
 * The sum of two histograms, exact: the counts of equal buckets add up. Neither is changed.
 * Histograms are values: nothing changes one once it is made, so the sum with an empty one is
 * the other itself, not a copy. A profile's contexts mostly meet their histogram once (a
 * snapshot, a merge of one part): copying each there took some 40 % of building a profile of
 * 4,870 contexts at a process's exit (13 → 8 ms).
 */
export function addHistograms(a: DurationHistogram | undefined, b: DurationHistogram | undefined): DurationHistogram | undefined {
  if (!a || a.length === 0) return b && b.length > 0 ? b : undefined;
  if (!b || b.length === 0) return a;
  const sum: DurationHistogram = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i][0] < b[j][0])) sum.push([a[i][0], a[i++][1]]);
    else if (i >= a.length || b[j][0] < a[i][0]) sum.push([b[j][0], b[j++][1]]);
    else sum.push([a[i][0], a[i++][1] + b[j++][1]]);
  }
  return sum;
}

export interface Latency {
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentiles and the largest duration, in milliseconds (bucket midpoints); undefined when no call ended. */
export function latencyOf(histogram: DurationHistogram | undefined): Latency | undefined {
  const total = histogram?.reduce((sum, [, count]) => sum + count, 0) ?? 0;
  if (!histogram || total === 0) return undefined;
  const at = (fraction: number): number => {
    const rank = Math.max(1, Math.ceil(fraction * total));
    let seen = 0;
    for (const [bucket, count] of histogram) {
      seen += count;
      if (seen >= rank) return bucketMidpointMs(bucket);
    }
    return bucketMidpointMs(histogram[histogram.length - 1][0]);
  };
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: bucketMidpointMs(histogram[histogram.length - 1][0]) };
}

/** Each function's histogram: the sum over its contexts. */
export function durationsByFunction(contexts: readonly ProfileContext[]): Map<number, DurationHistogram> {
  const sums = new Map<number, DurationHistogram>();
  for (const context of contexts) {
    const sum = addHistograms(sums.get(context.function), context.durations);
    if (sum) sums.set(context.function, sum);
  }
  return sums;
}

/** Each caller → callee pair's histogram (keyed by identity.ts pairKey of the functions), as derive.ts pairs contexts. */
export function durationsByPair(contexts: readonly ProfileContext[]): Map<string, DurationHistogram> {
  const functionOf = new Map<number, number>();
  const sums = new Map<string, DurationHistogram>();
  for (const context of contexts) {
    functionOf.set(context.id, context.function);
    const caller = functionOf.get(context.parent);
    if (caller === undefined) continue;
    const key = pairKey(caller, context.function, context.async === true);
    const sum = addHistograms(sums.get(key), context.durations);
    if (sum) sums.set(key, sum);
  }
  return sums;
}

/** Percentiles of each histogram that has a call; keys without one are left out. */
function percentilesOf<Key>(histograms: Map<Key, DurationHistogram>): Map<Key, Latency> {
  const latencies = new Map<Key, Latency>();
  for (const [key, histogram] of histograms) {
    const latency = latencyOf(histogram);
    if (latency) latencies.set(key, latency);
  }
  return latencies;
}

/** Each function's call-duration percentiles over these contexts: what the report, the picture's latency labels and the page's table show. */
export function latencyByFunction(contexts: readonly ProfileContext[]): Map<number, Latency> {
  return percentilesOf(durationsByFunction(contexts));
}

/** Each caller → callee pair's percentiles (keyed by pairKey), for the hot path's steps. */
export function latencyByPair(contexts: readonly ProfileContext[]): Map<string, Latency> {
  return percentilesOf(durationsByPair(contexts));
}
