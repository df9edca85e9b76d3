import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCallGraph } from '../../dist/graph/build.js';
import { groupNodes, packageFromPath } from '../../dist/graph/group.js';
import { makeProfile } from '../helpers/graph-profiles.mjs';

function mixedProfile() {
  return makeProfile({
    wallMs: 10,
    nodes: [
      [1, 'main', { file: '/app/src/main.js', processes: ['100:0'] }],
      [2, 'helper', { file: '/app/src/lib/helper.js', processes: ['100:0', '200:0'] }],
      [3, 'other', { file: '/app/src/lib/helper.js', processes: ['200:1'] }],
      [4, 'print', { file: '/app/node_modules/@babel/generator/lib/printer.js' }],
      [5, 'parse', { file: '/app/node_modules/commander/lib/command.js' }],
    ],
    edges: [[0, 1, 1, 10], [1, 2, 1, 5], [2, 3, 1, 1], [1, 4, 1, 2], [4, 5, 1, 1]],
    processes: [
      { pid: 100, threadId: 0, argv: ['/usr/bin/node', '/app/src/main.js', '--fast'], wallMs: 10 },
      { pid: 200, threadId: 0, argv: ['/usr/bin/node', '/app/worker.js'], wallMs: 8 },
      { pid: 200, threadId: 1, argv: ['/usr/bin/node', '/app/worker.js'], wallMs: 8 },
    ],
  });
}

const groups = (graph) => graph.nodes.map((node) => node.group ?? null);

test('file: one group per source file; the root is never grouped', () => {
  const graph = groupNodes(buildCallGraph(mixedProfile()), { group: 'file' });
  assert.equal(graph.groupBy, 'file');
  assert.deepEqual(groups(graph), [null, '/app/src/main.js', '/app/src/lib/helper.js', '/app/src/lib/helper.js',
    '/app/node_modules/@babel/generator/lib/printer.js', '/app/node_modules/commander/lib/command.js']);
  assert.deepEqual(graph.settings, ['grouped by file']);
});

test('module: one group per directory', () => {
  const graph = groupNodes(buildCallGraph(mixedProfile()), { group: 'module' });
  assert.deepEqual(groups(graph).slice(1, 4), ['/app/src', '/app/src/lib', '/app/src/lib']);
});

test('package: the resolver first, then the node_modules path, then one group for the application', () => {
  const packageOf = (file) => (file.startsWith('/app/src/lib/') ? 'my-lib' : undefined);
  const graph = groupNodes(buildCallGraph(mixedProfile()), { group: 'package', packageOf });
  assert.deepEqual(groups(graph), [null, '(application)', 'my-lib', 'my-lib', '@babel/generator', 'commander']);
  assert.equal(packageFromPath('C:\\app\\node_modules\\@scope\\pkg\\index.js'), '@scope/pkg');
  assert.equal(packageFromPath('/a/node_modules/x/node_modules/y/lib.js'), 'y', 'the innermost package');
});

test('process: labelled by pid and script; functions that ran in several processes get a shared group', () => {
  const graph = groupNodes(buildCallGraph(mixedProfile()), { group: 'process' });
  assert.deepEqual(groups(graph).slice(0, 5), [
    null,
    'process 100: node main.js --fast',
    'process 100: node main.js --fast + process 200: node worker.js',
    'thread 1 of 200: node worker.js',
    null,
  ]);
});

test('none clears groups set before', () => {
  const grouped = groupNodes(buildCallGraph(mixedProfile()), { group: 'file' });
  const graph = groupNodes(grouped, { group: 'none' });
  assert.deepEqual(groups(graph), [null, null, null, null, null, null]);
  assert.ok(graph.nodes.every((node) => !('group' in node)));
});

test('host: processes recorded with a host are grouped by it; the same pid on two hosts stays two processes', () => {
  const profile = makeProfile({
    wallMs: 10,
    nodes: [
      [1, 'main', { file: '/app/src/main.js', processes: ['alpha/100:0'] }],
      [2, 'helper', { file: '/app/src/lib/helper.js', processes: ['alpha/100:0', 'beta/100:0'] }],
      [3, 'other', { file: '/app/src/lib/helper.js', processes: ['beta/100:0'] }],
      [4, 'print', { file: '/app/node_modules/@babel/generator/lib/printer.js', processes: ['300:0'] }],
      [5, 'parse', { file: '/app/node_modules/commander/lib/command.js' }],
    ],
    edges: [[0, 1, 1, 10], [1, 2, 1, 5], [2, 3, 1, 1], [1, 4, 1, 2], [4, 5, 1, 1]],
    processes: [
      { pid: 100, threadId: 0, host: 'alpha', argv: ['/usr/bin/node', '/app/a.js'], wallMs: 10 },
      { pid: 100, threadId: 0, host: 'beta', argv: ['/usr/bin/node', '/app/b.js'], wallMs: 10 },
      { pid: 300, threadId: 0, argv: ['/usr/bin/node', '/app/c.js'], wallMs: 10 },
    ],
  });
  const byHost = groupNodes(buildCallGraph(profile), { group: 'host' });
  assert.deepEqual(groups(byHost).slice(0, 5), [null, 'host alpha', 'host alpha + host beta', 'host beta', '(host not recorded)']);
  const byProcess = groupNodes(buildCallGraph(profile), { group: 'process' });
  assert.deepEqual(groups(byProcess).slice(1, 4), ['process 100 on alpha: node a.js', 'process 100 on alpha: node a.js + process 100 on beta: node b.js', 'process 100 on beta: node b.js']);
});
