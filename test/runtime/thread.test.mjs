// runtime/thread.ts answers which thread this is without loading node:worker_threads in a main
// thread that has not: it counts on Node loading that module in every other thread (workers, the
// module hooks thread) before any preload runs. These run on each Node of the matrix, so a Node
// that stops doing so fails here, not in a profile written under the wrong thread.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

const require = createRequire(import.meta.url);
const THREAD = require.resolve('../../dist/runtime/thread.js');
const directory = mkdtempSync(join(tmpdir(), 'tsprof-thread-'));
after(() => rmSync(directory, { recursive: true, force: true }));

// A preload, as tsprof's is: what thread.ts says in each thread that runs it, beside what
// node:worker_threads says when asked afterwards, one JSON line per thread on stderr.
const PROBE = join(directory, 'probe.cjs');
writeFileSync(PROBE, `const loadedBefore = process.moduleLoadList.includes('NativeModule worker_threads');
const thread = require(${JSON.stringify(THREAD)});
const loadedAfter = process.moduleLoadList.includes('NativeModule worker_threads');
const real = require('node:worker_threads');
require('node:fs').writeSync(2, JSON.stringify({
  said: { isMainThread: thread.isMainThread, threadId: thread.threadId, workerData: thread.workerData ?? null },
  real: { isMainThread: real.isMainThread, threadId: real.threadId, workerData: real.workerData ?? null },
  loadedBefore, loadedAfter, internal: real.isInternalThread === true,
}) + '\\n');
`);
writeFileSync(join(directory, 'hooks.mjs'), 'export async function resolve(specifier, context, next) { return next(specifier, context); }\n');
writeFileSync(join(directory, 'register-hooks.mjs'), "import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n");
writeFileSync(join(directory, 'app.mjs'), `import { Worker } from 'node:worker_threads';
const worker = new Worker('1', { eval: true, workerData: { queue: 'tasks' } });
worker.on('exit', () => {});
`);

function threadsSeen(args) {
  const run = spawnSync(process.execPath, args, { cwd: directory, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: `--require ${JSON.stringify(PROBE)}` } });
  assert.equal(run.status, 0, run.stderr);
  return run.stderr.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line));
}

test('in the main thread it answers without loading node:worker_threads, and answers as that module does', () => {
  const [main, ...others] = threadsSeen(['-e', '0']);
  assert.deepEqual(others, []);
  assert.deepEqual(main.said, main.real);
  assert.deepEqual(main.said, { isMainThread: true, threadId: 0, workerData: null });
  assert.equal(main.loadedBefore, false);
  assert.equal(main.loadedAfter, false, 'thread.ts loaded node:worker_threads');
});

test("in a worker and in Node's module hooks thread, Node has loaded node:worker_threads before the preloads, and thread.ts says what it says", () => {
  const seen = threadsSeen(['--import', './register-hooks.mjs', 'app.mjs']);
  const others = seen.filter((thread) => !thread.real.isMainThread);
  // The main thread, the worker, and the hooks thread (which runs the process's preloads too).
  assert.equal(seen.length - others.length, 1, JSON.stringify(seen));
  assert.equal(others.length, 2, JSON.stringify(seen));
  for (const thread of seen) assert.deepEqual(thread.said, thread.real);
  for (const thread of others) assert.equal(thread.loadedBefore, true, JSON.stringify(thread));
  assert.deepEqual(others.map((thread) => thread.said.workerData).filter((data) => data !== null), [{ queue: 'tasks' }]);
});
