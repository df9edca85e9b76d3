// The diff picture: the head's graph drawn by the usual stages, boxes and
// arrows coloured and labelled by change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { profileOf } from '../helpers/diff-profiles.mjs';

const require = createRequire(import.meta.url);
const { diffRuns } = require('../../dist/compare/diff.js');
const { changeDecoration } = require('../../dist/compare/diff-picture.js');
const { runTable } = require('../../dist/compare/runs.js');
const { DEFAULT_VERDICT_SETTINGS } = require('../../dist/compare/verdict.js');
const { buildCallGraph } = require('../../dist/graph/build.js');
const { toDot } = require('../../dist/render/dot.js');

const base = profileOf([
  { path: ['sendTask'], calls: 100, selfMs: 50, totalMs: 400 },
  { path: ['sendTask', 'publish'], calls: 100, selfMs: 100, totalMs: 300 },
  { path: ['sendTask', 'publish', 'dumps'], calls: 100, selfMs: 150, totalMs: 200 },
  { path: ['sendTask', 'acquire'], calls: 100, selfMs: 60 },
]);
const head = profileOf([
  { path: ['sendTask'], calls: 100, selfMs: 50, totalMs: 500 },
  { path: ['sendTask', 'publish'], calls: 100, selfMs: 100, totalMs: 400 },
  { path: ['sendTask', 'publish', 'dumps'], calls: 200, selfMs: 300, totalMs: 400 },
  { path: ['sendTask', 'publish', 'logSize'], calls: 100, selfMs: 80 },
]);

function drawn() {
  const diff = diffRuns([runTable(base, 'base.json')], [runTable(head, 'head.json')], { settings: DEFAULT_VERDICT_SETTINGS });
  const graph = buildCallGraph(head);
  return toDot(graph, { cwd: '/app', decoration: changeDecoration(diff, { base: [base], head: [head] }, graph) });
}

const nodeLine = (dot, name) => dot.split('\n').find((line) => line.includes(`label="${name}\\n`));
const fill = (line) => /fillcolor="(#[0-9a-f]{6})"/.exec(line)[1];
const isWarm = (hex) => parseInt(hex.slice(1, 3), 16) > parseInt(hex.slice(5, 7), 16) + 40;

test('more calls are warm, unchanged grey; labels show base -> head and the delta', () => {
  const dot = drawn();
  const dumps = nodeLine(dot, 'JsonSerializer.dumps');
  assert.ok(isWarm(fill(dumps)), `dumps filled ${fill(dumps)}`);
  assert.match(dumps, /calls: 100 -> 200 \(\+100\)\\nself: 150\.0 ms -> 300\.0 ms \(\+100\.0%\)/);
  const publish = nodeLine(dot, 'Producer.publish');
  const [r, g, b] = [1, 3, 5].map((start) => parseInt(fill(publish).slice(start, start + 2), 16));
  assert.ok(r === g && g === b, `publish is grey, filled ${fill(publish)}`);
  assert.match(dot, /n\d+ -> n\d+ \[label="    100 -> 200 calls"/);
});

test('a function new in the head is marked NEW with a dashed border, its arrow dashed; vanished ones are named in the title', () => {
  const dot = drawn();
  const logSize = nodeLine(dot, 'logSize');
  assert.match(logSize, /label="logSize\\nNEW\\n/);
  assert.match(logSize, /style="filled,rounded,dashed"/);
  assert.match(dot, /label="    new\\n    100 calls"[^\]]*style="dashed"/);
  assert.match(dot, /vanished since the base: ProducerPool\.acquire/);
  assert.match(dot, /times not judged \(1 run each\): colours show changes in calls only/);
  assert.doesNotMatch(dot, /as share of wall time: blue 1%/, 'the heat legend is replaced');
});

test('several runs a side: an arrow whose calls vary between runs is grey and says so unless the ranges part; a real change is warm', () => {
  // onData's calls depend on how the kernel splits the stream: 40-45 per side; dumps doubles in the head.
  const run = (onData, dumps) =>
    profileOf([
      { path: ['sendTask'], calls: 10, selfMs: 5 },
      { path: ['sendTask', 'onData'], calls: onData, selfMs: 5 },
      { path: ['sendTask', 'dumps'], calls: dumps, selfMs: 5 },
    ]);
  const bases = [run(40, 10), run(45, 10), run(42, 10)];
  const heads = [run(44, 20), run(41, 20), run(43, 20)];
  const diff = diffRuns(bases.map((profile, index) => runTable(profile, `base.${index}.json`)), heads.map((profile, index) => runTable(profile, `head.${index}.json`)), { settings: DEFAULT_VERDICT_SETTINGS });
  const graph = buildCallGraph(heads[0]);
  const dot = toDot(graph, { cwd: '/app', decoration: changeDecoration(diff, { base: bases, head: heads }, graph), nodeThreshold: 0, edgeThreshold: 0 });
  const arrow = (label) => dot.split('\n').find((line) => line.includes(` -> n`) && line.includes(label));
  // Medians 42 -> 43; drawn before from the first runs alone: 40 -> 44, warm.
  const varies = arrow('42 -> 43 calls (varies)');
  assert.ok(varies, dot);
  const [r, g, b] = [1, 3, 5].map((start) => parseInt(/color="(#[0-9a-f]{6})"/.exec(varies)[1].slice(start, start + 2), 16));
  assert.ok(r === g && g === b, `the varying arrow is grey: ${varies}`);
  assert.ok(isWarm(/color="(#[0-9a-f]{6})"/.exec(arrow('10 -> 20 calls'))[1]), 'the doubled arrow is warm');
  assert.match(dot, /boxes and arrows: medians of 3 base and 3 head runs/);
});

test("the root's arrows compare with the base's like any other: the same calls are not new", () => {
  const { headKeyOfBase } = require('../../dist/compare/runs.js');
  const baseTables = [runTable(base, 'base.json')];
  const headTables = [runTable(head, 'head.json')];
  const diff = diffRuns(baseTables, headTables, { settings: DEFAULT_VERDICT_SETTINGS });
  const graph = buildCallGraph(head);
  const dot = toDot(graph, { cwd: '/app', decoration: changeDecoration(diff, { base: [base], head: [head], baseKeyToHead: headKeyOfBase(baseTables, headTables) }, graph) });
  const fromRoot = dot.split('\n').filter((line) => /^ {2}n0 -> /.test(line));
  assert.ok(fromRoot.length > 0);
  for (const line of fromRoot) assert.match(line, /label="    100 calls"/, line);
});
