// `tsprof run -- node …` starts the command before it has read its options (src/cli/early-command.ts):
// the command waits in tsprof's preload for its configuration. What a user must not be able to
// tell: a refused option still means the command ran none of its code and nothing is left behind;
// the command and what it starts see the configuration itself; and a command whose tsprof is gone
// before it said what to profile does not run.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { assertOneLineError, cleanEnvironment, repoRoot, runTsprof, scratchDirectory, tsprofBin } from '../helpers/cli.mjs';
import { readProfileJson } from '../helpers/profile-checks.mjs';

const require = createRequire(import.meta.url);
const { commandToStartEarly } = require('../../dist/cli/early-command.js');
const { deferredConfig, encodeConfig } = require('../../dist/loader/config.js');
const { deferredConfigFile } = require('../../dist/profile/parts.js');
const { PRELOAD_START } = require('../../dist/loader/bundles.js');

/** A program that leaves a file behind when any of its code runs, and says what configuration it was given. */
function markingProgram(directory) {
  const program = join(directory, 'app.cjs');
  writeFileSync(
    program,
    [
      'function work(n) { return n + 1 }',
      // What the configuration is now, and what it was when the process started (Linux keeps the start's environment).
      'const started = require("node:fs").readFileSync("/proc/self/environ", "latin1").split("\\0").find((entry) => entry.startsWith("TSPROF_CONFIG="));',
      'require("node:fs").writeFileSync(__dirname + "/ran", String(process.env.TSPROF_CONFIG).slice(0, 1) + String(started).slice(14, 15));',
      'for (let i = 0; i < 10; i++) work(i);',
    ].join('\n'),
  );
  return program;
}

/**
 * tsprof's run until its output closes, not only until it exits: a command it left running holds the
 * same stdout and stderr, so whatever that command says later is in the result too.
 */
async function runTsprofToTheEnd(args, env) {
  const child = spawn(process.execPath, [tsprofBin, ...args], { env: cleanEnvironment(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const closed = Promise.all([once(child.stdout, 'close'), once(child.stderr, 'close')]);
  // A command left waiting keeps tsprof, which still holds it, from ending: a failure, not a hang.
  const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
  const [code, signal] = await once(child, 'exit');
  clearTimeout(timer);
  assert.equal(signal, null, `tsprof ${args.join(' ')} did not end by itself; stderr so far:\n${stderr}`);
  await closed;
  return { code, stdout, stderr };
}

test('which arguments start the command early: a run, named or implied, of a Node command, and nothing that only prints', () => {
  assert.deepEqual(commandToStartEarly(['--include', 'src', '--', 'node', 'app.js']), ['node', 'app.js']);
  assert.deepEqual(commandToStartEarly(['run', '--include', 'src', '--', '/usr/local/bin/node', '--no-warnings', 'app.js']), ['/usr/local/bin/node', '--no-warnings', 'app.js']);
  assert.deepEqual(commandToStartEarly(['--', 'node', 'app.js', '--', 'x']), ['node', 'app.js', '--', 'x']);
  for (const argv of [
    ['--include', 'src', '--', 'npm', 'test'],
    ['--include', 'src', '--', 'npx', 'jest'],
    ['--include', 'src', '--', 'nodemon', 'app.js'],
    ['--include', 'src', '--', 'sh', '-c', 'node app.js'],
    ['--include', 'src', '--'],
    ['--include', 'src', 'node', 'app.js'],
    ['render', 'p.json', '--', 'node', 'app.js'],
    ['--help', '--', 'node', 'app.js'],
    ['run', '-h', '--', 'node', 'app.js'],
    ['--version', '--', 'node', 'app.js'],
    ['help', '--', 'node', 'app.js'],
    // Node runs no preload, or no JavaScript, with these: a package.json script's shell, or a printout.
    ['--include', 'src', '--', 'node', '--run', 'start'],
    ['--include', 'src', '--', 'node', '--version'],
    ['--include', 'src', '--', 'node', '--check', 'app.js'],
    ['--include', 'src', '--', 'node', '--v8-options'],
  ]) {
    assert.equal(commandToStartEarly(argv), undefined, argv.join(' '));
  }
});

test('refused options: one line, the command ran none of its code, and no parts directory is left', async () => {
  const out = scratchDirectory();
  const temp = scratchDirectory();
  const program = markingProgram(out);
  const refusals = [
    [['--include', program, '--max-nodes', 'abc'], /--max-nodes <count>' argument 'abc' is invalid/],
    [['--include', program, '--frobnicate'], /unknown option '--frobnicate'/],
    [['--include', join(out, 'missing.js')], /no such file or directory/],
    [['--include', program, '--kill-after', '5'], /--kill-after works with --duration/],
    [['--include', program, '-o', join(out, 'calls.gif')], /calls\.gif/],
  ];
  for (const [options, pattern] of refusals) {
    const result = await runTsprofToTheEnd([...options, '--', 'node', program], { TMPDIR: temp });
    assertOneLineError(result, pattern);
    assert.equal(existsSync(join(out, 'ran')), false, `${options.join(' ')}: the command ran none of its code`);
    assert.deepEqual(readdirSync(temp), [], `${options.join(' ')}: nothing left in the temp directory`);
  }
  const help = await runTsprofToTheEnd(['--help', '--', 'node', program], { TMPDIR: temp });
  assert.equal(help.code, 0);
  assert.equal(existsSync(join(out, 'ran')), false, '--help runs no command');
  // The same program with good options runs, profiled, and the temp directory is clean afterwards.
  const good = await runTsprof(['--include', program, '-o', join(out, 'calls.dot'), '--profile', join(out, 'p.json'), '--', 'node', program], { env: { TMPDIR: temp } });
  assert.equal(good.code, 0, good.stderr);
  assert.equal(readFileSync(join(out, 'ran'), 'utf8'), '{@', 'started early, told where its configuration would be; its code saw the configuration itself');
  assert.equal(readProfileJson(join(out, 'p.json')).nodes.find((node) => node.name === 'work')?.calls, 10);
  assert.deepEqual(readdirSync(temp), []);
});

test('a process the command starts inherits the configuration itself and is profiled', async () => {
  const out = scratchDirectory();
  const child = join(out, 'child.cjs');
  writeFileSync(child, 'function inChild() { return process.env.TSPROF_CONFIG.slice(0, 1) }\nprocess.stdout.write(inChild());\n');
  const parent = join(out, 'parent.cjs');
  writeFileSync(parent, `function inParent() { return require("node:child_process").execFileSync(process.execPath, [${JSON.stringify(child)}], { encoding: "utf8" }) }\nprocess.stdout.write("child saw " + inParent() + "\\n");\n`);
  const result = await runTsprof(['--include', out, '-o', join(out, 'calls.dot'), '--profile', join(out, 'p.json'), '--', 'node', parent]);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stdout, 'child saw {\n');
  const profile = readProfileJson(join(out, 'p.json'));
  assert.deepEqual(['inParent', 'inChild'].map((name) => profile.nodes.find((node) => node.name === name)?.calls), [1, 1]);
});

test('a temp directory tsprof cannot use: one line before the command runs, early start or not; tsprof/register says so and the program runs unprofiled', async () => {
  const out = scratchDirectory();
  const program = markingProgram(out);
  const missing = join(out, 'no-such-directory');
  for (const command of [['node', program], ['sh', '-c', `node ${program}`]]) {
    const result = await runTsprofToTheEnd(['--include', program, '-o', join(out, 'calls.dot'), '--profile', join(out, 'p.json'), '--', ...command], { TMPDIR: missing });
    assertOneLineError(result, /^tsprof: cannot make a directory in .*no-such-directory for the processes' parts of the profile \(ENOENT\); set TMPDIR to a writable directory$/);
    assert.equal(existsSync(join(out, 'ran')), false, `${command[0]}: the command did not run`);
  }
  const registered = spawn(process.execPath, ['--require', join(repoRoot, 'dist', 'register.js'), program], { env: cleanEnvironment({ TMPDIR: missing, TSPROF_INCLUDE: program }), stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  registered.stderr.on('data', (chunk) => (stderr += chunk));
  assert.deepEqual(await once(registered, 'exit'), [0, null], stderr);
  assert.match(stderr, /^tsprof: tsprof\/register: cannot make a directory in .*no-such-directory .*; nothing is profiled\n$/);
  assert.equal(readFileSync(join(out, 'ran'), 'utf8'), 'u', 'the program ran, with no configuration, now or at its start');
});

/** A Node process told that its configuration will be in `file`, by the process `tsprofPid`, with tsprof's preload. */
function deferredEnvironment(tsprofPid, file) {
  return cleanEnvironment({ NODE_OPTIONS: `--require "${PRELOAD_START}"`, TSPROF_CONFIG: deferredConfig(tsprofPid, file) });
}

test('the command waits for its configuration, however late it comes, and then runs profiled', async () => {
  const out = scratchDirectory();
  const program = markingProgram(out);
  const partsDirectory = join(out, 'parts');
  mkdirSync(partsDirectory);
  const configFile = deferredConfigFile(partsDirectory);
  const child = spawn(process.execPath, [program], { env: deferredEnvironment(process.pid, configFile), stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  // Written only once the command is known to be waiting: it has started (its running marker or nothing), and not run.
  await new Promise((resolvePromise) => setTimeout(resolvePromise, 300));
  assert.equal(existsSync(join(out, 'ran')), false, 'no code of the command ran before its configuration was there');
  const config = { include: [program], exclude: [], partsDirectory, command: ['node', program], startedAt: new Date().toISOString(), children: true, flushIntervalMs: 0 };
  // As tsprof writes it: whole, by a rename (file-system.ts's writeFileAtomic), never seen half-written.
  writeFileSync(`${configFile}.tmp`, encodeConfig(config));
  renameSync(`${configFile}.tmp`, configFile);
  const [code] = await once(child, 'exit');
  assert.equal(code, 0, stderr);
  assert.equal(readFileSync(join(out, 'ran'), 'utf8'), '{@');
  const parts = readdirSync(partsDirectory).filter((name) => /^\d+-\d+\.json$/.test(name));
  assert.equal(parts.length, 1, `one part written: ${readdirSync(partsDirectory).join(', ')}`);
  // The wait is tsprof's time, not the program's: its wall time leaves it out, and so does every self
  // time, the root's (time outside instrumented code) included. (Not a timing check: the self times lie
  // within the wall time by construction, however busy the machine; with the 300 ms wait in the root's,
  // they did not.)
  const part = JSON.parse(readFileSync(join(partsDirectory, parts[0]), 'utf8'));
  const selfSum = part.contexts.reduce((sum, context) => sum + context.selfMs, 0);
  assert.ok(selfSum <= part.processes[0].wallMs + 1, `Σ self ${selfSum} ms within the wall time ${part.processes[0].wallMs} ms`);
});

test('a command whose tsprof is gone before it wrote the configuration ends without running, saying why', async () => {
  const out = scratchDirectory();
  const program = markingProgram(out);
  const configFile = deferredConfigFile(out);
  const stderrFile = join(out, 'stderr.txt');
  // A stand-in for tsprof: starts the command, told to wait for this process, and ends at once.
  const commandEnvironment = deferredEnvironment(0, configFile);
  const starter = [
    'const { openSync } = require("node:fs");',
    'const { spawn } = require("node:child_process");',
    `const env = ${JSON.stringify(commandEnvironment)};`,
    'env.TSPROF_CONFIG = env.TSPROF_CONFIG.replace("@0:", "@" + process.pid + ":");',
    `const child = spawn(process.execPath, [${JSON.stringify(program)}], { env, stdio: ["ignore", "ignore", openSync(${JSON.stringify(stderrFile)}, "w")], detached: true });`,
    'child.unref();',
  ].join('\n');
  await once(spawn(process.execPath, ['-e', starter], { env: cleanEnvironment(), stdio: ['ignore', 'ignore', 'inherit'] }), 'exit');
  // The command notices within milliseconds; a busy machine may take longer, so wait for what it says rather than for a time.
  const deadline = Date.now() + 60_000;
  while (!readFileSync(stderrFile, 'utf8').endsWith('\n') && Date.now() < deadline) await new Promise((resolvePromise) => setTimeout(resolvePromise, 20));
  assert.match(readFileSync(stderrFile, 'utf8'), /^tsprof: the tsprof that started this command \(pid \d+\) ended before its options were read; the command does not run\n$/);
  assert.equal(existsSync(join(out, 'ran')), false, 'the command ran none of its code');
});

test('a `node` that is a wrapper starting the real one as its child: refused options leave no code run and no line after tsprof; good ones profile', async () => {
  const out = scratchDirectory();
  const program = markingProgram(out);
  const wrappers = join(out, 'bin');
  mkdirSync(wrappers);
  // As a version manager's shim may: the real node as a child, not exec'd.
  writeFileSync(join(wrappers, 'node'), `#!/bin/sh\n"${process.execPath}" "$@"\nexit $?\n`, { mode: 0o755 });
  const wrapper = join(wrappers, 'node');
  const refused = await runTsprofToTheEnd(['--include', program, '--max-nodes', 'abc', '--', wrapper, program], {});
  assertOneLineError(refused, /--max-nodes <count>' argument 'abc' is invalid/);
  assert.equal(existsSync(join(out, 'ran')), false, 'the real node ran none of the program');
  const good = await runTsprofToTheEnd(['--include', program, '-o', join(out, 'calls.dot'), '--profile', join(out, 'p.json'), '--', wrapper, program], {});
  assert.equal(good.code, 0, good.stderr);
  assert.equal(readFileSync(join(out, 'ran'), 'utf8'), '{@');
  assert.equal(readProfileJson(join(out, 'p.json')).nodes.find((node) => node.name === 'work')?.calls, 10);
});

test('a node command that cannot start: one line and the exit code a shell gives, as without the early start', async () => {
  const out = scratchDirectory();
  const result = await runTsprofToTheEnd(['--include', markingProgram(out), '-o', join(out, 'calls.dot'), '--', join(out, 'missing', 'node'), 'app.js'], {});
  assertOneLineError(result, /^tsprof: cannot run .*missing\/node: command not found$/);
  assert.equal(result.code, 127);
});

test('a signal that ends tsprof while the command waits ends the command first, and removes its directory', async () => {
  const out = scratchDirectory();
  const program = markingProgram(out);
  const starter = [
    `const { startEarly } = require(${JSON.stringify(join(repoRoot, 'dist', 'cli', 'early.bundle.js'))});`,
    `const early = startEarly(['--include', 'x', '--', 'node', ${JSON.stringify(program)}]);`,
    'process.stdout.write(early.partsDirectory);',
    // Signalled once the command is surely running; without a listener left, SIGTERM ends this process.
    'setTimeout(() => process.kill(process.pid, "SIGTERM"), 200);',
    'setTimeout(() => {}, 60_000);',
  ].join('\n');
  const stand = spawn(process.execPath, ['-e', starter], { env: cleanEnvironment(), stdio: ['ignore', 'pipe', 'pipe'] });
  let partsDirectory = '';
  let stderr = '';
  stand.stdout.on('data', (chunk) => (partsDirectory += chunk));
  stand.stderr.on('data', (chunk) => (stderr += chunk));
  const closed = Promise.all([once(stand.stdout, 'close'), once(stand.stderr, 'close')]);
  assert.deepEqual(await once(stand, 'exit'), [null, 'SIGTERM'], 'tsprof ends by the signal');
  await closed;
  assert.equal(stderr, '', 'the command said nothing: it was ended, not left to find tsprof gone');
  assert.ok(partsDirectory.includes('tsprof-parts-'), partsDirectory);
  assert.equal(existsSync(partsDirectory), false, 'its directory is removed');
  assert.equal(existsSync(join(out, 'ran')), false, 'the command ran none of its code');
});
