import { PRELOAD_BUNDLE } from './bundles';
import { CONFIG_VARIABLE } from './config';
import { loadOwnBundle } from './own-bundle';

/**
 * The file NODE_OPTIONS's `--require` names in every profiled process
 * (node-options.ts): loads the preload (loader/preload.ts as one bundle) with
 * its compiled code from the cache (own-bundle.ts) and starts it. Bundled
 * itself, as preload-start.bundle.js, so that it is one small file for Node's loader.
 */
// Without tsprof's configuration (a child started with an environment of its own) the preload does
// nothing, so it is not even loaded: no cache is touched, no listener added.
if (process.env[CONFIG_VARIABLE] !== undefined) {
  const preload = loadOwnBundle(PRELOAD_BUNDLE, { importFunction: (specifier) => import(specifier) }) as { startPreload(): void };
  preload.startPreload();
}
