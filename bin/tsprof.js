#!/usr/bin/env node
'use strict';
// The bin only hands the arguments to the library; the library never calls process.exit.
//
// Node runs the preloads of NODE_OPTIONS (--require, --import, --loader) before this
// file: a CI job's `NODE_OPTIONS=--require dd-trace/init` or `--import tsx` would
// otherwise trace, hook or transpile tsprof's own code. When there are any, this
// process only starts tsprof again with NODE_OPTIONS minus those preloads, keeping the
// user's in TSPROF_USER_NODE_OPTIONS (src/loader/node-options.ts) for the profiled
// command, and ends the way that run ends. Nothing of tsprof but this file is loaded
// here, which is why the few lines that read NODE_OPTIONS live in it.
const USER_NODE_OPTIONS = 'TSPROF_USER_NODE_OPTIONS';
const PRELOAD_OPTIONS = ['-r', '--require', '--import', '--loader', '--experimental-loader'];
// As src/cli/run.ts: signals Node does not die by (it ignores SIGPIPE; SIGUSR1 opens its debugger).
const NOT_RAISED_AGAIN = ['SIGPIPE', 'SIGUSR1'];

/** NODE_OPTIONS split as Node splits it: at spaces outside double quotes; a backslash escapes inside them. */
function nodeOptionTokens(text) {
  const tokens = [];
  let current = null;
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const character = text[index];
    if (character === '\\' && quoted && index + 1 < text.length) current = (current ?? '') + text[++index];
    else if (character === '"') {
      quoted = !quoted;
      current = current ?? '';
    } else if (character === ' ' && !quoted) {
      if (current !== null) tokens.push(current);
      current = null;
    } else current = (current ?? '') + character;
  }
  if (current !== null) tokens.push(current);
  return tokens;
}

/** NODE_OPTIONS without its preload options, or null when it has none. */
function withoutPreloads(text) {
  const kept = [];
  let dropped = false;
  const tokens = nodeOptionTokens(text);
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index];
    // Node reads _ as - in option names: --experimental_loader is --experimental-loader.
    const [name, ...value] = token.split('=');
    const option = name.startsWith('--') ? `--${name.slice(2).replace(/_/g, '-')}` : name;
    if (PRELOAD_OPTIONS.includes(option)) {
      if (value.length === 0) index++;
      dropped = true;
    } else kept.push(/[\s"\\]/.test(token) ? `"${token.replace(/(["\\])/g, '\\$1')}"` : token);
  }
  return dropped ? kept.join(' ') : null;
}

function hasControllingTerminal() {
  const { closeSync, openSync } = require('node:fs');
  try {
    closeSync(openSync('/dev/tty', 'r'));
    return true;
  } catch {
    return false;
  }
}

function restartWithout(nodeOptions, cleanOptions) {
  const { spawn } = require('node:child_process');
  const child = spawn(process.execPath, [...process.execArgv, __filename, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, NODE_OPTIONS: cleanOptions, [USER_NODE_OPTIONS]: nodeOptions },
  });
  // With a controlling terminal, Ctrl-C reaches the whole process group, the restarted
  // tsprof included (as src/cli/spawn-command.ts); otherwise signals are passed on.
  const inTerminal = hasControllingTerminal();
  const forward = (signal) => {
    if (signal !== 'SIGINT' || !inTerminal) child.kill(signal);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, forward);
  child.on('error', (error) => {
    process.stderr.write(`tsprof: cannot start ${process.execPath}: ${error.message}\n`);
    process.exitCode = 1;
  });
  child.on('exit', (code, signal) => {
    if (signal) {
      process.exitCode = 128 + (require('node:os').constants.signals[signal] ?? 0);
      process.removeAllListeners(signal);
      if (!NOT_RAISED_AGAIN.includes(signal)) process.kill(process.pid, signal);
    } else process.exitCode = code;
  });
}

if (require.main === module) {
  const nodeOptions = process.env.NODE_OPTIONS ?? '';
  const cleanOptions = process.env[USER_NODE_OPTIONS] === undefined ? withoutPreloads(nodeOptions) : null;
  if (cleanOptions !== null) restartWithout(nodeOptions, cleanOptions);
  else {
    // Node 22+: V8's code cache for this process's code (it never reaches the profiled command, a
    // process of its own), kept with tsprof's other caches, which TSPROF_NO_CACHE turns off. With
    // NODE_COMPILE_CACHE set, Node has already enabled it where the user said.
    const { enableCompileCache } = require('node:module');
    if (enableCompileCache && !process.env.NODE_COMPILE_CACHE && !process.env.TSPROF_NO_CACHE) {
      const cache = require('../dist/cache-directory.js').osCacheDirectory();
      if (cache) enableCompileCache(require('node:path').join(cache, 'tsprof', 'node-compile-cache'));
    }
    // What starts while the CLI loads and reads the options (src/cli/early.ts): `tsprof run -- node …`'s
    // command, which waits for its options in tsprof's preload (early-command.ts), and for a PNG, SVG
    // or HTML picture of run, render or diff, Graphviz's worker (early-graphviz.ts).
    const argv = process.argv.slice(2);
    const { startEarly, startGraphvizEarly, loadCli } = require('../dist/cli/early.bundle.js');
    const early = startEarly(argv);
    startGraphvizEarly(argv);
    // dist/cli/main.js as one file (scripts/bundle.js), loaded with V8's code for it (early.ts). Once
    // it is done (outputs written and flushed, exit code set, every timer and listener of its own
    // cleared), this process ends at once instead of after Node's teardown of what is still loaded,
    // Graphviz's idle thread and Skia among them: 3 ms of a DOT render, 7 of a PNG's (docs/numbers.md).
    // Only when none of its output is still queued (process.exit would drop it: pipes are asynchronous
    // on macOS); otherwise Node ends as usual.
    loadCli()
      .main(argv, early)
      .then(() => {
        if (process.stdout.writableLength === 0 && process.stderr.writableLength === 0) process.exit();
      });
  }
}

module.exports = { nodeOptionTokens, withoutPreloads };
