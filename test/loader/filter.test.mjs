// Which files get probes.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { createFileFilter } from '../../dist/loader/filter.js';
import { repoRoot } from '../helpers/cli.mjs';

test('a directory includes everything below it, and only script files', () => {
  const included = createFileFilter(['/app/src/queue'], []);
  assert.equal(included('/app/src/queue/producer.js'), true);
  assert.equal(included('/app/src/queue/deep/pool.mts'), true);
  assert.equal(included('/app/src/queue-old/producer.js'), false, 'a sibling with the same prefix is not below it');
  assert.equal(included('/app/src/queue/settings.json'), false);
  assert.equal(included('/app/src/other.js'), false);
});

test('node_modules stays out unless an include points into it', () => {
  assert.equal(createFileFilter(['/app'], [])('/app/node_modules/amqplib/lib/channel.js'), false);
  assert.equal(createFileFilter(['/app/node_modules/amqplib'], [])('/app/node_modules/amqplib/lib/channel.js'), true);
});

test('globs and excludes', () => {
  const included = createFileFilter(['/app/src/**/*.ts'], ['/app/src/**/*.test.ts']);
  assert.equal(included('/app/src/a/b.ts'), true);
  assert.equal(included('/app/src/a/b.test.ts'), false);
  assert.equal(included('/app/src/a/b.js'), false);
});

test('tsprof never instruments its own runtime, loader or transform', () => {
  const included = createFileFilter([repoRoot], []);
  assert.equal(included(join(repoRoot, 'dist', 'runtime', 'recorder.js')), false);
  assert.equal(included(join(repoRoot, 'dist', 'loader', 'preload.js')), false);
  assert.equal(included(join(repoRoot, 'dist', 'instrument', 'instrument.js')), false);
  assert.equal(included(join(repoRoot, 'dist', 'graph', 'build.js')), true);
});
