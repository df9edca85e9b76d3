// The probes' clock reads process.hrtime but keeps performance.now's scale: profiles
// state wall times and flow latencies in it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clock } from '../../dist/runtime/intrinsics.js';

test('the clock reads as performance.now does, to well under a millisecond', () => {
  for (let read = 0; read < 100; read++) {
    const before = performance.now();
    const now = clock();
    const after = performance.now();
    assert.ok(now >= before - 0.25 && now <= after + 0.25, `clock ${now} outside [${before}, ${after}]`);
  }
});

test('the clock never goes back', () => {
  let last = clock();
  for (let read = 0; read < 10_000; read++) {
    const now = clock();
    assert.ok(now >= last);
    last = now;
  }
});
