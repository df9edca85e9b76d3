import { join } from 'node:path';

/**
 * tsprof's own code as the build (scripts/bundle.js) leaves it for profiled
 * processes: one self-contained file per entry, and beside a bundle that a
 * process keeps V8's compiled code for, its fingerprint (the SHA-256 of
 * tsprof's version and the bundle's content), which keys that code (V8 itself
 * checks only the source's length) and, for the transform, the transform
 * cache. Paths are built as `dist/<stage>/..`, like every path of tsprof's own
 * files, so they are the same from the CLI bundle in dist/cli as from here.
 */
const LOADER = join(__dirname, '..', 'loader');

/** The instrumenter with Babel, magic-string and the source-map libraries inside; loaded privately when a file is first transformed. */
export const TRANSFORM_ENTRY = join(__dirname, '..', 'instrument', 'instrument.js');
export const TRANSFORM_BUNDLE = join(__dirname, '..', 'instrument', 'bundle.js');
/** loader/preload.ts and what it imports: every profiled process and thread runs it (own-bundle.ts loads it). */
export const PRELOAD_BUNDLE = join(LOADER, 'preload.bundle.js');
/** loader/register.ts and what it imports, but the preload: `tsprof/register` (own-bundle.ts loads it). */
export const REGISTER_BUNDLE = join(LOADER, 'register.bundle.js');
/** What NODE_OPTIONS's `--require` names: loader/preload-start.ts, which loads PRELOAD_BUNDLE. */
export const PRELOAD_START = join(LOADER, 'preload-start.bundle.js');
/** What dist/register.js requires: loader/register-start.ts, which loads REGISTER_BUNDLE. */
export const REGISTER_START = join(LOADER, 'register-start.bundle.js');

/**
 * The CLI (cli/main.ts and tsprof's modules it imports, commander inside): bin/tsprof.js loads it
 * through cli/early.ts, privately, with V8's code for it from the cache (own-bundle.ts).
 */
export const CLI_BUNDLE = join(__dirname, '..', 'cli', 'bundle.js');

/**
 * How a bundle that private-module.ts loads (the transform, the preload, tsprof/register's) is
 * built (the CLI's too): its CommonJS module body inside a function expression, the start on the file's first
 * line. The process compiles the file's text as read; wrapping it as it loads made a second copy
 * of the whole text (some 1 ms for the 300 KB register bundle here) in every process.
 */
export const PRIVATE_BUNDLE_START = '(function (exports, require, module, __filename, __dirname) {';
export const PRIVATE_BUNDLE_END = '\n})';

/** The fingerprint file beside `bundle` (bundle.js: bundle.fingerprint). */
export function fingerprintFile(bundle: string): string {
  return bundle.replace(/\.js$/, '.fingerprint');
}
