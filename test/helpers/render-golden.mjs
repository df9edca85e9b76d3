// The golden profiles, and the options each golden DOT file is drawn with, shared by the render tests.
import { readFileSync } from 'node:fs';
import { buildCallGraph } from '../../dist/graph/build.js';
import { applyGraphSteps } from '../../dist/graph/steps.js';
import { toDot } from '../../dist/render/dot.js';

/** The paths in the golden profiles are under this directory, as if tsprof ran there. */
export const GOLDEN_CWD = '/home/dev/tsprof';

const profileUrl = (name) => new URL(`../golden/${name}.profile.json`, import.meta.url);

/**
 * Each case is one `tsprof render` invocation: a profile, graph options and
 * drawing options, and the checked-in DOT it must produce.
 *  - taskqueue: a real run of the fixture (5000 tasks) with the defaults;
 *  - taskqueue.focus-publish: `--focus publish`, the publish chain alone;
 *  - taskqueue.group-file: `--group file --color-by await --max-nodes 12`;
 *  - taskqueue-v2*: a real run in profile format 2 (calling contexts): the
 *    default picture, `--focus publish` and `--root 'Producer\.publish$'`,
 *    whose shared helpers (Transport.write, crc32) count the publish side's
 *    calls only, where the version 1 focus-publish counts the consumer's too;
 *  - edge-cases: a hand-made profile without pruning, so every kind of mark
 *    shows: a self-loop, mutual recursion, `<anonymous>`, quotes in a name,
 *    awaited and unawaited calls, two processes (`--group process`).
 */
export const GOLDEN_CASES = [
  { name: 'taskqueue', profile: 'taskqueue', graph: {}, dot: {} },
  { name: 'taskqueue.focus-publish', profile: 'taskqueue', graph: { focus: /publish/ }, dot: {} },
  { name: 'taskqueue.group-file', profile: 'taskqueue', graph: { group: 'file', maxNodes: 12 }, dot: { colorBy: 'await' } },
  { name: 'taskqueue-v2', profile: 'taskqueue-v2', graph: {}, dot: {} },
  { name: 'taskqueue-v2.focus-publish', profile: 'taskqueue-v2', graph: { focus: /publish/ }, dot: {} },
  { name: 'taskqueue-v2.root-publish', profile: 'taskqueue-v2', graph: { root: /Producer\.publish$/ }, dot: {} },
  { name: 'edge-cases', profile: 'edge-cases', graph: { nodeThreshold: 0, edgeThreshold: 0, maxNodes: 0, group: 'process' }, dot: {} },
];

export function goldenProfile(name = 'taskqueue') {
  return JSON.parse(readFileSync(profileUrl(name), 'utf8'));
}

export function goldenDotUrl(name) {
  return new URL(`../golden/${name}.dot`, import.meta.url);
}

/** The graph of one case, by case name; the default is the real fixture run drawn with the defaults. */
export function goldenGraph(name = 'taskqueue') {
  const golden = GOLDEN_CASES.find((candidate) => candidate.name === name);
  return applyGraphSteps(buildCallGraph(goldenProfile(golden.profile)), golden.graph);
}

export function goldenDot(name = 'taskqueue') {
  const golden = GOLDEN_CASES.find((candidate) => candidate.name === name);
  return toDot(goldenGraph(name), { cwd: GOLDEN_CWD, ...golden.dot });
}
