'use strict';
// Bytes the probes allocate per call and per await: the same small functions plain and
// instrumented, in one process, each measured as the growth of the heap over N
// iterations with no garbage collection inside the window (a young generation larger
// than the window allocates, a full collection before it), counting V8's young generation
// only. Unlike times, these figures do not depend on the machine's load, but they do
// depend on what V8 chose to inline in that process: a sync call read +0 B in some runs
// and +128 B in others of the same build, most likely process.hrtime's [seconds,
// nanoseconds] array (64 B, two reads a call) when the clock read is not inlined and the
// array is no longer optimized away (with a plain closure as the clock it reads the same
// every run).
// `node bench/allocation.js [--repo DIR]` measures the tsprof built in DIR, to compare two builds.
const { spawnSync } = require('node:child_process');
const { join, resolve } = require('node:path');
const { getHeapSpaceStatistics } = require('node:v8');

const V8_FLAGS = ['--expose-gc', '--min-semi-space-size=128', '--max-semi-space-size=128'];

const SOURCE = `
function add(a, b) { return a + b; }
function callSync(n) { let sum = 0; for (let i = 0; i < n; i++) sum = add(sum, i); return sum; }
async function step(i) { return i; }
async function callAsync(n) { let sum = 0; for (let i = 0; i < n; i++) sum += await step(i); return sum; }
async function leaf(i) { await null; return i; }
async function middle(i) { return await leaf(i); }
async function callChain(n) { let sum = 0; for (let i = 0; i < n; i++) sum += await middle(i); return sum; }
module.exports = { callSync, callAsync, callChain };
`;

/** Per iteration: calls of instrumented functions, and awaits. */
const SCENARIOS = [
  ['sync call', 'callSync', '1 call'],
  ['async call + await', 'callAsync', '1 call, 1 await'],
  ['async chain', 'callChain', '2 calls that suspend, 3 awaits'],
];

const ITERATIONS = 20_000;

function load(code) {
  const module = { exports: {} };
  new Function('module', 'exports', 'require', code)(module, module.exports, require);
  return module.exports;
}

/**
 * Bytes in V8's young generation, where everything a program's code allocates starts. The whole
 * heap's size also moves with what V8's compilers add (code and its metadata, in other spaces) when
 * an optimization lands inside a window: that made a sync call read anywhere from +7 to +137 B.
 */
function youngBytes() {
  return getHeapSpaceStatistics().reduce((sum, space) => (space.space_name.startsWith('new_') ? sum + space.space_used_size : sum), 0);
}

/** The fewest bytes per iteration over three windows, after warming up (so that the code is optimized). */
async function bytesPerIteration(run) {
  for (let warm = 0; warm < 5; warm++) await run(ITERATIONS);
  let fewest = Infinity;
  for (let window = 0; window < 3; window++) {
    global.gc();
    const before = youngBytes();
    await run(ITERATIONS);
    fewest = Math.min(fewest, (youngBytes() - before) / ITERATIONS);
  }
  return fewest;
}

/** +12, -3, or 0: a difference in whole bytes with its sign. */
const signed = (bytes) => (Math.round(bytes) === 0 ? '0' : `${bytes > 0 ? '+' : ''}${bytes.toFixed(0)}`);

async function benchAllocation({ repo = resolve(__dirname, '..') } = {}) {
  const { instrument } = require(join(repo, 'dist', 'instrument', 'instrument.js'));
  const runtime = join(repo, 'dist', 'runtime', 'handle.js');
  const plain = load(SOURCE);
  const instrumented = load(instrument(SOURCE, { filename: join(__dirname, 'allocation-subject.js'), format: 'commonjs', runtimeSpecifier: runtime }).code);
  const { recorder } = require(runtime);
  const { trackAsyncParents } = require(join(repo, 'dist', 'runtime', 'async-parents.js'));
  console.log(`bytes allocated per iteration (${ITERATIONS} iterations, no GC in the window; young generation; varies with V8's inlining between runs)`);
  const result = {};
  // Promise hooks, once on, leave V8's await slower for the rest of the process: without them first.
  for (const parents of [false, true]) {
    const stop = parents ? trackAsyncParents(recorder) : null;
    for (const [label, name, what] of SCENARIOS) {
      const plainBytes = await bytesPerIteration(plain[name]);
      const profiledBytes = await bytesPerIteration(instrumented[name]);
      const key = `${name}${parents ? 'WithParents' : ''}`;
      result[key] = { plain: plainBytes, profiled: profiledBytes };
      console.log(`  ${parents ? 'async parents on ' : 'async parents off'}  ${label.padEnd(18)} (${what})  plain ${plainBytes.toFixed(0).padStart(5)} B  instrumented ${profiledBytes.toFixed(0).padStart(5)} B  probes ${signed(profiledBytes - plainBytes)} B`);
    }
    stop?.();
  }
  return result;
}

module.exports = { benchAllocation };

if (require.main === module) {
  const index = process.argv.indexOf('--repo');
  const repo = index >= 0 ? resolve(process.argv[index + 1]) : undefined;
  if (typeof global.gc !== 'function') {
    // The measurement needs V8 flags: run again with them.
    const run = spawnSync(process.execPath, [...V8_FLAGS, __filename, ...process.argv.slice(2)], { stdio: 'inherit' });
    process.exitCode = run.status ?? 1;
  } else {
    benchAllocation({ repo });
  }
}
