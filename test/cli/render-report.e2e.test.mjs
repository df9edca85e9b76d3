// End to end: `tsprof render` and `tsprof report` on saved profiles, and their errors.
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { assertOneLineError, isPng, pngSize, repoRoot, runTsprof, scratchDirectory } from '../helpers/cli.mjs';

const GOLDEN = join(repoRoot, 'test', 'golden', 'taskqueue.profile.json');

test('render --focus publish draws the publish chain alone, with the hot path', async () => {
  const out = scratchDirectory();
  const result = await runTsprof(['render', GOLDEN, '--focus', 'publish', '-o', join(out, 'publish.dot')]);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /^tsprof: drew 10 of 55 functions; wrote .*publish\.dot\n$/);
  const dot = readFileSync(join(out, 'publish.dot'), 'utf8');
  for (const name of ['Task.delay', 'Task.applyAsync', 'QueueApp.sendTask', 'QueueApp.publishTask', 'Producer.publish', 'Transport.write']) {
    assert.match(dot, new RegExp(`label="${name.replace('.', '\\.')}\\\\n.*peripheries=2`), `${name} is on the hot path`);
  }
  for (const name of ['ProducerPool.acquire', 'Consumer.handleDelivery', 'Transport.onData']) assert.ok(!dot.includes(`label="${name}\\n`), name);
});

test('render writes a PNG, with grouping, colour and scale options', async () => {
  const out = scratchDirectory();
  const file = join(out, 'calls.png');
  const small = await runTsprof(['render', GOLDEN, '-o', file, '--group', 'file', '--color-by', 'self', '--max-nodes', '10']);
  assert.equal(small.code, 0, small.stderr);
  const png = readFileSync(file);
  assert.ok(isPng(png));
  const big = await runTsprof(['render', GOLDEN, '-o', join(out, 'big.png'), '--group', 'file', '--color-by', 'self', '--max-nodes', '10', '--scale', '2']);
  assert.equal(big.code, 0, big.stderr);
  assert.ok(Math.abs(pngSize(readFileSync(join(out, 'big.png'))).width - 2 * pngSize(png).width) <= 2);
});

test('render thresholds, --ignore and --root reach the graph', async () => {
  const out = scratchDirectory();
  const file = join(out, 'g.dot');
  const result = await runTsprof(['render', GOLDEN, '-o', file, '--node-threshold', '0', '--edge-threshold', '0', '--max-nodes', '0', '--ignore', '^Consumer', '--root', 'QueueApp\\.sendTask']);
  assert.equal(result.code, 0, result.stderr);
  const dot = readFileSync(file, 'utf8');
  assert.match(dot, /root \/QueueApp\\\\.sendTask\/ \(numbers of the selected paths only\), ignore \/\^Consumer\/ \(numbers of the selected paths only\), node threshold 0%, edge threshold 0%, no max nodes/);
  assert.ok(!dot.includes('label="Task.delay'), 'above the new root');
  assert.ok(!dot.includes('label="Consumer.'), 'ignored');
  assert.ok(dot.includes('label="ProducerPool.acquire'));
});

test('report prints the top-N table in text, markdown and json', async () => {
  const text = await runTsprof(['report', GOLDEN, '--top', '3', '--sort', 'await']);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /^tsprof: node fixtures\/taskqueue\/app\.js \(wall time 1\.29 s\)\n\nTop 3 functions by await time/);
  assert.match(text.stdout, /\n {2}QueueApp\.sendTask +5000 +14\.76 s \(11\.4x wall\)/);
  assert.equal(text.stderr, '');
  const markdown = await runTsprof(['report', GOLDEN, '--format', 'markdown', '--focus', 'publish']);
  assert.match(markdown.stdout, /^### tsprof: /);
  assert.match(markdown.stdout, /\| 6 \| Transport\.write \| 5000 \| 138\.4 ms \| 46\.7 ms \|/);
  const json = JSON.parse((await runTsprof(['report', GOLDEN, '--format', 'json', '--sort', 'calls', '--top', '1'])).stdout);
  assert.deepEqual(json.functions.map((entry) => [entry.name, entry.calls]), [['encodeSpecialValue', 75000]]);
});

test('errors are one line: bad regex, unmatched pattern, missing or corrupt profile, unwritable output, bad choices', async () => {
  const out = scratchDirectory();
  const corrupt = join(out, 'corrupt.json');
  writeFileSync(corrupt, '{"version": 1, "nodes": [');
  const oldVersion = join(out, 'old.json');
  writeFileSync(oldVersion, '{"version": 0, "command": ["node", "app.js"]}');
  const manifest = join(out, 'package.json');
  writeFileSync(manifest, '{"name": "app", "version": "1.0.0"}');
  const markdown = join(out, 'notes.md');
  writeFileSync(markdown, '# Notes\n\nnot JSON at all\n');
  const blocker = join(out, 'file');
  writeFileSync(blocker, '');
  assertOneLineError(await runTsprof(['render', GOLDEN, '--focus', '(']), /--focus <regex>.*not a valid regular expression/);
  assertOneLineError(await runTsprof(['report', GOLDEN, '--ignore', '[']), /--ignore <regex>.*not a valid regular expression/);
  assertOneLineError(await runTsprof(['render', GOLDEN, '--focus', 'nothingLikeThis', '-o', join(out, 'x.png')]), /--focus \/nothingLikeThis\/: no function name in .* matches; list them with tsprof report/);
  assertOneLineError(await runTsprof(['render', join(out, 'missing.json')]), /missing\.json: no such profile/);
  assertOneLineError(await runTsprof(['report', corrupt]), /corrupt\.json is not valid JSON/);
  assertOneLineError(await runTsprof(['render', oldVersion]), /old\.json has profile version 0; this tsprof reads versions 1, 2 and 3/);
  assertOneLineError(await runTsprof(['render', manifest]), /package\.json is not a tsprof profile \(no numbered "version" and "command"\)/);
  assertOneLineError(await runTsprof(['export', markdown, '--format', 'pprof']), /notes\.md is not valid JSON \(.*\); is it a tsprof profile\?/);
  assertOneLineError(await runTsprof(['report', GOLDEN, '--tree']), /--tree needs calling contexts, which version 1 profiles do not have/);
  assertOneLineError(await runTsprof(['report', GOLDEN, '--tree', '--top', '3']), /option '--tree' cannot be used with option '--top <count>'/);
  assertOneLineError(await runTsprof(['render', GOLDEN, '-o', join(blocker, 'calls.png')]), /cannot write output .*calls\.png: .*file is not writable \(ENOTDIR\); choose another path/);
  assertOneLineError(await runTsprof(['render', GOLDEN, '-o', join(out, 'calls.jpg')]), /unknown output format "\.jpg"/);
  assertOneLineError(await runTsprof(['render', GOLDEN, '--group', 'class']), /Allowed choices are none, file, module, package, process/);
  assertOneLineError(await runTsprof(['report', GOLDEN, '--top', '0']), /--top <count>.*whole number of at least 1/);
  assertOneLineError(await runTsprof(['render']), /missing required argument 'profile\.json'/);
});

test('a profile renders the same from another working directory', async () => {
  const out = scratchDirectory();
  copyFileSync(GOLDEN, join(out, 'profile.json'));
  const result = await runTsprof(['render', 'profile.json', '-o', 'calls.svg'], { cwd: out });
  assert.equal(result.code, 0, result.stderr);
  assert.match(readFileSync(join(out, 'calls.svg'), 'utf8'), /<\/svg>\s*$/);
});

test("run --report prints the report after the command, with the run's focus and view options", async () => {
  const out = scratchDirectory();
  const result = await runTsprof([
    '--include', 'fixtures/taskqueue/src/queue',
    '-o', join(out, 'calls.dot'), '--profile', join(out, 'profile.json'),
    '--report', 'markdown', '--top', '2', '--sort', 'calls', '--focus', 'publish', '--group', 'file',
    '--', 'node', 'fixtures/taskqueue/app.js', '--tasks', '50',
  ]);
  assert.equal(result.code, 0, result.stderr);
  const [appOutput, report] = result.stdout.split('### tsprof: ');
  assert.match(appOutput, /dispatched 50 tasks/);
  assert.match(report, /^node fixtures\/taskqueue\/app\.js --tasks 50 \(wall time /);
  assert.match(report, /\*\*Top 2 functions by calls\*\*/);
  assert.match(report, /\| \d+ \| Producer\.publish \| 50 \|/, 'the hot path of the focused graph');
  assert.ok(!report.includes('Consumer.'), 'focused on publish');
  const dot = readFileSync(join(out, 'calls.dot'), 'utf8');
  assert.match(dot, /subgraph cluster_0/);
  assert.match(dot, /focus \/publish\//);
});
