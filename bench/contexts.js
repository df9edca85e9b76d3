'use strict';
// What calling contexts cost in memory and on disk:
//  - peak memory (maxRSS) of 10 M calls spread over about 1,000 distinct call
//    paths, plain and instrumented, in fresh processes;
//  - context count and profile size for real clients (amqplib, bullmq against
//    the local brokers; skipped when a broker is down).
// `node bench/contexts.js [--repo DIR]` measures the tsprof built in DIR
// (default: this one), so that two builds can be compared side by side.
const { spawnSync } = require('node:child_process');
const { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');

const CALLS = 10_000_000;
/** 10 entry functions × 10 middle × 10 leaves: 1,110 distinct paths over 30 functions. */
function pathsProgram(calls) {
  const level = (prefix, next) =>
    Array.from({ length: 10 }, (_, i) => `function ${prefix}${i}(n) { return ${next ? `${next}[(n / ${next === 'b' ? 10 : 100} | 0) % 10](n) + 1` : 'n & 1'}; }`).join('\n');
  return `'use strict';
${level('a', 'b')}
${level('b', 'c')}
${level('c', null)}
const a = [${Array.from({ length: 10 }, (_, i) => `a${i}`)}], b = [${Array.from({ length: 10 }, (_, i) => `b${i}`)}], c = [${Array.from({ length: 10 }, (_, i) => `c${i}`)}];
let sum = 0;
const started = performance.now();
for (let n = 0; n < ${Math.ceil(calls / 3)}; n++) sum += a[n % 10](n);
const elapsedMs = performance.now() - started;
const runtime = globalThis[Symbol.for('tsprof.runtime.v1')];
const contexts = runtime ? (runtime.recorder.contexts ? runtime.recorder.contexts.count : runtime.recorder.edges.count) : 0;
process.stdout.write(JSON.stringify({ sum, elapsedMs, maxRssKb: process.resourceUsage().maxRSS, contexts, kind: runtime && runtime.recorder.contexts ? 'contexts' : 'edges' }));
`;
}

function runProgram(file) {
  const result = spawnSync(process.execPath, [file], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  if (result.status !== 0) throw new Error(`${file} failed: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

function benchMemory(repo) {
  const { instrument } = require(join(repo, 'dist', 'instrument', 'instrument.js'));
  const directory = mkdtempSync(join(tmpdir(), 'tsprof-bench-contexts-'));
  try {
    const source = pathsProgram(CALLS);
    const plainFile = join(directory, 'plain.js');
    const instrumentedFile = join(directory, 'instrumented.js');
    writeFileSync(plainFile, source);
    writeFileSync(instrumentedFile, instrument(source, { filename: instrumentedFile, format: 'commonjs', runtimeSpecifier: join(repo, 'dist', 'runtime', 'handle.js') }).code);
    const plain = runProgram(plainFile);
    const profiled = runProgram(instrumentedFile);
    if (plain.sum !== profiled.sum) throw new Error('the instrumented program computed something else');
    const addedMb = (profiled.maxRssKb - plain.maxRssKb) / 1024;
    console.log(`memory, ${CALLS / 1e6} M calls over 1,110 paths of 30 functions (peak RSS, fresh processes)`);
    console.log(`  plain ${(plain.maxRssKb / 1024).toFixed(1)} MB  profiled ${(profiled.maxRssKb / 1024).toFixed(1)} MB  added ${addedMb.toFixed(1)} MB  (${profiled.contexts} ${profiled.kind} recorded)`);
    const nsPerCall = (run) => (run.elapsedMs * 1e6) / CALLS;
    console.log(`  time per call: plain ${nsPerCall(plain).toFixed(1)} ns  profiled ${nsPerCall(profiled).toFixed(1)} ns (one run each; compare ratios across builds)`);
    return { addedMb, recorded: profiled.contexts };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

const CLIENTS = [
  { name: 'amqplib', fixture: 'amqp.js' },
  { name: 'bullmq', fixture: 'bullmq.js' },
];

function benchClients(repo, messages = 500) {
  console.log(`profile of a real client, ${messages} messages (--include-package <client> --include fixtures/brokers)`);
  const here = resolve(__dirname, '..');
  for (const client of CLIENTS) {
    const directory = mkdtempSync(join(tmpdir(), 'tsprof-bench-client-'));
    try {
      const profileFile = join(directory, 'profile.json');
      const result = spawnSync(
        process.execPath,
        [join(repo, 'bin', 'tsprof.js'), '--include-package', client.name, '--include', join(here, 'fixtures', 'brokers'), '-o', join(directory, 'calls.dot'), '--profile', profileFile, '--', 'node', join(here, 'fixtures', 'brokers', client.fixture), '--messages', String(messages)],
        { cwd: here, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } },
      );
      if (result.status !== 0) {
        console.log(`  ${client.name}: skipped (${(result.stderr.trim().split('\n').pop() || `exit ${result.status}`).slice(0, 120)})`);
        continue;
      }
      const profile = JSON.parse(readFileSync(profileFile, 'utf8'));
      const size = statSync(profileFile).size;
      const shape = profile.version === 1 ? `${profile.nodes.length} functions, ${profile.edges.length} edges` : `${profile.functions.length} functions, ${profile.contexts.length} contexts`;
      console.log(`  ${client.name.padEnd(8)} v${profile.version}: ${shape}, profile ${(size / 1024).toFixed(0)} KB`);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  }
}

function benchContexts({ repo = resolve(__dirname, '..') } = {}) {
  benchMemory(repo);
  benchClients(repo);
}

module.exports = { benchContexts };

if (require.main === module) {
  const index = process.argv.indexOf('--repo');
  benchContexts({ repo: index >= 0 ? resolve(process.argv[index + 1]) : undefined });
}
