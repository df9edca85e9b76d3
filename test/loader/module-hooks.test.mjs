// Which module hooks tsprof registers on which Node.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { moduleHooksKind } from '../../dist/loader/sync-hooks.js';

test('in-thread hooks from Node 24.12 and 25.2, where they work beside off-thread ones; off-thread before and without registerHooks', () => {
  const kind = (version, environment = {}, hasRegisterHooks = true) => moduleHooksKind(environment, version, hasRegisterHooks);
  assert.deepEqual(['22.23.3', '24.0.0', '24.11.1', '24.12.0', '24.21.0', '25.1.0', '25.2.0', '26.10.0'].map((version) => kind(version)), [
    'off-thread',
    'off-thread',
    'off-thread',
    'in-thread',
    'in-thread',
    'off-thread',
    'in-thread',
    'in-thread',
  ]);
  assert.equal(kind('20.20.2', {}, false), 'off-thread');
});

test('TSPROF_MODULE_HOOKS overrides the choice where Node has in-thread hooks at all', () => {
  assert.equal(moduleHooksKind({ TSPROF_MODULE_HOOKS: 'in-thread' }, '22.23.3', true), 'in-thread');
  assert.equal(moduleHooksKind({ TSPROF_MODULE_HOOKS: 'off-thread' }, '24.21.0', true), 'off-thread');
  assert.equal(moduleHooksKind({ TSPROF_MODULE_HOOKS: 'in-thread' }, '20.20.2', false), 'off-thread');
  assert.equal(moduleHooksKind({ TSPROF_MODULE_HOOKS: 'sideways' }, '24.21.0', true), 'in-thread', 'anything else keeps the default');
});
