#!/usr/bin/env node
'use strict';
// Build step after tsc: two bundles made with esbuild.
//
// The transform and everything it imports, as one file that needs nothing but
// Node's built-in modules, so a profiled process can compile it without Node's
// module loader — and so without any require hook, module hook or patch the
// profiled program installed. Also writes the bundle's fingerprint, which keys
// the transform cache.
//
// The CLI (dist/cli/main.js and tsprof's modules it loads, packages left
// outside), as dist/cli/bundle.js, which bin/tsprof.js loads: one file instead
// of some eighty starts the profiled command sooner (bench/startup.js). It sits
// in dist/cli so that every `join(__dirname, '..', stage, file)` of tsprof's
// own files means what it means from the module it came from.
const { createHash } = require('node:crypto');
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const esbuild = require('esbuild');
const { TRANSFORM_BUNDLE, TRANSFORM_ENTRY, TRANSFORM_FINGERPRINT } = require('../dist/loader/transform-bundle.js');

const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning' };

esbuild.buildSync({ ...common, entryPoints: [TRANSFORM_ENTRY], outfile: TRANSFORM_BUNDLE });
const { version } = require('../package.json');
const fingerprint = createHash('sha256').update(`${version}\u0000`).update(readFileSync(TRANSFORM_BUNDLE)).digest('hex');
writeFileSync(TRANSFORM_FINGERPRINT, fingerprint);

const cli = join(__dirname, '..', 'dist', 'cli');
esbuild.buildSync({ ...common, entryPoints: [join(cli, 'main.js')], outfile: join(cli, 'bundle.js'), packages: 'external', sourcemap: 'linked' });
