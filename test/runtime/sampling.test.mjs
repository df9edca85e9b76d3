// Hot-call sampling (--sample-hot, runtime/sampling.ts) driven through the recorder's
// probes with a clock the test moves by hand: counts stay exact, estimates are exact
// for calls of equal length, stay within the stated bound for calls that vary, and a
// leaf that turns out to call or to suspend is timed from then on.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addContextNumbers } from '../../dist/profile/builder.js';
import { buildCallGraph } from '../../dist/graph/build.js';
import { titleLines } from '../../dist/render/title.js';
import { SamplingRecorder, SAMPLE_AFTER_CALLS } from '../../dist/runtime/sampling.js';
import { Recorder } from '../../dist/runtime/recorder.js';
import { manualClock, recordingOf, snapshotOf } from '../helpers/recording.mjs';

const SITES = [['dispatch', 1, 1], ['encode', 2, 1], ['helper', 3, 1], ['step', 4, 1]];
/** Powers of two of a millisecond, so that every sum below is exact in floating point. */
const LEAF_MS = 2 ** -10;
const OWN_MS = 2 ** -9;

function setup(stride) {
  const clock = manualClock();
  return { ...recordingOf(SITES, { clock: clock.now, sampleHot: stride }), advance: clock.advance };
}

function snapshot(recording) {
  const profile = snapshotOf(recording);
  const byName = new Map(profile.contexts.slice(1).map((context) => [profile.functions[context.function].name, context]));
  return { profile, byName };
}

const histogramCalls = (context) => (context.durations ?? []).reduce((sum, [, calls]) => sum + calls, 0);

/** `durations(i)`: how long the i-th call of encode takes. */
function dispatchLoop(stride, calls, durations) {
  const { recording, call, advance } = setup(stride);
  let trueLeafMs = 0;
  call('dispatch', () => {
    for (let i = 0; i < calls; i++) {
      advance(OWN_MS);
      const ms = durations(i);
      trueLeafMs += ms;
      call('encode', () => advance(ms));
    }
  });
  return { ...snapshot(recording), trueLeafMs };
}

test('without --sample-hot the recorder runs its own probes and writes no timedCalls', () => {
  const { recording } = setup();
  assert.equal(Object.getPrototypeOf(recording), Recorder.prototype);
  assert.equal(recording.enter, Recorder.prototype.enter);
  assert.equal(recording.exit, Recorder.prototype.exit);
  const { byName } = dispatchLoop(undefined, 3000, () => LEAF_MS);
  assert.equal(byName.get('encode').calls, 3000);
  assert.equal(byName.get('encode').timedCalls, undefined);
});

test('calls of equal length: counts exact, times exact, the caller keeps only its own time, the histogram counts every call', () => {
  const calls = 20_000;
  const { byName } = dispatchLoop(16, calls, () => LEAF_MS);
  const encode = byName.get('encode');
  const dispatch = byName.get('dispatch');
  assert.equal(encode.calls, calls);
  assert.ok(encode.timedCalls > SAMPLE_AFTER_CALLS && encode.timedCalls < SAMPLE_AFTER_CALLS + (calls - SAMPLE_AFTER_CALLS) / 8, `timed ${encode.timedCalls} of ${calls}`);
  assert.equal(encode.totalMs, calls * LEAF_MS);
  assert.equal(encode.selfMs, calls * LEAF_MS);
  assert.equal(dispatch.selfMs, calls * OWN_MS);
  assert.equal(dispatch.totalMs, calls * (OWN_MS + LEAF_MS));
  assert.equal(histogramCalls(encode), calls);
  assert.equal(dispatch.timedCalls, undefined);
});

test('calls that vary: the estimate stays within the stated bound, and parent self + child total = parent total', () => {
  const calls = 100_000;
  const stride = 16;
  // Alternating short and long calls (mean 2, sd 1 in LEAF_MS): a fixed stride of 16 would time only one kind.
  const { byName, trueLeafMs } = dispatchLoop(stride, calls, (i) => (i % 2 === 0 ? LEAF_MS : 3 * LEAF_MS));
  const encode = byName.get('encode');
  const dispatch = byName.get('dispatch');
  assert.equal(encode.calls, calls);
  // docs/sampling.md: |error| / total ≤ 3 · (σ/μ) · √(4(N−1) / (3C)), C the calls sampled after the first SAMPLE_AFTER_CALLS.
  const bound = 3 * 0.5 * Math.sqrt((4 * (stride - 1)) / (3 * (calls - SAMPLE_AFTER_CALLS)));
  const error = Math.abs(encode.totalMs - trueLeafMs) / trueLeafMs;
  assert.ok(error <= bound, `relative error ${error} ≤ ${bound}`);
  assert.ok(error > 0, 'varying calls are estimated, not measured');
  assert.equal(histogramCalls(encode), calls);
  assert.ok(Math.abs(dispatch.selfMs + encode.totalMs - dispatch.totalMs) < 1e-9, 'the estimate moves time between caller and callee, never adds any');
  assert.ok(Math.abs(dispatch.totalMs - calls * OWN_MS - trueLeafMs) < 1e-9, 'the caller total is measured');
});

test('a timed call that stood still (the OS descheduled it) moves no more time than the caller measured', () => {
  const calls = 20_000;
  const { recording, call, advance } = setup(16);
  let trueLeafMs = 0;
  let stood = false;
  call('dispatch', () => {
    for (let i = 0; i < calls; i++) {
      advance(OWN_MS);
      call('encode', () => {
        // The first timed call once sampling has long begun takes a whole second: it stands for the
        // untimed calls before it, and its estimate asks for far more than dispatch's own time
        // (20,000 × 2 µs). Before, dispatch's self went below 0 and the snapshot clamped it, so
        // the profile's self times added up to more than had passed.
        const ms = !stood && i > 15_000 && recording.current.start >= 0 ? ((stood = true), 1000) : LEAF_MS;
        trueLeafMs += ms;
        advance(ms);
      });
    }
  });
  assert.ok(stood, 'a timed call stood still');
  const { byName } = snapshot(recording);
  const encode = byName.get('encode');
  const dispatch = byName.get('dispatch');
  assert.equal(encode.calls, calls);
  assert.ok(dispatch.selfMs >= 0, `dispatch self ${dispatch.selfMs}`);
  assert.ok(Math.abs(dispatch.selfMs + encode.totalMs - dispatch.totalMs) < 1e-9, 'time moved between caller and callee, none added');
  assert.ok(Math.abs(dispatch.totalMs - calls * OWN_MS - trueLeafMs) < 1e-9, 'the caller total is measured');
  assert.equal(histogramCalls(encode), calls);
});

test('a leaf called from two places in turn is sampled in both contexts, each estimate exact', () => {
  // encode is called by dispatch and by helper, alternately: each call's context differs from the
  // one before it, so the function's one-entry context cache misses on every call. Before, only
  // calls that hit it could be left untimed: the context under dispatch was timed on every call.
  const calls = 20_000;
  const { call, recording, advance } = setup(16);
  call('dispatch', () => {
    for (let i = 0; i < calls; i++) {
      advance(OWN_MS);
      call('encode', () => advance(LEAF_MS));
      call('helper', () => {
        advance(OWN_MS);
        call('encode', () => advance(LEAF_MS));
      });
    }
  });
  const { profile } = snapshot(recording);
  const encodes = profile.contexts.filter((context) => profile.functions[context.function].name === 'encode');
  assert.deepEqual(encodes.map((context) => profile.functions[profile.contexts[context.parent].function].name).sort(), ['dispatch', 'helper']);
  for (const encode of encodes) {
    assert.equal(encode.calls, calls);
    assert.ok(encode.timedCalls < SAMPLE_AFTER_CALLS + (calls - SAMPLE_AFTER_CALLS) / 8, `timed ${encode.timedCalls} of ${calls}`);
    assert.equal(encode.totalMs, calls * LEAF_MS);
    assert.equal(histogramCalls(encode), calls);
  }
  assert.equal(snapshot(recording).byName.get('helper').totalMs, calls * (OWN_MS + LEAF_MS));
});

test('at the --max-contexts cap, a path that no longer fits is counted once per call, as without sampling', () => {
  const foldedWith = (stride) => {
    const recording = stride === undefined ? new Recorder(3, () => 0) : new SamplingRecorder(stride, 3, () => 0);
    const first = recording.register('/app/capped.js', [['main', 1, 1], ['a', 2, 1], ['b', 3, 1], ['leaf', 4, 1]]);
    const main = recording.enter(first);
    recording.exit(recording.enter(first + 1));
    const b = recording.enter(first + 2);
    for (let call = 0; call < 10; call++) recording.exit(recording.enter(first + 3));
    recording.exit(b);
    recording.exit(main);
    return recording.contexts.foldedCalls;
  };
  assert.equal(foldedWith(8), foldedWith(undefined));
  assert.ok(foldedWith(undefined) >= 10);
});

test('a sampled leaf that starts calling is timed from then on; its callee is in its own context', () => {
  const { recording, call, advance } = setup(8);
  const calls = 5000;
  call('dispatch', () => {
    for (let i = 0; i < calls; i++) call('encode', () => {
      advance(LEAF_MS);
      if (i === 3000) call('helper', () => advance(LEAF_MS));
    });
  });
  const { profile, byName } = snapshot(recording);
  const encode = byName.get('encode');
  assert.equal(encode.calls, calls);
  assert.equal(byName.get('helper').calls, 1);
  const helperContext = profile.contexts.find((context) => profile.functions[context.function].name === 'helper');
  assert.equal(profile.functions[profile.contexts[helperContext.parent].function].name, 'encode');
  // At most the part of the one call in flight before it called stays in the caller.
  assert.ok(Math.abs(encode.totalMs - (calls + 1) * LEAF_MS) <= LEAF_MS, `encode total ${encode.totalMs}`);
  assert.ok(byName.get('dispatch').selfMs >= 0);
  assert.equal(histogramCalls(encode), calls);
});

test('a function that suspends is never sampled', () => {
  const { recording, id, call, advance } = setup(4);
  call('dispatch', () => {
    for (let i = 0; i < 3000; i++) {
      const frame = recording.enter(id.step);
      advance(LEAF_MS);
      recording.suspend(frame, false);
      recording.resume(frame);
      recording.exit(frame);
    }
  });
  const { byName } = snapshot(recording);
  assert.equal(byName.get('step').calls, 3000);
  assert.equal(byName.get('step').timedCalls, undefined);
  assert.equal(byName.get('step').totalMs, 3000 * LEAF_MS);
});

test('calls of a hot leaf made from the root are all timed', () => {
  const { call, recording, advance } = setup(4);
  for (let i = 0; i < 3000; i++) call('encode', () => advance(LEAF_MS));
  const { byName } = snapshot(recording);
  assert.equal(byName.get('encode').timedCalls, undefined);
});

test('merging a sampled part with an unsampled one: timedCalls counts the unsampled calls as timed', () => {
  const sampled = { calls: 1000, selfMs: 1, totalMs: 1, awaitMs: 0, awaitedMs: 0, timedCalls: 100 };
  const whole = { calls: 50, selfMs: 1, totalMs: 1, awaitMs: 0, awaitedMs: 0 };
  addContextNumbers(whole, sampled);
  assert.equal(whole.calls, 1050);
  assert.equal(whole.timedCalls, 150);
  const both = { calls: 10, selfMs: 0, totalMs: 0, awaitMs: 0, awaitedMs: 0 };
  addContextNumbers(both, { calls: 20, selfMs: 0, totalMs: 0, awaitMs: 0, awaitedMs: 0 });
  assert.equal(both.timedCalls, undefined);
});

test('contexts made after sampling began (the table grows past its first 1,024) are sampled too', () => {
  let now = 1024;
  const recording = new SamplingRecorder(8, undefined, () => now);
  const first = recording.register('/app/many.js', [['dispatch', 1, 1], ...Array.from({ length: 1100 }, (_, index) => [`leaf${index}`, index + 2, 1])]);
  const outer = recording.enter(first);
  for (let index = 1; index <= 1100; index++) {
    for (let call = 0; call < (index === 1100 ? 3000 : 1); call++) {
      const frame = recording.enter(first + index);
      now += LEAF_MS;
      recording.exit(frame);
    }
  }
  recording.exit(outer);
  const { byName } = snapshot(recording);
  const last = byName.get('leaf1099');
  assert.equal(last.calls, 3000);
  assert.ok(last.timedCalls < 3000);
  assert.equal(last.totalMs, 3000 * LEAF_MS);
  assert.equal(byName.get('dispatch').selfMs, 0);
});

test('the picture says which times are estimates, and only when some are', () => {
  const title = (stride) => titleLines(buildCallGraph(dispatchLoop(stride, 3000, () => LEAF_MS).profile), { colorBy: 'total' }).join('\n');
  assert.match(title(16), /--sample-hot: the times of 1 hot short function are estimates from a sample of calls; every call is counted/);
  assert.doesNotMatch(title(undefined), /sample-hot/);
});
