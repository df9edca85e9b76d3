import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCallGraph, selectedCallGraph } from '../../dist/graph/build.js';
import { validateProfile } from '../../dist/profile/read.js';
import { formatReport } from '../../dist/render/report.js';
import { GOLDEN_CWD, goldenProfile } from '../helpers/render-golden.mjs';
import { makeProfile } from '../helpers/graph-profiles.mjs';

const fixtureProfile = () => validateProfile(goldenProfile('taskqueue'), 'taskqueue.profile.json');
const fixtureGraph = () => buildCallGraph(fixtureProfile());

/** The first column of the functions table: the lines between its header and the blank line after it. */
function tableNames(report) {
  const lines = report.split('\n');
  const header = lines.findIndex((line) => line.startsWith('  function'));
  const end = lines.indexOf('', header);
  return lines.slice(header + 1, end).filter((line) => line.startsWith('  ')).map((line) => line.trim().split(/\s{2,}/)[0]);
}

test('the text report lists the top functions by self time and the hot path through the awaited chain', () => {
  const report = formatReport(fixtureGraph(), { cwd: GOLDEN_CWD, top: 3 });
  assert.equal(
    report,
    [
      'tsprof: node fixtures/taskqueue/app.js (wall time 1.29 s)',
      '',
      'Top 3 functions by self time:',
      '  function          calls               total      self   await   awaited  p50  p90  p99  max  location',
      '  Transport.write   10001    188.5 ms (14.6%)  188.5 ms       -  292.2 ms    -    -    -    -  fixtures/taskqueue/src/queue/transport.js:46',
      '  reprForLogs       10000      74.8 ms (5.8%)   74.8 ms       -         -    -    -    -    -  fixtures/taskqueue/src/queue/app.js:102',
      '  Producer.publish   5000  7.45 s (5.8x wall)   70.9 ms  7.16 s    7.16 s    -    -    -    -  fixtures/taskqueue/src/queue/producer.js:25',
      'awaited above total: callers waited on the promise longer than the call ran (it returned a promise at once, or callers resumed in turn after it ended); awaited is never added to any total or self',
      '',
      'Hot path (time and awaited time of each call along it):',
      '  step  function              calls      time  awaited  p50  p90  p99  max  location',
      '     0  (root)',
      '     1  Task.delay             5000    9.4 ms        -    -    -    -    -  fixtures/taskqueue/src/queue/task.js:14',
      '     2  Task.applyAsync        5000    7.5 ms        -    -    -    -    -  fixtures/taskqueue/src/queue/task.js:18',
      '     3  QueueApp.sendTask      5000   14.76 s        -    -    -    -    -  fixtures/taskqueue/src/queue/app.js:45',
      '     4  QueueApp.publishTask   5000    7.54 s   7.16 s    -    -    -    -  fixtures/taskqueue/src/queue/app.js:56',
      '     5  Producer.publish       5000    7.45 s   7.16 s    -    -    -    -  fixtures/taskqueue/src/queue/producer.js:25',
      '     6  Transport.write        5000  138.4 ms  46.7 ms    -    -    -    -  fixtures/taskqueue/src/queue/transport.js:46',
      '',
    ].join('\n'),
  );
});

test('the table sorts by the chosen key and never lists the root', () => {
  const graph = fixtureGraph();
  assert.deepEqual(tableNames(formatReport(graph, { sortBy: 'total', top: 2 })), ['QueueApp.sendTask', 'QueueApp.publishTask']);
  assert.deepEqual(
    tableNames(formatReport(graph, { sortBy: 'await', top: 3 })),
    ['QueueApp.sendTask', 'ProducerPool.acquire', 'QueueApp.publishTask'],
    'a pool that callers queue on ranks by the time they awaited it',
  );
  assert.deepEqual(tableNames(formatReport(graph, { sortBy: 'calls', top: 2 })), ['encodeSpecialValue', 'decodeSpecialValue'], 'equal calls: the larger total first');
  assert.ok(!formatReport(graph, { top: 100 }).includes('  (root)  '));
  assert.match(formatReport(graph, { sortBy: 'calls', top: 1000 }), /Top 55 functions by calls:/);
});

test('a first run names its instrumenting time in the heading, not as the top function', () => {
  const graph = buildCallGraph(
    makeProfile({
      wallMs: 100,
      nodes: [[1, 'main', { totalMs: 60, selfMs: 20 }], [2, '(tsprof: instrumenting)', { totalMs: 30, selfMs: 30, file: '' }]],
      edges: [[0, 1, 1, 60], [0, 2, 1, 30]],
    }),
  );
  const report = formatReport(graph, { cwd: '/' });
  assert.equal(report.split('\n')[0], 'tsprof: node app.js (wall time 100.0 ms; first run: 30.0 ms transforming, cached for the next runs)');
  assert.deepEqual(tableNames(report), ['main']);
  const json = JSON.parse(formatReport(graph, { format: 'json' }));
  assert.equal(json.instrumentingMs, 30);
  assert.deepEqual(json.functions.map((entry) => entry.name), ['main']);
  assert.doesNotMatch(formatReport(fixtureGraph()), /first run/, 'a warm cache says nothing');
});

test('a focused graph reports only what is on its paths', () => {
  const report = formatReport(selectedCallGraph(fixtureProfile(), { focus: /publish/ }), { top: 100 });
  assert.ok(!tableNames(report).includes('Consumer.handleDelivery'));
  assert.ok(tableNames(report).includes('JsonSerializer.dumps'));
});

test('the markdown report is two tables whose cells cannot break out', () => {
  const graph = buildCallGraph(
    makeProfile({
      wallMs: 10,
      nodes: [[1, 'a|b <c> `d` *e*', { totalMs: 10, selfMs: 10, calls: 2, file: '/p/x.ts', line: 1 }]],
      edges: [[0, 1, 2, 10, 4]],
    }),
  );
  const report = formatReport(graph, { format: 'markdown', cwd: '/p' });
  assert.equal(
    report,
    [
      '### tsprof: node app.js (wall time 10.0 ms)',
      '',
      '**Top 1 functions by self time**',
      '',
      '| function | calls | total | self | await | awaited | p50 | p90 | p99 | max | location |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
      '| a\\|b &lt;c&gt; \\`d\\` \\*e\\* | 2 | 10.0 ms (100.0%) | 10.0 ms | - | 4.0 ms | - | - | - | - | x.ts:1 |',
      '',
      '**Hot path** (time and awaited time of each call along it)',
      '',
      '| step | function | calls | time | awaited | p50 | p90 | p99 | max | location |',
      '| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
      '| 0 | (root) |  |  |  |  |  |  |  |  |',
      '| 1 | a\\|b &lt;c&gt; \\`d\\` \\*e\\* | 2 | 10.0 ms | 4.0 ms | - | - | - | - | x.ts:1 |',
      '',
    ].join('\n'),
  );
});

test('the json report carries the raw numbers', () => {
  const data = JSON.parse(formatReport(fixtureGraph(), { format: 'json', top: 2, sortBy: 'await', cwd: GOLDEN_CWD }));
  assert.deepEqual(Object.keys(data), ['command', 'startedAt', 'wallMs', 'instrumentingMs', 'settings', 'sortBy', 'functions', 'hotPath']);
  assert.equal(data.wallMs, 1290.23);
  assert.deepEqual(data.functions[1], {
    name: 'ProducerPool.acquire',
    location: 'fixtures/taskqueue/src/queue/pool.js:28',
    calls: 5000,
    totalMs: 3.23,
    selfMs: 2.08,
    awaitMs: 0,
    awaitedMs: 7206.49,
    latencyMs: null,
  });
  assert.deepEqual(data.hotPath.map((step) => step.name), ['(root)', 'Task.delay', 'Task.applyAsync', 'QueueApp.sendTask', 'QueueApp.publishTask', 'Producer.publish', 'Transport.write']);
  assert.equal(data.hotPath[0].calls, null);
  assert.deepEqual(Object.keys(data.hotPath[4]), ['name', 'location', 'calls', 'totalMs', 'awaitedMs', 'latencyMs'], "a step's await is its caller's, named as a function's awaitedMs");
  assert.equal(data.hotPath[4].awaitedMs, 7164.61);
});

test('a profile without calls says so instead of printing an empty chain', () => {
  const empty = buildCallGraph(makeProfile({ nodes: [], edges: [] }));
  assert.match(formatReport(empty), /Hot path \(.*\):\n {2}\(no calls recorded\)/);
  assert.match(formatReport(empty, { format: 'markdown' }), /\*\*Hot path\*\* .*\n\n\(no calls recorded\)/);
  assert.deepEqual(JSON.parse(formatReport(empty, { format: 'json' })).hotPath, []);
});

test('a report of selected paths says so under its heading, in every format', () => {
  const graph = selectedCallGraph(validateProfile(goldenProfile('taskqueue-v2'), 'taskqueue-v2'), { root: /Producer\.publish$/ });
  const text = formatReport(graph, { cwd: GOLDEN_CWD });
  assert.match(text, /^tsprof: .*\nroot \/Producer\\\.publish\$\/ \(numbers of the selected paths only\)\n\nTop /);
  assert.match(formatReport(graph, { format: 'markdown', cwd: GOLDEN_CWD }), /\n\*root \/Producer\\\\\.publish\$\/ \(numbers of the selected paths only\)\*\n/);
  assert.deepEqual(JSON.parse(formatReport(graph, { format: 'json', cwd: GOLDEN_CWD })).settings, ['root /Producer\\.publish$/ (numbers of the selected paths only)']);
  const write = JSON.parse(formatReport(graph, { format: 'json', top: 100 })).functions.find((entry) => entry.name === 'Transport.write');
  assert.equal(write.calls, 5000, 'the publish side only');
});
