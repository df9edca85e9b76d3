// A program whose true numbers are known: 5 calls of ≥ 20 ms busy + ≥ 50 ms await.
// Only relations that a busy machine cannot break are checked here: contention
// makes every interval longer, never shorter, and never moves time between
// self and await. How close the numbers come on an idle machine is measured by
// `npm run bench` (bench/accuracy.js), not by a timed test.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { instrument } from '../../dist/instrument/instrument.js';
import { bucketMidpointMs } from '../../dist/profile/histogram.js';
import { createProbes } from '../../dist/runtime/probes.js';
import { Recorder } from '../../dist/runtime/recorder.js';
import { SAMPLE_AFTER_CALLS, SamplingRecorder } from '../../dist/runtime/sampling.js';
import { snapshotProfile } from '../../dist/runtime/snapshot.js';
import { nodesByName, runTsprof, scratchDirectory } from '../helpers/cli.mjs';
import { readProfileJson } from '../helpers/profile-checks.mjs';

/** Timers may fire up to 1 ms early (Node rounds their due time); clocks are read in microseconds. */
const TIMER_SLACK_MS = 1;
const CLOCK_SLACK_MS = 0.05;

test('calls, self, await and total time keep the relations of a known workload', async () => {
  const out = scratchDirectory();
  const result = await runTsprof(['--include', 'fixtures/ground-truth', '-o', join(out, 'g.dot'), '--profile', join(out, 'p.json'), '--', 'node', 'fixtures/ground-truth/busy-then-wait.js']);
  assert.equal(result.code, 0, result.stderr);
  const profile = readProfileJson(join(out, 'p.json'));
  const node = nodesByName(profile).get('busyThenWait');
  assert.equal(node.calls, 5);
  // Each call spins until 20 ms have passed on the same clock the probes read.
  assert.ok(node.selfMs >= 5 * 20 - CLOCK_SLACK_MS, `selfMs ${node.selfMs} is at least 5 × 20 ms`);
  // Each call then awaits a 50 ms timer, which cannot resolve sooner. (A pause between
  // setting the timer and suspending would move time from await to self, so the bound
  // is on both together.)
  assert.ok(node.awaitMs > 0, 'the awaits are counted');
  assert.ok(node.totalMs >= 5 * (20 + 50 - TIMER_SLACK_MS) - CLOCK_SLACK_MS, `totalMs ${node.totalMs} is at least 5 × (20 + 50) ms`);
  // Its one instrumented callee is the promise executor that sets the timer (a busy
  // machine can make that take milliseconds): self, await and the executor's total make
  // up the whole total.
  const executor = nodesByName(profile).get('busyThenWait/new Promise');
  assert.equal(executor.calls, 5);
  const parts = node.selfMs + node.awaitMs + executor.totalMs;
  assert.ok(Math.abs(node.totalMs - parts) <= 5 * CLOCK_SLACK_MS * 4, `totalMs ${node.totalMs} = selfMs ${node.selfMs} + awaitMs ${node.awaitMs} + executor ${executor.totalMs}`);
  // The 1 ms spin at the end of main is busyWait's own time, called once from main.
  const spin = nodesByName(profile).get('busyWait');
  assert.equal(spin.calls, 1);
  assert.ok(spin.selfMs >= 1 - CLOCK_SLACK_MS, `busyWait selfMs ${spin.selfMs}`);
  const main = nodesByName(profile).get('main');
  // main suspends a moment after busyThenWait does (that moment is main's own time)
  // and resumes after busyThenWait has finished, so its wait and self time cover busyThenWait's wait.
  assert.ok(main.awaitMs + main.selfMs >= node.awaitMs - CLOCK_SLACK_MS, `main awaits ${main.awaitMs} + runs ${main.selfMs} ≥ busyThenWait's wait ${node.awaitMs}`);
  assert.ok(main.totalMs >= node.totalMs, 'main encloses every call');
  const selfSum = profile.nodes.slice(1).reduce((sum, each) => sum + each.selfMs, 0);
  assert.ok(selfSum <= profile.wallMs, `sum of self time ${selfSum} exceeds wall time ${profile.wallMs}`);
});

// --sample-hot against a workload whose work is known (fixtures/ground-truth/hot-leaf.js).
// In-process, with a clock the test moves, the unsampled run is the exact truth and the
// sampled estimate must stay within the bound docs/sampling.md states. As a real process,
// only what load cannot break: calls exact, the estimate moves time between dispatch and
// encode without adding any, and encode's total is at least its work less the bound's share
// for how the work pattern was sampled (load makes timed calls longer, never shorter).
const require = createRequire(import.meta.url);
const hotLeaf = require('../../fixtures/ground-truth/hot-leaf.js');
const STRIDE = 16;

/** docs/sampling.md: relative error ≤ 3 · (σ/μ) · √(4(N − 1) / (3C)). */
function statedBound(coefficientOfVariation, stride, sampledCalls) {
  return 3 * coefficientOfVariation * Math.sqrt((4 * (stride - 1)) / (3 * sampledCalls));
}

function histogramMoments(durations) {
  let calls = 0;
  let sum = 0;
  let squares = 0;
  for (const [bucket, count] of durations) {
    const ms = bucketMidpointMs(bucket);
    calls += count;
    sum += ms * count;
    squares += ms * ms * count;
  }
  const mean = sum / calls;
  return { calls, mean, deviation: Math.sqrt(Math.max(0, squares / calls - mean * mean)) };
}

/** Runs the fixture's dispatch instrumented in this process, on a clock that moves 2^-12 ms per read the fixture makes. */
function runHotLeafInProcess(stride) {
  let now = 1024;
  const recording = stride === undefined ? new Recorder(undefined, () => now) : new SamplingRecorder(stride, undefined, () => now);
  const key = Symbol.for('tsprof.test.hot-leaf-probes');
  globalThis[key] = createProbes(recording);
  const handle = join(scratchDirectory(), 'handle.js');
  writeFileSync(handle, `module.exports = globalThis[Symbol.for('tsprof.test.hot-leaf-probes')];`);
  const filename = require.resolve('../../fixtures/ground-truth/hot-leaf.js');
  const code = instrument(readFileSync(filename, 'utf8'), { filename, format: 'commonjs', runtimeSpecifier: handle }).code;
  const module = { exports: {} };
  new Function('module', 'exports', 'require', code)(module, module.exports, require);
  const outer = recording.enter(recording.register('/test/outer.js', [['outer', 1, 1]]));
  module.exports.dispatch(hotLeaf.CALLS, () => (now += 2 ** -12));
  recording.exit(outer);
  delete globalThis[key];
  const profile = snapshotProfile(recording, { pid: 1, threadId: 0, argv: [], command: [], startedAt: '', wallMs: 1e9 });
  // One context per function here: outer > dispatch > encode.
  return new Map(profile.contexts.slice(1).map((context) => [profile.functions[context.function].name, context]));
}

test('--sample-hot on the hot-leaf workload with a hand-moved clock: counts exact, the estimate within the stated bound of the truth', () => {
  const truth = runHotLeafInProcess(undefined);
  const sampled = runHotLeafInProcess(STRIDE);
  const exact = truth.get('encode');
  const estimate = sampled.get('encode');
  assert.equal(exact.calls, hotLeaf.CALLS);
  assert.equal(estimate.calls, hotLeaf.CALLS);
  assert.ok(estimate.timedCalls < hotLeaf.CALLS / 4, `${estimate.timedCalls} of ${hotLeaf.CALLS} calls timed`);
  const { deviation, mean } = histogramMoments(exact.durations);
  const bound = statedBound(deviation / mean, STRIDE, hotLeaf.CALLS - SAMPLE_AFTER_CALLS);
  const error = Math.abs(estimate.totalMs - exact.totalMs) / exact.totalMs;
  assert.ok(error <= bound, `relative error ${error} ≤ stated bound ${bound}`);
  assert.ok(Math.abs(estimate.selfMs - estimate.totalMs) < 1e-9, 'a leaf: self = total');
  // The time moves between dispatch and encode: dispatch's total is measured, the same in both runs.
  assert.equal(sampled.get('dispatch').totalMs, truth.get('dispatch').totalMs);
  assert.ok(Math.abs(sampled.get('dispatch').selfMs + estimate.totalMs - truth.get('dispatch').totalMs) < 1e-6);
  const selfError = Math.abs(sampled.get('dispatch').selfMs - truth.get('dispatch').selfMs);
  assert.ok(selfError <= bound * exact.totalMs + 1e-9, `dispatch self off by ${selfError} ms, at most encode's bound ${bound * exact.totalMs} ms`);
});

test('--sample-hot on the hot-leaf workload as a real process: calls exact, time moved not added, encode at least its work less the bound', async () => {
  const out = scratchDirectory();
  const result = await runTsprof(['--include', 'fixtures/ground-truth', '--sample-hot', String(STRIDE), '-o', join(out, 'g.dot'), '--profile', join(out, 'p.json'), '--', 'node', 'fixtures/ground-truth/hot-leaf.js']);
  assert.equal(result.code, 0, result.stderr);
  const nodes = nodesByName(readProfileJson(join(out, 'p.json')));
  const encode = nodes.get('encode');
  const dispatch = nodes.get('dispatch');
  assert.equal(encode.calls, hotLeaf.CALLS);
  assert.equal(dispatch.calls, 1);
  // The work pattern 1, 1, 1, 3 µs has σ/μ = 0.577; load only lengthens timed calls, which raises the estimate.
  const work = hotLeaf.encodeWorkMs(hotLeaf.CALLS);
  const bound = statedBound(Math.sqrt(3) / 3, STRIDE, hotLeaf.CALLS - SAMPLE_AFTER_CALLS);
  assert.ok(encode.totalMs >= work * (1 - bound), `encode total ${encode.totalMs} ≥ its work ${work} less ${(bound * 100).toFixed(1)} %`);
  // dispatch's self is clamped at 0 should an estimate exceed what it measured: then the sum is larger.
  assert.ok(dispatch.selfMs + encode.totalMs >= dispatch.totalMs - CLOCK_SLACK_MS, `dispatch self ${dispatch.selfMs} + encode ${encode.totalMs} ≥ dispatch total ${dispatch.totalMs}`);
  assert.ok(dispatch.selfMs >= 0);
});
