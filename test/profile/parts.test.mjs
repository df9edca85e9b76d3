// The parts directory's one way out (profile/parts.ts removePartsDirectory), which tsprof run,
// its early start and tsprof/register all take.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { deferredConfigFile, partFile, removePartsDirectory, runningMarker } from '../../dist/profile/parts.js';

const scratch = mkdtempSync(join(tmpdir(), 'tsprof-parts-test-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

test("a parts directory goes with everything a run leaves in it: parts, markers, the deferred configuration", () => {
  const directory = mkdtempSync(join(scratch, 'run-'));
  for (const file of [partFile(directory, 12, 0), partFile(directory, 12, 1), runningMarker(directory, 13), deferredConfigFile(directory)]) writeFileSync(file, '{}');
  removePartsDirectory(directory);
  assert.equal(existsSync(directory), false);
});

test('what is not a flat directory of files (a directory inside) still goes, and a directory already gone is no error', () => {
  const directory = mkdtempSync(join(scratch, 'run-'));
  writeFileSync(partFile(directory, 12, 0), '{}');
  mkdirSync(join(directory, 'inner'));
  writeFileSync(join(directory, 'inner', 'x.json'), '{}');
  removePartsDirectory(directory);
  assert.equal(existsSync(directory), false);
  assert.doesNotThrow(() => removePartsDirectory(directory));
});
