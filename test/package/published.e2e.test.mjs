// The package as users get it: `npm pack`, unpacked into node_modules of a fresh project
// (its dependencies come from this repository's node_modules, found by walking up), then
// used through require, import, TypeScript against the published types, and
// `--require tsprof/register` in NODE_OPTIONS.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { cleanEnvironment, repoRoot, scratchDirectory } from '../helpers/cli.mjs';
import { readProfileJson } from '../helpers/profile-checks.mjs';

const GOLDEN_V2 = join(repoRoot, 'test', 'golden', 'taskqueue-v2.profile.json');
const GOLDEN_V1 = join(repoRoot, 'test', 'golden', 'taskqueue.profile.json');
let project;

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: project, encoding: 'utf8', env: cleanEnvironment(options.env), timeout: 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

before(() => {
  mkdirSync(join(repoRoot, 'out'), { recursive: true });
  // Inside the repository, so that the package's own dependencies resolve from its node_modules.
  project = mkdtempSync(join(repoRoot, 'out', 'package-test-'));
  const packed = scratchDirectory();
  const pack = spawnSync('npm', ['pack', '--ignore-scripts', '--pack-destination', packed], { cwd: repoRoot, encoding: 'utf8' });
  assert.equal(pack.status, 0, pack.stderr);
  const tarball = readdirSync(packed).find((name) => name.endsWith('.tgz'));
  const installed = join(project, 'node_modules', 'tsprof');
  mkdirSync(installed, { recursive: true });
  const unpack = spawnSync('tar', ['-xzf', join(packed, tarball), '-C', installed, '--strip-components=1']);
  assert.equal(unpack.status, 0, String(unpack.stderr));
  rmSync(packed, { recursive: true, force: true });
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
});

after(() => rmSync(project, { recursive: true, force: true }));

test('the package contains what the exports map names, and no tests or sources', () => {
  const manifest = JSON.parse(readFileSync(join(project, 'node_modules', 'tsprof', 'package.json'), 'utf8'));
  assert.equal(manifest.main, 'dist/index.js');
  for (const target of ['dist/index.js', 'dist/index.d.ts', 'dist/register.js', 'schema/profile-v3.schema.json']) {
    assert.doesNotThrow(() => readFileSync(join(project, 'node_modules', 'tsprof', target)), target);
  }
  assert.throws(() => readdirSync(join(project, 'node_modules', 'tsprof', 'test')));
  // The schema of the version tsprof writes, also under the name it had when that was version 2.
  const resolveInProject = createRequire(join(project, 'package.json')).resolve;
  for (const name of ['tsprof/schema/profile-v3.schema.json', 'tsprof/schema/profile-v2.schema.json']) {
    assert.equal(resolveInProject(name), join(project, 'node_modules', 'tsprof', 'schema', 'profile-v3.schema.json'), name);
  }
});

test('installing the package builds nothing: it ships its built files, and its prepare script is a no-op there', () => {
  const installed = join(project, 'node_modules', 'tsprof');
  const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
  assert.equal(manifest.scripts.prepack, 'npm run build', 'npm pack and npm publish build first');
  const before = readdirSync(join(installed, 'dist')).sort();
  const prepare = spawnSync('npm', ['run', 'prepare'], { cwd: installed, encoding: 'utf8', env: cleanEnvironment(), timeout: 120_000 });
  assert.equal(prepare.status, 0, prepare.stderr);
  assert.doesNotMatch(prepare.stdout + prepare.stderr, /> tsprof@[^ ]+ build|tsc -p/);
  assert.deepEqual(readdirSync(join(installed, 'dist')).sort(), before);
});

test("require('tsprof'): read, select, render and report a profile", () => {
  writeFileSync(
    join(project, 'use.cjs'),
    `const tsprof = require('tsprof');
const profile = tsprof.readProfile(${JSON.stringify(GOLDEN_V2)});
const graph = tsprof.applyGraphSteps(tsprof.selectedCallGraph(profile, { root: /Producer\\.publish$/ }));
const write = graph.nodes.find((node) => node.name === 'Transport.write');
const dot = tsprof.toDot(graph);
const old = tsprof.buildCallGraph(tsprof.readProfile(${JSON.stringify(GOLDEN_V1)}));
console.log(JSON.stringify({ version: profile.version, writes: write.calls, dot: dot.startsWith('digraph'), v1Nodes: old.nodes.length, tree: tsprof.formatTree(graph).includes('Producer.publish'), register: require.resolve('tsprof/register').endsWith('register.js') }));
`,
  );
  const result = run(process.execPath, ['use.cjs']);
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(JSON.parse(result.stdout), { version: 2, writes: 5000, dot: true, v1Nodes: 56, tree: true, register: true });
});

test("import from 'tsprof': named and default imports", () => {
  writeFileSync(
    join(project, 'use.mjs'),
    `import tsprof, { readProfile, functionView, functionKey, mergeProfiles, formatReport, buildCallGraph, PROFILE_VERSION } from 'tsprof';
const profile = readProfile(${JSON.stringify(GOLDEN_V2)});
const merged = mergeProfiles([profile, profile], profile.command, profile.startedAt, profile.wallMs);
const crc = functionView(merged).nodes.find((node) => node.name === 'crc32');
const once = functionView(profile).nodes.find((node) => node.name === 'crc32');
console.log(JSON.stringify({ version: PROFILE_VERSION, doubled: crc.calls === 2 * once.calls, key: typeof functionKey(crc), report: formatReport(buildCallGraph(profile), { top: 1 }).startsWith('tsprof:'), same: tsprof.readProfile === readProfile }));
`,
  );
  const result = run(process.execPath, ['use.mjs']);
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(JSON.parse(result.stdout), { version: 3, doubled: true, key: 'string', report: true, same: true });
});

test('TypeScript compiles against the published types, and rejects a misuse', () => {
  writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, module: 'Node16', moduleResolution: 'Node16', target: 'ES2022', noEmit: true, types: ['node'], lib: ['ES2023'] }, files: ['use.ts'] }));
  writeFileSync(
    join(project, 'use.ts'),
    `import { readProfile, selectedCallGraph, applyGraphSteps, renderGraph, exportProfile, type Profile, type CallGraph, type ProfileContext, type GraphOptions, type Selection } from 'tsprof';
const profile: Profile = readProfile('p.json');
const contexts: ProfileContext[] = profile.contexts;
const selection: Selection = { focus: /publish/ };
const options: Partial<GraphOptions> = { maxNodes: 10 };
const graph: CallGraph = applyGraphSteps(selectedCallGraph(profile, selection), options);
const drawn: Promise<string | Buffer> = renderGraph(graph, 'svg');
const pprof: string | Uint8Array = exportProfile(profile, 'pprof');
export const used = [contexts.length, drawn, pprof];
`,
  );
  const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
  const good = run(process.execPath, [tsc, '-p', 'tsconfig.json']);
  assert.equal(good.code, 0, good.stdout + good.stderr);
  writeFileSync(join(project, 'use.ts'), `import { buildCallGraph } from 'tsprof';\nexport const wrong: number = buildCallGraph({ version: 2 });\n`);
  const bad = run(process.execPath, [tsc, '-p', 'tsconfig.json']);
  assert.notEqual(bad.code, 0, 'a wrong use must not type-check');
  assert.match(bad.stdout, /error TS/);
});

test('NODE_OPTIONS="--require tsprof/register" profiles a program and writes the merged profile', () => {
  mkdirSync(join(project, 'lib'), { recursive: true });
  writeFileSync(join(project, 'lib', 'work.js'), `exports.step = function step(n) { return n + 1 };\n`);
  writeFileSync(join(project, 'app.js'), `const { step } = require('./lib/work'); let n = 0; for (let i = 0; i < 25; i++) n = step(n); console.log(n);\n`);
  const result = run(process.execPath, ['app.js'], { env: { NODE_OPTIONS: '--require tsprof/register', TSPROF_INCLUDE: 'lib', TSPROF_PROFILE: 'out/p.json' } });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stdout, '25\n');
  assert.match(result.stderr, /^tsprof: wrote .*out\/p\.json\n$/);
  const profile = readProfileJson(join(project, 'out', 'p.json'));
  assert.equal(profile.nodes.find((node) => node.name === 'step').calls, 25);
  const unconfigured = run(process.execPath, ['app.js'], { env: { NODE_OPTIONS: '--require tsprof/register' } });
  assert.equal(unconfigured.code, 0);
  assert.equal(unconfigured.stdout, '25\n');
  assert.match(unconfigured.stderr, /^tsprof: tsprof\/register: set TSPROF_INCLUDE/);
});
