import { BUCKET_GROUP_BITS, BUCKET_GROUPS, durationBucket, microsecondsBucket, type DurationHistogram } from '../profile/histogram';
import { Float64ArrayCtor, Int32ArrayCtor, Uint8ArrayCtor, imul } from './intrinsics';

/**
 * Aggregates live in typed arrays indexed by function id or context id, so
 * memory grows with the number of distinct functions and call paths, never
 * with the number of calls, and the hot path does no allocation and no hashing
 * of strings. Typed arrays also have no prototype lookups on indexed writes,
 * so a patched Array.prototype cannot see them.
 */

function grownFloat(old: Float64Array<ArrayBuffer>, size: number): Float64Array<ArrayBuffer> {
  const next = new Float64ArrayCtor(size);
  next.set(old);
  return next;
}

function grownFlags(old: Uint8Array<ArrayBuffer>, size: number): Uint8Array<ArrayBuffer> {
  const next = new Uint8ArrayCtor(size);
  next.set(old);
  return next;
}

function grownInt(old: Int32Array<ArrayBuffer>, size: number, fill: number): Int32Array<ArrayBuffer> {
  const next = new Int32ArrayCtor(size);
  if (fill !== 0) next.fill(fill);
  next.set(old);
  return next;
}

export class FunctionTable {
  capacity = 256;
  /** Number of slots in use; slot 0 is the root. */
  count = 1;
  /** Open (entered, not yet exited) activations, to detect recursion cheaply. */
  open = new Int32ArrayCtor(this.capacity);
  /** Inline cache per callee: the last context it was called from (its child-lookup base) and the context that gave. */
  lastParent = new Int32ArrayCtor(this.capacity).fill(-1);
  lastContext = new Int32ArrayCtor(this.capacity);

  /** Reserves `n` consecutive ids and returns the first. */
  allocate(n: number): number {
    const first = this.count;
    const needed = first + n;
    if (needed > this.capacity) {
      let size = this.capacity;
      while (size < needed) size *= 2;
      this.open = grownInt(this.open, size, 0);
      this.lastParent = grownInt(this.lastParent, size, -1);
      this.lastContext = grownInt(this.lastContext, size, 0);
      this.capacity = size;
    }
    this.count = needed;
    return first;
  }
}

const BUCKET_GROUP_SIZE = 1 << BUCKET_GROUP_BITS;

function hashPair(parent: number, fn: number): number {
  return imul(parent, 0x9e3779b1) ^ imul(fn + 1, 0x85ebca6b);
}

/**
 * Default for `--max-contexts`: about 20 MB of tables per process at most,
 * plus 128 bytes for each power of two of durations a context's calls took.
 */
export const DEFAULT_MAX_CONTEXTS = 100_000;

/**
 * The calling-context tree: context 0 is the root; every other context is
 * (parent, function), found through an open-addressing hash table keyed by
 * the pair. A context created for a function that is already on its path
 * (recursion) is a "fold": the calls it makes are looked up below the
 * function's first appearance (`childBase`), so cycles close instead of
 * growing the tree.
 *
 * A context can also be an async child: `parent` is then the context that
 * scheduled the continuation it ran in (async-parents.ts), not a caller on
 * its stack. (parent, function) as an async child and as a synchronous call
 * are two contexts; both are found through the same hash of the pair.
 */
export class ContextTable {
  count = 1;
  capacity = 1024;
  parent = new Int32ArrayCtor(this.capacity).fill(-1);
  fn = new Int32ArrayCtor(this.capacity);
  /** Where the children of a context are looked up: itself, or for a fold the context it folds into. */
  childBase = new Int32ArrayCtor(this.capacity);
  /** 1 when `parent` scheduled this context's continuation rather than calling it. */
  asyncParent = new Uint8ArrayCtor(this.capacity);
  calls = new Float64ArrayCtor(this.capacity);
  selfMs = new Float64ArrayCtor(this.capacity);
  totalMs = new Float64ArrayCtor(this.capacity);
  awaitMs = new Float64ArrayCtor(this.capacity);
  /** Time the parent spent awaiting the promises of calls in this context. */
  awaitedMs = new Float64ArrayCtor(this.capacity);
  /**
   * Call durations (profile/histogram.ts), in groups of 16 buckets, one group
   * per power of two of microseconds: per context, where each group starts in
   * `durationCounts`, 0 until a call of that length first ends. A context's
   * calls take a few powers of two, so most groups are never allocated.
   */
  durationGroups = new Int32ArrayCtor(this.capacity * BUCKET_GROUPS);
  /** Counts of the allocated groups; the first group is never handed out, so that 0 means none. */
  durationCounts = new Float64ArrayCtor(BUCKET_GROUP_SIZE * 64);
  private durationCountsUsed = BUCKET_GROUP_SIZE;
  /** Calls whose new path did not fit under `limit` and were counted directly under the root. */
  foldedCalls = 0;
  private slots = new Int32ArrayCtor(this.capacity * 2).fill(-1);

  constructor(public limit: number = DEFAULT_MAX_CONTEXTS) {}

  /** The context of `fn` called from a context whose children live under `base`; created on first use. */
  child(base: number, fn: number): number {
    return this.find(base, fn, 0);
  }

  /** The context of `fn` run in a continuation scheduled by a context whose children live under `base`. */
  asyncChild(base: number, fn: number): number {
    return this.find(base, fn, 1);
  }

  /** Counts one ended call of `microseconds` (whole, as histogram.ts counts them); allocates only when a group is first used. */
  recordDuration(context: number, microseconds: number): void {
    const bucket = microsecondsBucket(microseconds);
    const group = context * BUCKET_GROUPS + (bucket >> BUCKET_GROUP_BITS);
    let start = this.durationGroups[group];
    if (start === 0) start = this.newDurationGroup(group);
    this.durationCounts[start + (bucket & (BUCKET_GROUP_SIZE - 1))]++;
  }

  /** Counts `count` calls of `ms` at once: those a timed call stands for under hot-call sampling (sampling.ts). */
  recordDurations(context: number, ms: number, count: number): void {
    const bucket = durationBucket(ms);
    const group = context * BUCKET_GROUPS + (bucket >> BUCKET_GROUP_BITS);
    let start = this.durationGroups[group];
    if (start === 0) start = this.newDurationGroup(group);
    this.durationCounts[start + (bucket & (BUCKET_GROUP_SIZE - 1))] += count;
  }

  private newDurationGroup(group: number): number {
    const start = this.durationCountsUsed;
    if (start + BUCKET_GROUP_SIZE > this.durationCounts.length) this.durationCounts = grownFloat(this.durationCounts, this.durationCounts.length * 2);
    this.durationCountsUsed = start + BUCKET_GROUP_SIZE;
    this.durationGroups[group] = start;
    return start;
  }

  /** A context's durations as the profile stores them; undefined when no call ended. */
  durations(context: number): DurationHistogram | undefined {
    const pairs: DurationHistogram = [];
    for (let group = 0; group < BUCKET_GROUPS; group++) {
      const start = this.durationGroups[context * BUCKET_GROUPS + group];
      if (start === 0) continue;
      for (let index = 0; index < BUCKET_GROUP_SIZE; index++) {
        const count = this.durationCounts[start + index];
        if (count > 0) pairs.push([(group << BUCKET_GROUP_BITS) + index, count]);
      }
    }
    return pairs.length > 0 ? pairs : undefined;
  }

  private find(base: number, fn: number, asyncParent: number): number {
    const mask = this.slots.length - 1;
    let slot = hashPair(base, fn) & mask;
    for (;;) {
      const context = this.slots[slot];
      if (context === -1) return this.create(slot, base, fn, asyncParent);
      if (this.parent[context] === base && this.fn[context] === fn && this.asyncParent[context] === asyncParent) return context;
      slot = (slot + 1) & mask;
    }
  }

  private create(slot: number, base: number, fn: number, asyncParent: number): number {
    if (this.count >= this.limit && base !== 0) {
      // Not cached anywhere, so every such call comes here and is counted.
      this.foldedCalls++;
      return this.child(0, fn);
    }
    if (this.count === this.capacity) {
      this.grow();
      return this.find(base, fn, asyncParent);
    }
    const context = this.count++;
    this.parent[context] = base;
    this.fn[context] = fn;
    this.asyncParent[context] = asyncParent;
    this.childBase[context] = this.firstOnPath(base, fn) ?? context;
    this.slots[slot] = context;
    return context;
  }

  /**
   * The context of `fn` nearest above `from` on its path, if `fn` is already on
   * it (recursion). The path goes through async parents too, so a continuation
   * that schedules itself again (a poll loop on a timer) folds the same way.
   */
  private firstOnPath(from: number, fn: number): number | null {
    for (let context = from; context > 0; context = this.parent[context]) {
      if (this.fn[context] === fn) return this.childBase[context];
    }
    return null;
  }

  private grow(): void {
    const size = this.capacity * 2;
    this.parent = grownInt(this.parent, size, -1);
    this.fn = grownInt(this.fn, size, 0);
    this.childBase = grownInt(this.childBase, size, 0);
    this.asyncParent = grownFlags(this.asyncParent, size);
    this.calls = grownFloat(this.calls, size);
    this.selfMs = grownFloat(this.selfMs, size);
    this.totalMs = grownFloat(this.totalMs, size);
    this.awaitMs = grownFloat(this.awaitMs, size);
    this.awaitedMs = grownFloat(this.awaitedMs, size);
    this.durationGroups = grownInt(this.durationGroups, size * BUCKET_GROUPS, 0);
    this.capacity = size;
    this.slots = new Int32ArrayCtor(size * 2).fill(-1);
    const mask = this.slots.length - 1;
    for (let context = 1; context < this.count; context++) {
      let slot = hashPair(this.parent[context], this.fn[context]) & mask;
      while (this.slots[slot] !== -1) slot = (slot + 1) & mask;
      this.slots[slot] = context;
    }
  }
}
