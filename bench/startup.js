'use strict';
// What a user pays per run, plain vs under tsprof, interleaved in one run so
// machine noise hits both alike (medians, warm transform cache). The targets of
// issue 23 are printed beside each ratio:
//  - a tiny program (one included file, 100 calls) with DOT output: ≤ 2.0×, and
//    the one-process way (`node --require tsprof/register`, no CLI): ≤ 1.3×
//  - the task-queue fixture with the default PNG: ≤ 1.3×
//  - a real amqplib publisher (5,000 confirmed messages, amqplib included) with the default PNG: ≤ 1.3×
//    (skipped when RabbitMQ is not on localhost:5672)
//  - `tsprof render` of a saved profile, 50 functions drawn, PNG vs DOT: ≤ 2.5×
// benchStartup returns each case's medians for the table of bench/targets.js.
const { spawnSync } = require('node:child_process');
const { copyFileSync, mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { median, root, timedNode, tsprof } = require('./timing.js');

/** A variant is `node` arguments, or `{ args, env }` for one that needs environment variables. */
function wallOf(variant) {
  return Array.isArray(variant) ? timedNode(variant) : timedNode(variant.args, variant.env);
}

/** Runs each variant `repetitions` times, interleaved, after one warm-up each; returns median wall times. */
function sideBySide(variants, repetitions) {
  const times = variants.map(() => []);
  for (const variant of variants) {
    const warm = wallOf(variant);
    if (warm.status !== 0) return { failed: `${(variant.args ?? variant).join(' ')} exited ${warm.status}: ${warm.stderr.trim().split('\n').pop()}` };
  }
  for (let repetition = 0; repetition < repetitions; repetition++) {
    variants.forEach((variant, index) => times[index].push(wallOf(variant).wallMs));
  }
  return { medians: times.map(median) };
}

/** Prints one case; returns `{ plainMs, ms: { label: median } }`, or null when it could not run. */
function report(label, target, plain, profiled, repetitions, plainLabel = 'plain') {
  const { medians, failed } = sideBySide([plain, ...profiled.map((run) => run.args)], repetitions);
  if (failed) {
    console.log(`  ${label}: skipped (${failed})`);
    return null;
  }
  const [plainMs, ...profiledMs] = medians;
  const parts = profiled.map((run, index) => `${run.label} ${profiledMs[index].toFixed(0)} ms = ${(profiledMs[index] / plainMs).toFixed(2)}x`);
  console.log(`  ${label.padEnd(30)} ${plainLabel} ${plainMs.toFixed(0).padStart(5)} ms   ${parts.join('   ')}   (target ${target})`);
  return { plainMs, ms: Object.fromEntries(profiled.map((run, index) => [run.label, profiledMs[index]])) };
}

/**
 * What touching fresh memory costs here, per 4 KB page: the PNG rows move with it, as drawing
 * and encoding a picture first-touches several buffers of its size (Skia's surface and the
 * copy of its pixels the encoder reads among them). Some virtual machines take 10 µs a page
 * where a usual machine takes well under 1 µs; measured in a fresh process, whose memory is all new.
 */
function freshMemoryNote() {
  const bytes = 32 * 1024 * 1024;
  const script = `const b = Buffer.allocUnsafeSlow(${bytes}); const t = performance.now(); b.fill(1); const first = performance.now() - t; const u = performance.now(); b.fill(2); process.stdout.write(JSON.stringify([first, performance.now() - u]));`;
  const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  if (run.status !== 0) return 'fresh memory: not measured';
  const [first, again] = JSON.parse(run.stdout);
  const pages = bytes / 4096;
  return `fresh memory: ${((first * 1000) / pages).toFixed(1)} µs per 4 KB page on first touch, ${((again * 1000) / pages).toFixed(2)} µs after (32 MB)`;
}

function benchStartup({ repetitions = 7 } = {}) {
  const out = mkdtempSync(join(tmpdir(), 'tsprof-bench-'));
  try {
    const tiny = join(out, 'tiny.js');
    writeFileSync(tiny, 'function add(a, b) { return a + b }\nlet sum = 0;\nfor (let i = 0; i < 100; i++) sum = add(sum, i);\nconsole.log(sum);\n');
    const under = (include, picture, command) => [tsprof, ...include, '-o', join(out, picture), '--profile', join(out, 'profile.json'), '--', 'node', ...command];
    const register = { args: ['--require', join(root, 'dist', 'register.js'), tiny], env: { TSPROF_INCLUDE: tiny, TSPROF_PROFILE: join(out, 'register.json') } };
    console.log(`start-up and render cost, plain vs tsprof (${repetitions} interleaved runs, medians, warm transform cache)`);
    // Node reads these certificates as it starts, before any JavaScript: on the machine where this was written
    // that made every start about 40 ms slower, plain and profiled alike, and the start-up ratios smaller.
    if (process.env.NODE_EXTRA_CA_CERTS) console.log('  (NODE_EXTRA_CA_CERTS is set: every Node process, plain or profiled, loads those certificates as it starts)');
    console.log(`  (${freshMemoryNote()})`);
    const tinyProgram = report('tiny program (100 calls)', '≤ 2.0x with DOT; ≤ 1.3x in one process', [tiny], [
      { label: 'DOT', args: under(['--include', tiny], 'tiny.dot', [tiny]) },
      { label: 'PNG', args: under(['--include', tiny], 'tiny.png', [tiny]) },
      { label: 'one process', args: register },
    ], repetitions);
    const fixture = ['fixtures/taskqueue/app.js', '--tasks', '5000'];
    const fixtureRun = report('task-queue fixture (5000)', '≤ 1.3x with PNG', fixture, [
      { label: 'DOT', args: under(['--include', 'fixtures/taskqueue/src/queue'], 'fixture.dot', fixture) },
      { label: 'PNG', args: under(['--include', 'fixtures/taskqueue/src/queue'], 'fixture.png', fixture) },
    ], repetitions);
    const drawn = join(out, 'drawn.json');
    copyFileSync(join(out, 'profile.json'), drawn);
    const amqp = ['fixtures/brokers/amqp.js', '--messages', '5000'];
    const include = ['--include-package', 'amqplib', '--include', 'fixtures/brokers'];
    const amqpRun = report('amqplib publisher (5000)', '≤ 1.3x with PNG', amqp, [
      { label: 'DOT', args: under(include, 'amqp.dot', amqp) },
      { label: 'PNG', args: under(include, 'amqp.png', amqp) },
    ], repetitions);
    // The publisher's profile has some 170 functions; without a broker, the fixture's 55 stand in.
    if (amqpRun) copyFileSync(join(out, 'profile.json'), drawn);
    const render = (picture) => [tsprof, 'render', drawn, '--node-threshold', '0', '--max-nodes', '50', '-o', join(out, picture)];
    const renderRun = report(`render, 50 boxes (${amqpRun ? 'amqplib' : 'fixture'})`, '≤ 2.5x PNG of DOT', render('render.dot'), [
      { label: 'SVG', args: render('render.svg') },
      { label: 'PNG', args: render('render.png') },
    ], repetitions, 'DOT');
    return { tinyProgram, fixtureRun, amqpRun, renderRun };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

module.exports = { benchStartup };

if (require.main === module) benchStartup();
