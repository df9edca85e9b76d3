'use strict';
// Transform throughput on a large real file from node_modules: cold (parse,
// traverse, edit, source map) and warm (served from the transform cache).
const { mkdirSync, mkdtempSync, readFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { median } = require('./timing.js');

const SUBJECT = require.resolve('@babel/parser/lib/index.js');

function megabytesPerSecond(bytes, ms) {
  return bytes / 1e6 / (ms / 1000);
}

function benchTransform({ repetitions = 3 } = {}) {
  const cacheRoot = mkdtempSync(join(tmpdir(), 'tsprof-bench-cache-'));
  const originalCwd = process.cwd();
  mkdirSync(join(cacheRoot, 'node_modules'));
  process.chdir(cacheRoot); // the cache lives in <cwd>/node_modules/.cache/tsprof when there is a node_modules
  try {
    const { instrument } = require('../dist/instrument/instrument.js');
    const { transformForLoader } = require('../dist/loader/transform.js');
    const source = readFileSync(SUBJECT, 'utf8');
    const runtime = require.resolve('../dist/runtime/handle.js');
    const cold = [];
    for (let repetition = 0; repetition < repetitions; repetition++) {
      const start = performance.now();
      instrument(source, { filename: SUBJECT, format: 'commonjs', runtimeSpecifier: runtime });
      cold.push(performance.now() - start);
    }
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
    console.log(`  warm (transform cache)                  ${median(warm).toFixed(1)} ms  ${megabytesPerSecond(bytes, median(warm)).toFixed(1)} MB/s`);
    return { subject: SUBJECT.split('node_modules/')[1], bytes, coldMegabytesPerSecond: megabytesPerSecond(bytes, median(cold)) };
  } finally {
    process.chdir(originalCwd);
    rmSync(cacheRoot, { recursive: true, force: true });
  }
}

module.exports = { benchTransform };
