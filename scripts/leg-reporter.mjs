// The node:test reporter scripts/test-matrix.js reads each leg's figures from, beside the spec
// reporter a person reads: the run's counts (the summary node:test ends every run with, as the
// TAP reporter prints it: pass, fail, skipped…) and the time each test file's top-level tests took,
// written as one JSON object when the run ends. The matrix prints each leg's slowest files, so
// that what keeps the CI run within its 15 minutes is chosen from figures. A file's time here
// leaves out its own start (Node's, its imports) and counts its tests in turn, as node:test runs
// them. An event it cannot read is left out.
export default async function* legReport(source) {
  const totals = {};
  const files = {};
  for await (const event of source) {
    try {
      const { data } = event;
      if (data?.nesting !== 0) continue;
      if (event.type === 'test:diagnostic') {
        const count = /^(\w+) (\d+)$/.exec(data.message);
        if (count) totals[count[1]] = Number(count[2]);
      } else if ((event.type === 'test:pass' || event.type === 'test:fail') && typeof data.file === 'string') {
        const duration = Number(data.details?.duration_ms ?? 0);
        files[data.file] = (files[data.file] ?? 0) + (Number.isFinite(duration) ? duration : 0);
      }
    } catch {
      // Left out.
    }
  }
  yield `${JSON.stringify({ totals, files })}\n`;
}
