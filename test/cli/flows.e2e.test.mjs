// End to end through the real CLI: a saved profile with message flows (test/golden/flows.profile.json,
// made by test/helpers/flow-profiles.mjs) drawn by `tsprof render`, listed by `tsprof report`, and
// left out of every export.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { isPng, repoRoot, runTsprof, scratchDirectory } from '../helpers/cli.mjs';

const PROFILE = join(repoRoot, 'test', 'golden', 'flows.profile.json');

test('render draws the flows in the PNG and the DOT, grouped by process, and with --focus', async () => {
  const out = scratchDirectory();
  const png = await runTsprof(['render', PROFILE, '-o', join(out, 'flows.png'), '--group', 'process']);
  assert.equal(png.code, 0, png.stderr);
  assert.ok(isPng(readFileSync(join(out, 'flows.png'))));
  const dot = await runTsprof(['render', PROFILE, '-o', join(out, 'focus.dot'), '--focus', 'publish', '--max-nodes', '1']);
  assert.equal(dot.code, 0, dot.stderr);
  const text = readFileSync(join(out, 'focus.dot'), 'utf8');
  assert.match(text, /label="Consumer\.onMessage\\n\(off the selected paths\)"/);
  assert.match(text, /label="    500 msgs via orders\\n    p50 1\.2 ms  p99 39\.9 ms"/);
  assert.match(text, /^ {2}n\d+ \[class="tsprof-node tsprof-located", label="Producer\.publish\\n/m, 'the publisher stays although --max-nodes 1');
});

test('report lists the flows in text, markdown and json', async () => {
  const text = await runTsprof(['report', PROFILE, '--top', '2']);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /\nMessage flows \(.*\):\n {2}from +to +system +destination +messages +p50 +p90 +p99 +max\n {2}Producer\.publish +Consumer\.onMessage +rabbitmq +orders +500 +1\.2 ms +3\.0 ms +39\.9 ms +39\.9 ms\n/);
  assert.match(text.stdout, /\nunmatched \(counted, never guessed\): 20 messages published that no profiled process handled; 12 messages handled that no profiled process published\n$/);
  const markdown = await runTsprof(['report', PROFILE, '--format', 'markdown']);
  assert.match(markdown.stdout, /\n\| Producer\.publish \| Consumer\.onMessage \| rabbitmq \| orders \| 500 \| 1\.2 ms \| 3\.0 ms \| 39\.9 ms \| 39\.9 ms \|\n/);
  const json = JSON.parse((await runTsprof(['report', PROFILE, '--format', 'json'])).stdout);
  assert.deepEqual(json.flows.map((flow) => [flow.from, flow.to, flow.transport, flow.destination, flow.messages, flow.latencyMs?.p99 ?? null, flow.unmatched ?? null]), [
    ['Producer.publish', 'Consumer.onMessage', 'rabbitmq', 'orders', 500, 39.936, null],
    ['Producer.publish', null, 'rabbitmq', 'audit', 20, null, 'to'],
    [null, 'Consumer.onMessage', 'rabbitmq', 'orders', 12, 2.016, 'from'],
  ]);
});

test('exports leave the flows out: each is the same with and without them', async () => {
  const out = scratchDirectory();
  const profile = JSON.parse(readFileSync(PROFILE, 'utf8'));
  delete profile.flows;
  const without = join(out, 'without.json');
  writeFileSync(without, JSON.stringify(profile));
  for (const format of ['pprof', 'callgrind', 'speedscope', 'collapsed']) {
    const written = [];
    for (const [name, input] of [['with', PROFILE], ['without', without]]) {
      const file = join(out, `${name}.${format}`);
      const result = await runTsprof(['export', input, '--format', format, '-o', file]);
      assert.equal(result.code, 0, result.stderr);
      written.push(readFileSync(file));
    }
    assert.ok(written[0].equals(written[1]), `${format} export is unchanged by flows`);
  }
});
