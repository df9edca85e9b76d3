// A node:test reporter for scripts/test-matrix.js: the time each test file's top-level tests took,
// as one JSON object { file: milliseconds } written when the run ends. The matrix prints each leg's
// slowest files, so that what keeps the CI run within its 15 minutes is chosen from figures. A
// file's time here leaves out its own start (Node's, its imports) and counts its tests in turn,
// as node:test runs them. It never fails a run: an event it cannot read is left out.
export default async function* fileTimes(source) {
  const times = {};
  for await (const event of source) {
    try {
      if ((event.type === 'test:pass' || event.type === 'test:fail') && event.data.nesting === 0 && typeof event.data.file === 'string') {
        const duration = Number(event.data.details?.duration_ms ?? 0);
        times[event.data.file] = (times[event.data.file] ?? 0) + (Number.isFinite(duration) ? duration : 0);
      }
    } catch {
      // Left out.
    }
  }
  yield `${JSON.stringify(times)}\n`;
}
