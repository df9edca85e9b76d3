'use strict';
// The subject of bench/parallel-transform.js: a real program that loads many
// files of real packages (some 290 CommonJS files, 2.4 MB, of @babel/core and
// what it loads for one TypeScript transform). With BENCH_USAGE_FILE set, it
// writes the process's CPU time (every thread) there as it exits, and on
// Linux the main thread's own: what the wall time would be on an idle machine
// with a core for each thread, whatever else the machine runs now.
const { readFileSync, writeFileSync } = require('node:fs');

/** utime + stime of the main thread from /proc (clock ticks, 100 a second on Linux), or null. */
function mainThreadCpuMs() {
  try {
    const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

if (process.env.BENCH_USAGE_FILE) {
  process.on('exit', () => {
    const { user, system } = process.cpuUsage();
    writeFileSync(process.env.BENCH_USAGE_FILE, JSON.stringify({ cpuMs: (user + system) / 1000, mainThreadCpuMs: mainThreadCpuMs() }));
  });
}
const babel = require('@babel/core');
babel.transformSync('export const a: number = 1; class A { x = 1 }', {
  babelrc: false,
  configFile: false,
  filename: 'x.ts',
  presets: ['@babel/preset-typescript'],
  plugins: ['@babel/plugin-transform-modules-commonjs'],
});
