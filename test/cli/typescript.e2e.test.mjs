// TypeScript: through tsx (compiled in memory, inline source maps) and through
// tsc output with .map files. The profile and stack traces name the .ts source.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { nodesByName, programNodes, repoRoot, runTsprof, scratchDirectory } from '../helpers/cli.mjs';
import { readProfileJson } from '../helpers/profile-checks.mjs';

const SOURCE = join(repoRoot, 'fixtures', 'typescript-app', 'src');

function assertTypeScriptLocations(profile, messages) {
  const nodes = nodesByName(profile);
  const dispatch = nodes.get('Dispatcher.dispatch');
  assert.equal(dispatch.calls, messages);
  assert.equal(dispatch.file, join(SOURCE, 'dispatcher.ts'));
  assert.equal(dispatch.line, 21);
  assert.equal(nodes.get('Channel.encode').line, 9);
  assert.equal(nodes.get('parseOptions').file, join(SOURCE, 'app.ts'));
  for (const node of programNodes(profile)) {
    assert.match(node.file, /\.ts$/, `${node.name} is located in TypeScript`);
    assert.doesNotMatch(node.name, /^__/, `compiler helper ${node.name} is not profiled`);
  }
}

test('tsx: profile and stack traces point at .ts files and lines', async () => {
  const out = scratchDirectory();
  const result = await runTsprof(['--include', 'fixtures/typescript-app/src', '-o', join(out, 'g.dot'), '--profile', join(out, 'p.json'), '--', 'npx', 'tsx', 'fixtures/typescript-app/src/app.ts', '--messages', '25', '--fail']);
  assert.equal(result.code, 1, 'the uncaught error exits 1, as without tsprof');
  assert.match(result.stderr, /Error: dispatcher orders exploded\n\s+at Dispatcher\.explode \(.*dispatcher\.ts:32:11\)/);
  assertTypeScriptLocations(readProfileJson(join(out, 'p.json')), 25);
});

test('tsc output with source maps: the profile names the .ts sources', async () => {
  const out = scratchDirectory();
  const build = join(out, 'build');
  execFileSync(process.execPath, [join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(repoRoot, 'fixtures', 'typescript-app', 'tsconfig.json'), '--outDir', build]);
  const result = await runTsprof(['--include', build, '-o', join(out, 'g.dot'), '--profile', join(out, 'p.json'), '--', 'node', join(build, 'app.js'), '--messages', '15', '--fail']);
  assert.equal(result.code, 1);
  assert.match(result.stderr, /at Dispatcher\.explode \(.*dispatcher\.ts:32:\d+\)/, result.stderr);
  assertTypeScriptLocations(readProfileJson(join(out, 'p.json')), 15);
});

test("tsx, CommonJS .ts: arrow functions are named through esbuild's __name wrapper", async () => {
  const out = scratchDirectory();
  const program = join(out, 'square.ts');
  writeFileSync(join(out, 'package.json'), '{ "type": "commonjs" }\n');
  writeFileSync(program, 'const square = (n: number): number => n * n;\nlet sum = 0;\nfor (let i = 0; i < 5; i++) sum += square(i);\nconsole.log(sum);\n');
  const result = await runTsprof(['--include', program, '-o', join(out, 'g.dot'), '--profile', join(out, 'p.json'), '--', 'node', join(repoRoot, 'node_modules', '.bin', 'tsx'), program]);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stdout.trim(), '30');
  const profile = readProfileJson(join(out, 'p.json'));
  assert.deepEqual(programNodes(profile).map((node) => [node.name, node.calls, node.line]), [['square', 5, 1]]);
  rmSync(out, { recursive: true, force: true });
});
