// The small rules the CLI applies to its arguments, tested one by one (the e2e tests run them
// through the real binary; these say each rule's edges).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { splitSides } from '../../dist/cli/diff-command.js';
import { withDefaultSubcommand } from '../../dist/cli/main.js';
import { withSummedInstrumentedWall } from '../../dist/cli/merge-command.js';
import { repeatedProfileFiles } from '../../dist/cli/run-inputs.js';

test('no subcommand means run; a named one, help and --version are left as they are; a typo is named, not run', () => {
  assert.deepEqual(withDefaultSubcommand(['--include', 'src', '--', 'node', 'app.js']), ['run', '--include', 'src', '--', 'node', 'app.js']);
  assert.deepEqual(withDefaultSubcommand(['render', 'p.json']), ['render', 'p.json']);
  assert.deepEqual(withDefaultSubcommand(['--help']), ['run', '--help']);
  assert.deepEqual(withDefaultSubcommand(['--version']), ['--version']);
  assert.deepEqual(withDefaultSubcommand([]), []);
  assert.throws(() => withDefaultSubcommand(['rendr', 'p.json']), /unknown command 'rendr' \(did you mean render\?\)/);
  assert.deepEqual(withDefaultSubcommand(['node', 'app.js']), ['run', 'node', 'app.js'], 'a word far from every subcommand is a command to profile');
});

test('diff: two profiles are base and head; with --, the head is what follows it; options after -- are refused', () => {
  assert.deepEqual(splitSides(['a.json', 'b.json'], ['a.json', 'b.json']), { base: ['a.json'], head: ['b.json'] });
  assert.deepEqual(splitSides(['a1', 'a2', 'b1'], ['a1', 'a2', '--', 'b1']), { base: ['a1', 'a2'], head: ['b1'] });
  assert.throws(() => splitSides(['a', 'b', 'c'], ['a', 'b', 'c']), /diff takes two profiles/);
  assert.throws(() => splitSides(['a', 'b'], ['a', '--', 'b', '--top']), /--top after --: options go before --/);
  assert.throws(() => splitSides(['a'], ['--', 'a']), /at least one base profile before --/);
});

test('--repeat N numbers the profile files before their extension; one run keeps the name', () => {
  assert.deepEqual(repeatedProfileFiles('/o/profile.json', 1), ['/o/profile.json']);
  assert.deepEqual(repeatedProfileFiles('/o/base.json', 3), ['/o/base.1.json', '/o/base.2.json', '/o/base.3.json']);
  assert.deepEqual(repeatedProfileFiles('/o/base', 2), ['/o/base.1.json', '/o/base.2.json']);
});

test('merge: the instrumented wall times add up, and are unknown when one input does not say', () => {
  const profile = (instrumentedWallMs) => ({ version: 2, command: [], startedAt: '', wallMs: 10, ...(instrumentedWallMs === undefined ? {} : { instrumentedWallMs }), processes: [], files: [], functions: [], contexts: [], foldedCalls: 0 });
  assert.equal(withSummedInstrumentedWall(profile(5), [profile(2), profile(3)]).instrumentedWallMs, 5);
  assert.equal(withSummedInstrumentedWall(profile(5), [profile(2), profile(undefined)]).instrumentedWallMs, undefined);
});
