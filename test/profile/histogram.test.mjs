// Call-duration histograms (profile/histogram.ts): the bucket error, percentiles of a
// two-mode function, exact merging, validation and selection, and the report's columns.
// Durations are fed to the runtime's table as numbers, so nothing here depends on timing.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Recorder } from '../../dist/runtime/recorder.js';
import { ContextTable } from '../../dist/runtime/tables.js';
import { snapshotProfile } from '../../dist/runtime/snapshot.js';
import { addHistograms, bucketMidpointMs, durationBucket, durationsByFunction, latencyOf, DURATION_BUCKETS } from '../../dist/profile/histogram.js';
import { mergeProfiles } from '../../dist/profile/merge.js';
import { ProfileFormatError, validateProfile } from '../../dist/profile/read.js';
import { selectProfile } from '../../dist/profile/select.js';
import { assertMatchesSchema } from '../helpers/profile-checks.mjs';
import { runTsprof, scratchDirectory } from '../helpers/cli.mjs';

/** Relative error of the bucket midpoint: 1/32 of the lower bound from 16 µs on, half a microsecond below. */
function assertNear(actualMs, expectedMs, what) {
  const allowed = Math.max(expectedMs / 31, 0.0005);
  assert.ok(Math.abs(actualMs - expectedMs) <= allowed, `${what}: ${actualMs} ms is not within ${allowed} ms of ${expectedMs} ms`);
}

/** A deterministic spread of durations around `ms` (±4 %), from a fixed-seed generator. */
function durationsAround(ms, count, seed) {
  let state = seed;
  return Array.from({ length: count }, () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return ms * (0.96 + (0.08 * state) / 2 ** 31);
  });
}

function recordedHistogram(durations) {
  const table = new ContextTable();
  const context = table.child(0, 1);
  // The exit probe passes whole microseconds (runtime/recorder.ts).
  for (const ms of durations) table.recordDuration(context, Math.trunc(ms * 1000));
  return table.durations(context);
}

test('every duration from 0 to an hour is within the bucket error of its bucket midpoint; buckets ascend', () => {
  let previous = -1;
  for (let microseconds = 0; microseconds < 3.6e9; microseconds = microseconds * 1.013 + 1) {
    const ms = microseconds / 1000;
    const bucket = durationBucket(ms);
    assert.ok(bucket >= previous && bucket < DURATION_BUCKETS, `bucket ${bucket} of ${ms} ms`);
    previous = bucket;
    if (microseconds < 2 ** 31) assertNear(bucketMidpointMs(bucket), ms, `${ms} ms`);
  }
  assert.equal(durationBucket(1e12), DURATION_BUCKETS - 1);
});

test('a function with calls of 1 ms (90 %) and 20 ms (10 %) shows 1 ms at p50 and p90, 20 ms at p99 and max', () => {
  const durations = [...durationsAround(1, 900, 7), ...durationsAround(20, 100, 11)];
  const histogram = recordedHistogram(durations);
  assert.equal(histogram.reduce((sum, [, count]) => sum + count, 0), 1000, 'every call is counted once');
  const latency = latencyOf(histogram);
  const sorted = [...durations].sort((a, b) => a - b);
  assertNear(latency.p50, sorted[499], 'p50');
  assertNear(latency.p90, sorted[899], 'p90');
  assertNear(latency.p99, sorted[989], 'p99');
  assertNear(latency.max, sorted[999], 'max');
  assert.ok(latency.p90 < 1.1 && latency.p99 > 18, `the two modes: ${JSON.stringify(latency)}`);
});

test('the exit probe counts every ended call of a context once, recursive calls included', () => {
  const recording = new Recorder();
  const first = recording.register('/app/x.js', [['walk', 1, 1]]);
  const walk = (depth) => {
    const frame = recording.enter(first);
    if (depth > 0) walk(depth - 1);
    recording.exit(frame);
  };
  for (let run = 0; run < 50; run++) walk(2);
  const profile = snapshotProfile(recording, { pid: 1, threadId: 0, argv: [], command: [], startedAt: '', wallMs: 1 });
  assertMatchesSchema(profile);
  const counted = profile.contexts.map((context) => (context.durations ?? []).reduce((sum, [, count]) => sum + count, 0));
  assert.deepEqual(counted, profile.contexts.map((context) => context.calls));
  assert.equal(counted.reduce((a, b) => a + b, 0), 150);
});

/** A version 3 part: root → publish (durations given) → encode. */
function part(pid, publishDurations) {
  const durations = recordedHistogram(publishDurations);
  return {
    version: 3,
    command: ['node', 'app.js'],
    startedAt: '2026-01-01T00:00:00.000Z',
    wallMs: 100,
    functions: [
      { id: 0, name: '(root)', file: '', line: 0, column: 0 },
      { id: 1, name: 'publish', file: '/app/p.js', line: 1, column: 1 },
      { id: 2, name: 'encode', file: '/app/p.js', line: 2, column: 1 },
    ],
    contexts: [
      { id: 0, parent: -1, function: 0, calls: 0, selfMs: 1, totalMs: 0, awaitMs: 0, awaitedMs: 0 },
      { id: 1, parent: 0, function: 1, calls: publishDurations.length, selfMs: 1, totalMs: 2, awaitMs: 0, awaitedMs: 0, durations },
      { id: 2, parent: 1, function: 2, calls: 1, selfMs: 1, totalMs: 1, awaitMs: 0, awaitedMs: 0, durations: [[3, 1]] },
    ],
    foldedCalls: 0,
    processes: [{ pid, threadId: 0, argv: ['node'], wallMs: 100 }],
    files: ['/app/p.js'],
  };
}

test('merging two profiles gives the histogram of both runs, exactly; validation and the schema accept it', () => {
  const one = durationsAround(1, 300, 3);
  const two = [...durationsAround(5, 200, 5), ...durationsAround(1, 100, 9)];
  const merged = mergeProfiles([part(1, one), part(2, two)], ['x'], '', 100);
  validateProfile(merged, 'merged');
  assertMatchesSchema(merged);
  assert.deepEqual(durationsByFunction(merged.contexts).get(1), recordedHistogram([...one, ...two]));
  assert.deepEqual(merged.contexts[2].durations, [[3, 2]]);
});

test('validation rejects durations that are not ascending [bucket, calls] pairs', () => {
  for (const durations of [[[5, 1], [4, 1]], [[1, 0]], [[DURATION_BUCKETS, 1]], [[1.5, 2]], [3]]) {
    const profile = part(1, [1]);
    profile.contexts[2].durations = durations;
    assert.throws(() => validateProfile(profile, 'p.json'), (error) => error instanceof ProfileFormatError && /durations/.test(error.message), JSON.stringify(durations));
  }
});

test('--root merges the histograms of the contexts it joins', () => {
  const profile = part(1, [1, 2]);
  profile.contexts.push({ id: 3, parent: 0, function: 2, calls: 1, selfMs: 1, totalMs: 1, awaitMs: 0, awaitedMs: 0, durations: [[3, 4], [9, 1]] });
  const selected = selectProfile(profile, { root: /^encode$/ }).profile;
  assert.deepEqual(selected.contexts.find((context) => context.parent === 0).durations, addHistograms([[3, 1]], [[3, 4], [9, 1]]));
});

test('report: latencyMs per function and per hot-path step in json, p50/p90/p99/max columns in text, --sort p99', async () => {
  const directory = scratchDirectory();
  const file = join(directory, 'profile.json');
  writeFileSync(file, JSON.stringify(part(1, [...durationsAround(1, 90, 1), ...durationsAround(20, 10, 2)])));
  const json = await runTsprof(['report', file, '--format', 'json', '--sort', 'p99']);
  assert.equal(json.code, 0, json.stderr);
  const report = JSON.parse(json.stdout);
  assert.deepEqual(report.functions.map((fn) => fn.name), ['publish', 'encode']);
  const publish = report.functions[0].latencyMs;
  assertNear(publish.p50, 1, 'p50');
  assert.ok(publish.p99 > 18 && publish.max >= publish.p99, JSON.stringify(publish));
  assert.deepEqual(report.hotPath.map((step) => step.latencyMs === null), [true, false, false]);
  assert.deepEqual(report.hotPath[1].latencyMs, publish);
  const text = await runTsprof(['report', file]);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /calls +total +self +await +awaited +p50 +p90 +p99 +max +location/);
});
