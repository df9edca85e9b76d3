import type { Frame } from './frame';
import { Float64ArrayCtor, Int32ArrayCtor, Uint8ArrayCtor } from './intrinsics';
import { Recorder } from './recorder';

/** A context is judged once it has had this many calls, every one timed. */
export const SAMPLE_AFTER_CALLS = 1000;
/** …and is sampled when their mean duration is at most this: its two clock reads then cost a few per cent of a call. */
export const SHORT_CALL_MS = 0.005;

/**
 * A context's state. WARMING: every call timed, judged every SAMPLE_AFTER_CALLS calls. SAMPLING: a hot short
 * leaf, about one call in `stride` timed. TIMED: it made a call, suspended, or is a recursion fold; for good.
 */
const WARMING = 0;
const SAMPLING = 1;
const TIMED = 2;
/** `start` of the frame of a call left untimed: no clock was read for it (a timed frame's start is a clock reading, ≥ 0). */
const UNTIMED = -1;

/**
 * The recorder of `--sample-hot <stride>`: times about one call in `stride` of hot short
 * leaves while counting every call exactly (docs/sampling.md states the error
 * bound). A context qualifies after SAMPLE_AFTER_CALLS calls, all timed, whose
 * mean is at most SHORT_CALL_MS, when it never made an instrumented call,
 * never suspended, is no recursion fold and is called from a frame that is not
 * the root (so its untimed time lands in one known context: its parent).
 *
 * An untimed call reads no clock: its time runs on in the caller's self. The
 * timed call that ends a run of untimed ones stands for all of them (its
 * weight): its duration × weight goes to the context's total, self and
 * histogram, and duration × (weight − 1) comes off the parent's self, so
 * parent self + children's totals still equals the parent's measured total.
 * Gaps between timed calls are drawn from 1 … 2·stride − 1 (mean `stride`) by
 * an xorshift generator with a fixed seed, so that a workload whose durations
 * repeat with a period cannot lock onto the stride, and a run is repeatable.
 *
 * A subclass, chosen when the thread's runtime is made (runtime.ts), so that
 * without the option the probes run exactly the recorder's own code, and with
 * it each probe reaches the timed path in one call (`super`): layers over the
 * recorder's methods (closures, bound functions), inlined by TurboFan into the
 * program's hot functions, cost the task-queue fixture 4 % more instructions
 * than this (docs/sampling.md has what the option costs and saves there).
 */
export class SamplingRecorder extends Recorder {
  private state = new Uint8ArrayCtor(0);
  /** Per context: untimed calls since its last timed one. */
  private pending = new Int32ArrayCtor(0);
  /** Per context: calls in its current gap; the call that fills it is timed. */
  private gap = new Int32ArrayCtor(0);
  /** Per context: calls its call in flight stands for (a sampled leaf, current while it runs, has one at most). */
  private weight = new Int32ArrayCtor(0);
  /** Per context: calls its totalMs stands for (timed ones by their weight). */
  private represented = new Float64ArrayCtor(0);
  /** Per context: calls timed and ended. */
  private timed = new Float64ArrayCtor(0);
  private seed = 0x2545f491;
  private readonly stride: number;

  constructor(stride: number, maxContexts?: number, now?: () => number) {
    super(maxContexts, now);
    this.stride = stride;
    this.grow();
  }

  override enter(id: number): Frame {
    if (this.state.length < this.contexts.capacity) this.grow();
    const caller = this.current;
    if (caller.start === UNTIMED) this.leaveSampling(caller);
    // From a caller that is its own child base, into a context whose parent is the caller's (its self holds the untimed
    // calls): looked up here, and so cached for the recorder's enter; at --max-contexts' cap only a cached one (a fold counts).
    const contexts = this.contexts;
    if (caller !== this.root && id > 0 && id < this.functions.count && contexts.childBase[caller.context] === caller.context && (this.functions.lastParent[id] === caller.context || contexts.count < contexts.limit)) {
      const context = this.contextOf(id, caller);
      if (contexts.parent[context] === caller.context && this.state.length > context && this.state[context] === SAMPLING) {
        const pending = this.pending[context];
        if (pending + 1 < this.gap[context]) return this.enterUntimed(id, context, caller, pending);
        this.pending[context] = 0;
        this.gap[context] = this.nextGap();
        this.state[caller.context] = TIMED;
        this.weight[context] = pending + 1;
        return super.enter(id);
      }
    }
    if (caller !== this.root) this.state[caller.context] = TIMED;
    const frame = super.enter(id);
    // The call may have made a context beyond what the arrays hold: they must before it ends.
    if (this.state.length < this.contexts.capacity) this.grow();
    this.weight[frame.context] = 1;
    return frame;
  }

  private enterUntimed(id: number, context: number, caller: Frame, pending: number): Frame {
    this.pending[context] = pending + 1;
    this.contexts.calls[context]++;
    caller.lastCallContext = context;
    this.state[caller.context] = TIMED;
    this.functions.open[id]++;
    const frame = this.frames.take(caller);
    frame.fn = id;
    frame.context = context;
    frame.restore = caller;
    frame.start = UNTIMED;
    frame.recursive = frame.closed = frame.pinned = frame.atYield = false;
    frame.suspendedAt = frame.lastCallContext = frame.awaitContext = -1;
    this.current = frame;
    return frame;
  }

  override exit(frame: Frame): void {
    if (frame.closed) return;
    if (frame.start === UNTIMED) {
      frame.closed = true;
      this.functions.open[frame.fn]--;
      this.current = frame.restore;
      this.frames.release(frame);
      return;
    }
    const context = frame.context;
    const weight = this.weight[context];
    const parent = (frame.caller as Frame).context;
    const totalMs = this.contexts.totalMs;
    const before = totalMs[context];
    super.exit(frame);
    this.represented[context] += weight;
    this.timed[context]++;
    // The call's duration, as exit added it (a sampled leaf is never a recursive call, whose exit adds none).
    if (weight > 1) this.charge(context, parent, totalMs[context] - before, weight - 1);
    else if (this.state[context] === WARMING && this.contexts.calls[context] % SAMPLE_AFTER_CALLS === 0) this.judge(context);
  }

  override suspend(frame: Frame, awaitingCall: boolean, atYield = false): void {
    if (frame.suspendedAt < 0 && !frame.closed) {
      if (frame.start === UNTIMED || this.weight[frame.context] > 1) this.leaveSampling(frame);
      this.state[frame.context] = TIMED;
    }
    super.suspend(frame, awaitingCall, atYield);
  }

  /** A generator resumed from inside an untimed call: that call is timed from now on. */
  override resume(frame: Frame): void {
    const running = this.current;
    if (running.start === UNTIMED && frame.suspendedAt >= 0) this.leaveSampling(running);
    super.resume(frame);
  }

  /** Before a snapshot: the untimed calls since each context's last timed one are charged at its mean so far. */
  override settle(): void {
    const running = this.current;
    if (running.start === UNTIMED) this.leaveSampling(running);
    const contexts = this.contexts;
    for (let context = 1; context < contexts.count && context < this.state.length; context++) this.chargePending(context);
    super.settle();
  }

  /** A context's timed calls: all its calls, unless some were charged at an estimate. */
  override timedCalls(context: number): number {
    const sampled = context < this.timed.length && this.represented[context] > this.timed[context];
    return sampled ? this.timed[context] : this.contexts.calls[context];
  }

  private judge(context: number): void {
    const contexts = this.contexts;
    // Folds (recursion) add no inclusive time for nested calls; they stay timed.
    if (contexts.childBase[context] !== context) this.state[context] = TIMED;
    if (this.state[context] === TIMED || contexts.totalMs[context] / this.represented[context] > SHORT_CALL_MS) return;
    this.state[context] = SAMPLING;
    this.pending[context] = 0;
    this.gap[context] = this.nextGap();
  }

  /**
   * A sampled leaf that turns out to make a call or to suspend is timed from
   * now on. An untimed call in flight is timed from this moment: what it ran
   * before stays in its caller's self (one call's worth, once per context).
   * A timed call in flight keeps its own time; the calls it stood for, and
   * the untimed ones pending, are charged at the mean so far.
   */
  private leaveSampling(frame: Frame): void {
    const context = frame.context;
    if (frame.start === UNTIMED) {
      const now = this.now();
      const back = frame.restore;
      this.contexts.selfMs[back.context] += now - back.resumedAt;
      back.resumedAt = now;
      frame.start = frame.resumedAt = now;
      // It was counted as pending; its exit now stands for it.
      this.pending[context]--;
    } else if (this.weight[context] > 1) {
      this.pending[context] += this.weight[context] - 1;
    }
    this.weight[context] = 1;
    this.chargePending(context);
    this.state[context] = TIMED;
  }

  private chargePending(context: number): void {
    const represented = this.represented[context];
    const pending = this.pending[context];
    if (pending <= 0 || represented <= 0) return;
    this.pending[context] = 0;
    const contexts = this.contexts;
    this.represented[context] = represented + pending;
    this.charge(context, contexts.parent[context], contexts.totalMs[context] / represented, pending);
  }

  /** `count` untimed calls of `ms` each: the context's time, the parent's self less, never below 0: they ran
   *  there, and a descheduled timed call could ask for more (the self times then summed above the wall). */
  private charge(context: number, parent: number, ms: number, count: number): void {
    const contexts = this.contexts;
    const held = contexts.selfMs[parent] > 0 ? contexts.selfMs[parent] : 0;
    const added = ms * count < held ? ms * count : held;
    contexts.totalMs[context] += added;
    contexts.selfMs[context] += added;
    contexts.selfMs[parent] -= added;
    contexts.recordDurations(context, added / count, count);
  }

  private nextGap(): number {
    let x = this.seed;
    x ^= x << 13;
    x ^= x >>> 17;
    this.seed = x ^= x << 5;
    return 1 + ((x >>> 0) % (2 * this.stride - 1));
  }

  private grow(): void {
    const size = this.contexts.capacity;
    this.state = grown(this.state, new Uint8ArrayCtor(size));
    this.pending = grown(this.pending, new Int32ArrayCtor(size));
    this.gap = grown(this.gap, new Int32ArrayCtor(size));
    this.represented = grown(this.represented, new Float64ArrayCtor(size));
    this.weight = grown(this.weight, new Int32ArrayCtor(size));
    this.timed = grown(this.timed, new Float64ArrayCtor(size));
  }
}

function grown<T extends Uint8Array | Int32Array | Float64Array>(old: T, next: T): T {
  return next.set(old), next;
}
