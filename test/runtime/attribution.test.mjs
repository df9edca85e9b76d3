// Attribution under callbacks, exceptions, abandoned generators and heavy
// concurrency: the shadow stack must never be corrupted.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { nodesByName, runTsprof, scratchDirectory } from '../helpers/cli.mjs';
import { readProfileJson } from '../helpers/profile-checks.mjs';

async function profileSource(source) {
  const out = scratchDirectory();
  const file = join(out, 'program.js');
  writeFileSync(file, source);
  const result = await runTsprof(['--include', file, '-o', join(out, 'g.dot'), '--profile', join(out, 'p.json'), '--', 'node', file]);
  assert.equal(result.code, 0, result.stderr);
  const profile = readProfileJson(join(out, 'p.json'));
  const nodes = nodesByName(profile);
  const edge = (caller, callee) => profile.edges.find((e) => e.caller === nodes.get(caller)?.id && e.callee === nodes.get(callee)?.id);
  return { profile, nodes, edge, stdout: result.stdout };
}

test('event-loop callbacks hang off the root with exact counts', async () => {
  const { nodes, edge } = await profileSource(`
    const { EventEmitter } = require('node:events');
    const net = require('node:net');
    function onMessage(n) { return n + 1; }
    function onTimer() {}
    function onData(chunk) { received += chunk.length; }
    function onResolved(value) { return value; }
    let received = 0;
    const bus = new EventEmitter();
    bus.on('message', onMessage);
    for (let i = 0; i < 7; i++) bus.emit('message', i);
    let timers = 3;
    const interval = setInterval(() => { onTimer(); if (--timers === 0) clearInterval(interval); }, 1);
    for (let i = 0; i < 4; i++) Promise.resolve(i).then(onResolved);
    const server = net.createServer((socket) => { socket.end(Buffer.alloc(10)); server.close(); });
    server.listen(0, () => {
      const client = net.connect(server.address().port);
      client.on('data', onData);
    });
  `);
  assert.equal(edge('(root)', 'onMessage').calls, 7, 'emit from top-level code is a call from the root');
  assert.equal(nodes.get('onTimer').calls, 3);
  assert.equal(edge('(root)', 'onResolved').calls, 4);
  assert.ok(edge('(root)', 'onData').calls >= 1);
});

test('frames left open by exceptions and abandoned generators are closed', async () => {
  const { nodes, edge } = await profileSource(`
    function inner() { throw new Error('deep'); }
    function middle() { return inner(); }
    function outer() { try { middle(); } catch { return 'caught'; } }
    function* stream() { yield 1; yield 2; yield 3; }
    function abandon() { const it = stream(); it.next(); return it; }
    function later() {}
    for (let i = 0; i < 5; i++) outer();
    try { middle(); } catch {}
    abandon();
    for (const value of stream()) if (value === 2) break;
    later();
    setTimeout(later, 1);
  `);
  assert.equal(nodes.get('inner').calls, 6);
  assert.equal(edge('outer', 'middle').calls, 5);
  assert.equal(edge('(root)', 'middle').calls, 1, "after a throw, the next call is the root's again");
  assert.equal(edge('(root)', 'later').calls, 2, 'an abandoned generator is not left on the stack');
  assert.equal(edge('abandon', 'stream').calls, 1);
  assert.equal(edge('(root)', 'stream').calls, 1);
});

test('1000 concurrent awaited publishes: exact counts, await and total close to the truth', async () => {
  const { nodes, edge, profile, stdout } = await profileSource(`
    const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
    let measured = 0;
    async function publish(i) { const start = performance.now(); await sleep(40); await sleep(20); measured += performance.now() - start; return i; }
    function afterAll(results) { return results.length; }
    async function main() {
      const started = performance.now();
      const results = await Promise.all(Array.from({ length: 1000 }, (_, i) => publish(i)));
      afterAll(results);
      console.log(JSON.stringify({ elapsed: performance.now() - started, measured }));
    }
    main();
  `);
  const { elapsed, measured } = JSON.parse(stdout);
  const publish = nodes.get('publish');
  assert.equal(publish.calls, 1000);
  // The truth is what each call measured of its own body (not 60 ms: the 1000 timers share
  // one cached loop time, so later calls' sleeps end early by up to the time the loop took
  // to start them all). The probes' frame encloses that body, and the rest is the probes'
  // microseconds: a tenth more would mean about 6 ms per call, which no load makes.
  assert.ok(publish.totalMs >= measured - 1e-6 && publish.totalMs <= measured * 1.1, `publish total ${publish.totalMs} vs ${measured} measured by the calls`);
  assert.ok(publish.totalMs / 1000 <= elapsed, `each publish within main's span (${(publish.totalMs / 1000).toFixed(1)} vs ${elapsed.toFixed(1)})`);
  assert.ok(publish.awaitMs <= publish.totalMs && publish.awaitMs >= publish.totalMs * 0.85, 'publish mostly waits');
  assert.equal(edge('main', 'afterAll').calls, 1, 'after 1000 interleaved resumptions main is still the caller');
  assert.equal(edge('publish', 'afterAll'), undefined);
  assert.equal(edge('main/from', 'publish').calls, 1000, 'publish is called from the Array.from callback');
  assert.equal(edge('main', 'main/from').awaitMs, 0, 'awaiting Promise.all is not charged to a callback');
  const main = nodes.get('main');
  // main's call encloses the span it measured itself, and lies within the process's life; an upper
  // bound closer than that would be a timing assertion a descheduled process can break.
  assert.ok(main.totalMs >= elapsed - 0.01 && main.totalMs <= profile.wallMs, `main total ${main.totalMs} vs ${elapsed} measured inside it`);
  const selfSum = profile.nodes.slice(1).reduce((sum, node) => sum + node.selfMs, 0);
  assert.ok(selfSum <= profile.wallMs);
});
