import { createRequire } from 'node:module';
import { codeCacheFile } from './cache';
import type { ImportModule } from './dynamic-import';
import { loadPrivately } from './private-module';

/**
 * Loads one of the bundles a process starts with (a profiled process's
 * preload or tsprof/register's, the CLI's; bundles.ts) as private-module.ts
 * loads the transform:
 * without Node's module loader, with V8's compiled code for it from tsprof's
 * cache when an earlier process left it there. Compiling the preload again in
 * every process, and the functions it runs at exit (the part's snapshot,
 * writing and validating it), took 4-10 ms of the bundle's load in one process
 * (Node 20, 22); whole processes measure 2-4 ms less (bench/startup.js, the
 * tiny program in one process). The bundle's `require` is an ordinary
 * one for its own path: it loads packages (picomatch; the CLI's, commander
 * aside) and, in the module hooks
 * thread, files of tsprof's. `importFunction`, for a bundle that imports ES
 * modules (the preload's vitest hooks), is the loading file's `import()`,
 * handed to it (dynamic-import.ts). Without `codeCache` (a process that will
 * profile nothing) it touches no cache and adds no listener.
 */
export function loadOwnBundle(bundle: string, { importFunction, codeCache = true }: { importFunction?: ImportModule; codeCache?: boolean } = {}): unknown {
  const cacheFile = codeCache ? codeCacheFile(bundle) : null;
  const loaded = loadPrivately(bundle, cacheFile, createRequire(bundle));
  if (importFunction) (loaded.exports as { provideImport: (importFunction: ImportModule) => void }).provideImport(importFunction);
  // Written at exit, after the listeners the bundle added (the part written, the profile merged), so that
  // V8's code holds what that compiled too; only by a process that did not find it (private-module.ts).
  if (cacheFile !== null && !loaded.fromCodeCache) process.on('exit', loaded.writeCodeCache);
  return loaded.exports;
}
