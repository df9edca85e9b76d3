// Message flows through --root, --focus and --ignore (profile/flow-selection.ts): their ends are
// context ids, so every step that renumbers contexts remaps them; a flow stays while one of its
// recorded ends is on the selected paths, and names the function of the end left out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selectProfile } from '../../dist/profile/select.js';
import { withoutAsyncParents } from '../../dist/profile/async-parents.js';
import { readProfile } from '../../dist/profile/read.js';
import { producerConsumerProfile } from '../helpers/flow-profiles.mjs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const nameOf = (profile, context) => (context < 0 ? -1 : profile.functions[profile.contexts[context].function].name);
const ends = (profile) => profile.flows.map((flow) => [nameOf(profile, flow.from), nameOf(profile, flow.to), flow.destination, flow.messages]);

test('without a selection the flows are the profile’s own', () => {
  const profile = producerConsumerProfile();
  const { profile: same, flowsOffSelection } = selectProfile(profile, {});
  assert.equal(same, profile);
  assert.deepEqual(flowsOffSelection, []);
});

test('--ignore renumbers contexts and the flows’ ends follow them', () => {
  const { profile, flowsOffSelection } = selectProfile(producerConsumerProfile(), { ignore: /^main$/ });
  // main and its subtree (the whole producer side) went: the publish end is left out, and the audit
  // flow, which had only its publish end, goes.
  assert.deepEqual(ends(profile), [[-1, 'Consumer.onMessage', 'orders', 500], [-1, 'Consumer.onMessage', 'orders', 12]]);
  assert.deepEqual(flowsOffSelection, [{ flow: 0, leftOut: 'from', leftOutFunction: producerConsumerProfile().contexts[3].function }]);
  assert.equal(profile.functions[flowsOffSelection[0].leftOutFunction].name, 'Producer.publish');
});

test('--ignore of a function off every flow: ends remapped to the same functions', () => {
  const before = producerConsumerProfile();
  const { profile, flowsOffSelection } = selectProfile(before, { ignore: /^saveOrder$|^Channel\.write$/ });
  assert.notDeepEqual(profile.contexts.length, before.contexts.length);
  assert.deepEqual(ends(profile), ends(before));
  assert.deepEqual(flowsOffSelection, []);
});

test('--focus on the publisher keeps its flows, the handler end named but off the selection', () => {
  const { profile, flowsOffSelection } = selectProfile(producerConsumerProfile(), { focus: /publish/ });
  assert.deepEqual(ends(profile), [['Producer.publish', -1, 'orders', 500], ['Producer.publish', -1, 'audit', 20]], 'the unmatched audit flow has its one end on the path');
  assert.deepEqual(flowsOffSelection.map((cut) => [cut.flow, cut.leftOut, profile.functions[cut.leftOutFunction].name]), [[0, 'to', 'Consumer.onMessage']]);
  assert.ok(profile.flows[0].latency.length > 0, 'the latency stays with the flow');
});

test('--root re-roots, and a flow into a context below the new root keeps its end there', () => {
  const { profile, flowsOffSelection } = selectProfile(producerConsumerProfile(), { root: /^Consumer\.onMessage$/ });
  assert.deepEqual(ends(profile), [[-1, 'Consumer.onMessage', 'orders', 500], [-1, 'Consumer.onMessage', 'orders', 12]]);
  assert.equal(profile.contexts[profile.flows[0].to].parent, 0, 'onMessage is the new root’s call');
  assert.deepEqual(flowsOffSelection.map((cut) => [cut.flow, cut.leftOut, profile.functions[cut.leftOutFunction].name]), [[0, 'from', 'Producer.publish']]);
});

test('steps chain: an end left out by one step and the other by the next, the flow goes', () => {
  // --root leaves the publisher out (the orders flow is off the selection), then --ignore the handler.
  const { profile, flowsOffSelection } = selectProfile(producerConsumerProfile(), { root: /^Consumer\.onMessage$/, ignore: /^Consumer\.onMessage$/ });
  assert.equal(profile.contexts.length, 1);
  assert.deepEqual(profile.flows, []);
  assert.deepEqual(flowsOffSelection, []);
});

test('--no-async-parents re-arranges contexts and the flows follow', () => {
  const profile = producerConsumerProfile();
  // Make the consumer's onMessage a continuation scheduled by main: without async parents it moves under the root.
  profile.contexts[5] = { ...profile.contexts[5], parent: 1, async: true };
  const flat = withoutAsyncParents(profile);
  const sorted = (rows) => rows.map((row) => JSON.stringify(row)).sort();
  assert.deepEqual(sorted(ends(flat)), sorted(ends(producerConsumerProfile())), 'the same flows between the same functions, in any order');
});

test('the reader refuses a flow whose end is no context', () => {
  const profile = producerConsumerProfile();
  profile.flows[0].to = 99;
  const file = join(mkdtempSync(join(tmpdir(), 'tsprof-flows-')), 'bad.json');
  writeFileSync(file, JSON.stringify(profile));
  assert.throws(() => readProfile(file), /flows\[0\] refers to a context that does not exist/);
});
