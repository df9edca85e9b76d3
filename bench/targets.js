'use strict';
// The end of `npm run bench`: each target of issue 23 in one table, plain and
// tsprof side by side, the ratio and the target, from the figures the other
// benchmarks measured in this run, with the machine's load (a busy machine
// makes every ratio worse; the targets are for an idle one).
const { machineLoad } = require('./timing.js');

const ms = (value) => `${value.toFixed(0)} ms`;
const ns = (value) => `${value.toFixed(1)} ns`;

/** One row: `plain` and `profiled` in their unit, and the ratio profiled / plain against the most it may be. */
function row(name, plain, profiled, format, target, note = '') {
  const ratio = profiled / plain;
  const met = ratio <= target;
  return [name, format(plain), format(profiled), `${ratio.toFixed(2)}x`, `≤ ${target}x`, met ? 'met' : 'NOT met', note];
}

/** What tsprof's tiny-program run takes beyond two plain runs (the target), or how far under them it is. */
const beyondTwoRuns = (extra) => (extra >= 0 ? `${ms(extra)} more than two plain runs` : `${ms(-extra)} under two plain runs`);

function skipped(name, why) {
  return [name, '—', '—', '—', '', 'not measured', why];
}

/** `figures`: what benchStartup, benchFixture, benchProbeCost, benchTransform and benchParallelTransform returned. */
function printIssue23Targets({ startup, fixture, probe, transform, parallel }) {
  const { tinyProgram, fixtureRun, amqpRun, renderRun } = startup;
  const rows = [
    fixtureRun ? row('task-queue fixture, 5000 tasks, default PNG', fixtureRun.plainMs, fixtureRun.ms.PNG, ms, 1.3) : skipped('task-queue fixture, default PNG', 'failed to run'),
    amqpRun ? row('amqplib publisher, 5000 messages, amqplib included, PNG', amqpRun.plainMs, amqpRun.ms.PNG, ms, 1.3) : skipped('amqplib publisher, PNG', 'RabbitMQ not on localhost:5672'),
    renderRun ? row('tsprof render, 50 boxes: DOT (plain) vs PNG', renderRun.plainMs, renderRun.ms.PNG, ms, 2.5, `SVG ${ms(renderRun.ms.SVG)} = ${(renderRun.ms.SVG / renderRun.plainMs).toFixed(2)}x: Graphviz's part; PNG adds the raster`) : skipped('tsprof render, 50 boxes', 'failed to run'),
    tinyProgram ? row('tiny program (100 calls), DOT', tinyProgram.plainMs, tinyProgram.ms.DOT, ms, 2.0, beyondTwoRuns(tinyProgram.ms.DOT - 2 * tinyProgram.plainMs)) : skipped('tiny program, DOT', 'failed to run'),
    tinyProgram ? row('tiny program, node --require tsprof/register', tinyProgram.plainMs, tinyProgram.ms['one process'], ms, 1.3, 'profile only, no picture') : skipped('tiny program, one process', 'failed to run'),
    row('steady-state dispatch loop (fixture)', fixture.dispatchPlain, fixture.dispatchProfiled, ms, 1.1),
    row(`steady-state dispatch loop (fixture), --sample-hot ${fixture.sampleStride}`, fixture.dispatchPlain, fixture.dispatchSampled, ms, 1.1, 'hot short leaves timed 1 in 16'),
    row('probe per sync call vs two clock reads', probe.clockNs, probe.syncProbeNs, ns, 1.0, probe.syncWithParentsNs === null ? '' : `with async parents ${ns(probe.syncWithParentsNs)}`),
    probe.sampledProbeNs === null ? skipped('probe per sync call, --sample-hot', 'build without sampling') : row(`probe per sync call, --sample-hot ${probe.sampleStride}, vs two clock reads`, probe.clockNs, probe.sampledProbeNs, ns, 1.0, 'a hot short leaf'),
  ];
  const transformMet = transform.coldMegabytesPerSecond >= 3;
  rows.push([`cold transform (${transform.subject}, ${(transform.bytes / 1e6).toFixed(1)} MB)`, '—', `${transform.coldMegabytesPerSecond.toFixed(2)} MB/s`, '—', '≥ 3 MB/s', transformMet ? 'met' : 'NOT met', `without its input map ${transform.coldWithoutMapMegabytesPerSecond.toFixed(2)} MB/s; first file of a fresh process ${transform.firstMegabytesPerSecond.toFixed(2)} MB/s, ${transform.firstCachedMegabytesPerSecond.toFixed(2)} MB/s with V8's code cached`]);
  if (parallel) {
    // Both cores: the process's CPU time over its wall time above 1, and the wall below the in-thread one.
    const met = parallel.workerCpuShare > 1 && parallel.workerMs < parallel.inThreadMs;
    const mainThread = parallel.mainThreadMs.every(Number.isFinite) ? `; main thread CPU ${(parallel.mainThreadMs[2] / parallel.mainThreadMs[1]).toFixed(2)}x` : '';
    rows.push(['cold start, 290 files: transform worker (plain = in-thread)', ms(parallel.inThreadMs), ms(parallel.workerMs), `${(parallel.workerMs / parallel.inThreadMs).toFixed(2)}x`, '< 1x, CPU/wall > 1', met ? 'met' : 'NOT met', `CPU/wall ${parallel.workerCpuShare.toFixed(2)}${mainThread}`]);
  }
  const header = ['case', 'plain', 'tsprof', 'ratio', 'target', '', ''];
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((cells) => String(cells[column]).length)));
  const line = (cells) => `  ${cells.map((cell, column) => (column === 0 || column >= 5 ? String(cell).padEnd(widths[column]) : String(cell).padStart(widths[column]))).join('  ')}`.trimEnd();
  console.log(`issue 23 targets (medians of this run; ${machineLoad()})`);
  console.log(line(header));
  for (const cells of rows) console.log(line(cells));
}

module.exports = { printIssue23Targets };
