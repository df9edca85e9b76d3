import { join } from 'node:path';

/**
 * Where the build puts the transform as one self-contained file (the
 * instrumenter with Babel, magic-string and the source-map libraries inside),
 * and the fingerprint of that file that keys the transform cache. Profiled
 * processes load the bundle privately (see private-module.ts); the build
 * script (scripts/bundle.js) writes both paths named here.
 */
export const TRANSFORM_ENTRY = join(__dirname, '..', 'instrument', 'instrument.js');
export const TRANSFORM_BUNDLE = join(__dirname, '..', 'instrument', 'bundle.js');
export const TRANSFORM_FINGERPRINT = join(__dirname, '..', 'instrument', 'bundle.fingerprint');
