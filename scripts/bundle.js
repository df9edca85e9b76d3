#!/usr/bin/env node
'use strict';
// Build step after tsc: bundles the transform and everything it imports into
// one file that needs nothing but Node's built-in modules, so a profiled
// process can compile it without Node's module loader — and so without any
// require hook, module hook or patch the profiled program installed.
// Also writes the bundle's fingerprint, which keys the transform cache.
const { createHash } = require('node:crypto');
const { readFileSync, writeFileSync } = require('node:fs');
const esbuild = require('esbuild');
const { TRANSFORM_BUNDLE, TRANSFORM_ENTRY, TRANSFORM_FINGERPRINT } = require('../dist/loader/transform-bundle.js');

esbuild.buildSync({
  entryPoints: [TRANSFORM_ENTRY],
  outfile: TRANSFORM_BUNDLE,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  logLevel: 'warning',
});
const { version } = require('../package.json');
const fingerprint = createHash('sha256').update(`${version}\u0000`).update(readFileSync(TRANSFORM_BUNDLE)).digest('hex');
writeFileSync(TRANSFORM_FINGERPRINT, fingerprint);
