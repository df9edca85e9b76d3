'use strict';
// Transform throughput on a large real file from node_modules (it has an input
// source map to compose): cold in a process that has transformed before (parse,
// walk, edit, source map; what a run over many files pays per file), the first
// file of a fresh process (loading the transform bundle and V8 warming up
// included), and warm (served from the transform cache).
const { spawnSync } = require('node:child_process');
const { mkdirSync, mkdtempSync, readFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { median } = require('./timing.js');

const SUBJECT = require.resolve('@babel/parser/lib/index.js');

function megabytesPerSecond(bytes, ms) {
  return bytes / 1e6 / (ms / 1000);
}

/**
 * A fresh Node that loads the transform bundle as a profiled process does and transforms the subject
 * once: milliseconds. With `codeCacheFile`, V8's code for the bundle comes from it (and is written
 * there after the transform when it did not).
 */
function firstTransformInAFreshProcess(codeCacheFile = null) {
  const script = `
    const { loadPrivately } = require(${JSON.stringify(require.resolve('../dist/loader/private-module.js'))});
    const { TRANSFORM_BUNDLE } = require(${JSON.stringify(require.resolve('../dist/loader/bundles.js'))});
    const source = require('node:fs').readFileSync(${JSON.stringify(SUBJECT)}, 'utf8');
    const start = performance.now();
    const bundle = loadPrivately(TRANSFORM_BUNDLE, ${JSON.stringify(codeCacheFile)});
    bundle.exports.instrument(source, { filename: ${JSON.stringify(SUBJECT)}, format: 'commonjs', runtimeSpecifier: '/runtime.js' });
    console.log(performance.now() - start);
    bundle.writeCodeCache();`;
  const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`the fresh-process transform failed: ${run.stderr}`);
  return Number(run.stdout.trim());
}

function benchTransform({ repetitions = 9 } = {}) {
  const cacheRoot = mkdtempSync(join(tmpdir(), 'tsprof-bench-cache-'));
  const originalCwd = process.cwd();
  mkdirSync(join(cacheRoot, 'node_modules'));
  process.chdir(cacheRoot); // the cache lives in <cwd>/node_modules/.cache/tsprof when there is a node_modules
  try {
    const { instrument } = require('../dist/instrument/instrument.js');
    const { transformForLoader } = require('../dist/loader/transform.js');
    const source = readFileSync(SUBJECT, 'utf8');
    const runtime = require.resolve('../dist/runtime/handle.js');
    instrument(source, { filename: SUBJECT, format: 'commonjs', runtimeSpecifier: runtime }); // this process's first
    // The subject comes with a 1.5 MB source map (0.9 MB of it the original sources), which the
    // transform reads, decodes and composes with its own: the same file without it, for the split,
    // the two alternated so that neither has the JIT's or the heap's better moment to itself.
    const withoutMap = source.replace(/^\/\/# sourceMappingURL=.*$/m, '');
    const cold = [];
    const coldWithoutMap = [];
    for (let repetition = 0; repetition < repetitions; repetition++) {
      let start = performance.now();
      instrument(source, { filename: SUBJECT, format: 'commonjs', runtimeSpecifier: runtime });
      cold.push(performance.now() - start);
      start = performance.now();
      instrument(withoutMap, { filename: SUBJECT, format: 'commonjs', runtimeSpecifier: runtime });
      coldWithoutMap.push(performance.now() - start);
    }
    const first = [1, 2, 3].map(() => firstTransformInAFreshProcess());
    const codeCacheFile = join(cacheRoot, 'v8-code.bin');
    firstTransformInAFreshProcess(codeCacheFile); // writes V8's code for the bundle
    const firstCached = [1, 2, 3].map(() => firstTransformInAFreshProcess(codeCacheFile));
    transformForLoader(source, SUBJECT, 'commonjs', runtime); // fills the cache
    const warm = [];
    for (let repetition = 0; repetition < repetitions * 3; repetition++) {
      const start = performance.now();
      transformForLoader(source, SUBJECT, 'commonjs', runtime);
      warm.push(performance.now() - start);
    }
    const bytes = Buffer.byteLength(source);
    console.log(`transform throughput on ${SUBJECT.split('node_modules/')[1]} (${(bytes / 1e6).toFixed(2)} MB, medians)`);
    console.log(`  cold (parse + instrument + source map)  ${median(cold).toFixed(0)} ms  ${megabytesPerSecond(bytes, median(cold)).toFixed(2)} MB/s  (target ≥ 3 MB/s)`);
    console.log(`  cold, without its input source map      ${median(coldWithoutMap).toFixed(0)} ms  ${megabytesPerSecond(bytes, median(coldWithoutMap)).toFixed(2)} MB/s  (what reading, decoding and composing that map costs)`);
    console.log(`  first file of a fresh process           ${median(first).toFixed(0)} ms  ${megabytesPerSecond(bytes, median(first)).toFixed(2)} MB/s  (bundle load and V8 warm-up included)`);
    console.log(`  the same, V8's code for the bundle cached ${median(firstCached).toFixed(0)} ms  ${megabytesPerSecond(bytes, median(firstCached)).toFixed(2)} MB/s  (what a process's first miss pays once tsprof has run on this Node)`);
    console.log(`  warm (transform cache)                  ${median(warm).toFixed(1)} ms  ${megabytesPerSecond(bytes, median(warm)).toFixed(1)} MB/s`);
    return { subject: SUBJECT.split('node_modules/')[1], bytes, coldMegabytesPerSecond: megabytesPerSecond(bytes, median(cold)), coldWithoutMapMegabytesPerSecond: megabytesPerSecond(bytes, median(coldWithoutMap)), firstMegabytesPerSecond: megabytesPerSecond(bytes, median(first)), firstCachedMegabytesPerSecond: megabytesPerSecond(bytes, median(firstCached)) };
  } finally {
    process.chdir(originalCwd);
    rmSync(cacheRoot, { recursive: true, force: true });
  }
}

module.exports = { benchTransform };
