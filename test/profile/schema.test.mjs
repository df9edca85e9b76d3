// The profile format has one definition, src/profile/types.ts: the JSON Schema in schema/ is
// generated from it (scripts/profile-schema.js) and the reader's structural checks are compiled
// from that schema at build time (scripts/profile-validator.js). These tests keep the three
// from drifting apart.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';
import { test } from 'node:test';
import Ajv2020 from 'ajv/dist/2020.js';
import { validateProfile } from '../../dist/profile/read.js';
import { fieldsOfOlderProfiles, PROFILE_VERSION } from '../../dist/profile/types.js';
import { repoRoot } from '../helpers/cli.mjs';
import { assertMatchesGolden } from '../helpers/golden.mjs';

const require = createRequire(import.meta.url);
const { profileSchema } = require('../../scripts/profile-schema.js');
const GOLDEN_V2 = join(repoRoot, 'test', 'golden', 'taskqueue-v2.profile.json');

test('the committed schema is the one generated from types.ts', () => {
  const { file, text } = profileSchema();
  assert.equal(basename(file), `profile-v${PROFILE_VERSION}.schema.json`, 'named after the version it describes');
  assertMatchesGolden(text, file, 'test/profile/schema.test.mjs');
});

test('the package exports the schema of the version tsprof writes, and it compiles strictly', () => {
  const { exports } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  const name = `./schema/profile-v${PROFILE_VERSION}.schema.json`;
  assert.equal(exports[name], name);
  assert.equal(exports['./schema/profile-v2.schema.json'], name, 'the name consumers of version 2 import still resolves, to the schema that also describes version 2');
  const schema = JSON.parse(readFileSync(join(repoRoot, name), 'utf8'));
  const validate = new Ajv2020({ strict: true }).compile(schema);
  assert.ok(validate(JSON.parse(readFileSync(GOLDEN_V2, 'utf8'))), JSON.stringify(validate.errors));
  assert.equal(schema.$defs.ProfileContext.properties.selfMs.description.startsWith('Time this function'), true, 'doc comments are the descriptions');
});

test('the reader takes what older version 2 profiles lack, and ignores fields it does not know', () => {
  const profile = JSON.parse(readFileSync(GOLDEN_V2, 'utf8'));
  const older = { ...profile, note: 'added by hand' };
  for (const field of Object.keys(fieldsOfOlderProfiles())) delete older[field];
  const read = validateProfile(older, 'older.json');
  assert.deepEqual([read.startedAt, read.processes, read.files, read.foldedCalls], ['', [], [], 0]);
  assert.equal(read.contexts.length, profile.contexts.length);
});
