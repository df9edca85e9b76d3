// Defects found profiling real applications (issue 11): user preloads, empty
// pictures, deaths by signal.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { nodesByName, readJson, runTsprof, scratchDirectory } from '../helpers/cli.mjs';

const scratches = [];
const scratch = () => {
  const directory = scratchDirectory('tsprof-real-use-');
  scratches.push(directory);
  return directory;
};
after(() => scratches.forEach((directory) => rmSync(directory, { recursive: true, force: true })));

const outputs = (out, picture = 'calls.dot') => ['-o', join(out, picture), '--profile', join(out, 'profile.json')];

test("the user's own NODE_OPTIONS --require of an included file is profiled", async () => {
  const out = scratch();
  mkdirSync(join(out, 'src'));
  writeFileSync(join(out, 'src', 'orders.js'), 'function placeOrder(n) { return n * 2 }\nglobalThis.placeOrder = placeOrder;\n');
  writeFileSync(join(out, 'app.js'), 'let sum = 0;\nfor (let i = 0; i < 10; i++) sum += globalThis.placeOrder(i);\nconsole.log(sum);\n');
  const result = await runTsprof(['--include', 'src', ...outputs(out), '--', 'node', 'app.js'], {
    cwd: out,
    env: { NODE_OPTIONS: '--require ./src/orders.js' },
  });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stdout.trim(), '90');
  assert.equal(nodesByName(readJson(join(out, 'profile.json'))).get('placeOrder').calls, 10);
});

test('a run whose calls are all light still draws them, and says so on stderr', async () => {
  const out = scratch();
  writeFileSync(join(out, 'child.cjs'), 'function encode(n) { return n + 1 }\nfunction handleJob(i) { return encode(i) }\nfor (let i = 0; i < 1000; i++) handleJob(i);\n');
  writeFileSync(join(out, 'main.cjs'), `require('child_process').fork(${JSON.stringify(join(out, 'child.cjs'))}).on('exit', () => setTimeout(() => {}, 600));\n`);
  const result = await runTsprof(['--include', join(out, 'child.cjs'), ...outputs(out), '--', 'node', join(out, 'main.cjs')]);
  assert.equal(result.code, 0, result.stderr);
  const dot = readFileSync(join(out, 'calls.dot'), 'utf8');
  assert.match(dot, /handleJob/);
  assert.match(dot, /encode/);
  assert.match(dot, /no function reached the node threshold/);
  assert.match(result.stderr, /^tsprof: no function reached the node threshold 0\.5%: the 2 heaviest shown \(--node-threshold 0 draws every function\)$/m);
});
