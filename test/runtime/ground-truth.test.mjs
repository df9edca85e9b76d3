// A program whose true numbers are known: 5 calls of ≥ 20 ms busy + ≥ 50 ms await.
// Only relations that a busy machine cannot break are checked here: contention
// makes every interval longer, never shorter, and never moves time between
// self and await. How close the numbers come on an idle machine is measured by
// `npm run bench` (bench/accuracy.js), not by a timed test.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
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
