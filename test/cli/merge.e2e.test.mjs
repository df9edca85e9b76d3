// End to end: `tsprof merge` of real runs. Functions and calling contexts add up across
// runs (the same merge as one run's process parts), hosts stay apart under --group host and
// in pprof labels, different commands and version 1 inputs are said so.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { runTsprof, scratchDirectory, repoRoot } from '../helpers/cli.mjs';
import { goPprof, requireConsumer } from '../helpers/consumers.mjs';
import { contextPaths, decodePprof } from '../helpers/exports.mjs';
import { readProfileJson } from '../helpers/profile-checks.mjs';

const TASKS = 120;
const DISPATCH_CHAIN = ['Task.delay', 'Task.applyAsync', 'QueueApp.sendTask', 'QueueApp.publishTask', 'Producer.publish'];
let out;
const runs = [];

async function profileRun(name, fixture, args) {
  const file = join(out, `${name}.json`);
  const result = await runTsprof(['--include', `fixtures/${fixture}/src`, '-o', join(out, `${name}.dot`), '--profile', file, '--', 'node', `fixtures/${fixture}/app.js`, ...args]);
  assert.equal(result.code, 0, result.stderr);
  return file;
}

async function merge(inputs, output) {
  const result = await runTsprof(['merge', ...inputs, '-o', output]);
  assert.equal(result.code, 0, result.stderr);
  return { result, merged: readProfileJson(output) };
}

/** Numbers per calling context, by the path of function identities from the root. */
function byPath(profile) {
  const paths = contextPaths(profile);
  const numbers = new Map();
  for (const context of profile.contexts) numbers.set(paths[context.id], context);
  return numbers;
}

/** The profile as if recorded on `host`: its process records and the keys naming them. */
function onHost(file, host) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const rename = (key) => `${host}/${key.replace(/^[^/]*\//, '')}`;
  for (const process of profile.processes) process.host = host;
  for (const fn of profile.functions) if (fn.processes) fn.processes = fn.processes.map(rename);
  const renamed = file.replace(/\.json$/, `.${host}.json`);
  writeFileSync(renamed, JSON.stringify(profile));
  return renamed;
}

/** Cluster label → the functions drawn in it ({ name, location } from each box's tooltip), from a DOT file. */
function dotClusters(dot) {
  const clusters = new Map();
  for (const block of dot.split('subgraph cluster_').slice(1)) {
    const label = block.match(/graph \[label="([^"]*)"/)[1];
    const body = block.slice(0, block.indexOf('\n  }'));
    clusters.set(label, [...body.matchAll(/tooltip="([^"\\]*)(?:\\n([^"\\]*))?/g)].map((match) => ({ name: match[1], location: match[2] ?? '' })));
  }
  return clusters;
}

before(async () => {
  out = scratchDirectory();
  for (const name of ['one', 'two', 'three']) runs.push(await profileRun(name, 'taskqueue', ['--tasks', String(TASKS)]));
});

test('three runs merged: every function and every context is the sum of the three; the dispatch chain is 3 × tasks', async () => {
  const { result, merged } = await merge(runs, join(out, 'merged.json'));
  const processes = runs.reduce((sum, file) => sum + readProfileJson(file).processes.length, 0);
  assert.match(result.stderr, new RegExp(`^tsprof: merged 3 profiles \\(${processes} processes on 1 host\\); wrote `, 'm'));
  assert.equal(merged.processes.length, processes, 'every process of every run is kept');
  assert.doesNotMatch(result.stderr, /different commands/);
  const singles = runs.map((file) => byPath(readProfileJson(file)));
  const mergedPaths = byPath(merged);
  const allPaths = new Set(singles.flatMap((single) => [...single.keys()]));
  assert.equal(mergedPaths.size, allPaths.size, 'one context per distinct path');
  for (const path of allPaths) {
    const sum = singles.reduce((total, single) => total + (single.get(path)?.calls ?? 0), 0);
    assert.equal(mergedPaths.get(path).calls, sum, path);
  }
  for (const name of DISPATCH_CHAIN) assert.equal(merged.nodes.find((node) => node.name === name).calls, 3 * TASKS, name);
  assert.equal(merged.wallMs, runs.reduce((sum, file) => sum + readProfileJson(file).wallMs, 0), 'wall times add up');
  const instrumented = runs.map((file) => readProfileJson(file).instrumentedWallMs);
  assert.ok(instrumented.every((ms) => ms > 0));
  assert.equal(merged.instrumentedWallMs, instrumented.reduce((sum, ms) => sum + ms, 0), 'so do instrumented wall times, not the span between runs');
});

test('one run merged three times: exactly 3 × calls and times on every function and context', async () => {
  const { result, merged } = await merge([runs[0], runs[0], runs[0]], join(out, 'thrice.json'));
  const sharedLines = result.stderr.split('\n').filter((line) => / appears? in more than one input /.test(line));
  assert.equal(sharedLines.length, 1, 'the same processes three times is said, once');
  assert.match(sharedLines[0], /^tsprof: (process [^ ]+\/\d+:\d+ appears|processes [^ ]+\/\d+:\d+.* appear) in more than one input \(.*one\.json, given more than once\); --group process and --group host draw each as one$/);
  const single = readProfileJson(runs[0]);
  const singlePaths = byPath(single);
  const mergedPaths = byPath(merged);
  assert.equal(mergedPaths.size, singlePaths.size);
  for (const [path, context] of singlePaths) {
    const tripled = mergedPaths.get(path);
    assert.equal(tripled.calls, 3 * context.calls, path);
    assert.ok(Math.abs(tripled.selfMs - 3 * context.selfMs) < 1e-9 && Math.abs(tripled.awaitMs - 3 * context.awaitMs) < 1e-9, path);
  }
  for (const node of single.nodes) assert.equal(merged.nodes.find((candidate) => candidate.name === node.name && candidate.file === node.file && candidate.line === node.line && candidate.column === node.column).calls, 3 * node.calls);
});

test('two hosts running different commands: said so, apart under --group host, pprof labels carry the host', async () => {
  const alpha = onHost(runs[0], 'alpha');
  const beta = onHost(await profileRun('pubsub', 'pubsub', ['--messages', '50']), 'beta');
  const mergedFile = join(out, 'hosts.json');
  const { result, merged } = await merge([alpha, beta], mergedFile);
  assert.match(result.stderr, /merging profiles of 2 different commands: node fixtures\/taskqueue\/app\.js --tasks 120 \(.*\); node fixtures\/pubsub\/app\.js --messages 50 /);
  assert.match(result.stderr, /\d+ processes on 2 hosts/);
  assert.deepEqual([...new Set(merged.processes.map((process) => process.host))], ['alpha', 'beta']);

  const dotFile = join(out, 'hosts.dot');
  const render = await runTsprof(['render', mergedFile, '--group', 'host', '--node-threshold', '0', '--max-nodes', '0', '-o', dotFile]);
  assert.equal(render.code, 0, render.stderr);
  const clusters = dotClusters(readFileSync(dotFile, 'utf8'));
  const clusterOf = (fixture) => [...new Set([...clusters].filter(([, functions]) => functions.some((fn) => fn.location.includes(`fixtures/${fixture}/`))).map(([label]) => label))];
  assert.deepEqual(clusterOf('taskqueue'), ['host alpha'], 'every taskqueue function in the alpha box');
  assert.deepEqual(clusterOf('pubsub'), ['host beta'], 'every pubsub function in the beta box');
  const names = (label) => clusters.get(label).map((fn) => fn.name);
  assert.ok(names('host alpha').includes('Producer.publish'), JSON.stringify(names('host alpha')));
  assert.ok(names('host beta').some((name) => name.startsWith('Publisher.')), JSON.stringify(names('host beta')));
  // What ran on both (tsprof's own "(tsprof: instrumenting)" on a cold transform cache) gets a box of its own.
  for (const [label, functions] of clusters) {
    if (label.includes(' + ')) assert.deepEqual(functions.filter((fn) => fn.location.includes('fixtures/')), [], `${label} holds no fixture function`);
  }

  const pprofFile = join(out, 'hosts.pb.gz');
  const exported = await runTsprof(['export', mergedFile, '--format', 'pprof', '-o', pprofFile]);
  assert.equal(exported.code, 0, exported.stderr);
  const samples = decodePprof(readFileSync(pprofFile)).samples;
  const hostsOf = (name) => new Set(samples.filter((sample) => sample.stack.at(-1).name === name).flatMap((sample) => sample.labels.filter(([key]) => key === 'host').map(([, host]) => host)));
  assert.deepEqual([...hostsOf('Producer.publish')], ['alpha']);
  assert.deepEqual([...hostsOf('(root)')].sort(), ['alpha', 'beta']);
});

test('a version 1 profile is upgraded when merged, and says what it lacks', async () => {
  const v1 = join(repoRoot, 'test', 'golden', 'taskqueue.profile.json');
  const { result, merged } = await merge([v1, runs[0]], join(out, 'with-v1.json'));
  assert.match(result.stderr, /taskqueue\.profile\.json is a version 1 profile without calling contexts; its \d+ caller → callee pairs have no path/);
  assert.equal(merged.version, 3);
  const v1Publish = JSON.parse(readFileSync(v1, 'utf8')).nodes.find((node) => node.name === 'Producer.publish');
  const runPublish = readProfileJson(runs[0]).nodes.find((node) => node.name === 'Producer.publish');
  const publishes = merged.nodes.filter((node) => node.name === 'Producer.publish');
  assert.equal(publishes.reduce((sum, node) => sum + node.calls, 0), v1Publish.calls + runPublish.calls);
});

test("go tool pprof merging two hosts' exports filters exactly by host", async (t) => {
  if (!requireConsumer(t, 'go', 'apt-get install golang-go')) return;
  const files = [];
  for (const [host, run] of [['alpha', runs[0]], ['beta', runs[1]]]) {
    const file = join(out, `${host}.pb.gz`);
    const result = await runTsprof(['export', onHost(run, host), '--format', 'pprof', '-o', file]);
    assert.equal(result.code, 0, result.stderr);
    files.push(file);
  }
  const publishCalls = (host) => {
    const top = goPprof(['-top', '-nodecount=200', '-sample_index=calls', `-tagfocus=host=${host}`, ...files]);
    const row = top.split('\n').find((line) => / Producer\.publish$/.test(line));
    return row ? Number(row.trim().split(/\s+/)[0]) : 0;
  };
  assert.equal(publishCalls('alpha'), TASKS);
  assert.equal(publishCalls('beta'), TASKS);
  assert.equal(publishCalls('gamma'), 0);
  const both = goPprof(['-top', '-nodecount=200', '-sample_index=calls', ...files]);
  assert.match(both, new RegExp(`^ +${2 * TASKS} .* Producer\\.publish$`, 'm'));
});
