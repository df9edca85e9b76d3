import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDuration, formatShare, formatShortLocation, formatStartedAt } from '../../dist/render/format.js';

test('durations: three decimals below a millisecond, one below a second, seconds from there', () => {
  assert.deepEqual([0, 0.0123, 3.94, 999.94, 1000, 6623.4, 14764.3].map(formatDuration), ['0.0 ms', '0.012 ms', '3.9 ms', '999.9 ms', '1.00 s', '6.62 s', '14.76 s']);
});

test('shares: a percentage up to the wall time, a multiple of it beyond', () => {
  assert.deepEqual([0, 0.005, 0.5, 1, 1.04, 11.3].map(formatShare), ['0.0%', '0.5%', '50.0%', '100.0%', '1.0x wall', '11.3x wall']);
});

test('short locations and start dates', () => {
  assert.equal(formatShortLocation('/a/b/task.js', 14), 'task.js:14');
  assert.equal(formatShortLocation('file:///a/b/main.mjs', 0), 'main.mjs');
  assert.equal(formatShortLocation('', 3), '');
  assert.equal(formatStartedAt('2026-11-25T09:05:18.220Z'), '2026-11-25 09:05 UTC');
  assert.equal(formatStartedAt('yesterday'), 'yesterday');
});
