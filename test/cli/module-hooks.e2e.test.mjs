// Module hooks on each Node: in-thread (module.registerHooks) where Node has
// them (22.15+), off-thread (module.register) on Node 20 or when asked; either
// way the program's own hooks keep working, and the in-thread load hook sees
// the final output of loaders preloaded later.
import assert from 'node:assert/strict';
import module from 'node:module';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { cleanEnvironment, nodesByName, repoRoot, runTsprof, scratchDirectory } from '../helpers/cli.mjs';
import { readProfileJson } from '../helpers/profile-checks.mjs';

const skipNoInThreadHooks = typeof module.registerHooks === 'function' ? false : `Node ${process.version} has no module.registerHooks`;

async function profileOf(args, env = {}) {
  const out = scratchDirectory();
  const result = await runTsprof(['-o', join(out, 'g.dot'), '--profile', join(out, 'p.json'), ...args], { env });
  assert.equal(result.code, 0, result.stderr);
  const profile = readProfileJson(join(out, 'p.json'));
  return { result, nodes: nodesByName(profile), processes: profile.processes };
}

// The hooks thread Node starts for the program's module.register hooks runs
// the process's preloads too; tsprof must do nothing there (on Node 22 its
// in-thread hooks there made every import throw).
const ownHooks = {
  '--import of a file that calls module.register': ['--import', './fixtures/module-hooks/off-thread-loader.mjs', 'fixtures/module-hooks/with-own-hooks.mjs'],
  '--experimental-loader': ['--no-warnings', '--experimental-loader', './fixtures/module-hooks/greeting-hooks.mjs', 'fixtures/module-hooks/with-own-hooks.mjs'],
  'module.register called by the program as it runs': ['fixtures/module-hooks/registers-own-hooks.mjs'],
};
for (const [way, nodeArgs] of Object.entries(ownHooks)) {
  for (const kind of ['default', 'off-thread']) {
    test(`a program's own off-thread hooks keep working beside tsprof's: ${way}, ${kind} hooks`, async () => {
      const { result, nodes, processes } = await profileOf(
        ['--include', 'fixtures/module-hooks/greet.mjs', '--', process.execPath, ...nodeArgs],
        kind === 'default' ? {} : { TSPROF_MODULE_HOOKS: kind },
      );
      assert.equal(result.stdout, 'hi a\nhi b\nhi c\n', "the program's hooks ran");
      assert.equal(nodes.get('greet')?.calls, 3);
      assert.deepEqual(processes.map((entry) => entry.threadId), [0], 'no part from a hooks thread');
    });
  }
}

test('in-thread: a loader preloaded after tsprof that reads ES modules itself — tsprof profiles what that loader produced', { skip: skipNoInThreadHooks }, async () => {
  const { result, nodes } = await profileOf([
    '--include', 'fixtures/module-hooks/app.mjs', '--', process.execPath, '--import', './fixtures/module-hooks/rewrite-loader.mjs', 'fixtures/module-hooks/app.mjs',
  ]);
  assert.equal(result.stdout.trim(), 'total 42');
  assert.equal(nodes.get('doubleAsLoaded')?.calls, 7, 'the rewritten function, with its calls');
  assert.equal(nodes.get('doubleAsLoaded').line, 2);
  assert.equal(nodes.get('doubleAsWritten'), undefined);
});

test('TSPROF_MODULE_HOOKS chooses in-thread or off-thread hooks, with the same profile', { skip: skipNoInThreadHooks }, async () => {
  const args = ['--include', 'fixtures/esm-app', '--', process.execPath, 'fixtures/esm-app/main.mjs', '20'];
  const counts = ({ nodes }) => ['Mailbox.post', 'checksum', 'Mailbox.drain', 'summarize'].map((name) => nodes.get(name)?.calls);
  assert.deepEqual(counts(await profileOf(args, { TSPROF_MODULE_HOOKS: 'in-thread' })), [20, 20, 1, 1]);
  assert.deepEqual(counts(await profileOf(args, { TSPROF_MODULE_HOOKS: 'off-thread' })), [20, 20, 1, 1]);
});

test("tsprof/register after a preload that registers hooks (Node's hooks thread starts before the configuration is made): one profile, no parts directory left behind", { skip: skipNoInThreadHooks }, () => {
  const temporary = scratchDirectory();
  const profile = join(temporary, 'p.json');
  const child = spawnSync(process.execPath, ['fixtures/module-hooks/with-own-hooks.mjs'], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: cleanEnvironment({
      TMPDIR: temporary,
      TSPROF_INCLUDE: 'fixtures/module-hooks/greet.mjs',
      TSPROF_PROFILE: profile,
      NODE_OPTIONS: `--require ${JSON.stringify(join(repoRoot, 'fixtures/module-hooks/off-thread-loader.cjs'))} --require ${JSON.stringify(join(repoRoot, 'dist/register.js'))}`,
    }),
  });
  assert.equal(child.status, 0, child.stderr);
  assert.equal(child.stdout, 'hi a\nhi b\nhi c\n', "the program's hooks ran");
  assert.equal(nodesByName(readProfileJson(profile)).get('greet')?.calls, 3);
  assert.deepEqual(readdirSync(temporary).filter((name) => name.startsWith('tsprof-parts-')), [], 'no parts directory left');
});
