'use strict';
// The subject of bench/parallel-transform.js: a real program that loads many
// files of real packages (some 290 CommonJS files, 2.4 MB, of @babel/core and
// what it loads for one TypeScript transform). With BENCH_USAGE_FILE set, it
// writes the process's CPU time (every thread) there as it exits.
const { writeFileSync } = require('node:fs');

if (process.env.BENCH_USAGE_FILE) {
  process.on('exit', () => {
    const { user, system } = process.cpuUsage();
    writeFileSync(process.env.BENCH_USAGE_FILE, JSON.stringify({ cpuMs: (user + system) / 1000 }));
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
