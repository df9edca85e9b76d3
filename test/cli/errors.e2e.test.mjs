// Bad input gets one clear line on stderr and a non-zero exit, never a stack
// trace; the profiled command's exit code and signal are passed through.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { assertOneLineError, cleanEnvironment, runTsprof, scratchDirectory, tsprofBin } from '../helpers/cli.mjs';
import { readProfileJson } from '../helpers/profile-checks.mjs';

const require = createRequire(import.meta.url);

const fixtureArgs = (out) => ['-o', join(out, 'calls.png'), '--profile', join(out, 'profile.json')];

test('unknown option', async () => {
  assertOneLineError(await runTsprof(['--frobnicate', '--', 'node', '-e', '0']), /unknown option '--frobnicate'/);
});

test('an unknown option close to a real one gets one line and no unrelated suggestion', async () => {
  const result = await runTsprof(['--bogus', '--', 'node', '-e', '0']);
  assertOneLineError(result, /^tsprof: unknown option '--bogus' \(see tsprof --help\)$/);
  assert.doesNotMatch(result.stderr, /Did you mean/);
  assertOneLineError(await runTsprof(['render', 'x.json', '--bogus']), /^tsprof: unknown option '--bogus' \(see tsprof --help\)$/);
});

test('tsprof --help shows the run options and three examples', async () => {
  for (const args of [['--help'], ['-h'], ['help']]) {
    const result = await runTsprof(args);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^Usage: tsprof \[run\] \[options\] -- <command> \[args\.\.\.\]/);
    for (const option of ['--include <path|glob>', '--include-package <name>', '--output <file>', '--duration <seconds>', '--max-nodes <count>']) {
      assert.ok(result.stdout.includes(option), `${args.join(' ')} shows ${option}`);
    }
    assert.match(result.stdout, /tsprof render <profile\.json>/);
    const examples = result.stdout.slice(result.stdout.indexOf('Examples:'));
    assert.ok(examples.length > 9, 'an Examples section');
    assert.ok(examples.split('\n').filter((line) => /^\s+tsprof /.test(line)).length >= 3, examples);
  }
});

test('missing command', async () => {
  assertOneLineError(await runTsprof(['--include', 'fixtures']), /no command to profile/);
});

test('--kill-after without --duration', async () => {
  assertOneLineError(await runTsprof(['--include', 'fixtures/esm-app', '--kill-after', '5', '--', 'node', '-e', '0']), /--kill-after works with --duration: give --duration <seconds> too/);
});

test('include that does not exist', async () => {
  assertOneLineError(await runTsprof(['--include', 'no/such/dir', '--', 'node', '-e', '0']), /--include no\/such\/dir: no such file or directory/);
});

test('an include glob that matches no file is refused before the command runs; one whose directory does not exist yet is not', async () => {
  const out = scratchDirectory();
  writeFileSync(join(out, 'app.cjs'), 'function ran() { return 1 }\nran();\nrequire("node:fs").writeFileSync(__dirname + "/ran", "");\n');
  const command = ['--', 'node', join(out, 'app.cjs')];
  assertOneLineError(await runTsprof(['--include', `${out}/**/*.mts`, ...fixtureArgs(out), ...command]), /^tsprof: --include .*\*\*\/\*\.mts: no JavaScript or TypeScript file matches it \(looked under .*\); the command was not run$/);
  // Excluded from it by --exclude is the same as not matching.
  assertOneLineError(await runTsprof(['--include', `${out}/*.cjs`, '--exclude', join(out, 'app.cjs'), ...fixtureArgs(out), ...command]), /no JavaScript or TypeScript file that --exclude leaves matches it/);
  assert.equal(existsSync(join(out, 'ran')), false, 'the command did not run');
  // A directory the command may still create (a build step): as before, judged after the run.
  const later = await runTsprof(['--include', `${out}/dist/**/*.js`, ...fixtureArgs(out), ...command]);
  assertOneLineError(later, /matched no file that the command loaded/);
  assert.equal(existsSync(join(out, 'ran')), true);
  const matching = await runTsprof(['--include', `${out}/*.cjs`, ...fixtureArgs(out), ...command]);
  assert.equal(matching.code, 0, matching.stderr);
});

test('include that matches no loaded file writes nothing, not even the directories it would have written into', async () => {
  const out = scratchDirectory();
  const result = await runTsprof(['--include', 'fixtures/esm-app', ...fixtureArgs(join(out, 'not', 'yet')), '--', 'node', '-e', '0']);
  assertOneLineError(result, /matched no file that the command loaded; nothing was written$/);
  assert.deepEqual(readdirSync(out), []);
  // TypeScript sources included while their compiled JavaScript runs: say what to include.
  const typescript = await runTsprof(['--include', 'fixtures/typescript-app/src', ...fixtureArgs(out), '--', 'node', '-e', '0']);
  assertOneLineError(typescript, /matched no file that the command loaded; nothing was written \(for TypeScript compiled ahead of time, include the directory of the JavaScript that runs, e\.g\. dist\)$/);
});

test('unwritable output', async () => {
  const out = scratchDirectory();
  const blocker = join(out, 'file');
  writeFileSync(blocker, '');
  const result = await runTsprof(['--include', 'fixtures/esm-app', '-o', join(blocker, 'calls.png'), '--', 'node', '-e', '0']);
  assertOneLineError(result, /cannot write output .*not writable/);
});

test('command not found', async () => {
  const result = await runTsprof(['--include', 'fixtures/esm-app', '--', 'no-such-command-tsprof']);
  assertOneLineError(result, /cannot run no-such-command-tsprof: command not found/);
  assert.equal(result.code, 127);
});

test('corrupt option value', async () => {
  assertOneLineError(await runTsprof(['--node-threshold', 'lots', '--include', 'fixtures', '--', 'node', '-e', '0']), /node-threshold/);
});

test('exit code of the command is passed through, and the profile is still written', async () => {
  const out = scratchDirectory();
  const script = 'require("./fixtures/esm-app/lib/nothing.cjs")';
  writeFileSync(join(out, 'exit7.cjs'), 'function fail() { process.exit(7) }\nsetTimeout(fail, 1);\n');
  const result = await runTsprof(['--include', out, ...fixtureArgs(out), '--', 'node', join(out, 'exit7.cjs')]);
  assert.equal(result.code, 7, result.stderr + script);
  assert.ok(existsSync(join(out, 'profile.json')));
});

test('terminating signal of the command is passed through', async () => {
  const out = scratchDirectory();
  writeFileSync(join(out, 'term.cjs'), 'function die() { process.kill(process.pid, "SIGTERM") }\ndie();\nsetTimeout(() => {}, 5000);\n');
  const result = await runTsprof(['--include', out, ...fixtureArgs(out), '--', 'node', join(out, 'term.cjs')]);
  assert.equal(result.signal, 'SIGTERM', result.stderr);
  assert.ok(existsSync(join(out, 'profile.json')), 'profile written before the signal took effect');
});

test('a command killed by SIGPIPE, which Node itself ignores, ends tsprof with 141 as a shell reports it', async () => {
  const out = scratchDirectory();
  writeFileSync(join(out, 'loaded.cjs'), 'function loaded() { return 1 }\nloaded();\n');
  const result = await runTsprof(['--include', out, ...fixtureArgs(out), '--', 'sh', '-c', `node ${join(out, 'loaded.cjs')} && kill -PIPE $$`]);
  assert.equal(result.code, 141, result.stderr);
  assert.ok(existsSync(join(out, 'profile.json')));
});

test('a command killed by SIGUSR1 ends tsprof with 138, without opening Node\'s debugger in tsprof', async () => {
  const out = scratchDirectory();
  writeFileSync(join(out, 'loaded.cjs'), 'function loaded() { return 1 }\nloaded();\n');
  const result = await runTsprof(['--include', out, ...fixtureArgs(out), '--', 'sh', '-c', `node ${join(out, 'loaded.cjs')} && kill -USR1 $$`]);
  assert.equal(result.code, 138, result.stderr);
  assert.doesNotMatch(result.stderr, /Debugger listening/);
});

test('a --focus or --ignore that matches nothing: one warning, the picture drawn without it, the exit code the command\'s', async () => {
  const out = scratchDirectory();
  writeFileSync(join(out, 'app.cjs'), 'function only() { return 1 }\nonly();\nprocess.exitCode = 3;\n');
  const result = await runTsprof(['--include', out, '--ignore', '^cov_', '--focus', 'nothingLikeThis', ...fixtureArgs(out), '--', 'node', join(out, 'app.cjs')]);
  assert.equal(result.code, 3, result.stderr);
  const warnings = result.stderr.split('\n').filter((line) => line.includes('no function name'));
  assert.deepEqual(
    warnings.map((line) => line.replace(/ in .* matches;.*; /, ' … ')),
    ['tsprof: --ignore /^cov_/: no function name … drawn without --ignore', 'tsprof: --focus /nothingLikeThis/: no function name … drawn without --focus'],
  );
  assert.match(result.stderr, /^tsprof: 1 function called 1 time in 1 file; wrote /m);
});

test('a subcommand typed wrong is named, not taken for a command to profile; an option of the command given without -- says where it goes', async () => {
  assertOneLineError(await runTsprof(['rendr', 'out/profile.json']), /^tsprof: unknown command 'rendr' \(did you mean render\?\); a command to profile goes after --/);
  assertOneLineError(await runTsprof(['--include', 'src', 'node', 'app.js', '--tasks', '10']), /unknown option '--tasks'; if it is the profiled command's, put the command after --: tsprof --include <path> -- node app\.js --tasks/);
});

test('a reader that closes the pipe early (tsprof --help | head -1) ends tsprof quietly, exit 0', async () => {
  const child = spawn(process.execPath, [tsprofBin, '--help'], { env: cleanEnvironment(), stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  // Closed before tsprof writes anything, so that every write meets a closed pipe.
  child.stdout.destroy();
  const [code] = await once(child, 'exit');
  assert.equal(stderr, '');
  assert.equal(code, 0);
});

test('an output under /proc fails at once instead of hanging', async () => {
  const result = await runTsprof(['--include', 'fixtures/esm-app', '-o', '/proc/tsprof-no/calls.png', '--', 'node', '-e', '0'], { timeoutMs: 20_000 });
  assertOneLineError(result, /cannot write output \/proc\/tsprof-no\/calls\.png/);
});

test("including a package tsprof itself is made of: the program's copy is profiled like any other", async () => {
  const out = scratchDirectory();
  const program = join(out, 'uses-babel.cjs');
  writeFileSync(program, [
    `const { parse } = require(${JSON.stringify(require.resolve('@babel/parser'))});`,
    'function countNodes(code) { return parse(code).program.body.length }',
    'console.log(countNodes("a; b; c"));',
  ].join('\n'));
  const result = await runTsprof(['--include-package', '@babel/parser', '--include', program, ...fixtureArgs(out), '--', 'node', program], { env: { TSPROF_NO_CACHE: '1' } });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stdout.trim(), '3');
  assert.doesNotMatch(result.stderr, /not instrumenting/);
  const parse = readProfileJson(join(out, 'profile.json')).nodes.find((node) => node.name === 'parse' && /@babel[\\/]parser/.test(node.file));
  assert.equal(parse?.calls, 1, "@babel/parser's parse, called once by the program");
});
