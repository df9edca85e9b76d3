// What the jest and vitest fixtures' tests call, and how to compare a plain run with a profiled one.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanEnvironment, nodesByName, programNodes, repoRoot } from './cli.mjs';

/**
 * Calls per function as the fixtures' tests make them (see the comments in
 * fixtures/<app>/test/*.test.ts): orders 3 publishes + 1 rejected one, the
 * batch/stream test 4 publishes.
 */
export function expectedCalls(batchMethod) {
  return new Map([
    ['Publisher.publish', 3 + 1 + 4],
    ['encode', 8],
    ['Transport.write', 8],
    ['Transport.write/new Promise', 7],
    ['Transport.close', 1],
    ['decode', 3],
    ['Publisher.constructor', 3],
    [`Publisher.${batchMethod}`, 1],
  ]);
}

export function lineOf(file, text) {
  const index = readFileSync(file, 'utf8').split('\n').findIndex((line) => line.includes(text));
  assert.ok(index >= 0, `${text} in ${file}`);
  return index + 1;
}

/** Exact counts, and every function named and located in the fixture's TypeScript sources. */
export function assertPublishPath(profile, app, batchMethod) {
  const source = join(repoRoot, 'fixtures', app, 'src');
  const nodes = nodesByName(profile);
  const expected = expectedCalls(batchMethod);
  assert.deepEqual(
    new Map(programNodes(profile).map((node) => [node.name, node.calls])),
    expected,
    'one node per function with the calls the tests made',
  );
  const publish = nodes.get('Publisher.publish');
  assert.equal(publish.file, join(source, 'publisher.ts'));
  assert.equal(publish.line, lineOf(publish.file, 'async publish('));
  assert.equal(nodes.get('Transport.write').line, lineOf(join(source, 'transport.ts'), 'async write('));
  const edge = profile.edges.find((candidate) => candidate.caller === publish.id && candidate.callee === nodes.get('encode').id);
  assert.equal(edge?.calls, 8, 'Publisher.publish → encode');
  return publish;
}

/** Runs a command without tsprof, as the user would. */
export function runPlain(command, args, { cwd = repoRoot, env = {} } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: cleanEnvironment(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ code, signal, output }));
  });
}

/** A runner's output without colours: vitest colours it whenever CI is set, a TTY or not. */
export function withoutColours(output) {
  return output.replace(/\x1B\[[0-9;]*m/g, '');
}

/** The lines of a runner's report that do not depend on timing: results, failures and stack frames. */
export function outcomeLines(output, pattern) {
  return withoutColours(output)
    .split('\n')
    .filter((line) => pattern.test(line))
    .map((line) => line.replace(/\s*\(?\d+(?:\.\d+)?\s*m?s\)?\s*$/, '').trim())
    .sort();
}

/**
 * Every installed major of a test runner: the root's devDependency and the
 * one in each fixtures/runners/* workspace (package.json's workspaces), so that
 * the runner tests run under each major the day it is added there.
 */
export function installedRunners(name) {
  const runnersRoot = join(repoRoot, 'fixtures', 'runners');
  const roots = [repoRoot, ...readdirSync(runnersRoot).map((entry) => join(runnersRoot, entry))];
  const byMajor = new Map();
  for (const root of roots) {
    const directory = join(root, 'node_modules', name);
    if (!existsSync(join(directory, 'package.json'))) continue;
    const { version } = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8'));
    byMajor.set(Number.parseInt(version, 10), { major: Number.parseInt(version, 10), version, directory });
  }
  return ofThisLeg([...byMajor.values()].sort((a, b) => a.major - b.major));
}

/**
 * Under npm test's matrix (TSPROF_TEST_LEG=<index>/<count>, scripts/test-matrix.js) the legs share
 * the majors: leg L runs the majors at positions i with i % count === L, and a leg past the last
 * major runs the one at L % majors. Every major runs on some leg and every leg runs some major.
 */
function ofThisLeg(runners) {
  const match = /^(\d+)\/(\d+)$/.exec(process.env.TSPROF_TEST_LEG ?? '');
  if (!match || runners.length === 0) return runners;
  const [leg, count] = [Number(match[1]), Number(match[2])];
  return runners.filter((_, index) => index % count === leg || (leg >= runners.length && leg % runners.length === index));
}
