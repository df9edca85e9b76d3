// The transform's walk (instrument/walk.ts) stands in for @babel/traverse:
// over real files it must visit the same nodes in the same order, run a
// node's handlers in the order traverse's `explode` puts them, and answer the
// questions the transform asks of a path as NodePath does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import traverseModule from '@babel/traverse';
import { parseSource } from '../../dist/instrument/parse.js';
import { VISITOR } from '../../dist/instrument/visitor.js';
import { WalkPath, handlersByType, isStatementPath, walk } from '../../dist/instrument/walk.js';

const traverse = traverseModule.default ?? traverseModule;
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

const FILES = [
  ['fixtures/taskqueue/src/queue/app.js', 'commonjs'],
  ['node_modules/commander/lib/command.js', 'commonjs'],
  ['node_modules/@babel/parser/lib/index.js', 'commonjs'],
  ['node_modules/@jridgewell/trace-mapping/dist/trace-mapping.mjs', 'module'],
  ['fixtures/typescript-app/src/dispatcher.ts', 'module'],
  ['fixtures/vitest-app/src/publisher.ts', 'module'],
].map(([file, format]) => [join(root, file), format]);

/** The transform's table with each handler replaced by one that writes down what ran where. */
function recordingTable(events) {
  const table = {};
  for (const [key, entry] of Object.entries(VISITOR)) {
    const record = (phase) => (path) => {
      events.push(`${key}.${phase} ${path.node.type}@${path.node.start}`);
    };
    table[key] = typeof entry === 'function' ? record('enter') : Object.fromEntries(Object.keys(entry).map((phase) => [phase, record(phase)]));
  }
  return table;
}

function existingFiles() {
  return FILES.filter(([file]) => {
    try {
      readFileSync(file);
      return true;
    } catch {
      return false;
    }
  });
}

test('the walk visits what @babel/traverse visits, handlers in the same order', () => {
  const files = existingFiles();
  assert.ok(files.length >= 4, 'the real files are there');
  for (const [file, format] of files) {
    const ast = parseSource(readFileSync(file, 'utf8'), file, format);
    const theirs = [];
    traverse(ast, { noScope: true, ...recordingTable(theirs) });
    const ours = [];
    walk(ast, handlersByType(recordingTable(ours)), undefined);
    assert.ok(theirs.length > 10, `${file}: ${theirs.length} events`);
    assert.deepEqual(ours, theirs, file);
  }
});

test('a path answers as NodePath does: parent, key, listKey, strict mode, enclosing function and statement', () => {
  for (const [file, format] of existingFiles()) {
    const ast = parseSource(readFileSync(file, 'utf8'), file, format);
    const describe = (path) => ({
      type: path.node.type,
      start: path.node.start,
      parent: path.parent?.type,
      key: path.key,
      listKey: path.listKey,
      strict: path.isInStrictMode(),
      functionParent: path.getFunctionParent()?.node.start ?? null,
      statement: path.findParent((parent) => (parent instanceof WalkPath ? isStatementPath(parent) : parent.isStatement()))?.node.start ?? null,
    });
    const theirs = [];
    const ours = [];
    const note = (into) => (path) => {
      into.push(describe(path));
    };
    const table = (into) => ({ Function: note(into), AwaitExpression: note(into) });
    traverse(ast, { noScope: true, ...table(theirs) });
    walk(ast, handlersByType(table(ours)), undefined);
    assert.ok(theirs.length > 0, file);
    assert.deepEqual(ours, theirs, file);
  }
});
