'use strict';
// What a user pays per run, plain vs under tsprof, interleaved in one run so
// machine noise hits both alike (medians, warm transform cache). The targets of
// issue 11 are printed beside each ratio:
//  - a tiny program (one included file, 100 calls) with DOT output: ≤ 2.0×
//  - the task-queue fixture with the default PNG: ≤ 1.3×
//  - a real amqplib publisher (5,000 confirmed messages, amqplib included) with the default PNG: ≤ 1.5×
//    (skipped when RabbitMQ is not on localhost:5672)
const { mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { median, timedNode: wallOf, tsprof } = require('./timing.js');

/** Runs each variant `repetitions` times, interleaved, after one warm-up each; returns median wall times. */
function sideBySide(variants, repetitions) {
  const times = variants.map(() => []);
  for (const variant of variants) {
    const warm = wallOf(variant);
    if (warm.status !== 0) return { failed: `${variant.join(' ')} exited ${warm.status}: ${warm.stderr.trim().split('\n').pop()}` };
  }
  for (let repetition = 0; repetition < repetitions; repetition++) {
    variants.forEach((variant, index) => times[index].push(wallOf(variant).wallMs));
  }
  return { medians: times.map(median) };
}

function report(label, target, plain, profiled, repetitions) {
  const { medians, failed } = sideBySide([plain, ...profiled.map((run) => run.args)], repetitions);
  if (failed) {
    console.log(`  ${label}: skipped (${failed})`);
    return null;
  }
  const [plainMs, ...profiledMs] = medians;
  const parts = profiled.map((run, index) => `${run.label} ${profiledMs[index].toFixed(0)} ms = ${(profiledMs[index] / plainMs).toFixed(2)}x`);
  console.log(`  ${label.padEnd(30)} plain ${plainMs.toFixed(0).padStart(5)} ms   ${parts.join('   ')}   (target ${target})`);
  return profiledMs.map((ms) => ms / plainMs);
}

function benchStartup({ repetitions = 5 } = {}) {
  const out = mkdtempSync(join(tmpdir(), 'tsprof-bench-'));
  try {
    const tiny = join(out, 'tiny.js');
    writeFileSync(tiny, 'function add(a, b) { return a + b }\nlet sum = 0;\nfor (let i = 0; i < 100; i++) sum = add(sum, i);\nconsole.log(sum);\n');
    const under = (include, picture, command) => [tsprof, ...include, '-o', join(out, picture), '--profile', join(out, 'profile.json'), '--', 'node', ...command];
    console.log(`start-up and render cost, plain vs tsprof (${repetitions} interleaved runs, medians, warm transform cache)`);
    report('tiny program (100 calls)', '≤ 2.0x with DOT', [tiny], [
      { label: 'DOT', args: under(['--include', tiny], 'tiny.dot', [tiny]) },
      { label: 'PNG', args: under(['--include', tiny], 'tiny.png', [tiny]) },
    ], repetitions);
    const fixture = ['fixtures/taskqueue/app.js', '--tasks', '5000'];
    report('task-queue fixture (5000)', '≤ 1.3x with PNG', fixture, [
      { label: 'DOT', args: under(['--include', 'fixtures/taskqueue/src/queue'], 'fixture.dot', fixture) },
      { label: 'PNG', args: under(['--include', 'fixtures/taskqueue/src/queue'], 'fixture.png', fixture) },
    ], repetitions);
    const amqp = ['fixtures/brokers/amqp.js', '--messages', '5000'];
    const include = ['--include-package', 'amqplib', '--include', 'fixtures/brokers'];
    report('amqplib publisher (5000)', '≤ 1.5x with PNG', amqp, [
      { label: 'DOT', args: under(include, 'amqp.dot', amqp) },
      { label: 'PNG', args: under(include, 'amqp.png', amqp) },
    ], repetitions);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

module.exports = { benchStartup };

if (require.main === module) benchStartup();
