// bench/probe-cost.js (npm run bench's probe rows) runs against this build: every row it
// prints is measured, the sampled one included. It reaches into the runtime's modules
// (the recorder, the sampling recorder, the probes), so a change there must keep it
// working; it once broke when the sampler became a subclass and no test ran it.
// Only that each figure is a measured number is checked: times are the bench's to judge.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';

const require = createRequire(import.meta.url);
const { benchProbeCost, SAMPLE_STRIDE } = require('../../bench/probe-cost.js');

test('the probe-cost benchmark measures every row, --sample-hot included', async () => {
  const log = console.log;
  const printed = [];
  console.log = (line) => printed.push(String(line));
  let result;
  try {
    result = await benchProbeCost({ repetitions: 1 });
  } finally {
    console.log = log;
  }
  for (const key of ['syncProbeNs', 'sampledProbeNs', 'syncWithParentsNs', 'clockNs', 'asyncRatio']) {
    assert.ok(Number.isFinite(result[key]), `${key}: ${result[key]}`);
  }
  assert.equal(result.sampleStride, SAMPLE_STRIDE);
  assert.ok(printed.some((line) => line.includes(`--sample-hot ${SAMPLE_STRIDE}`)), printed.join('\n'));
});
