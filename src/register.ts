/**
 * `tsprof/register` (package.json's "./register"): loader/register.ts, which
 * says what it does, bundled with the modules it imports as one file
 * (scripts/bundle.js), as the preload and the CLI are: one file loads in a
 * few milliseconds less than the twenty it was made of, which in a process
 * of some 70 ms is what the one-process way is measured by (bench/startup.js).
 * register-start.ts loads it with its compiled code from the cache.
 */
require('./loader/register-start.bundle.js');
export {};
