'use strict';
// Render time of large profiles, stage by stage, against the 2 s budget for a
// PNG of a ~500-function profile with the default pruning:
//  - a synthetic profile of 500 functions (deterministic: same graph every run),
//    sync call trees, recursion and async chains whose callers await them;
//  - the real profile of fixtures/large-library (the TypeScript compiler
//    transpiling src/), made by running tsprof on it unless
//    out/large-library.profile.json is already there (delete it to re-run).
// Prints milliseconds per stage and the total as a fraction of the budget.
// TSPROF_BENCH_QUICK=1 leaves out the large library (profiling it takes minutes).
const { spawnSync } = require('node:child_process');
const { existsSync, mkdtempSync, readFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { buildCallGraph } = require('../dist/graph/build.js');
const { validateProfile } = require('../dist/profile/read.js');
const { applyGraphSteps } = require('../dist/graph/steps.js');
const { toDot } = require('../dist/render/dot.js');
const { dotToSvg } = require('../dist/render/svg.js');
const { svgToPng } = require('../dist/render/png.js');
const { median } = require('./timing.js');

const root = join(__dirname, '..');
const BUDGET_MS = 2000;
const LARGE_LIBRARY_PROFILE = join(root, 'out', 'large-library.profile.json');

/** A small deterministic generator (mulberry32), so the synthetic graph is the same in every run. */
function randomFrom(seed) {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * 500 functions in 25 files: each function calls 1–4 functions of a later
 * "layer", with a heavy-tailed time; one in 20 calls is awaited (the callee
 * returns a promise and its caller waits for it); one in 30 calls goes back
 * up (recursion), with no time of its own, as the runtime records it.
 */
function syntheticProfile(functions = 500) {
  const random = randomFrom(500);
  const nodes = [{ id: 0, name: '(root)', file: '', line: 0, calls: 0, selfMs: 0, totalMs: 0, awaitMs: 0 }];
  for (let id = 1; id <= functions; id++) {
    nodes.push({
      id,
      name: `Module${id % 25}.function${id}`,
      file: `/bench/src/module${id % 25}.js`,
      line: 10 + id,
      calls: 0,
      selfMs: 0,
      totalMs: 0,
      awaitMs: 0,
    });
  }
  const edges = [];
  const addEdge = (caller, callee, calls, totalMs, awaitMs) => {
    edges.push({ caller, callee, calls, totalMs, awaitMs });
    nodes[callee].calls += calls;
    nodes[callee].totalMs += totalMs;
    nodes[caller].awaitMs += awaitMs;
  };
  for (let id = 1; id <= 8; id++) addEdge(0, id, 1 + Math.floor(random() * 50), 200 * random() ** 2, 0);
  for (let caller = 1; caller <= functions; caller++) {
    const fanOut = caller > functions - 40 ? 0 : 1 + Math.floor(random() * 4);
    for (let index = 0; index < fanOut; index++) {
      const callee = Math.min(functions, caller + 1 + Math.floor(random() * 60));
      if (callee === caller || edges.some((edge) => edge.caller === caller && edge.callee === callee)) continue;
      const totalMs = 300 * random() ** 4;
      const awaited = random() < 0.05;
      addEdge(caller, callee, 1 + Math.floor(random() * 500), awaited ? totalMs / 50 : totalMs, awaited ? totalMs : 0);
    }
    if (caller > 20 && random() < 1 / 30) addEdge(caller, caller - 1 - Math.floor(random() * 20), 1 + Math.floor(random() * 20), 0, 0);
  }
  for (const node of nodes.slice(1)) node.selfMs = node.totalMs * (0.2 + 0.6 * random());
  // Written as functions and caller → callee pairs (version 1, the shortest way to state a graph), read as tsprof reads it.
  return validateProfile({ version: 1, command: ['node', 'synthetic.js'], startedAt: '2025-01-01T00:00:00.000Z', wallMs: 1500, nodes, edges, processes: [], files: [] }, 'synthetic');
}

function largeLibraryProfile() {
  if (!existsSync(LARGE_LIBRARY_PROFILE)) {
    console.log('  (profiling fixtures/large-library/exercise.js once; this takes a while)');
    const out = mkdtempSync(join(tmpdir(), 'tsprof-bench-'));
    const result = spawnSync(
      process.execPath,
      [join(root, 'bin', 'tsprof.js'), '--include-package', 'typescript', '-o', join(out, 'calls.dot'), '--profile', LARGE_LIBRARY_PROFILE,
        '--', 'node', 'fixtures/large-library/exercise.js', '--rounds', '3'],
      { cwd: root, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } },
    );
    rmSync(out, { recursive: true, force: true });
    if (result.status !== 0) throw new Error(`profiling the large library failed:\n${result.stderr}`);
  }
  return JSON.parse(readFileSync(LARGE_LIBRARY_PROFILE, 'utf8'));
}

async function timeStages(profile, options) {
  const stages = {};
  let started = performance.now();
  const lap = (name) => {
    const now = performance.now();
    stages[name] = now - started;
    started = now;
  };
  const graph = applyGraphSteps(buildCallGraph(profile), options);
  lap('graph');
  const dot = toDot(graph, { cwd: '/' });
  lap('dot');
  const svg = await dotToSvg(dot);
  lap('layout');
  const png = await svgToPng(svg);
  lap('png');
  return { stages, shown: graph.nodes.length - 1, width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

async function benchOne(label, profile, options, repetitions) {
  const runs = [];
  for (let repetition = 0; repetition < repetitions; repetition++) runs.push(await timeStages(profile, options));
  const stage = (name) => median(runs.map((run) => run.stages[name]));
  const total = median(runs.map((run) => Object.values(run.stages).reduce((sum, ms) => sum + ms, 0)));
  const functions = profile.functions.length - 1;
  console.log(
    `  ${label.padEnd(34)} ${String(runs[0].shown).padStart(4)} of ${String(functions).padStart(4)} functions   ` +
      `graph ${stage('graph').toFixed(0).padStart(4)}  dot ${stage('dot').toFixed(0).padStart(3)}  layout ${stage('layout').toFixed(0).padStart(5)}  ` +
      `png ${stage('png').toFixed(0).padStart(5)} ms (${runs[0].width}x${runs[0].height})   total ${total.toFixed(0).padStart(5)} ms = ${(total / BUDGET_MS).toFixed(2)} of budget`,
  );
  return total;
}

async function benchRender({ repetitions = 3 } = {}) {
  console.log(`render time, profile JSON in memory → PNG (median of ${repetitions}; budget ${BUDGET_MS} ms with default pruning)`);
  const synthetic = syntheticProfile();
  const fifty = await benchOne('synthetic, --max-nodes 50', synthetic, { maxNodes: 50 }, repetitions);
  console.log(`  PNG of a 50-function graph: ${fifty.toFixed(0)} ms (target ≤ 300 ms, sized to fit a screen)`);
  const defaults = await benchOne('synthetic, default pruning', synthetic, {}, repetitions);
  await benchOne('synthetic, --max-nodes 150', synthetic, { maxNodes: 150 }, 1);
  if (process.env.TSPROF_BENCH_QUICK) return { syntheticRatio: defaults / BUDGET_MS };
  const large = largeLibraryProfile();
  const real = await benchOne('large library, default pruning', large, {}, repetitions);
  return { syntheticRatio: defaults / BUDGET_MS, largeLibraryRatio: real / BUDGET_MS };
}

if (require.main === module) {
  benchRender().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}

module.exports = { benchRender, largeLibraryProfile, syntheticProfile };
