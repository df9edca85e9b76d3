// ts-node with type-checking beside tsprof (issue 15): the program's output and exit status as
// without tsprof, and the included TypeScript functions counted exactly with .ts names and lines.
// Type-checking changes what ts-node compiles (TypeScript's checker runs), not how it hooks
// require: that hook is transpile-only's, which coexisting-loaders.e2e runs on every Node. So this
// file runs on one Node of the test matrix (scripts/test-matrix.js): each run costs seconds of
// TypeScript's checking, the same on every Node.
import { test } from 'node:test';
import { assertPublishPath, mocha, node, plainAndProfiled, SPEC_MESSAGES, SPECS } from '../helpers/loaders-fixture.mjs';

test('ts-node/register, type-checking', async () => {
  const { profile } = await plainAndProfiled([node, '-r', 'ts-node/register', 'app.ts', '200']);
  assertPublishPath(profile, 200);
});

test('mocha -r ts-node/register, type-checking', async () => {
  const { profile } = await plainAndProfiled([...mocha, '-r', 'ts-node/register', SPECS]);
  assertPublishPath(profile, SPEC_MESSAGES);
});
