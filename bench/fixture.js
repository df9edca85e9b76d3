'use strict';
// Fixture load test, plain vs under tsprof, interleaved in one run so that
// machine noise hits both alike. Prints medians and ratios, never absolute
// comparisons across runs.
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const { SAMPLE_STRIDE } = require('./probe-cost.js');
const { median, timedNode, tsprof } = require('./timing.js');

function timed(args) {
  const result = timedNode(args);
  const wallMs = result.wallMs;
  if (result.status !== 0) throw new Error(`${args.join(' ')} failed:\n${result.stderr}`);
  const dispatch = /dispatched \d+ tasks in (\d+) ms/.exec(result.stdout);
  return { wallMs, dispatchMs: dispatch ? Number(dispatch[1]) : NaN };
}

function benchFixture({ tasks = 5000, repetitions = 5 } = {}) {
  const out = mkdtempSync(join(tmpdir(), 'tsprof-bench-'));
  const app = ['fixtures/taskqueue/app.js', '--tasks', String(tasks)];
  const profiled = [tsprof, '--include', 'fixtures/taskqueue/src/queue', '-o', join(out, 'calls.dot'), '--profile', join(out, 'profile.json'), '--', 'node', ...app];
  const sampling = [tsprof, '--sample-hot', String(SAMPLE_STRIDE), ...profiled.slice(1)];
  const plain = [];
  const underTsprof = [];
  const sampled = [];
  timed(app); // warm the file cache
  for (let repetition = 0; repetition < repetitions; repetition++) {
    plain.push(timed(app));
    underTsprof.push(timed(profiled));
    sampled.push(timed(sampling));
  }
  rmSync(out, { recursive: true, force: true });
  const dispatchPlain = median(plain.map((run) => run.dispatchMs));
  const dispatchProfiled = median(underTsprof.map((run) => run.dispatchMs));
  const dispatchSampled = median(sampled.map((run) => run.dispatchMs));
  const wallPlain = median(plain.map((run) => run.wallMs));
  const wallProfiled = median(underTsprof.map((run) => run.wallMs));
  console.log(`fixture load test (${tasks} tasks, ${repetitions} interleaved repetitions, medians)`);
  console.log(`  dispatch loop   plain ${dispatchPlain.toFixed(0)} ms   profiled ${dispatchProfiled.toFixed(0)} ms   ratio ${(dispatchProfiled / dispatchPlain).toFixed(2)}`);
  console.log(`  dispatch loop   plain ${dispatchPlain.toFixed(0)} ms   --sample-hot ${SAMPLE_STRIDE} ${dispatchSampled.toFixed(0)} ms   ratio ${(dispatchSampled / dispatchPlain).toFixed(2)}`);
  console.log(`  whole process   plain ${wallPlain.toFixed(0)} ms   profiled ${wallProfiled.toFixed(0)} ms   ratio ${(wallProfiled / wallPlain).toFixed(2)}  (includes instrumenting, merging, writing DOT)`);
  return { dispatchPlain, dispatchProfiled, dispatchSampled, sampleStride: SAMPLE_STRIDE, wallPlain, wallProfiled };
}

module.exports = { benchFixture };
