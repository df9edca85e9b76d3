// `tsprof report --tree`: the top-down call tree of calling contexts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCallGraph } from '../../dist/graph/build.js';
import { formatTree } from '../../dist/render/tree.js';
import { sharedHelpersProfile } from '../helpers/graph-profiles.mjs';

test('the call tree prints each context under its caller, with that path’s numbers, and leaves light ones out', () => {
  const graph = buildCallGraph(sharedHelpersProfile());
  const tree = formatTree(graph, { nodeThreshold: 0, cwd: '/project' });
  const rows = tree.split('\n').filter((line) => /^ {2,}\S/.test(line)).map((line) => line.match(/^( *)(\S+) +(\d+)/).slice(1, 4).map((part, index) => (index === 0 ? part.length : index === 2 ? Number(part) : part)));
  assert.deepEqual(rows, [
    [2, 'onData', 30], [4, 'consume', 30], [6, 'ack', 30], [8, 'write', 30], [8, 'encode', 30],
    [2, 'publish', 10], [4, 'write', 10], [4, 'encode', 10],
  ]);
  const pruned = formatTree(graph, { nodeThreshold: 0.1, cwd: '/project' });
  assert.doesNotMatch(pruned, /encode/);
  assert.match(pruned, /\(2 calling contexts below 10% of wall time left out\)/);
  assert.deepEqual(JSON.parse(formatTree(graph, { format: 'json', nodeThreshold: 0 })).tree.children.map((child) => [child.name, child.calls]), [['onData', 30], ['publish', 10]]);
});

