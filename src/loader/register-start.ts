import { REGISTER_BUNDLE } from './bundles';
import { CONFIG_VARIABLE, REGISTER_INCLUDE_VARIABLE } from './config';
import { loadOwnBundle } from './own-bundle';

/**
 * What `tsprof/register` (dist/register.js) loads: loader/register.ts as one
 * bundle, the preload inside it, with its compiled code from the cache
 * (own-bundle.ts), as preload-start.ts loads the preload.
 */
// Without TSPROF_INCLUDE (and outside a profiled run) it only says what to set: no cache for that.
const profiles = process.env[CONFIG_VARIABLE] !== undefined || (process.env[REGISTER_INCLUDE_VARIABLE] ?? '') !== '';
loadOwnBundle(REGISTER_BUNDLE, { codeCache: profiles, importFunction: (specifier) => import(specifier) });
