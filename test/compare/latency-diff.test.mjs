// tsprof diff on the tail: the p99 of each function's call durations is
// compared with the rule times have (per-run values, the t-test and the exact
// Mann-Whitney test in the diff's one Holm correction; not judged with one run
// a side), from histograms summed exactly over a function's contexts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { histogramOf, tableOf } from '../helpers/diff-profiles.mjs';

const require = createRequire(import.meta.url);
const { diffRuns } = require('../../dist/compare/diff.js');
const { formatDiff } = require('../../dist/compare/diff-format.js');
const { DEFAULT_VERDICT_SETTINGS } = require('../../dist/compare/verdict.js');
const { latencyOf } = require('../../dist/profile/histogram.js');

const settings = DEFAULT_VERDICT_SETTINGS;
const byName = (diff, name) => diff.functions.find((entry) => entry.place.name === name);

/**
 * 100 publishes taking 1000 ms in all, on both sides: the base's all take
 * about 10 ms; in the head, 90 take 8 ms and 10 take `slowMs` (a pool that
 * runs dry). The mean is the same; the p99 moves from 10 to 28 ms.
 */
function publishRun({ tail, slowMs = 28, evenMs = 10, jitter = 0 }) {
  const durations = tail ? [[8, 90], [slowMs, 10]] : [[evenMs, 100]];
  return [
    { path: ['sendTask'], calls: 100, selfMs: 50 + jitter, totalMs: 1050 + jitter },
    { path: ['sendTask', 'publish'], calls: 100, selfMs: 1000 + jitter, totalMs: 1000 + jitter, durations },
  ];
}

const JITTER = [0, 3, -2, 1, -1];
const BASE_EVEN_MS = [9, 10, 11, 10.5, 9.5];
const HEAD_SLOW_MS = [26, 28, 30, 27, 29];

test('five runs a side: the p99 that moved is slower beyond noise, the mean that did not is within noise', () => {
  const diff = diffRuns(
    JITTER.map((jitter, index) => tableOf(publishRun({ tail: false, evenMs: BASE_EVEN_MS[index], jitter }), `base.${index + 1}.json`)),
    JITTER.map((jitter, index) => tableOf(publishRun({ tail: true, slowMs: HEAD_SLOW_MS[index], jitter: -jitter }), `head.${index + 1}.json`)),
    { settings },
  );
  const publish = byName(diff, 'Producer.publish');
  assert.equal(publish.time.selfMs.verdict, 'unchanged');
  assert.equal(publish.time.totalMs.verdict, 'unchanged');
  assert.equal(publish.time.p99Ms.verdict, 'slower');
  // Medians of the runs' p99s, each the midpoint of its bucket (within 3.2%).
  assert.ok(Math.abs(publish.base.p99Ms - 10) / 10 < 0.032, `base p99 ${publish.base.p99Ms}`);
  assert.ok(Math.abs(publish.head.p99Ms - 28) / 28 < 0.032, `head p99 ${publish.head.p99Ms}`);
  assert.ok(publish.time.p99Ms.change > 1.6 && publish.time.p99Ms.change < 2, `change ${publish.time.p99Ms.change}`);
  // The p99 tests are in the diff's one correction: sendTask's self and total, publish's self (= total, a leaf) and p99.
  assert.equal(publish.time.p99Ms.correctedOver, 4);
  // A function that recorded no durations has no p99 to judge.
  assert.equal(byName(diff, 'QueueApp.sendTask').time.p99Ms, undefined);

  const text = formatDiff(diff, { format: 'text', cwd: '/app' });
  assert.match(text, /p99 of call durations: 1 slower, 0 faster beyond run-to-run noise/);
  assert.match(text, /Latency: p99 of call durations \(medians of the runs\)/);
  assert.match(text, /Producer\.publish +\S+ ms -> \S+ ms +\+\d+\.\d% +slower \+/);
  const markdown = formatDiff(diff, { format: 'markdown', cwd: '/app' });
  assert.match(markdown, /\| function \| p99 base -> head \| p99 change \| p99 verdict \|/);
  const json = JSON.parse(formatDiff(diff, { format: 'json', cwd: '/app' }));
  const publishJson = json.functions.find((entry) => entry.name === 'Producer.publish');
  assert.equal(publishJson.time.p99Ms.verdict, 'slower');
  assert.equal(typeof publishJson.base.p99Ms, 'number');
  assert.equal(publishJson.time.selfMs.verdict, 'unchanged');
});

test('one run a side: the p99 change is shown as measured and not judged, as times are', () => {
  const diff = diffRuns([tableOf(publishRun({ tail: false }), 'base.json')], [tableOf(publishRun({ tail: true }), 'head.json')], { settings });
  const publish = byName(diff, 'Producer.publish');
  assert.deepEqual(publish.time.p99Ms, { verdict: 'not judged', reason: '1 run each' });
  assert.equal(publish.base.selfMs, publish.head.selfMs);
  const text = formatDiff(diff, { format: 'text', cwd: '/app' });
  assert.match(text, /p99 of call durations: not judged \(1 run each\); changes as measured/);
  assert.match(text, /Producer\.publish +10\.0 ms -> 28\.2 ms +\+182\.1% +not judged \(1 run each\)/);
});

test("a function's p99 comes from its histograms summed exactly over its contexts", () => {
  // 98 quick publishes from sendTask, 2 slow ones from a retry: only together is the p99 the slow one.
  const table = tableOf([
    { path: ['sendTask', 'publish'], calls: 98, selfMs: 98, durations: [[1, 98]] },
    { path: ['onData', 'publish'], calls: 2, selfMs: 40, durations: [[20, 2]] },
  ]);
  const publish = [...table.functions.values()].find((fn) => fn.place.name === 'Producer.publish');
  assert.deepEqual(publish.durations, histogramOf([[1, 98], [20, 2]]));
  assert.equal(latencyOf(publish.durations).p99, latencyOf(histogramOf([[20, 1]])).p99);
});

test('profiles without durations (an older tsprof) diff as before: no p99 anywhere', () => {
  const plain = (run) => run.map(({ durations, ...rest }) => rest);
  const diff = diffRuns([tableOf(plain(publishRun({ tail: false })))], [tableOf(publishRun({ tail: true }))], { settings });
  const publish = byName(diff, 'Producer.publish');
  assert.equal(publish.time.p99Ms, undefined);
  assert.equal(publish.base.p99Ms, undefined);
  const text = formatDiff(diff, { format: 'text', cwd: '/app' });
  assert.doesNotMatch(text, /p99/);
});
