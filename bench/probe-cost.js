'use strict';
// Per-call probe cost: the same small functions plain and instrumented, in one
// process, next to the cost of the two clock reads every call needs.
// `node bench/probe-cost.js [--repo DIR]` measures the tsprof built in DIR, to compare two builds.
const { median } = require('./timing.js');
const { existsSync, mkdtempSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');

const SOURCE = `
function add(a, b) { return a + b; }
function callSync(n) { let sum = 0; for (let i = 0; i < n; i++) sum = add(sum, i); return sum; }
async function step(i) { return i; }
async function callAsync(n) { let sum = 0; for (let i = 0; i < n; i++) sum += await step(i); return sum; }
module.exports = { callSync, callAsync };
`;

function load(code, filename) {
  const module = { exports: {} };
  new Function('module', 'exports', 'require', code)(module, module.exports, require);
  return module.exports;
}

function nsPerCall(run, calls) {
  const start = performance.now();
  run(calls);
  return ((performance.now() - start) * 1e6) / calls;
}

async function nsPerAsyncCall(run, calls) {
  const start = performance.now();
  await run(calls);
  return ((performance.now() - start) * 1e6) / calls;
}

/** The probes of a recorder of their own with `--sample-hot stride` on, for a build that has it (else null). */
function sampledRuntimeSpecifier(repo, stride) {
  if (!existsSync(join(repo, 'dist', 'runtime', 'sampling.js'))) return null;
  const runtime = (name) => JSON.stringify(join(repo, 'dist', 'runtime', name));
  const handle = join(mkdtempSync(join(tmpdir(), 'tsprof-bench-')), 'sampled-handle.js');
  // The sampling recorder is a subclass; a --baseline built before it layers the sampler over a recorder.
  writeFileSync(handle, `const { Recorder } = require(${runtime('recorder.js')});
const sampling = require(${runtime('sampling.js')});
const { createProbes } = require(${runtime('probes.js')});
let recorder;
if (sampling.SamplingRecorder) recorder = new sampling.SamplingRecorder(${stride});
else sampling.sampleHotCalls((recorder = new Recorder()), ${stride});
module.exports = createProbes(recorder);
`);
  return handle;
}

/** The stride the bench samples with: docs/sampling.md's suggestion. */
const SAMPLE_STRIDE = 16;

async function benchProbeCost({ repetitions = 7, repo = resolve(__dirname, '..') } = {}) {
  const { instrument } = require(join(repo, 'dist', 'instrument', 'instrument.js'));
  const filename = join(__dirname, 'probe-cost-subject.js');
  const plain = load(SOURCE, filename);
  const instrumented = load(instrument(SOURCE, { filename, format: 'commonjs', runtimeSpecifier: join(repo, 'dist', 'runtime', 'handle.js') }).code, filename);
  const sampledHandle = sampledRuntimeSpecifier(repo, SAMPLE_STRIDE);
  const sampled = sampledHandle === null ? null : load(instrument(SOURCE, { filename, format: 'commonjs', runtimeSpecifier: sampledHandle }).code, filename);
  const syncCalls = 2_000_000;
  const asyncCalls = 200_000;
  // Async parents (runtime/async-parents.ts) are on in a real run; a build without them (a --baseline) is measured without.
  const asyncParentsModule = join(repo, 'dist', 'runtime', 'async-parents.js');
  const { trackAsyncParents } = existsSync(asyncParentsModule) ? require(asyncParentsModule) : {};
  const { recorder } = require(join(repo, 'dist', 'runtime', 'handle.js'));
  const rows = { plainSync: [], profiledSync: [], sampledSync: [], asyncParentsSync: [], plainAsync: [], profiledAsync: [], asyncParentsAsync: [], clock: [] };
  for (let repetition = 0; repetition < repetitions; repetition++) {
    rows.plainSync.push(nsPerCall(plain.callSync, syncCalls));
    rows.profiledSync.push(nsPerCall(instrumented.callSync, syncCalls));
    if (sampled) rows.sampledSync.push(nsPerCall(sampled.callSync, syncCalls));
    rows.plainAsync.push(await nsPerAsyncCall(plain.callAsync, asyncCalls));
    rows.profiledAsync.push(await nsPerAsyncCall(instrumented.callAsync, asyncCalls));
    if (trackAsyncParents) {
      const stop = trackAsyncParents(recorder);
      rows.asyncParentsSync.push(nsPerCall(instrumented.callSync, syncCalls));
      rows.asyncParentsAsync.push(await nsPerAsyncCall(instrumented.callAsync, asyncCalls));
      stop();
    }
    rows.clock.push(nsPerCall((n) => { let x = 0; for (let i = 0; i < n; i++) x += performance.now() + performance.now(); return x; }, syncCalls));
  }
  const m = Object.fromEntries(Object.entries(rows).map(([key, values]) => [key, values.length > 0 ? median(values) : NaN]));
  // callSync makes 1 call of add per iteration: probe cost = difference per iteration.
  const syncProbe = m.profiledSync - m.plainSync;
  // callAsync makes 1 call of step and 1 await per iteration.
  const asyncProbe = m.profiledAsync - m.plainAsync;
  console.log(`probe cost (${repetitions} repetitions, medians, ns)`);
  console.log(`  two clock reads                 ${m.clock.toFixed(1)} ns`);
  console.log(`  sync call   plain ${m.plainSync.toFixed(1)}  instrumented ${m.profiledSync.toFixed(1)}  probe cost ${syncProbe.toFixed(1)} ns = ${(syncProbe / m.clock).toFixed(2)} × two clock reads`);
  const sampledProbeNs = sampled ? m.sampledSync - m.plainSync : null;
  if (sampled) console.log(`  sync call, --sample-hot ${SAMPLE_STRIDE}   instrumented ${m.sampledSync.toFixed(1)}  probe cost ${sampledProbeNs.toFixed(1)} ns = ${(sampledProbeNs / m.clock).toFixed(2)} × two clock reads`);
  console.log(`  async call + await   plain ${m.plainAsync.toFixed(1)}  instrumented ${m.profiledAsync.toFixed(1)}  probe cost ${asyncProbe.toFixed(1)} ns  ratio ${(m.profiledAsync / m.plainAsync).toFixed(2)}`);
  if (trackAsyncParents) {
    const syncWithParents = m.asyncParentsSync - m.plainSync;
    const asyncWithParents = m.asyncParentsAsync - m.plainAsync;
    console.log(`  with async parents (promise hooks on):`);
    console.log(`    sync call   instrumented ${m.asyncParentsSync.toFixed(1)}  probe cost ${syncWithParents.toFixed(1)} ns = ${(syncWithParents / syncProbe).toFixed(2)} × without`);
    console.log(`    async call + await   instrumented ${m.asyncParentsAsync.toFixed(1)}  probe cost ${asyncWithParents.toFixed(1)} ns  ratio ${(m.asyncParentsAsync / m.plainAsync).toFixed(2)}`);
  }
  const syncWithParentsNs = trackAsyncParents ? m.asyncParentsSync - m.plainSync : null;
  return { syncProbeNs: syncProbe, sampledProbeNs, sampleStride: SAMPLE_STRIDE, syncWithParentsNs, clockNs: m.clock, asyncRatio: m.profiledAsync / m.plainAsync };
}

module.exports = { benchProbeCost, SAMPLE_STRIDE };

if (require.main === module) {
  const option = (name) => {
    const index = process.argv.indexOf(name);
    return index >= 0 ? resolve(process.argv[index + 1]) : undefined;
  };
  const resultFile = option('--result');
  benchProbeCost({ repo: option('--repo') }).then((result) => {
    if (resultFile) writeFileSync(resultFile, JSON.stringify(result));
  });
}
