#!/usr/bin/env node
'use strict';
// The JSON Schema of the profile format, generated from its one definition,
// src/profile/types.ts: the doc comments become descriptions, tags such as
// `@minimum 0` or `@asType integer` constraints. Run it after changing
// types.ts (`node scripts/profile-schema.js`); test/profile/schema.test.mjs
// fails while the committed schema differs from what this generates.
//
// The generator writes draft-07 with `definitions`; the published schema has
// been draft 2020-12 with `$defs` since it was first written, and consumers
// (and the ajv the tests use) read it as such, so it is rewritten to that:
// `definitions` become `$defs`, and a tuple's `items: [...]` (with minItems and
// maxItems) becomes 2020-12's `prefixItems: [...]` with `items: false`.
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { createGenerator } = require('ts-json-schema-generator');

const root = join(__dirname, '..');
const SCHEMA_DIRECTORY = join(root, 'schema');

function renameDefinitions(node) {
  if (Array.isArray(node)) return node.map(renameDefinitions);
  if (typeof node !== 'object' || node === null) return node;
  const tuple = Array.isArray(node.items);
  return Object.fromEntries(
    Object.entries(node).flatMap(([key, value]) => {
      if (key === 'definitions') return [['$defs', renameDefinitions(value)]];
      if (key === '$ref') return [[key, value.replace('#/definitions/', '#/$defs/')]];
      if (tuple && key === 'items') return [['prefixItems', renameDefinitions(value)], ['items', false]];
      if (tuple && key === 'maxItems') return [];
      return [[key, renameDefinitions(value)]];
    }),
  );
}

/** The schema of `Profile` as `{ file, text }`: the file it is published as, and its text. */
function profileSchema() {
  const generator = createGenerator({
    path: join(root, 'src', 'profile', 'types.ts'),
    tsconfig: join(root, 'tsconfig.json'),
    type: 'Profile',
    topRef: false,
    additionalProperties: false,
    // types.ts is type-checked by the build; checking it again here only costs time.
    skipTypeCheck: true,
  });
  const { $schema, ...generated } = generator.createSchema('Profile');
  // Named after the newest version it describes: the one tsprof writes.
  const { const: only, enum: versions = [only] } = generated.properties.version;
  const version = Math.max(...versions);
  const file = `profile-v${version}.schema.json`;
  const schema = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `https://github.com/tsprof/tsprof/schema/${file}`,
    title: `tsprof profile, version${versions.length > 1 ? 's' : ''} ${versions.join(', ').replace(/, (\d+)$/, ' and $1')}`,
    ...renameDefinitions(generated),
  };
  return { file: join(SCHEMA_DIRECTORY, file), text: `${JSON.stringify(schema, null, 2)}\n` };
}

if (require.main === module) {
  const { file, text } = profileSchema();
  writeFileSync(file, text);
  console.log(`wrote ${file}`);
}

module.exports = { profileSchema };
