'use strict';
// Start-up of a tiny profiled program with tsprof's in-thread module hooks
// (module.registerHooks) and with its off-thread ones (module.register, a
// hooks thread), side by side with the program run plain. Only the profiled
// process is timed — its preload, hooks and instrumented modules — not the
// CLI around it. Interleaved repetitions, medians and ratios.
//
//   node bench/module-hooks.js        (run it with each Node: 22 and 24 have both kinds)
const { spawnSync } = require('node:child_process');
const { mkdtempSync, rmSync } = require('node:fs');
const module_ = require('node:module');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { CONFIG_VARIABLE, encodeConfig } = require('../dist/loader/config.js');
const { nodeOptionsWithPreload } = require('../dist/loader/node-options.js');
const { MODULE_HOOKS_VARIABLE } = require('../dist/loader/module-hooks-kind.js');
const { median } = require('./timing.js');

const root = join(__dirname, '..');
const { PRELOAD_PATH: PRELOAD } = require('../dist/loader/node-options.js');
/** ES modules (the hooks' work) that also import a CommonJS file's worth of Node built-ins. */
const PROGRAM = ['fixtures/esm-app/main.mjs', '1'];

function environmentFor(partsDirectory, extra) {
  const config = {
    include: [join(root, 'fixtures', 'esm-app')],
    exclude: [],
    partsDirectory,
    command: ['node', ...PROGRAM],
    startedAt: new Date().toISOString(),
    children: true,
    flushIntervalMs: 0,
  };
  return { ...process.env, NODE_OPTIONS: nodeOptionsWithPreload('', PRELOAD), [CONFIG_VARIABLE]: encodeConfig(config), ...extra };
}

function timed(environment) {
  const started = performance.now();
  const result = spawnSync(process.execPath, PROGRAM, { cwd: root, encoding: 'utf8', env: environment });
  const wallMs = performance.now() - started;
  if (result.status !== 0) throw new Error(`${PROGRAM.join(' ')} failed:\n${result.stderr}`);
  return wallMs;
}

function benchModuleHooks({ repetitions = 15 } = {}) {
  const partsDirectory = mkdtempSync(join(tmpdir(), 'tsprof-bench-hooks-'));
  const variants = [['plain', { ...process.env, NODE_OPTIONS: '' }]];
  if (typeof module_.registerHooks === 'function') variants.push(['in-thread hooks', environmentFor(partsDirectory, { [MODULE_HOOKS_VARIABLE]: 'in-thread' })]);
  variants.push(['off-thread hooks', environmentFor(partsDirectory, { [MODULE_HOOKS_VARIABLE]: 'off-thread' })]);
  for (const cache of ['warm cache', 'no cache']) {
    const extra = cache === 'no cache' ? { TSPROF_NO_CACHE: '1' } : {};
    const runs = variants.map(([name, environment]) => ({ name, environment: { ...environment, ...extra }, times: [] }));
    for (const run of runs) timed(run.environment); // warm the file and transform caches
    for (let repetition = 0; repetition < repetitions; repetition++) {
      for (const run of runs) run.times.push(timed(run.environment));
    }
    const plainMs = median(runs[0].times);
    console.log(`start-up of a tiny ES-module program, Node ${process.version}, ${cache} (${repetitions} interleaved repetitions, medians)`);
    for (const run of runs) {
      const ms = median(run.times);
      console.log(`  ${run.name.padEnd(17)} ${ms.toFixed(0).padStart(4)} ms   ratio to plain ${(ms / plainMs).toFixed(2)}`);
    }
    if (runs.length === 3) console.log(`  off-thread / in-thread ${(median(runs[2].times) / median(runs[1].times)).toFixed(2)}`);
  }
  rmSync(partsDirectory, { recursive: true, force: true });
}

module.exports = { benchModuleHooks };

if (require.main === module) benchModuleHooks();
