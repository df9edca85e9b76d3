// `tsprof export` itself: a version 1 profile is upgraded and says so, the default output
// path comes from the format, and the help lists every format of the table.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot, runTsprof, scratchDirectory } from '../helpers/cli.mjs';
import { decodePprof, readFolded } from '../helpers/exports.mjs';

const golden = join(repoRoot, 'test', 'golden', 'taskqueue.profile.json');

test('a version 1 profile exports with its own numbers per function, and says it has no paths', async () => {
  const v1 = JSON.parse(readFileSync(golden, 'utf8'));
  const out = scratchDirectory();
  const result = await runTsprof(['export', golden, '--format', 'pprof'], { cwd: out });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /taskqueue\.profile\.json is a version 1 profile without calling contexts; its \d+ caller → callee pairs have no path and are kept one call deep/);
  assert.match(result.stderr, /^tsprof: wrote out\/profile\.pb\.gz \(pprof\)$/m);
  const pprof = decodePprof(readFileSync(join(out, 'out', 'profile.pb.gz')));
  for (const node of v1.nodes.filter((candidate) => candidate.calls > 0)) {
    const samples = pprof.samples.filter((sample) => sample.stack.at(-1).name === node.name && sample.stack.at(-1).line === node.line);
    assert.equal(samples.reduce((sum, sample) => sum + sample.values[0], 0), node.calls, node.name);
    assert.ok(Math.abs(samples.reduce((sum, sample) => sum + sample.values[1], 0) - Math.round(node.selfMs * 1e6)) <= samples.length, `${node.name}: self shared among its pairs by calls, to the nanosecond each`);
  }
});

test('without -o each format goes to its own file under out/', async () => {
  const out = scratchDirectory();
  const expected = { pprof: 'profile.pb.gz', callgrind: 'callgrind.out', speedscope: 'profile.speedscope.json', collapsed: 'profile.folded' };
  for (const [format, file] of Object.entries(expected)) {
    const result = await runTsprof(['export', golden, '--format', format], { cwd: out });
    assert.equal(result.code, 0, result.stderr);
    assert.ok(existsSync(join(out, 'out', file)), `${format} → out/${file}`);
  }
  const v1 = JSON.parse(readFileSync(golden, 'utf8'));
  const selfNs = v1.nodes.reduce((sum, node) => sum + Math.round(node.selfMs * 1e6), 0);
  assert.equal(readFolded(readFileSync(join(out, 'out', 'profile.folded'), 'utf8')).sum, selfNs);
});

test('the help lists every format and the export and merge commands', async () => {
  const help = await runTsprof(['export', '--help']);
  assert.equal(help.code, 0);
  for (const format of ['pprof', 'callgrind', 'speedscope', 'collapsed']) assert.match(help.stdout, new RegExp(`${format}: `));
  const main = await runTsprof(['help']);
  const others = main.stdout.slice(main.stdout.indexOf('Other commands:'), main.stdout.indexOf('Examples:'));
  assert.deepEqual([...others.matchAll(/^ {2}tsprof (\w+) /gm)].map((match) => match[1]), ['render', 'report', 'export', 'merge', 'diff', 'check'], 'from the one list of subcommands');
  assert.match(others, /tsprof export <profile\.json> --format <format> \[-o file\] +as pprof, callgrind, speedscope or folded stacks/);
});
