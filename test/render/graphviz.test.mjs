import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import Viz from '@aduh95/viz.js';
import createVizWorker from '@aduh95/viz.js/worker';
import { layoutDot, warmUpGraphviz } from '../../dist/render/graphviz.js';
import { warmUpRaster } from '../../dist/render/png.js';
import { readSvgScene } from '../../dist/render/svg-scene.js';
import { dotToSvg, warmUpSvg } from '../../dist/render/svg.js';
import { scratchDirectory } from '../helpers/cli.mjs';
import { goldenDot } from '../helpers/render-golden.mjs';

const graphvizModule = fileURLToPath(new URL('../../dist/render/graphviz.js', import.meta.url));

// tsprof talks to viz.js's worker itself (so the worker starts at once); viz.js's own
// client, `Viz`, is the oracle: the same DOT gives the same bytes through both.
test("layouts match viz.js's own client byte for byte", async () => {
  const viz = new Viz({ worker: createVizWorker() });
  try {
    for (const name of ['taskqueue', 'edge-cases']) {
      const dot = await goldenDot(name);
      assert.equal(await layoutDot(dot), await viz.renderString(dot, { format: 'svg', engine: 'dot' }), name);
    }
    const json = await layoutDot('digraph { a -> b }', { format: 'json' });
    assert.deepEqual(JSON.parse(json).edges.map((edge) => [edge.tail, edge.head]), [[0, 1]]);
  } finally {
    await viz.terminateWorker();
  }
});

test("a graph Graphviz cannot read rejects with Graphviz's message, and the next layout still works", async () => {
  await assert.rejects(layoutDot('digraph { a -> }'), /syntax error in line 1/);
  assert.match(await layoutDot('digraph { a -> b }'), /<svg/);
});

// The PNG's raster warms up on the warm-up layout (render/output.ts): a warm-up whose SVG the
// scene reader refused would warm nothing, silently, and one in other fonts than a real picture's
// would leave Skia's glyphs for those to the real picture.
test('the warm-up is laid out once per worker, and its SVG, typeset, is one the PNG raster draws in every font of a real picture', async () => {
  const first = warmUpGraphviz();
  assert.equal(warmUpGraphviz(), first);
  assert.ok(await first, 'the worker laid the warm-up out');
  const svg = await warmUpSvg();
  const scene = readSvgScene(svg);
  assert.ok(scene, 'the scene reader reads the warm-up');
  const kinds = new Set(scene.shapes.map((shape) => shape.kind));
  for (const kind of ['text', 'path', 'polygon']) assert.ok(kinds.has(kind), `the warm-up draws a ${kind}`);
  const fonts = (drawn) => new Set(drawn.shapes.filter((shape) => shape.kind === 'text').map((shape) => shape.font));
  const warmFonts = fonts(scene);
  for (const font of fonts(readSvgScene(await dotToSvg(await goldenDot('taskqueue'))))) assert.ok(warmFonts.has(font), `the warm-up draws in ${font}`);
  await warmUpRaster(svg);
  await warmUpRaster('<svg>not Graphviz</svg>'); // nothing to warm: resolves, never throws
});

test('layouts sent together, before the worker has started, each come back to its own caller', () => {
  // In a new process, so that the worker is still starting when they are sent: viz.js's worker
  // started its WebAssembly once for each such message, and the third of three failed.
  const script = `const { layoutDot } = require(${JSON.stringify(graphvizModule)});
    const names = ['n0', 'n1', 'n2', 'n3', 'n4'];
    Promise.allSettled(names.map((name) => layoutDot('digraph { ' + name + ' }'))).then((results) =>
      console.log(JSON.stringify(results.map((result, index) => result.status === 'fulfilled' ? result.value.includes('>' + names[index] + '</text>') : result.reason.message))));`;
  const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(JSON.parse(run.stdout), [true, true, true, true, true]);
});

test('the worker never keeps a process alive: it ends after its layouts, and when the worker was started and never asked for one', () => {
  for (const script of [
    `require(${JSON.stringify(graphvizModule)}).layoutDot('digraph { a -> b }').then((svg) => console.log(svg.length > 0))`,
    `require(${JSON.stringify(graphvizModule)}).startGraphviz(); console.log(true)`,
  ]) {
    const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(run.signal, null, `still running after 30 s: ${script}`);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout.trim(), 'true');
  }
});

test('a worker that cannot start fails the layout (a rejection), never its caller (no throw)', () => {
  const script = `require('node:worker_threads').Worker = class { constructor() { throw new Error('no threads here'); } };
    let promise;
    try { promise = require(${JSON.stringify(graphvizModule)}).layoutDot('digraph { a }'); } catch (error) { console.log('threw: ' + error.message); process.exit(0); }
    promise.then(() => console.log('laid out'), (error) => console.log('rejected: ' + error.message));`;
  const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout.trim(), 'rejected: no threads here');
});

// V8 takes compiled code from a cache only when the flags hash as they did when it was made, and a
// new thread hashes them anew: a cache a thread started after the layout refuses shows that a flag
// was set. Each case in a new process, as a V8 flag holds for the whole process.
test('Liftoff alone only when asked (the CLI), set in the worker once it has started; the library sets no V8 flag', () => {
  const script = (askLiftoff) => `const { Script } = require('node:vm');
    const { Worker } = require('node:worker_threads');
    const source = 'function add(a, b) { return a + b }';
    const cachedData = new Script(source).createCachedData();
    const graphviz = require(${JSON.stringify(graphvizModule)});
    if (${askLiftoff}) graphviz.useLiftoffCodeOnly();
    graphviz.layoutDot('digraph { a -> b }').then((svg) => {
      const check = "const { Script } = require('node:vm'); const { workerData, parentPort } = require('node:worker_threads');" +
        "parentPort.postMessage(new Script(workerData.source, { cachedData: workerData.cachedData }).cachedDataRejected)";
      const worker = new Worker(check, { eval: true, workerData: { source, cachedData } });
      worker.once('message', (flagSet) => {
        console.log(JSON.stringify({ laidOut: svg.includes('<svg'), flagSet }));
        worker.terminate();
      });
    });`;
  for (const [askLiftoff, flagSet] of [[false, false], [true, true]]) {
    const run = spawnSync(process.execPath, ['-e', script(askLiftoff)], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), { laidOut: true, flagSet }, `asked for Liftoff: ${askLiftoff}`);
  }
});

test('bundled into a program, away from its worker entry, the library still lays out (through viz.js as the entry)', () => {
  const directory = scratchDirectory('tsprof-bundled-');
  const entry = join(directory, 'app.js');
  writeFileSync(entry, `require(${JSON.stringify(graphvizModule)}).layoutDot('digraph { a -> b }').then((svg) => console.log(svg.includes('<svg')), (error) => console.log('rejected: ' + error.message));`);
  buildSync({ entryPoints: [entry], outfile: join(directory, 'out', 'app.js'), bundle: true, platform: 'node', format: 'cjs', packages: 'external', logLevel: 'silent' });
  // The bundle's packages (viz.js) from this checkout's node_modules.
  const nodeModules = fileURLToPath(new URL('../../node_modules', import.meta.url));
  const run = spawnSync(process.execPath, [join(directory, 'out', 'app.js')], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, NODE_PATH: nodeModules } });
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout.trim(), 'true');
});
