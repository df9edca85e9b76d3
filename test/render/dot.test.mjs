import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCallGraph } from '../../dist/graph/build.js';
import { dropBelowThreshold } from '../../dist/graph/threshold.js';
import { markHotPath } from '../../dist/graph/hot-path.js';
import { applyGraphSteps } from '../../dist/graph/steps.js';
import { toDot } from '../../dist/render/dot.js';
import { quoteDotLabel, quoteDotString } from '../../dist/render/dot-escape.js';
import { dotToSvg } from '../../dist/render/svg.js';
import { asyncChainProfile, makeProfile } from '../helpers/graph-profiles.mjs';

const NASTY_NAME = 'say "hi" \\N <tag> & {a|b}\nnext';

function nastyGraph() {
  return markHotPath(
    buildCallGraph(
      makeProfile({
        wallMs: 100,
        command: ['node', 'my app.js', "it's"],
        nodes: [
          [1, NASTY_NAME, { totalMs: 80, selfMs: 5, awaitMs: 12.5, calls: 3, file: '/work/project/src/a b.ts', line: 7 }],
          [2, 'plain', { totalMs: 10, selfMs: 10, file: 'C:\\proj\\x.ts', line: 3 }],
        ],
        edges: [[0, 1, 3, 80], [1, 2, 1, 10]],
      }),
    ),
  );
}

const asyncGraph = (options = {}) => applyGraphSteps(buildCallGraph(asyncChainProfile()), { nodeThreshold: 0, edgeThreshold: 0, ...options });
const attributesOf = (dot, nodeId) => new RegExp(`^ +${nodeId} \\[(.*)\\];$`, 'm').exec(dot)?.[1];
const labelOf = (dot, nodeId) => /label=("(?:[^"\\]|\\.)*")/.exec(attributesOf(dot, nodeId))?.[1];
const edgeOf = (dot, from, to) => new RegExp(`^  ${from} -> ${to} \\[(.*)\\];$`, 'm').exec(dot)?.[1];
const titleOf = (dot) => /^ {2}graph \[.*?label="((?:[^"\\]|\\.)*)"/m.exec(dot)[1].split('\\n');

test('quoteDotString escapes quotes, backslashes and newlines', () => {
  assert.equal(quoteDotString('a"b\\c\nd\r\ne'), '"a\\"b\\\\c\\nd\\ne"');
  assert.equal(quoteDotString('tab\there'), '"tab here"');
  assert.equal(quoteDotString('ends with \\'), '"ends with \\\\"');
});

test('quoteDotLabel keeps each line on one line', () => {
  assert.equal(quoteDotLabel(['first\nline', 'second']), '"first line\\nsecond"');
});

test('labels from user code are escaped and Graphviz draws them literally', async () => {
  const dot = toDot(nastyGraph(), { cwd: '/work/project' });
  assert.equal(
    labelOf(dot, 'n1'),
    '"say \\"hi\\" \\\\N <tag> & {a|b} next\\ncalls: 3\\ntotal: 80.0 ms (80.0%)\\nself: 5.0 ms\\nawait: 12.5 ms\\nsrc/a b.ts:7"',
  );
  assert.match(dot, /tooltip="plain\\nC:\\\\proj\\\\x.ts:3"/);
  const svg = await dotToSvg(dot);
  assert.ok(svg.includes('say &quot;hi&quot; \\N &lt;tag&gt; &amp; {a|b} next'), 'name drawn as written, \\N not expanded');
  assert.ok(svg.includes('>src/a b.ts:7</text>'));
});

test('node labels: name, calls, total with share, self, await and awaited only when non-zero, location', () => {
  const dot = toDot(nastyGraph(), { cwd: '/work/project' });
  assert.equal(labelOf(dot, 'n2'), '"plain\\ncalls: 1\\ntotal: 10.0 ms (10.0%)\\nself: 10.0 ms\\nC:\\\\proj\\\\x.ts:3"');
  assert.equal(labelOf(dot, 'n0'), '"(root)\\ntotal: 100.0 ms (100.0%)"');
  const async = toDot(asyncGraph(), { cwd: '/project' });
  assert.equal(labelOf(async, 'n4'), '"acquire\\ncalls: 100\\ntotal: 2.0 ms (0.2%)\\nself: 2.0 ms\\nawaited: 4.50 s (4.5x wall)\\nsrc/acquire.ts:14"');
  assert.match(labelOf(async, 'n3'), /total: 10\.00 s \(10\.0x wall\)\\nself: 5\.0 ms\\nawait: 9\.90 s\\n/, 'overlapping calls as a multiple of the wall time');
});

test('paths outside the working directory are shown in full', () => {
  const dot = toDot(nastyGraph(), { cwd: '/somewhere/else' });
  assert.match(labelOf(dot, 'n1'), /\\n\/work\/project\/src\/a b.ts:7"$/);
});

test('mostly waiting functions are hollow: pale fill, thick border in the heat colour, black text', () => {
  const dot = toDot(asyncGraph(), { cwd: '/project' });
  const acquire = attributesOf(dot, 'n4');
  assert.match(acquire, /fillcolor="#ffcccc", fontcolor="#000000", color="#ff0000"/, 'awaited 4.5x wall: red, hollow');
  assert.match(acquire, /penwidth=3.5/);
  const write = attributesOf(dot, 'n6');
  assert.doesNotMatch(write, /penwidth=3.5/, 'write ran: a solid box');
  assert.match(write, /fillcolor="#[0-9a-f]{6}", fontcolor="#(?:000000|ffffff)", color="#000000", .*penwidth=2, peripheries=2/, 'on the hot path: double outline');
});

test('awaited calls are double lines with the awaited time in the label; other calls are single', () => {
  const dot = toDot(asyncGraph(), { cwd: '/project' });
  const awaited = edgeOf(dot, 'n3', 'n4');
  assert.match(awaited, /label="    100 calls\\n    2.0 ms\\n    awaited 4.50 s"/);
  assert.match(awaited, /color="(#[0-9a-f]{6}):invis:\1"/);
  const started = edgeOf(dot, 'n2', 'n3');
  assert.match(started, /label="    100 calls\\n    10.00 s"/);
  assert.match(started, /color="#[0-9a-f]{6}",/);
});

test('edges carry calls and time; the hot path is bold and at least 3 points wide', () => {
  const dot = toDot(nastyGraph(), { cwd: '/work/project' });
  const edge = edgeOf(dot, 'n0', 'n1');
  assert.match(edge, /label="    3 calls\\n    80.0 ms"/);
  assert.match(edge, /style="bold"/);
  assert.ok(Number(/penwidth=([\d.]+)/.exec(edge)[1]) >= 3);
  const light = edgeOf(dot, 'n1', 'n2');
  assert.match(light, /label="    1 call\\n    10.0 ms"/);
  assert.match(light, /style="bold"/, 'the heaviest edge out of n1 is on the hot path too');
});

test('edges through pruned nodes are dashed and the legend says so', () => {
  // a calls three light helpers (3% each) that each call h for 2.5%: 7.5% reach h through hidden nodes.
  const graph = dropBelowThreshold(
    buildCallGraph(
      makeProfile({
        wallMs: 100,
        nodes: [[1, 'a', { totalMs: 50 }], [2, 'x', { totalMs: 3 }], [3, 'y', { totalMs: 3 }], [4, 'z', { totalMs: 3 }], [5, 'h', { totalMs: 40 }]],
        edges: [[0, 1, 1, 50], [1, 2, 1, 3], [1, 3, 1, 3], [1, 4, 1, 3], [2, 5, 1, 2.5], [3, 5, 1, 2.5], [4, 5, 1, 2.5], [0, 5, 1, 32.5]],
      }),
    ),
    { nodeThreshold: 0.05, edgeThreshold: 0 },
  );
  const dot = toDot(graph, { cwd: '/' });
  assert.match(edgeOf(dot, 'n1', 'n5'), /style="dashed"/);
  assert.match(dot, /dashed: through hidden functions/);
  assert.doesNotMatch(dot, /hot path/, 'no hot path was marked');
});

test('the title: command, run facts, settings, what was hidden, and a legend of the marks used', () => {
  const lines = titleOf(toDot(applyGraphSteps(buildCallGraph(asyncChainProfile()), { nodeThreshold: 0.05, maxNodes: 5 }), { cwd: '/' }));
  assert.deepEqual(lines, [
    'tsprof: node app.js',
    'wall time 1.00 s, started 2025-01-01 00:00 UTC, 5 of 8 functions shown',
    'node threshold 5%, edge threshold 0.1%, max nodes 5',
    'hidden: 3 functions beyond the 5 heaviest (52.0 ms self time)',
    'colour and width: time in a function or awaiting it, as share of wall time: blue 1%, cyan 5%, green 25%, yellow 50%, red 100%',
    'Nx wall: async calls overlapped, N of them in flight on average',
    'await: time a function waited at its own awaits; awaited: time its callers waited on it',
    'hollow box: mostly waiting, not running; bold, double outline: hot path; dashed: through hidden functions',
  ]);
  assert.deepEqual(titleOf(toDot(nastyGraph(), { cwd: '/' })).slice(0, 2), [
    "tsprof: node 'my app.js' 'it'\\\\''s'",
    'wall time 100.0 ms, started 2025-01-01 00:00 UTC, 2 functions',
  ]);
  // tsprof's own instrumenting time is drawn when heavy, but is not one of the program's functions (as in the run summary).
  const instrumenting = makeProfile({
    wallMs: 100,
    nodes: [[1, 'main', { totalMs: 60 }], [2, '(tsprof: instrumenting)', { totalMs: 30, file: '' }]],
    edges: [[0, 1, 1, 60], [0, 2, 1, 30]],
  });
  assert.equal(titleOf(toDot(buildCallGraph(instrumenting), { cwd: '/' }))[1], 'wall time 100.0 ms, started 2025-01-01 00:00 UTC, 1 function');
  // A first run on a cold transform cache says so, even when its box is pruned away.
  assert.equal(titleOf(toDot(buildCallGraph(instrumenting), { cwd: '/' }))[2], 'first run: 30.0 ms transforming, cached for the next runs');
  const hidden = applyGraphSteps(buildCallGraph(instrumenting), { nodeThreshold: 0.5 });
  assert.ok(!hidden.nodes.some((node) => node.name === '(tsprof: instrumenting)'));
  assert.equal(titleOf(toDot(hidden, { cwd: '/' }))[2], 'first run: 30.0 ms transforming, cached for the next runs');
  assert.equal(titleOf(toDot(nastyGraph(), { title: 'my "run"' }))[0], 'my \\"run\\"');
  assert.match(titleOf(toDot(nastyGraph(), { colorBy: 'self' }))[2], /^colour and width: self time \(its own code running\), as share/);
});

test('fonts match the PNG renderer and the layout is top to bottom', () => {
  const dot = toDot(nastyGraph(), { cwd: '/' });
  for (const kind of ['graph', 'node', 'edge']) assert.match(dot, new RegExp(`^  ${kind} \\[.*fontname="DejaVu Sans"`, 'm'));
  assert.match(dot, /rankdir=TB/);
});

test('--color-by self and await change the fill, not the label', () => {
  const graph = asyncGraph();
  const byTotal = attributesOf(toDot(graph, { cwd: '/' }), 'n4');
  const bySelf = attributesOf(toDot(graph, { cwd: '/', colorBy: 'self' }), 'n4');
  const byAwait = attributesOf(toDot(graph, { cwd: '/', colorBy: 'await' }), 'n4');
  assert.notEqual(/fillcolor="([^"]+)"/.exec(byTotal)[1], /fillcolor="([^"]+)"/.exec(bySelf)[1]);
  assert.equal(/fillcolor="([^"]+)"/.exec(byTotal)[1], /fillcolor="([^"]+)"/.exec(byAwait)[1], 'acquire weighs what it was awaited');
  assert.equal(/label="([^"]+)"/.exec(byTotal)[1], /label="([^"]+)"/.exec(bySelf)[1]);
});

test('groups become clusters labelled with the path; boxes inside show the file name only', () => {
  const dot = toDot(asyncGraph({ group: 'module' }), { cwd: '/project' });
  assert.match(dot, /^ {2}subgraph cluster_0 \{\n {4}graph \[label="src", /m);
  assert.match(labelOf(dot, 'n1'), /\\nTask-delay\.ts:11"$/);
  assert.equal(attributesOf(dot, 'n0').includes('cluster'), false);
  assert.match(dot, /^ {2}n0 \[/m, 'the root stays outside any cluster');
  const byFile = toDot(asyncGraph({ group: 'file' }), { cwd: '/project' });
  assert.equal((byFile.match(/subgraph cluster_/g) ?? []).length, 8);
  assert.match(byFile, /graph \[label="src\/acquire\.ts", /);
});

test('generated text is ASCII, so the WebAssembly Graphviz prints no font warnings', () => {
  for (const graph of [nastyGraph(), asyncGraph({ group: 'file' })]) assert.match(toDot(graph, { cwd: '/' }), /^[\x00-\x7f]*$/);
});

test('a function that alone calls many others spreads them over three ranks, the heaviest right below it', async () => {
  const fanOut = (count) =>
    buildCallGraph(
      makeProfile({
        wallMs: 1000,
        nodes: Array.from({ length: count }, (_, index) => [index + 1, `handler${index + 1}`, { totalMs: 100 - index }]),
        edges: Array.from({ length: count }, (_, index) => [0, index + 1, 1, 100 - index]),
      }),
    );
  const lengths = (dot) => [...dot.matchAll(/^ {2}n0 -> n(\d+) \[.*?(?:minlen=(\d))?\];$/gm)].map((match) => [Number(match[1]), Number(match[2] ?? 1)]);
  const wide = toDot(fanOut(20), { cwd: '/' });
  assert.deepEqual(lengths(wide).slice(0, 4), [[1, 1], [2, 2], [3, 3], [4, 1]], 'the heaviest, handler1, stays one rank below the root');
  assert.equal(lengths(wide).filter(([, length]) => length > 1).length, 13);
  assert.ok(lengths(toDot(fanOut(8), { cwd: '/' })).every(([, length]) => length === 1), 'eight callees stay on one rank');
  const [, width, height] = /width="(\d+)pt" height="(\d+)pt"/.exec(await dotToSvg(wide));
  // On one rank they drew 4048 x 280 pt, 14 times wider than high.
  assert.ok(Number(width) / Number(height) < 6, `20 callees of the root drew ${width} x ${height} pt`);
});

test('--label latency: boxes show the p50 and p99 of their calls instead of self and await; the default label is unchanged', async () => {
  const { profileOf } = await import('../helpers/diff-profiles.mjs');
  // 98 quick publishes and two slow ones: the average (1.38 ms) hides the tail that p99 shows.
  const profile = profileOf([
    { path: ['sendTask'], calls: 100, selfMs: 10, totalMs: 150 },
    { path: ['sendTask', 'publish'], calls: 100, selfMs: 138, totalMs: 138, durations: [[1, 98], [20, 2]] },
  ]);
  const graph = applyGraphSteps(buildCallGraph(profile), { nodeThreshold: 0, edgeThreshold: 0 });
  const publish = graph.nodes.find((node) => node.name === 'Producer.publish');
  const sendTask = graph.nodes.find((node) => node.name === 'QueueApp.sendTask');
  const latency = toDot(graph, { cwd: '/app', label: 'latency' });
  assert.equal(labelOf(latency, `n${publish.id}`), '"Producer.publish\\ncalls: 100\\ntotal: 138.0 ms (13.8%)\\np50: 1.0 ms, p99: 20.0 ms\\nsrc/queue/producer.js:29"');
  // A function whose calls recorded no durations says nothing it does not know.
  assert.equal(labelOf(latency, `n${sendTask.id}`), '"QueueApp.sendTask\\ncalls: 100\\ntotal: 150.0 ms (15.0%)\\nsrc/queue/app.js:45"');
  assert.match(titleOf(latency).at(-1), /^p50, p99: half, and 99 in 100, of the calls took at most this long/);
  const times = toDot(graph, { cwd: '/app' });
  assert.equal(times, toDot(graph, { cwd: '/app', label: 'times' }));
  assert.match(labelOf(times, `n${publish.id}`), /\\nself: 138\.0 ms\\n/);
  assert.ok(!titleOf(times).some((line) => line.startsWith('p50')));
});
