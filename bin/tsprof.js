#!/usr/bin/env node
'use strict';
// The bin only hands the arguments to the library; the library never calls process.exit.
//
// Node runs the preloads of NODE_OPTIONS (--require, --import, --loader) before this
// file: a CI job's `NODE_OPTIONS=--require dd-trace/init` or `--import tsx` would
// otherwise trace, hook or transpile tsprof's own code. When there are any, this
// process only starts tsprof again with NODE_OPTIONS emptied, keeping the user's in
// TSPROF_USER_NODE_OPTIONS (src/loader/node-options.ts) for the profiled command, and
// ends the way that run ends. Nothing of tsprof but this file is loaded here.
const USER_NODE_OPTIONS = 'TSPROF_USER_NODE_OPTIONS';
const nodeOptions = process.env.NODE_OPTIONS || '';

if (process.env[USER_NODE_OPTIONS] === undefined && /(?:^|\s)(?:-r|--require|--import|--loader|--experimental-loader)(?:[\s=]|$)/.test(nodeOptions)) {
  const { spawn } = require('node:child_process');
  const child = spawn(process.execPath, [...process.execArgv, __filename, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, NODE_OPTIONS: '', [USER_NODE_OPTIONS]: nodeOptions },
  });
  // A terminal's Ctrl-C reaches the whole process group, the restarted tsprof included; signals sent to this pid alone are passed on.
  process.on('SIGINT', () => undefined);
  for (const signal of ['SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => {
    if (signal) {
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
    } else process.exitCode = code;
  });
} else {
  require('../dist/cli/main.js').main(process.argv.slice(2));
}
