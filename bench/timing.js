'use strict';
// What every benchmark that runs whole commands shares: where the repository
// and the CLI are, one timed run of a Node command (with the caller's
// NODE_OPTIONS cleared, so nothing but tsprof preloads), and the median.
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');

const root = join(__dirname, '..');
const tsprof = join(root, 'bin', 'tsprof.js');

/** Runs `node args…` in the repository; its wall time, exit status and output. */
function timedNode(args) {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  return { wallMs: performance.now() - started, status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

module.exports = { root, tsprof, timedNode, median };
