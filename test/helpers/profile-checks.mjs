// Every profile a test reads from a real run goes through here: it must match the JSON
// Schema in the repository, pass tsprof's own validation, and keep the invariants of the
// format. Tests then see the derived per-function view (nodes, edges) beside the contexts.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { functionView } from '../../dist/profile/derive.js';
import { validateProfile } from '../../dist/profile/read.js';
import { PROFILE_VERSION } from '../../dist/profile/types.js';
import { repoRoot } from './cli.mjs';

const SCHEMA_FILE = `profile-v${PROFILE_VERSION}.schema.json`;
const schema = JSON.parse(readFileSync(join(repoRoot, 'schema', SCHEMA_FILE), 'utf8'));
const validateAgainstSchema = new Ajv2020({ allErrors: true, strict: true }).compile(schema);

/** Milliseconds of float rounding allowed when sums are compared. */
const EPSILON_MS = 1e-6;

export function assertMatchesSchema(profile) {
  const valid = validateAgainstSchema(profile);
  assert.ok(valid, `profile does not match schema/${SCHEMA_FILE}: ${JSON.stringify(validateAgainstSchema.errors?.slice(0, 3))}`);
}

/**
 * The invariants of a version 2 profile:
 *  - per function, Σ over its contexts of calls and of self equals the function's calls and self;
 *  - every call into a function is a call along some caller → callee pair (Σ incoming = calls);
 *  - Σ self ≤ wall time, per process (self times never overlap);
 *  - contexts are a tree: the root first, each parent before its children, each non-root context called.
 */
export function assertProfileInvariants(profile) {
  const { nodes, edges } = functionView(profile);
  const calls = new Map();
  const self = new Map();
  for (const context of profile.contexts) {
    if (context.id > 0) {
      assert.ok(context.parent >= 0 && context.parent < context.id, `context ${context.id} has parent ${context.parent}`);
      assert.ok(context.calls > 0, `context ${context.id} was never called`);
    }
    calls.set(context.function, (calls.get(context.function) ?? 0) + context.calls);
    self.set(context.function, (self.get(context.function) ?? 0) + context.selfMs);
  }
  const incoming = new Map();
  for (const edge of edges) incoming.set(edge.callee, (incoming.get(edge.callee) ?? 0) + edge.calls);
  for (const node of nodes) {
    assert.equal(node.calls, calls.get(node.id) ?? 0, `calls of ${node.name}`);
    assert.ok(Math.abs(node.selfMs - (self.get(node.id) ?? 0)) < EPSILON_MS, `self of ${node.name}`);
    if (node.id !== 0) assert.equal(incoming.get(node.id) ?? 0, node.calls, `calls into ${node.name} along its callers`);
  }
  const selfSum = profile.contexts.reduce((sum, context) => sum + context.selfMs, 0);
  const wallSum = profile.processes.reduce((sum, process) => sum + process.wallMs, 0);
  assert.ok(selfSum <= wallSum + 1, `Σ self ${selfSum} ms exceeds the processes' wall time ${wallSum} ms`);
}

/** A profile written by a real run: checked, then with its per-function view. */
export function readProfileJson(file) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  assertMatchesSchema(profile);
  validateProfile(profile, file);
  assertProfileInvariants(profile);
  return { ...profile, ...functionView(profile) };
}
