// The CLI instruments ES modules (static and dynamic import) and CommonJS alike.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { nodesByName, programNodes, runTsprof, scratchDirectory } from '../helpers/cli.mjs';
import { readProfileJson } from '../helpers/profile-checks.mjs';

test('ES modules: static imports, private fields, async generators and dynamic import', async () => {
  const out = scratchDirectory();
  const result = await runTsprof(['--include', 'fixtures/esm-app', '-o', join(out, 'g.dot'), '--profile', join(out, 'p.json'), '--', 'node', 'fixtures/esm-app/main.mjs', '30']);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /posted and drained 30 messages/);
  const nodes = nodesByName(readProfileJson(join(out, 'p.json')));
  assert.equal(nodes.get('Mailbox.post').calls, 30);
  assert.equal(nodes.get('checksum').calls, 30);
  assert.equal(nodes.get('Mailbox.drain').calls, 1);
  assert.equal(nodes.get('summarize').calls, 1, 'dynamically imported module is instrumented');
});

test('CommonJS: only included files are instrumented', async () => {
  const out = scratchDirectory();
  const result = await runTsprof(['--include', 'fixtures/taskqueue/src/queue/serializer.js', '-o', join(out, 'g.dot'), '--profile', join(out, 'p.json'), '--', 'node', 'fixtures/taskqueue/app.js', '--tasks', '50']);
  assert.equal(result.code, 0, result.stderr);
  const profile = readProfileJson(join(out, 'p.json'));
  assert.deepEqual(profile.files.map((file) => file.split('/').pop()), ['serializer.js']);
  const nodes = nodesByName(profile);
  assert.equal(nodes.get('JsonSerializer.dumps').calls, 50);
  assert.equal(nodes.get('Task.delay'), undefined);
});

test('require(esm), import(), JSON left alone, and two copies of one module', async () => {
  const out = scratchDirectory();
  const result = await runTsprof(['--include', 'fixtures/module-formats', '--exclude', '**/ts/**', '-o', join(out, 'g.dot'), '--profile', join(out, 'p.json'), '--', 'node', 'fixtures/module-formats/entry.cjs']);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stdout.trim(), 'hello broker | hello broker | HELLO BROKER | psst broker...');
  assert.doesNotMatch(result.stderr, /not instrumenting/);
  const profile = readProfileJson(join(out, 'p.json'));
  const names = programNodes(profile).map((node) => `${node.name} ${node.file.split('module-formats/')[1] ?? ''}`).sort();
  assert.deepEqual(names, ['greet copy/greet.cjs', 'greet lib/greet.cjs', 'main entry.cjs', 'shout lib/shout.mjs', 'whisper lib/whisper.mjs']);
  assert.ok(!profile.files.some((file) => file.endsWith('.json')), 'JSON is never instrumented');
});

test('TypeScript ES modules through tsx (.mts)', async () => {
  const out = scratchDirectory();
  const result = await runTsprof(['--include', 'fixtures/module-formats/ts', '-o', join(out, 'g.dot'), '--profile', join(out, 'p.json'), '--', 'npx', 'tsx', 'fixtures/module-formats/ts/entry.mts']);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stdout.trim(), 'total 12');
  const nodes = nodesByName(readProfileJson(join(out, 'p.json')));
  assert.equal(nodes.get('map callback (entry.mts:5)').calls, 3);
  if (Number(process.versions.node.split('.')[0]) >= 22) {
    // The CommonJS-format .cts and .ts that tsx compiles itself: on Node 20
    // tsx's off-thread hook reads them again after tsprof's and they run
    // without probes (docs/limits.md, Known limits).
    assert.equal(nodes.get('double')?.calls, 3, 'double.cts');
    assert.equal(nodes.get('label')?.calls, 1, 'label.ts');
  }
});
