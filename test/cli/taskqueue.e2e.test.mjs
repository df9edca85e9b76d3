// End to end: the real CLI profiles the bundled task-queue fixture.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { isPng, nodesByName, pngSize, runTsprof, scratchDirectory } from '../helpers/cli.mjs';
import { readProfileJson } from '../helpers/profile-checks.mjs';

const TASKS = 400;

test('profiles the task-queue fixture: exit code, PNG, exact counts on the dispatch chain', async () => {
  const out = scratchDirectory();
  const result = await runTsprof([
    '--include', 'fixtures/taskqueue/src/queue',
    '-o', join(out, 'calls.png'),
    '--profile', join(out, 'profile.json'),
    '--', 'node', 'fixtures/taskqueue/app.js', '--tasks', String(TASKS),
  ]);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, new RegExp(`dispatched ${TASKS} tasks`));
  assert.match(result.stderr, /^tsprof: \d+ functions called \d+ times in \d+ files; wrote /m);

  const png = readFileSync(join(out, 'calls.png'));
  assert.ok(isPng(png), 'calls.png is a PNG');
  const { width, height } = pngSize(png);
  assert.ok(width > 400 && height > 400, `PNG is ${width}x${height}`);

  const profile = readProfileJson(join(out, 'profile.json'));
  assert.equal(profile.version, 3);
  assert.deepEqual(profile.command, ['node', 'fixtures/taskqueue/app.js', '--tasks', String(TASKS)]);
  assert.equal(profile.nodes[0].name, '(root)');
  const nodes = nodesByName(profile);
  for (const name of ['Task.delay', 'Task.applyAsync', 'QueueApp.sendTask', 'QueueApp.publishTask', 'Producer.publish', 'ProducerPool.acquire', 'ProducerPool.release', 'JsonSerializer.dumps']) {
    assert.equal(nodes.get(name)?.calls, TASKS, `${name} calls`);
  }
  const edge = (caller, callee) =>
    profile.edges.find((e) => e.caller === nodes.get(caller).id && e.callee === nodes.get(callee).id);
  assert.equal(edge('Task.delay', 'Task.applyAsync').calls, TASKS);
  assert.equal(edge('Task.applyAsync', 'QueueApp.sendTask').calls, TASKS);
  assert.equal(edge('QueueApp.sendTask', 'QueueApp.publishTask').calls, TASKS);
  assert.equal(edge('QueueApp.publishTask', 'Producer.publish').calls, TASKS);
  assert.equal(edge('(root)', 'Task.delay').calls, TASKS, 'delay is called from the (non-instrumented) app');

  // Publishing awaits the broker's confirm: real I/O, charged to the awaiting functions.
  const publish = nodes.get('Producer.publish');
  assert.ok(publish.awaitMs > 0 && publish.totalMs >= publish.awaitMs, 'publish awaits');
  assert.ok(edge('QueueApp.sendTask', 'ProducerPool.acquire').awaitMs >= 0);
  const selfSum = profile.nodes.slice(1).reduce((sum, node) => sum + node.selfMs, 0);
  assert.ok(selfSum <= profile.wallMs, `sum of self ${selfSum} <= wall ${profile.wallMs}`);
  assert.ok(profile.files.every((file) => file.includes('fixtures/taskqueue/src/queue/')), 'only included files');
});

test("--root 'Producer\\.publish$' counts Transport.write once per task, not also the consumer's acks", async () => {
  const out = scratchDirectory();
  const profileFile = join(out, 'profile.json');
  const run = await runTsprof(['--include', 'fixtures/taskqueue/src/queue', '-o', join(out, 'calls.dot'), '--profile', profileFile, '--', 'node', 'fixtures/taskqueue/app.js', '--tasks', String(TASKS)]);
  assert.equal(run.code, 0, run.stderr);
  const whole = nodesByName(readProfileJson(profileFile)).get('Transport.write').calls;
  assert.ok(whole > TASKS, `the consumer's acks write too (${whole} writes in all)`);
  const report = await runTsprof(['report', profileFile, '--root', 'Producer\\.publish$', '--format', 'json', '--top', '100']);
  assert.equal(report.code, 0, report.stderr);
  const calls = Object.fromEntries(JSON.parse(report.stdout).functions.map((entry) => [entry.name, entry.calls]));
  assert.equal(calls['Producer.publish'], TASKS);
  assert.equal(calls['Transport.write'], TASKS);
});
