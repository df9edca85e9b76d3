'use strict';
// What `--flows` costs per message (issue 21):
//  - on RabbitMQ: fixtures/flows/pipelined.js publishes and consumes N messages in one
//    process, under tsprof without and with --flows (the fixture instrumented both times),
//    alternating; the medians of wall time and of the process's CPU time, as a ratio and as
//    microseconds per message (publish + consume). Skipped when RabbitMQ is down.
//  - in process, without a broker: what the flow table does per message (marker written on
//    publish, read and counted on consume), in nanoseconds.
// `node bench/flows.js [--messages N] [--rounds R]`
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { root, tsprof, timedNode, median, machineLoad } = require('./timing.js');

const FIXTURE = 'fixtures/flows/pipelined.js';

function runOnce(flows, messages, directory) {
  const args = [tsprof, ...(flows ? ['--flows'] : []), '--include', FIXTURE, '-o', join(directory, 'calls.dot'), '--profile', join(directory, 'profile.json'), '--', 'node', FIXTURE, '--messages', String(messages)];
  const run = timedNode(args);
  if (run.status === 3) return null;
  if (run.status !== 0) throw new Error(`${FIXTURE} failed under tsprof${flows ? ' --flows' : ''}: ${run.stderr}`);
  const line = run.stdout.split('\n').find((text) => text.startsWith('{'));
  return JSON.parse(line);
}

function benchBroker(messages, rounds) {
  const directory = mkdtempSync(join(tmpdir(), 'tsprof-bench-flows-'));
  try {
    const without = [];
    const followed = [];
    for (let round = 0; round < rounds; round++) {
      const a = runOnce(false, messages, directory);
      if (a === null) return null;
      without.push(a);
      followed.push(runOnce(true, messages, directory));
    }
    const wall = [median(without.map((run) => run.elapsedMs)), median(followed.map((run) => run.elapsedMs))];
    const cpu = [median(without.map((run) => run.cpuMs)), median(followed.map((run) => run.cpuMs))];
    const perMessage = (pair) => ((pair[1] - pair[0]) * 1000) / messages;
    return { wall, cpu, wallUsPerMessage: perMessage(wall), cpuUsPerMessage: perMessage(cpu) };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

function benchTable(count = 1_000_000) {
  const { FlowTable } = require(join(root, 'dist', 'runtime', 'flows', 'table.js'));
  const { readMarker } = require(join(root, 'dist', 'runtime', 'flows', 'marker.js'));
  let epoch = 1_700_000_000_000;
  const producer = new FlowTable('bench-host/1000:0', () => (epoch += 0.01));
  const consumer = new FlowTable('bench-host/1001:0', () => epoch + 1);
  const markers = new Array(count);
  const publishStart = performance.now();
  for (let index = 0; index < count; index++) markers[index] = producer.publish('rabbitmq', 'orders', 7, true);
  const publishNs = ((performance.now() - publishStart) * 1e6) / count;
  const consumeStart = performance.now();
  for (let index = 0; index < count; index++) consumer.receive('rabbitmq', 'orders', readMarker(markers[index]), 3, epoch);
  const consumeNs = ((performance.now() - consumeStart) * 1e6) / count;
  return { publishNs, consumeNs };
}

function benchFlows({ messages = 20_000, rounds = 3 } = {}) {
  console.log(`--flows per message (${machineLoad()})`);
  const table = benchTable();
  console.log(`  flow table, in process: publish (count + marker) ${table.publishNs.toFixed(0)} ns, consume (read marker + count + latency) ${table.consumeNs.toFixed(0)} ns`);
  const broker = benchBroker(messages, rounds);
  if (broker === null) {
    console.log('  RabbitMQ: not measured (not on localhost:5672)');
    return { table, broker: null };
  }
  const ratio = (pair) => `${(pair[1] / pair[0]).toFixed(2)}x`;
  console.log(`  RabbitMQ, ${messages} messages published and consumed in one process, median of ${rounds} alternating runs, tsprof without → with --flows:`);
  console.log(`    wall ${broker.wall[0].toFixed(0)} → ${broker.wall[1].toFixed(0)} ms (${ratio(broker.wall)}, ${broker.wallUsPerMessage.toFixed(1)} µs per message)`);
  console.log(`    CPU  ${broker.cpu[0].toFixed(0)} → ${broker.cpu[1].toFixed(0)} ms (${ratio(broker.cpu)}, ${broker.cpuUsPerMessage.toFixed(1)} µs per message)`);
  return { table, broker };
}

module.exports = { benchFlows };

if (require.main === module) {
  const argument = (name, fallback) => {
    const index = process.argv.indexOf(name);
    return index >= 0 ? Number(process.argv[index + 1]) : fallback;
  };
  benchFlows({ messages: argument('--messages', 20_000), rounds: argument('--rounds', 3) });
}
