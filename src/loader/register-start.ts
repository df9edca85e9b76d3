import { REGISTER_BUNDLE } from './bundles';
import { loadOwnBundle } from './own-bundle';

/**
 * What `tsprof/register` (dist/register.js) loads: loader/register.ts as one
 * bundle, with its compiled code from the cache (own-bundle.ts), as
 * preload-start.ts loads the preload.
 */
loadOwnBundle(REGISTER_BUNDLE, (specifier) => import(specifier));
