import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCallGraph } from '../../dist/graph/build.js';
import { dropBelowThreshold } from '../../dist/graph/threshold.js';
import { markHotPath } from '../../dist/graph/hot-path.js';
import { toDot } from '../../dist/render/dot.js';
import { quoteDotLabel, quoteDotString } from '../../dist/render/dot-escape.js';
import { dotToSvg } from '../../dist/render/svg.js';
import { makeProfile } from '../helpers/graph-profiles.mjs';

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

const labelOf = (dot, nodeId) => new RegExp(`^  ${nodeId} \\[.*?label=("(?:[^"\\\\]|\\\\.)*")`, 'm').exec(dot)?.[1];

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

test('node labels: name, calls, total with share, self, await only when non-zero, location', () => {
  const dot = toDot(nastyGraph(), { cwd: '/work/project' });
  assert.equal(labelOf(dot, 'n2'), '"plain\\ncalls: 1\\ntotal: 10.0 ms (10.0%)\\nself: 10.0 ms\\nC:\\\\proj\\\\x.ts:3"');
  assert.equal(labelOf(dot, 'n0'), '"(root)\\ntotal: 100.0 ms (100.0%)"');
});

test('paths outside the working directory are shown in full', () => {
  const dot = toDot(nastyGraph(), { cwd: '/somewhere/else' });
  assert.match(labelOf(dot, 'n1'), /\\n\/work\/project\/src\/a b.ts:7"$/);
});

test('edges carry calls and time; the hot path is bold and at least 3 points wide', () => {
  const dot = toDot(nastyGraph(), { cwd: '/work/project' });
  const edge = /^  n0 -> n1 \[(.*)\];$/m.exec(dot)[1];
  assert.match(edge, /label="    3 calls\\n    80.0 ms"/);
  assert.match(edge, /style="bold"/);
  assert.ok(Number(/penwidth=([\d.]+)/.exec(edge)[1]) >= 3);
  const light = /^  n1 -> n2 \[(.*)\];$/m.exec(dot)[1];
  assert.match(light, /label="    1 call\\n    10.0 ms"/);
  assert.match(light, /style="bold"/, 'the heaviest edge out of n1 is on the hot path too');
});

test('edges through pruned nodes are dashed and the legend says so', () => {
  const graph = dropBelowThreshold(
    buildCallGraph(
      makeProfile({
        wallMs: 100,
        nodes: [[1, 'a', { totalMs: 50 }], [2, 'tiny', { totalMs: 1 }], [3, 'h', { totalMs: 40 }]],
        edges: [[0, 1, 1, 50], [1, 2, 1, 1], [2, 3, 1, 1], [0, 3, 1, 39]],
      }),
    ),
    { nodeThreshold: 0.05, edgeThreshold: 0 },
  );
  const dot = toDot(graph, { cwd: '/' });
  assert.match(/^  n1 -> n3 \[(.*)\];$/m.exec(dot)[1], /style="dashed"/);
  assert.match(dot, /dashed: through pruned nodes/);
  assert.doesNotMatch(dot, /bold: hot path/, 'no hot path was marked');
});

test('the title names the command and the wall time; fonts match the PNG renderer', () => {
  const dot = toDot(nastyGraph(), { cwd: '/' });
  assert.match(dot, /label="tsprof: node 'my app.js' 'it'\\\\''s'\\nwall time 100.0 ms, started 2025-01-01T00:00:00.000Z\\n/);
  assert.match(toDot(nastyGraph(), { title: 'my "run"' }), /label="my \\"run\\"\\nwall time 100.0 ms/);
  for (const kind of ['graph', 'node', 'edge']) assert.match(dot, new RegExp(`^  ${kind} \\[.*fontname="DejaVu Sans"`, 'm'));
  assert.match(dot, /rankdir=TB/);
});

test('generated text is ASCII, so the WebAssembly Graphviz prints no font warnings', () => {
  const dot = toDot(nastyGraph(), { cwd: '/' });
  assert.match(dot, /^[\x00-\x7f]*$/);
});
