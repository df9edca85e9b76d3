import { PRELOAD_BUNDLE } from './bundles';
import { loadOwnBundle } from './own-bundle';

/**
 * The file NODE_OPTIONS's `--require` names in every profiled process
 * (node-options.ts): loads the preload (loader/preload.ts as one bundle) with
 * its compiled code from the cache (own-bundle.ts). Bundled itself, as
 * preload-start.bundle.js, so that it is one small file for Node's loader.
 */
loadOwnBundle(PRELOAD_BUNDLE, (specifier) => import(specifier));
