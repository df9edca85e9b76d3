'use strict';
// Export cost of a large profile: a deterministic synthetic profile of ~100,000
// calling contexts (the default --max-contexts) over 1,000 functions, written in
// every export format. Prints, per format, the median time as a ratio to reading
// the same profile (JSON.parse + validation) and the file size as a ratio to the
// profile's own JSON, so runs on different machines compare.
const { performance } = require('node:perf_hooks');
const { EXPORT_FORMAT_NAMES, exportProfile } = require('../dist/cli/outputs.js');
const { ProfileBuilder } = require('../dist/profile/builder.js');
const { validateProfile } = require('../dist/profile/read.js');
const { serializeProfile } = require('../dist/profile/write.js');
const { median } = require('./timing.js');

const CONTEXTS = 100_000;
const FUNCTIONS = 1_000;
const ROUNDS = 3;

/** Fan-out 10, depth 5, functions and numbers from a fixed linear congruential sequence. */
function syntheticProfile() {
  let seed = 1;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const builder = new ProfileBuilder();
  const functions = [];
  for (let index = 0; index < FUNCTIONS; index++) {
    functions.push(builder.functionId({ name: `Module${index % 50}.function${index}`, file: `/bench/src/module${index % 50}.js`, line: index + 1, column: 3 }, 'bench/1:0'));
  }
  let count = 0;
  const grow = (parent, depth) => {
    for (let child = 0; child < 10 && depth < 5 && count < CONTEXTS; child++) {
      count++;
      const fn = functions[Math.floor(random() * FUNCTIONS)];
      const id = builder.addContext(parent, fn, { calls: 1 + Math.floor(random() * 100), selfMs: random() * 3, totalMs: random() * 10, awaitMs: random() * 2, awaitedMs: random() });
      grow(id, depth + 1);
    }
  };
  grow(0, 0);
  return builder.build({
    command: ['node', 'bench.js'],
    startedAt: '2026-01-01T00:00:00.000Z',
    wallMs: 1e6,
    foldedCalls: 0,
    processes: [{ pid: 1, threadId: 0, host: 'bench', argv: ['node', 'bench.js'], wallMs: 1e6 }],
    files: [],
  });
}

function timeMs(run) {
  const times = [];
  let result;
  for (let round = 0; round < ROUNDS; round++) {
    const start = performance.now();
    result = run();
    times.push(performance.now() - start);
  }
  return { ms: median(times), result };
}

function benchExport() {
  const profile = syntheticProfile();
  const text = serializeProfile(profile);
  const read = timeMs(() => validateProfile(JSON.parse(text), 'bench'));
  console.log(`export: ${profile.contexts.length} contexts, ${profile.functions.length} functions; reading the profile (${(text.length / 1e6).toFixed(1)} MB) takes ${read.ms.toFixed(0)} ms`);
  console.log('  format       time ÷ read   size ÷ profile JSON');
  for (const format of EXPORT_FORMAT_NAMES) {
    const written = timeMs(() => exportProfile(profile, format, { value: 'self' }));
    const size = typeof written.result === 'string' ? Buffer.byteLength(written.result) : written.result.length;
    console.log(`  ${format.padEnd(11)}  ${(written.ms / read.ms).toFixed(2).padStart(11)}   ${(size / text.length).toFixed(2).padStart(19)}`);
  }
}

module.exports = { benchExport };

if (require.main === module) benchExport();
