// A program whose true numbers are known: 5 calls of ~20 ms busy + ~50 ms await.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { nodesByName, runTsprof, scratchDirectory } from '../helpers/cli.mjs';
import { readProfileJson } from '../helpers/profile-checks.mjs';

function assertNear(actual, expected, tolerance, what) {
  assert.ok(Math.abs(actual - expected) <= expected * tolerance, `${what}: ${actual.toFixed(1)} ms not within ${tolerance * 100}% of ${expected} ms`);
}

test('calls, self, await and total time match a known workload', async () => {
  const out = scratchDirectory();
  const result = await runTsprof(['--include', 'fixtures/ground-truth', '-o', join(out, 'g.dot'), '--profile', join(out, 'p.json'), '--', 'node', 'fixtures/ground-truth/busy-then-wait.js']);
  assert.equal(result.code, 0, result.stderr);
  const profile = readProfileJson(join(out, 'p.json'));
  const node = nodesByName(profile).get('busyThenWait');
  assert.equal(node.calls, 5);
  assertNear(node.selfMs, 100, 0.15, 'selfMs');
  assertNear(node.awaitMs, 250, 0.15, 'awaitMs');
  assertNear(node.totalMs, 350, 0.15, 'totalMs');
  const main = nodesByName(profile).get('main');
  assert.ok(main.awaitMs >= node.awaitMs * 0.9, 'main waits while busyThenWait runs and waits');
  const selfSum = profile.nodes.slice(1).reduce((sum, each) => sum + each.selfMs, 0);
  assert.ok(selfSum <= profile.wallMs, `sum of self time ${selfSum} exceeds wall time ${profile.wallMs}`);
});
