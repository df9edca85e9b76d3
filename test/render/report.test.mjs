import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCallGraph } from '../../dist/graph/build.js';
import { formatReport } from '../../dist/render/report.js';
import { GOLDEN_CWD, goldenGraph } from '../helpers/render-golden.mjs';
import { makeProfile } from '../helpers/graph-profiles.mjs';

/** The first column of the table: the lines between its header and the blank line after it. */
function tableNames(report) {
  const lines = report.split('\n');
  const header = lines.findIndex((line) => line.startsWith('  function'));
  const end = lines.indexOf('', header);
  return lines.slice(header + 1, end).map((line) => line.trim().split(/\s{2,}/)[0]);
}

test('the text report lists the top functions by self time and the hot path', () => {
  const report = formatReport(goldenGraph(), { cwd: GOLDEN_CWD, top: 3 });
  assert.equal(
    report,
    [
      'tsprof: node fixtures/taskqueue/app.js --tasks 100 (wall time 1450.0 ms)',
      '',
      'Top 3 functions by self time:',
      '  function          calls             total     self     await  location',
      '  Serializer.dumps    350    94.8 ms (6.5%)  94.8 ms         -  fixtures/taskqueue/src/queue/serializer.ts:12',
      '  Transport.write     100  688.0 ms (47.4%)  41.3 ms  641.8 ms  fixtures/taskqueue/src/queue/transport.ts:77',
      '  Producer.publish    100  821.5 ms (56.7%)  26.7 ms   12.0 ms  fixtures/taskqueue/src/queue/producer.ts:64',
      '',
      'Hot path:',
      '  (root) → Task.delay (1236.4 ms) → Task.applyAsync (1228.2 ms) → QueueApp.sendTask (1210.0 ms) → ' +
        'QueueApp.publishTask (880.6 ms) → Producer.publish (821.5 ms) → Transport.write (688.0 ms)',
      '',
    ].join('\n'),
  );
});

test('the table sorts by the chosen key and never lists the root', () => {
  const graph = goldenGraph();
  assert.deepEqual(tableNames(formatReport(graph, { sortBy: 'total', top: 2 })), ['Task.delay', 'Task.applyAsync']);
  assert.deepEqual(tableNames(formatReport(graph, { sortBy: 'await', top: 2 })), ['Transport.write', 'ProducerPool.acquire']);
  assert.deepEqual(tableNames(formatReport(graph, { sortBy: 'calls', top: 1 })), ['Serializer.dumps']);
  assert.ok(!formatReport(graph, { top: 100 }).includes('  (root)  '));
  assert.match(formatReport(graph, { sortBy: 'calls' }), /Top 11 functions by calls:/);
});

test('the markdown report is a table whose cells cannot break out', () => {
  const graph = buildCallGraph(
    makeProfile({
      wallMs: 10,
      nodes: [[1, 'a|b <c> `d` *e*', { totalMs: 10, selfMs: 10, calls: 2, file: '/p/x.ts', line: 1 }]],
      edges: [[0, 1, 2, 10]],
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
      '| function | calls | total | self | await | location |',
      '| --- | ---: | ---: | ---: | ---: | --- |',
      '| a\\|b &lt;c&gt; \\`d\\` \\*e\\* | 2 | 10.0 ms (100.0%) | 10.0 ms | - | x.ts:1 |',
      '',
      '**Hot path:** (root) → a\\|b &lt;c&gt; \\`d\\` \\*e\\* (10.0 ms)',
      '',
    ].join('\n'),
  );
});

test('a profile without calls says so instead of printing an empty chain', () => {
  const report = formatReport(buildCallGraph(makeProfile({ nodes: [], edges: [] })));
  assert.match(report, /Hot path:\n {2}\(no calls recorded\)/);
});
