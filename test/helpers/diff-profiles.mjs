// Small version 2 profiles for the compare stage's tests, built through the
// profile stage's own builder so that identity is decided the one way.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { ProfileBuilder } = require('../../dist/profile/builder.js');
const { runTable } = require('../../dist/compare/runs.js');
const { durationBucket } = require('../../dist/profile/histogram.js');

/** A duration histogram from `[ms, calls]` pairs, bucketed as the runtime buckets them. */
export function histogramOf(durations) {
  const counts = new Map();
  for (const [ms, calls] of durations) counts.set(durationBucket(ms), (counts.get(durationBucket(ms)) ?? 0) + calls);
  return [...counts].sort((a, b) => a[0] - b[0]);
}

/** Where each test function lives; two arrows on one line differ by column. */
export const PLACES = {
  sendTask: { name: 'QueueApp.sendTask', file: '/app/src/queue/app.js', line: 45, column: 3 },
  publish: { name: 'Producer.publish', file: '/app/src/queue/producer.js', line: 29, column: 3 },
  dumps: { name: 'JsonSerializer.dumps', file: '/app/src/queue/serializer.js', line: 18, column: 3 },
  crc32: { name: 'crc32', file: '/app/src/queue/serializer.js', line: 83, column: 1 },
  acquire: { name: 'ProducerPool.acquire', file: '/app/src/queue/pool.js', line: 28, column: 3 },
  onData: { name: 'Transport.onData', file: '/app/src/queue/transport.js', line: 42, column: 3 },
  logSize: { name: 'logSize', file: '/app/src/queue/producer.js', line: 70, column: 1 },
  mapFirst: { name: '<anonymous>', file: '/app/src/queue/app.js', line: 90, column: 20 },
  mapSecond: { name: '<anonymous>', file: '/app/src/queue/app.js', line: 90, column: 41 },
  instrumenting: { name: '(tsprof: instrumenting)', file: '', line: 0, column: 0 },
};

/**
 * A profile from calling paths: `{ path: ['sendTask', 'publish'], calls, selfMs, totalMs, awaitMs }`
 * adds those numbers to the context at the end of that path (its parents are created empty);
 * `durations: [[ms, calls], …]` gives its calls' durations.
 * `places` replaces PLACES: the same functions where another version of the code has them.
 */
export function profileOf(paths, { wallMs = 1000, command = ['node', 'app.js'], places = PLACES } = {}) {
  const builder = new ProfileBuilder();
  const contextOf = new Map([['', 0]]);
  for (const { path, calls = 0, selfMs = 0, totalMs = selfMs, awaitMs = 0, durations } of paths) {
    let parentKey = '';
    path.forEach((name, depth) => {
      const key = `${parentKey}/${name}`;
      const last = depth === path.length - 1;
      const numbers = last ? { calls, selfMs, totalMs, awaitMs, awaitedMs: 0, ...(durations ? { durations: histogramOf(durations) } : {}) } : { calls: 0, selfMs: 0, totalMs: 0, awaitMs: 0, awaitedMs: 0 };
      const fn = builder.functionId(places[name]);
      contextOf.set(key, builder.addContext(contextOf.get(parentKey), fn, numbers));
      parentKey = key;
    });
  }
  return builder.build({ command, startedAt: '2026-01-01T00:00:00.000Z', wallMs, foldedCalls: 0, processes: [], files: [] });
}

export function tableOf(paths, source = 'profile.json', options) {
  return runTable(profileOf(paths, options), source);
}

/** A deterministic random source (Park–Miller), so that statistical tests never flake. */
export function seededRandom(seed) {
  let state = seed;
  const uniform = () => (state = (state * 16807) % 2147483647) / 2147483647;
  const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  return { uniform, normal };
}

/** PLACES as another version of the code has them: `lines` added above line `above` of `file`. */
export function placesAfterEdit(file, above, lines) {
  return Object.fromEntries(Object.entries(PLACES).map(([name, place]) => [name, place.file === file && place.line >= above ? { ...place, line: place.line + lines } : place]));
}
