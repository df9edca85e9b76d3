import { Float64ArrayCtor, Int32ArrayCtor, imul } from './intrinsics';

/**
 * Aggregates live in typed arrays indexed by function id or edge id, so memory
 * grows with the number of distinct functions and edges, never with the number
 * of calls, and the hot path does no allocation and no hashing of strings.
 * Typed arrays also have no prototype lookups on indexed writes, so a patched
 * Array.prototype cannot see them.
 */

function grownFloat(old: Float64Array<ArrayBuffer>, size: number): Float64Array<ArrayBuffer> {
  const next = new Float64ArrayCtor(size);
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
  calls = new Float64ArrayCtor(this.capacity);
  selfMs = new Float64ArrayCtor(this.capacity);
  totalMs = new Float64ArrayCtor(this.capacity);
  awaitMs = new Float64ArrayCtor(this.capacity);
  /** Open (entered, not yet exited) activations, to detect recursion cheaply. */
  open = new Int32ArrayCtor(this.capacity);
  /** One-entry cache per callee: the last caller seen and the edge it used. */
  lastCaller = new Int32ArrayCtor(this.capacity).fill(-1);
  lastEdge = new Int32ArrayCtor(this.capacity);

  /** Reserves `n` consecutive ids and returns the first. */
  allocate(n: number): number {
    const first = this.count;
    const needed = first + n;
    if (needed > this.capacity) {
      let size = this.capacity;
      while (size < needed) size *= 2;
      this.calls = grownFloat(this.calls, size);
      this.selfMs = grownFloat(this.selfMs, size);
      this.totalMs = grownFloat(this.totalMs, size);
      this.awaitMs = grownFloat(this.awaitMs, size);
      this.open = grownInt(this.open, size, 0);
      this.lastCaller = grownInt(this.lastCaller, size, -1);
      this.lastEdge = grownInt(this.lastEdge, size, 0);
      this.capacity = size;
    }
    this.count = needed;
    return first;
  }
}

function hashPair(caller: number, callee: number): number {
  return imul(caller, 0x9e3779b1) ^ imul(callee + 1, 0x85ebca6b);
}

/** Caller → callee edges in an open-addressing hash table keyed by the id pair. */
export class EdgeTable {
  count = 0;
  capacity = 1024;
  caller = new Int32ArrayCtor(this.capacity);
  callee = new Int32ArrayCtor(this.capacity);
  calls = new Float64ArrayCtor(this.capacity);
  totalMs = new Float64ArrayCtor(this.capacity);
  /** Time callers spent awaiting the result of a call along this edge. */
  awaitMs = new Float64ArrayCtor(this.capacity);
  private slots = new Int32ArrayCtor(this.capacity * 2).fill(-1);

  /** Returns the edge id for (caller, callee), creating it on first use. */
  lookup(caller: number, callee: number): number {
    const mask = this.slots.length - 1;
    let slot = hashPair(caller, callee) & mask;
    for (;;) {
      const edge = this.slots[slot];
      if (edge === -1) return this.insert(slot, caller, callee);
      if (this.caller[edge] === caller && this.callee[edge] === callee) return edge;
      slot = (slot + 1) & mask;
    }
  }

  private insert(slot: number, caller: number, callee: number): number {
    if (this.count === this.capacity) {
      this.grow();
      return this.lookup(caller, callee);
    }
    const edge = this.count++;
    this.caller[edge] = caller;
    this.callee[edge] = callee;
    this.slots[slot] = edge;
    return edge;
  }

  private grow(): void {
    const size = this.capacity * 2;
    this.caller = grownInt(this.caller, size, 0);
    this.callee = grownInt(this.callee, size, 0);
    this.calls = grownFloat(this.calls, size);
    this.totalMs = grownFloat(this.totalMs, size);
    this.awaitMs = grownFloat(this.awaitMs, size);
    this.capacity = size;
    this.slots = new Int32ArrayCtor(size * 2).fill(-1);
    const mask = this.slots.length - 1;
    for (let edge = 0; edge < this.count; edge++) {
      let slot = hashPair(this.caller[edge], this.callee[edge]) & mask;
      while (this.slots[slot] !== -1) slot = (slot + 1) & mask;
      this.slots[slot] = edge;
    }
  }
}
