// Whether an included file may load as an ES module: where none can, profiled
// processes skip the off-thread module hooks and their thread. Every doubt
// must answer yes; a wrong "no" would leave ES modules uninstrumented.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { readJson, runTsprof, scratchDirectory } from '../helpers/cli.mjs';

const require = createRequire(import.meta.url);
const { esModulesSetting, includesPossibleEsModules } = require('../../dist/loader/es-module-scan.js');
const hasInThreadHooks = typeof require('node:module').registerHooks === 'function';

/** A project in a fresh folder: { 'src/a.js': 'text', … }; returns its path. */
function project(files) {
  const root = scratchDirectory('tsprof-esm-scan-');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return root;
}

const COMMONJS = { 'src/a.js': 'const b = require("./b");\nmodule.exports = () => b();\n', 'src/b.cjs': 'module.exports = () => 1;\n' };

test('CommonJS only: no ES module possible', () => {
  const root = project({ ...COMMONJS, 'src/types.d.ts': 'export declare const x: number;\n', 'src/notes.md': 'import x from "y"\n' });
  assert.equal(includesPossibleEsModules([join(root, 'src')], []), false);
});

test('each kind of file that may load as an ES module answers yes', () => {
  const cases = {
    '.mjs': { 'src/c.mjs': 'export const c = 1;\n' },
    '.mts': { 'src/c.mts': 'export const c = 1;\n' },
    '.ts (tsx, Node type stripping)': { 'src/c.ts': 'const c: number = 1;\n' },
    '.cts': { 'src/c.cts': 'const c: number = 1;\n' },
    '.jsx': { 'src/c.jsx': 'module.exports = 1;\n' },
    '.js in a "type": "module" package': { 'package.json': '{"type":"module"}', 'src/c.js': 'const c = 1;\n' },
    '.js with export, no "type" (Node 22 detects it)': { 'src/c.js': 'const c = 1;\nexport default c;\n' },
    '.js with an indented import': { 'src/c.js': '  import { x } from "./x.js";\n' },
  };
  for (const [label, files] of Object.entries(cases)) {
    const root = project({ ...COMMONJS, ...files });
    assert.equal(includesPossibleEsModules([join(root, 'src')], []), true, label);
  }
});

test('a "type": "module" further up counts; one nearer saying commonjs wins', () => {
  const root = project({ 'package.json': '{"type":"module"}', 'src/a.js': 'module.exports = 1;\n' });
  assert.equal(includesPossibleEsModules([join(root, 'src')], []), true);
  const nearer = project({ 'package.json': '{"type":"module"}', 'src/package.json': '{"type":"commonjs"}', 'src/a.js': 'module.exports = 1;\n' });
  assert.equal(includesPossibleEsModules([join(nearer, 'src')], []), false);
});

test('globs answer yes; excluded files and node_modules (unless included) are not looked at', () => {
  const root = project({ ...COMMONJS, 'src/node_modules/dep/index.mjs': 'export default 1;\n', 'src/gen/out.mjs': 'export default 1;\n' });
  assert.equal(includesPossibleEsModules([join(root, 'src', '**', '*.js')], []), true);
  assert.equal(includesPossibleEsModules([join(root, 'src')], [join(root, 'src', 'gen', '**')]), false);
  assert.equal(includesPossibleEsModules([join(root, 'src'), join(root, 'src', 'node_modules', 'dep')], [join(root, 'src', 'gen', '**')]), true);
});

test('an ES module entry importing included CommonJS: counted without the module hooks thread', async () => {
  const root = project({
    'lib/work.js': 'function work(n) { return n * 2 }\nmodule.exports = { work };\n',
    'main.mjs': 'import { work } from "./lib/work.js";\nlet sum = 0;\nfor (let i = 0; i < 7; i++) sum += work(i);\nconsole.log(sum);\n',
  });
  assert.equal(includesPossibleEsModules([join(root, 'lib')], []), false);
  const result = await runTsprof(['--include', 'lib', '-o', join(root, 'g.dot'), '--profile', join(root, 'p.json'), '--', 'node', 'main.mjs'], { cwd: root });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stdout.trim(), '42');
  const profile = readJson(join(root, 'p.json'));
  const work = profile.functions.findIndex((fn) => fn.name === 'work');
  assert.equal(profile.contexts.filter((context) => context.function === work).reduce((sum, context) => sum + context.calls, 0), 7);
});

/** `node --require tsprof/register main`, in `root`, with TSPROF_INCLUDE; the program's output and the profile. */
function underRegister(root, include, main) {
  const { spawnSync } = require('node:child_process');
  const result = spawnSync(process.execPath, ['--require', require.resolve('../../dist/register.js'), main], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '', NODE_TEST_CONTEXT: '', TSPROF_INCLUDE: include, TSPROF_PROFILE: join(root, 'p.json') },
  });
  assert.equal(result.status, 0, result.stderr);
  return { stdout: result.stdout, profile: readJson(join(root, 'p.json')) };
}

const callsOf = (profile, name) => {
  const index = profile.functions.findIndex((fn) => fn.name === name);
  return profile.contexts.filter((context) => context.function === index).reduce((sum, context) => sum + context.calls, 0);
};

test("the configuration's answer: the files' where the off-thread hooks would be used, none where the in-thread ones are (no file read)", () => {
  const root = project(COMMONJS);
  const src = join(root, 'src');
  assert.equal(esModulesSetting([src], [], {}, false), false, 'Node 20: the scan decides');
  assert.equal(esModulesSetting([src], [], { TSPROF_MODULE_HOOKS: 'off-thread' }, true), false, 'off-thread asked for: the scan decides');
  assert.equal(esModulesSetting([join(project({ 'src/lib.mjs': 'export default 1;\n' }), 'src')], [], {}, false), true);
  assert.equal(esModulesSetting([src], [], {}, true), undefined, 'in-thread hooks: no answer needed');
});

test('tsprof/register decides as tsprof run does: no module hooks for CommonJS, and ES modules still counted', () => {
  const program = 'function work(n) { return n * 2 }\nlet sum = 0;\nfor (let i = 0; i < 7; i++) sum += work(i);\n';
  const reportConfig = 'console.log(JSON.parse(process.env.TSPROF_CONFIG).esModules);\n';
  const commonJs = project({ 'lib/main.js': `${program}module.exports = sum;\n${reportConfig}` });
  const plain = underRegister(commonJs, 'lib', join('lib', 'main.js'));
  // Where this Node has in-thread hooks the files are not scanned, and the setting is absent.
  assert.equal(plain.stdout.trim(), hasInThreadHooks ? 'undefined' : 'false');
  assert.equal(callsOf(plain.profile, 'work'), 7);
  const esModule = project({ 'lib/main.mjs': `${program}export default sum;\n${reportConfig}` });
  const hooked = underRegister(esModule, 'lib', join('lib', 'main.mjs'));
  assert.equal(hooked.stdout.trim(), hasInThreadHooks ? 'undefined' : 'true');
  assert.equal(callsOf(hooked.profile, 'work'), 7);
});
