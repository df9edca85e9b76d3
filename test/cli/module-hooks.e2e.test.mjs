// Where Node has in-thread module hooks (module.registerHooks), tsprof uses
// them instead of the hooks thread, and its load hook sees the final output of
// loaders preloaded after it, as _compile does for CommonJS.
import assert from 'node:assert/strict';
import module from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { nodesByName, readJson, runTsprof, scratchDirectory } from '../helpers/cli.mjs';

const skipNoInThreadHooks = typeof module.registerHooks === 'function' ? false : `Node ${process.version} has no module.registerHooks`;

async function profileOf(args, env = {}) {
  const out = scratchDirectory();
  const result = await runTsprof(['-o', join(out, 'g.dot'), '--profile', join(out, 'p.json'), ...args], { env });
  assert.equal(result.code, 0, result.stderr);
  return { result, nodes: nodesByName(readJson(join(out, 'p.json'))) };
}

test('a loader preloaded after tsprof that reads ES modules itself: tsprof profiles what that loader produced', { skip: skipNoInThreadHooks }, async () => {
  const { result, nodes } = await profileOf(['--include', 'fixtures/module-hooks/app.mjs', '--', process.execPath, '--import', './fixtures/module-hooks/rewrite-loader.mjs', 'fixtures/module-hooks/app.mjs']);
  assert.equal(result.stdout.trim(), 'total 42');
  assert.equal(nodes.get('doubleAsLoaded')?.calls, 7, 'the rewritten function, with its calls');
  assert.equal(nodes.get('doubleAsLoaded').line, 2);
  assert.equal(nodes.get('doubleAsWritten'), undefined);
});

test('TSPROF_MODULE_HOOKS=off-thread keeps the module.register path, with the same profile', { skip: skipNoInThreadHooks }, async () => {
  const args = ['--include', 'fixtures/esm-app', '--', process.execPath, 'fixtures/esm-app/main.mjs', '20'];
  const inThread = await profileOf(args);
  const offThread = await profileOf(args, { TSPROF_MODULE_HOOKS: 'off-thread' });
  const counts = ({ nodes }) => ['Mailbox.post', 'checksum', 'Mailbox.drain', 'summarize'].map((name) => nodes.get(name)?.calls);
  assert.deepEqual(counts(inThread), [20, 20, 1, 1]);
  assert.deepEqual(counts(offThread), [20, 20, 1, 1]);
});
