// TypeScript that Node runs itself (`node app.ts`, type stripping, Node 22.18+
// and 24 by default): instrumented with the names and lines of the .ts files,
// ES modules and CommonJS, while the program prints and fails exactly as it
// does without tsprof. The command is this test's own Node, so every leg of
// the CI matrix checks its own version.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import module from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { cleanEnvironment, nodesByName, repoRoot, runTsprof, scratchDirectory } from '../helpers/cli.mjs';
import { readProfileJson } from '../helpers/profile-checks.mjs';

const FIXTURES = join(repoRoot, 'fixtures', 'native-ts');
const node = process.execPath;

const skipNoStripping = process.features.typescript && typeof module.stripTypeScriptTypes === 'function'
  ? false
  : `Node ${process.version} does not run TypeScript itself`;
const skipNoTransform = skipNoStripping || (process.allowedNodeEnvironmentFlags.has('--experimental-transform-types') ? false : `Node ${process.version} has no --experimental-transform-types`);

function runPlain(args) {
  const result = spawnSync(node, args, { cwd: repoRoot, env: cleanEnvironment(), encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

async function profile(include, args) {
  const out = scratchDirectory();
  const result = await runTsprof(['--include', include, '-o', join(out, 'g.dot'), '--profile', join(out, 'p.json'), '--', node, ...args]);
  return { result, profilePath: join(out, 'p.json') };
}

/**
 * The program's own stderr: tsprof's lines out, process ids made equal, and
 * no frames inside Node's module loader, whose path differs with the hooks
 * thread that tsprof uses on Node 20.
 */
function programStderr(stderr) {
  return stderr
    .split('\n')
    .filter((line) => !line.startsWith('tsprof: ') && !/^\s+at .*\(?node:internal\//.test(line))
    .join('\n')
    .replace(/\(node:\d+\)/g, '(node:PID)');
}

function assertSameProgramOutput(profiled, plain) {
  assert.equal(profiled.code, plain.code, profiled.stderr);
  assert.equal(profiled.stdout, plain.stdout);
  assert.equal(programStderr(profiled.stderr), programStderr(plain.stderr));
}

test('node app.ts, ES modules: exact publish counts, names and lines of the .ts files, output unchanged', { skip: skipNoStripping }, async () => {
  const args = ['fixtures/native-ts/esm/app.ts', '40'];
  const { result, profilePath } = await profile('fixtures/native-ts/esm', args);
  assertSameProgramOutput(result, runPlain(args));
  assert.match(result.stdout, /published 40 messages/);
  const profileData = readProfileJson(profilePath);
  const nodes = nodesByName(profileData);
  const at = (name) => `${nodes.get(name).file.split('native-ts/')[1]}:${nodes.get(name).line} ×${nodes.get(name).calls}`;
  assert.equal(at('Publisher.publish'), 'esm/publisher.ts:11 ×40');
  assert.equal(at('Publisher.confirm'), 'esm/publisher.ts:17 ×40');
  assert.equal(at('encode'), 'esm/message.ts:8 ×40');
  assert.equal(at('parseOptions'), 'esm/app.ts:6 ×1');
  assert.equal(at('Publisher.constructor'), 'esm/publisher.ts:7 ×1');
  assert.ok(nodes.get('Publisher.publish').awaitMs > 0, 'the await on the confirm is measured');
  assert.deepEqual(profileData.files.map((file) => file.split('native-ts/')[1]).sort(), ['esm/app.ts', 'esm/message.ts', 'esm/publisher.ts'], 'types.ts, only ever imported as a type, is never loaded');
});

test('node app.ts: a thrown error has the same .ts file, line and column as without tsprof', { skip: skipNoStripping }, async () => {
  const args = ['fixtures/native-ts/esm/app.ts', '3', '--fail'];
  const { result } = await profile('fixtures/native-ts/esm', args);
  const plain = runPlain(args);
  assert.equal(result.code, 1);
  assert.equal(plain.code, 1);
  const explodeFrame = /at Publisher\.explode \((?:file:\/\/)?(.*publisher\.ts:22:11)\)/;
  assert.equal(explodeFrame.exec(result.stderr)?.[1], explodeFrame.exec(plain.stderr)?.[1], result.stderr);
});

test('node app.ts, CommonJS: .ts requiring a .cts and, through require(esm), an .mts', { skip: skipNoStripping }, async () => {
  const args = ['fixtures/native-ts/cjs/app.ts', '30'];
  const { result, profilePath } = await profile('fixtures/native-ts/cjs', args);
  assertSameProgramOutput(result, runPlain(args));
  const nodes = nodesByName(readProfileJson(profilePath));
  assert.deepEqual(
    ['send', 'encodeFrame', 'checksum'].map((name) => [name, nodes.get(name).calls, nodes.get(name).file.split('native-ts/')[1], nodes.get(name).line]),
    [
      ['send', 30, 'cjs/app.ts', 7],
      ['encodeFrame', 30, 'cjs/encode.cts', 7],
      ['checksum', 30, 'cjs/checksum.mts', 2],
    ],
  );
});

test('no "type" in package.json: Node detects an ES module once the types are stripped, and so does tsprof', { skip: skipNoStripping }, async () => {
  const args = ['fixtures/native-ts/detect/app.ts'];
  const { result, profilePath } = await profile('fixtures/native-ts/detect', args);
  assertSameProgramOutput(result, runPlain(args));
  assert.equal(nodesByName(readProfileJson(profilePath)).get('enqueue').calls, 10);
});

test('--experimental-transform-types: enums, namespaces and parameter properties, on .ts lines', { skip: skipNoTransform }, async () => {
  const args = ['--experimental-transform-types', 'fixtures/native-ts/transform/app.ts'];
  const { result, profilePath } = await profile('fixtures/native-ts/transform', args);
  assertSameProgramOutput(result, runPlain(args));
  assert.match(result.stdout, /routed 12/);
  const nodes = nodesByName(readProfileJson(profilePath));
  const summary = (name) => [nodes.get(name)?.calls, nodes.get(name)?.line];
  assert.deepEqual(summary('Exchange.route'), [12, 16]);
  assert.deepEqual(summary('Routing.routingKey'), [12, 8], 'named as the program calls it');
  assert.deepEqual(summary('Exchange.constructor'), [1, 14]);
  assert.deepEqual(summary('Priority'), [1, 2], 'the enum body runs once, named after the enum');
  assert.deepEqual(summary('Routing'), [1, 7], 'the namespace body runs once, named after the namespace');
});

test('what Node refuses to strip fails exactly as without tsprof, with one warning', { skip: skipNoStripping }, async () => {
  const args = ['fixtures/native-ts/unstrippable/enum.ts'];
  const { result } = await profile('fixtures/native-ts/unstrippable', args);
  const plain = runPlain(args);
  assert.equal(result.code, plain.code);
  assert.match(plain.stderr, /ERR_UNSUPPORTED_TYPESCRIPT_SYNTAX/);
  assert.equal(programStderr(result.stderr), programStderr(plain.stderr));
  const warnings = result.stderr.split('\n').filter((line) => line.startsWith('tsprof: not instrumenting'));
  assert.deepEqual(warnings, [`tsprof: not instrumenting ${join(FIXTURES, 'unstrippable', 'enum.ts')}: TypeScript enum is not supported in strip-only mode; it runs unchanged`]);
});

test('decorators, which Node leaves in and V8 cannot run yet, fail as without tsprof', { skip: skipNoStripping }, async () => {
  const args = ['fixtures/native-ts/unstrippable/decorated.ts'];
  const { result } = await profile('fixtures/native-ts/unstrippable', args);
  const plain = runPlain(args);
  assert.equal(result.code, plain.code);
  const firstLines = (stderr) => programStderr(stderr).split('\n').slice(0, 5).join('\n');
  assert.match(plain.stderr, /decorated\.ts:6\n@logged\n\^\n\nSyntaxError: Invalid or unexpected token/);
  assert.equal(firstLines(result.stderr), firstLines(plain.stderr));
});
