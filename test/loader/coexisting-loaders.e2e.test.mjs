// Other module loaders beside tsprof (issue 15, and 11 point 1): ts-node,
// esbuild-register, @swc/register, @babel/register, pirates, Babel 6's
// babel-register and v8-compile-cache-lib. Each program runs plain and under
// tsprof: its output and exit status must be identical, and the included
// TypeScript functions counted exactly, with .ts names and lines.
// TSPROF_NO_CACHE makes every run load tsprof's transform, the moment a
// program's own require hook could get hold of tsprof's code. ts-node's
// type-checking mode is in coexisting-type-checking.e2e (one Node: what it
// changes is TypeScript's work, not the hook).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { runTsprof, scratchDirectory } from '../helpers/cli.mjs';
import { assertPublishPath, FIXTURE, functionNamed, mocha, node, plainAndProfiled, runPlain, SPEC_MESSAGES, SPECS } from '../helpers/loaders-fixture.mjs';

test('ts-node/register, transpile-only', async () => {
  const { profile } = await plainAndProfiled([node, '-r', 'ts-node/register/transpile-only', 'app.ts', '200']);
  assertPublishPath(profile, 200);
});

test('mocha -r ts-node/register, transpile-only', async () => {
  const { profile } = await plainAndProfiled([...mocha, '-r', 'ts-node/register', SPECS], { env: { TS_NODE_TRANSPILE_ONLY: 'true' } });
  assertPublishPath(profile, SPEC_MESSAGES);
});

test('node -r esbuild-register, and mocha -r esbuild-register', async () => {
  assertPublishPath((await plainAndProfiled([node, '-r', 'esbuild-register', 'app.ts', '200'])).profile, 200);
  assertPublishPath((await plainAndProfiled([...mocha, '-r', 'esbuild-register', SPECS])).profile, SPEC_MESSAGES);
});

test('@swc/register', async () => {
  const { profile } = await plainAndProfiled([node, 'hooks/swc.js', '200']);
  assertPublishPath(profile, 200);
});

test('@babel/register with @babel/preset-typescript', async () => {
  const { profile } = await plainAndProfiled([node, 'hooks/babel-register.js', '200']);
  assertPublishPath(profile, 200);
});

test('pirates used directly', async () => {
  const { profile } = await plainAndProfiled([node, 'hooks/pirates.js', '200']);
  assertPublishPath(profile, 200);
});

test("Babel 6's babel-register never compiles tsprof's own code", async () => {
  const { profile } = await plainAndProfiled([node, 'hooks/babel6.js', '120'], { include: 'legacy' });
  assert.equal(functionNamed(profile, 'placeOrders').calls, 1);
  // Babel 6 turns the class into ES5 helpers; its inline source map keeps the lines.
  const total = profile.nodes.filter((node) => node.file === join(FIXTURE, 'legacy', 'orders.js') && node.line === 7);
  assert.deepEqual(total.map((node) => node.calls), [120], 'Order.total, line 7, once per order');
});

test('v8-compile-cache-lib installs and uninstalls as without tsprof', async () => {
  const out = scratchDirectory();
  const { profile } = await plainAndProfiled([node, 'hooks/v8-compile-cache.js', '40'], { include: 'legacy', env: { V8_CACHE_DIR: out } });
  assert.equal(functionNamed(profile, 'Order.total').calls, 40);
});

test('Module.prototype._compile and per-instance _compile keep ordinary property semantics', async () => {
  const { profile } = await plainAndProfiled([node, 'hooks/compile-semantics.js', '30'], { include: 'legacy' });
  assert.equal(functionNamed(profile, 'Order.total').calls, 30);
});

test("the program's own NODE_OPTIONS preloads run after tsprof's: an included file they load is instrumented", async () => {
  const { profile } = await plainAndProfiled([node, 'legacy/shipping.mjs', '5'], { include: 'legacy', env: { NODE_OPTIONS: '--require ./legacy/warm-up.js' } });
  assert.equal(functionNamed(profile, 'quote').calls, 25, 'the preload quoted 25 parcels');
  assert.equal(functionNamed(profile, 'ship').calls, 5);
});

test('a require hook the program preloads never compiles tsprof, in the module hooks thread either', async () => {
  // Appended to NODE_OPTIONS the way scripts do; Node runs it in the hooks thread too.
  const command = ['sh', '-c', 'NODE_OPTIONS="$NODE_OPTIONS --require ./hooks/babel6-register.js" exec node legacy/shipping.mjs 50'];
  const { profile } = await plainAndProfiled(command, { include: 'legacy' });
  assert.equal(functionNamed(profile, 'ship').calls, 50);
});

test('a loader that replaces _compile without calling it: the program runs, the files it compiled are named', async () => {
  const out = scratchDirectory();
  const command = [node, 'hooks/v8-compile-cache-permanent.js', '10'];
  const plain = await runPlain(command);
  const profiled = await runTsprof(['--include', 'legacy', '-o', join(out, 'g.dot'), '--profile', join(out, 'p.json'), '--', ...command], { cwd: FIXTURE });
  assert.equal(profiled.stdout, plain.stdout);
  assert.match(profiled.stderr, /tsprof: legacy\/orders\.js ran without probes: a loader replaced Module\.prototype\._compile without calling the one before it \(for v8-compile-cache, set DISABLE_V8_COMPILE_CACHE=1\)/);
  const fixed = await plainAndProfiled(command, { include: 'legacy', env: { DISABLE_V8_COMPILE_CACHE: '1' } });
  assert.equal(functionNamed(fixed.profile, 'placeOrders').calls, 1);
});
