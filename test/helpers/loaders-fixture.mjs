// The loaders fixture (fixtures/loaders) run plain and under tsprof, and its publish path
// checked: what test/loader/coexisting-loaders.e2e and coexisting-type-checking.e2e share.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { cleanEnvironment, repoRoot, runTsprof, scratchDirectory } from './cli.mjs';
import { readProfileJson } from './profile-checks.mjs';

export const FIXTURE = join(repoRoot, 'fixtures', 'loaders');
const SOURCE = join(FIXTURE, 'src');

export function runPlain(command, { env = {} } = {}) {
  return new Promise((resolvePromise) => {
    const child = spawn(command[0], command.slice(1), { cwd: FIXTURE, env: cleanEnvironment(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('exit', (code, signal) => resolvePromise({ code, signal, stdout, stderr }));
  });
}

/** Mocha prints durations; nothing else in these outputs varies between runs. */
function stable(output) {
  return output.replace(/\s*\(\d+ms\)/g, '');
}

export async function plainAndProfiled(command, { include = 'src', env = {} } = {}) {
  const out = scratchDirectory();
  const profileFile = join(out, 'p.json');
  const environment = { TSPROF_NO_CACHE: '1', ...env };
  const plain = await runPlain(command, { env: environment });
  const profiled = await runTsprof(['--include', include, '-o', join(out, 'g.dot'), '--profile', profileFile, '--', ...command], { cwd: FIXTURE, env: environment });
  assert.equal(plain.code, 0, `plain run failed:\n${plain.stderr}`);
  assert.equal(profiled.code, plain.code, `exit status as without tsprof; stderr:\n${profiled.stderr}`);
  assert.equal(stable(profiled.stdout), stable(plain.stdout), 'output as without tsprof');
  assert.doesNotMatch(profiled.stderr, /tsprof: not instrumenting|ran without probes/, 'nothing failed open or ran without probes');
  return { profile: readProfileJson(profileFile), stderr: profiled.stderr };
}

export function functionNamed(profile, name) {
  const matches = profile.nodes.filter((node) => node.name === name);
  assert.equal(matches.length, 1, `one function named ${name}, got ${matches.length}`);
  return matches[0];
}

/**
 * The publish path of fixtures/loaders/src, counted exactly and located in the
 * .ts sources, and nothing the loader generated (export getters, helpers)
 * taken for a function of the user's. routes.ts is long enough that a loader's
 * inline source map comment runs to several kilobytes.
 */
export function assertPublishPath(profile, messages) {
  const expected = [
    ['Publisher.publish', 'publish.ts', 7, messages],
    ['routeFor', 'routes.ts', 39, messages],
    ['encode', 'codec.ts', 8, messages],
    ['checksum', 'codec.ts', 12, messages],
  ];
  for (const [name, file, line, calls] of expected) {
    const node = functionNamed(profile, name);
    assert.equal(node.calls, calls, `${name} calls`);
    assert.equal(node.file, join(SOURCE, file), `${name} file`);
    assert.equal(node.line, line, `${name} line`);
  }
  const written = ['Publisher.publish', 'Publisher.count (get)', 'publishMany', 'routeFor', 'encode', 'checksum'];
  const seen = profile.nodes.filter((node) => node.file.startsWith(SOURCE)).map((node) => node.name);
  assert.deepEqual(seen.filter((name) => !written.includes(name)), [], 'only functions written in src/*.ts');
}

export const node = process.execPath;
export const mocha = [node, join(repoRoot, 'node_modules', 'mocha', 'bin', 'mocha.js')];
export const SPECS = 'test/*.spec.js';
export const SPEC_MESSAGES = 150;
