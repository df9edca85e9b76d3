'use strict';
// What every benchmark that runs whole commands shares: where the repository
// and the CLI are, one timed run of a Node command (with the caller's
// NODE_OPTIONS cleared, so nothing but tsprof preloads), the median, and the
// machine's load to print beside figures.
const { spawnSync } = require('node:child_process');
const { loadavg } = require('node:os');
const { join } = require('node:path');

const root = join(__dirname, '..');
const tsprof = join(root, 'bin', 'tsprof.js');

/** Runs `node args…` in the repository, with `env` added to the environment; its wall time, exit status and output. */
function timedNode(args, env = {}) {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '', ...env } });
  return { wallMs: performance.now() - started, status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** The 1, 5 and 15 minute load averages, as `uptime` prints them: a busy machine makes every ratio worse. */
function machineLoad() {
  return `load average ${loadavg().map((load) => load.toFixed(2)).join(', ')}`;
}

module.exports = { root, tsprof, timedNode, median, machineLoad };
