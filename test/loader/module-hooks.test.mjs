// Which module hooks tsprof registers on which Node.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { moduleHooksKind } from '../../dist/loader/module-hooks-kind.js';

test('in-thread hooks wherever Node has module.registerHooks, off-thread where it has not (Node 20)', () => {
  assert.equal(moduleHooksKind({}, true), 'in-thread');
  assert.equal(moduleHooksKind({}, false), 'off-thread');
});

test('TSPROF_MODULE_HOOKS=off-thread keeps the module.register hooks; nothing else changes the choice', () => {
  assert.equal(moduleHooksKind({ TSPROF_MODULE_HOOKS: 'off-thread' }, true), 'off-thread');
  assert.equal(moduleHooksKind({ TSPROF_MODULE_HOOKS: 'in-thread' }, true), 'in-thread');
  assert.equal(moduleHooksKind({ TSPROF_MODULE_HOOKS: 'in-thread' }, false), 'off-thread', 'there are none in-thread to have');
  assert.equal(moduleHooksKind({ TSPROF_MODULE_HOOKS: 'sideways' }, true), 'in-thread');
});
