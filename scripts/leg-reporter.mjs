// The node:test reporter scripts/test-matrix.js reads each leg's figures from, beside the spec
// reporter a person reads: the run's counts (the summary node:test ends every run with, as the
// TAP reporter prints it: pass, fail, skipped…), the time each test file's top-level tests took,
// and each test that failed by its own doing (not a parent failing because a subtest did): its
// file (absolute), line, name, whether the file failed as a whole, and the first lines of its error, without Node's own frames (for a file that
// failed as a whole, the last lines it wrote on stderr). Written as one JSON object when the run
// ends. The matrix prints each leg's slowest files, so that what keeps the CI run within its 15
// minutes is chosen from figures, and the failures again at the very end of its output, where a CI
// log cut to its last lines still shows them. A file's time here leaves out its own start (Node's,
// its imports) and counts its tests in turn, as node:test runs them. An event it cannot read is
// left out.
import { resolve } from 'node:path';

const FAILURES_KEPT = 20;
const ERROR_LINES_KEPT = 10;

/** The first lines of what a test failed with: its own error (node:test wraps it as the cause). */
function errorText(error) {
  const cause = error?.cause ?? error;
  const text = cause instanceof Error ? (cause.stack ?? `${cause.name}: ${cause.message}`) : String(cause);
  // Node's own frames (the test runner's) say nothing of the failure.
  return text.split('\n').filter((line) => !/^\s+at (?:.* \()?node:/.test(line)).slice(0, ERROR_LINES_KEPT).join('\n');
}

/** Lines of a test file's own stderr kept: a file that fails before or outside its tests (a SyntaxError, a crash) says why only there. */
const STDERR_LINES_KEPT = 10;

/** The last lines `text` adds to what `file` wrote, kept under the file's absolute path (Node 22 and 24 name it as given in one event, absolute in another). */
function keepTail(tails, file, text) {
  const key = resolve(file);
  const lines = [...(tails.get(key) ?? []), ...String(text).split('\n').filter((line) => line.trim() !== '')];
  tails.set(key, lines.slice(-STDERR_LINES_KEPT));
}

export default async function* legReport(source) {
  const totals = {};
  const files = {};
  const failures = [];
  const stderrTails = new Map();
  const filesFailed = new Set();
  for await (const event of source) {
    try {
      const { data } = event;
      if (event.type === 'test:stderr' && typeof data.file === 'string') keepTail(stderrTails, data.file, data.message);
      // Node 22 reports some crashes of a file only as a diagnostic of that file.
      if (event.type === 'test:diagnostic' && data.nesting === 0 && typeof data.file === 'string') keepTail(stderrTails, data.file, data.message);
      const failureType = data.details?.error?.failureType;
      // A test cancelled because an earlier one of its file hung or failed says nothing new about that file.
      const cancelledAfter = failureType === 'cancelledByParent' && filesFailed.has(resolve(String(data.file)));
      if (event.type === 'test:fail' && failureType !== 'subtestsFailed' && !cancelledAfter && failures.length < FAILURES_KEPT) {
        // A whole file failed, not one of its tests: what it printed last says more than node:test's 'test failed'.
        const wholeFile = (data.nesting === 0 && data.name === data.file) || data.details?.error?.cause === 'test failed';
        const file = typeof data.file === 'string' ? resolve(data.file) : null;
        const tail = wholeFile && file !== null ? stderrTails.get(file) : undefined;
        failures.push({ file, line: data.line, name: data.name, wholeFile, error: tail ? tail.join('\n') : errorText(data.details?.error) });
        if (typeof data.file === 'string') filesFailed.add(resolve(data.file));
      }
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
  yield `${JSON.stringify({ totals, files, failures })}\n`;
}
