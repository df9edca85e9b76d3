// The calling-context tree of the recorder, driven through its probes directly:
// recursion folds, the cap folds new paths under the root, identical re-registration
// reuses ids, async frames keep their context across awaits.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { manualClock, recordingOf, snapshotOf } from '../helpers/recording.mjs';

const SITES = [['a', 1, 1], ['b', 2, 1], ['helper', 3, 1], ['publish', 4, 1], ['consume', 5, 1]];

function recorder(maxContexts, clock) {
  return recordingOf(SITES, { maxContexts, clock });
}

const snapshot = snapshotOf;

function paths(profile) {
  const name = (context) => profile.functions[context.function].name;
  const pathOf = (context) => (context.parent < 0 ? [] : [...pathOf(profile.contexts[context.parent]), name(context)]);
  return profile.contexts.slice(1).map((context) => [pathOf(context).join(' > '), context.calls]);
}

test('a shared helper gets one context per path, each with its own calls', () => {
  const { recording, call } = recorder();
  for (let i = 0; i < 3; i++) call('publish', () => call('helper'));
  for (let i = 0; i < 5; i++) call('consume', () => call('helper'));
  assert.deepEqual(paths(snapshot(recording)), [['publish', 3], ['publish > helper', 3], ['consume', 5], ['consume > helper', 5]]);
});

test('recursion 10,000 deep folds into a handful of contexts; calls and inclusive time stay right', () => {
  const { recording, id, call } = recorder();
  // Enter 10,000 nested calls, then leave them: as deep recursion does, without using the JS stack.
  const nest = (names) => {
    const frames = names.map((name) => recording.enter(id[name]));
    for (const frame of frames.reverse()) recording.exit(frame);
  };
  nest(Array.from({ length: 10_000 }, () => 'a'));
  call('helper', () => nest(Array.from({ length: 10_000 }, (_, depth) => (depth % 2 ? 'b' : 'a'))));
  const profile = snapshot(recording);
  assert.ok(profile.contexts.length <= 8, `${profile.contexts.length} contexts`);
  assert.deepEqual(paths(profile), [
    ['a', 1],
    ['a > a', 9999],
    ['helper', 1],
    ['helper > a', 1],
    ['helper > a > b', 5000],
    ['helper > a > b > a', 4999],
  ]);
  const a = profile.contexts.find((context) => context.parent === 0 && profile.functions[context.function].name === 'a');
  const folded = profile.contexts.find((context) => context.parent === a.id);
  assert.equal(folded.totalMs, 0, 'calls nested in an open call of the same function add no inclusive time');
});

test('beyond the cap, new paths are counted directly under the root, and counted as folded', () => {
  const { recording, call } = recorder(4);
  call('publish', () => call('helper'));
  call('consume', () => call('helper', () => call('a')));
  call('consume', () => call('helper', () => call('a')));
  const profile = snapshot(recording);
  assert.deepEqual(paths(profile), [['publish', 1], ['publish > helper', 1], ['consume', 2], ['helper', 2], ['a', 2]]);
  assert.equal(profile.foldedCalls, 4, 'each call whose path did not fit');
  const calls = (name) => profile.contexts.filter((context) => profile.functions[context.function].name === name).reduce((sum, context) => sum + context.calls, 0);
  assert.equal(calls('helper'), 3, 'per-function numbers stay exact');
});

test('an identical re-registration (jest, vitest) gets the same ids, so the function is one and its contexts merge', () => {
  const { recording, call } = recorder();
  const again = recording.register('/app/x.js', SITES);
  assert.equal(again, recording.register('/app/x.js', SITES.map((row) => [...row])));
  call('publish');
  const publishAgain = recording.enter(again + 3);
  recording.exit(publishAgain);
  const changed = recording.register('/app/x.js', [...SITES, ['added', 9, 1]]);
  assert.notEqual(changed, again, 'an edited file is new functions');
  assert.notEqual(recording.register('/app/y.js', SITES), again, 'another file is other functions');
  const profile = snapshot(recording);
  assert.deepEqual(paths(profile), [['publish', 2]]);
  assert.deepEqual(recording.files, ['/app/x.js', '/app/x.js', '/app/y.js']);
});

test('an async function keeps the context it was called in across its awaits; what it awaited is charged to that call', () => {
  const { recording, id } = recorder();
  const publish = recording.enter(id.publish);
  recording.mark(publish);
  const helper = recording.enter(id.helper);
  recording.exit(helper);
  recording.suspend(publish, true);
  // While publish waits, the event loop runs consume from the root.
  const consume = recording.enter(id.consume);
  recording.exit(consume);
  recording.resume(publish);
  const after = recording.enter(id.a);
  recording.exit(after);
  recording.exit(publish);
  const profile = snapshot(recording);
  assert.deepEqual(paths(profile), [['publish', 1], ['publish > helper', 1], ['consume', 1], ['publish > a', 1]]);
  const helperContext = profile.contexts.find((context) => profile.functions[context.function].name === 'helper');
  assert.ok(helperContext.awaitedMs > 0, 'publish awaited the helper call');
});

test('frames of finished calls are reused, so a call allocates nothing; frames that something may still reach are not, until it ends', () => {
  const { recording, id } = recorder();
  const outer = recording.enter(id.a);
  const inner = recording.enter(id.helper);
  recording.exit(inner);
  recording.exit(outer);
  assert.equal(recording.enter(id.b), outer, 'the last freed frame is handed out again');
  const second = recording.enter(id.consume);
  assert.equal(second, inner);
  recording.exit(second);
  // b (now in the reused frame) calls async publish, which suspends and outlives b.
  const publish = recording.enter(id.publish);
  recording.suspend(publish, false);
  const b = recording.current;
  recording.exit(b);
  const next = recording.enter(id.helper);
  assert.notEqual(next, b, 'the caller of a suspended call is not reused');
  assert.notEqual(next, publish);
  recording.exit(next);
  // publish resumes later from the event loop and calls b: b is closed, so this is no recursion.
  recording.resume(publish);
  const again = recording.enter(id.b);
  assert.equal(again.recursive, false, 'its old caller frame was not overwritten by another call');
  assert.equal(again.caller, publish);
  assert.equal(publish.caller, b, 'the chain from publish still leads to the b that called it');
  recording.exit(again);
  recording.exit(publish);
  // Nothing reaches publish and its caller b any more: both are reused, async frames too.
  const reusedB = recording.enter(id.a);
  assert.equal(reusedB, b, 'the caller is freed once the suspended call it held ends');
  const reusedPublish = recording.enter(id.helper);
  assert.equal(reusedPublish, publish);
  assert.equal(reusedPublish.caller, reusedB);
  recording.exit(reusedPublish);
  recording.exit(reusedB);
  snapshot(recording);
});

const byName = (profile) => new Map(profile.contexts.slice(1).map((context) => [profile.functions[context.function].name, context]));

test('calls still open when the profile is written count as if they ended then, once, and nothing changes', () => {
  const time = manualClock(1000);
  const { recording, id } = recorder(undefined, time.now);
  // consume awaits publish's result and never resumes; a, on the running stack, calls b, still running.
  const consume = recording.enter(id.consume);
  recording.mark(consume);
  const publish = recording.enter(id.publish);
  recording.suspend(publish, false);
  recording.suspend(consume, true);
  const a = recording.enter(id.a);
  const b = recording.enter(id.b);
  time.advance(20);
  const first = byName(snapshot(recording));
  assert.equal(first.get('a').totalMs, 20, 'the running stack: a includes b');
  assert.equal(first.get('b').totalMs, 20);
  assert.equal(first.get('b').selfMs, 20);
  assert.deepEqual([first.get('consume').totalMs, first.get('consume').awaitMs], [20, 20], 'the wait so far');
  assert.equal(first.get('publish').awaitedMs, 20, "consume's wait is charged to the call it awaits");
  assert.deepEqual([first.get('publish').totalMs, first.get('publish').awaitMs], [20, 20]);
  time.advance(5);
  // A periodic snapshot changes nothing: the next one counts the open calls up to its own time, not twice.
  const second = byName(snapshot(recording));
  assert.deepEqual([second.get('a').totalMs, second.get('b').selfMs, second.get('consume').awaitMs, second.get('publish').awaitedMs], [25, 25, 25, 25]);
  recording.exit(b);
  recording.exit(a);
  time.advance(3);
  recording.resume(consume);
  recording.exit(consume);
  recording.resume(publish);
  recording.exit(publish);
  const closed = byName(snapshot(recording));
  assert.deepEqual([closed.get('consume').totalMs, closed.get('consume').awaitMs, closed.get('publish').awaitedMs], [28, 28, 28], 'closed: counted once');
  assert.deepEqual([closed.get('a').totalMs, closed.get('b').totalMs], [25, 25]);
});

test('a generator parked at a yield is not an open call at the end; at most the newest 10,000 suspended calls are kept', () => {
  const time = manualClock(1000);
  const { recording, id } = recorder(undefined, time.now);
  // a drives a generator (helper) to its first yield and returns; the generator is never finished.
  const a = recording.enter(id.a);
  const generator = recording.enter(id.helper);
  recording.suspend(generator, false, true);
  recording.exit(a);
  time.advance(20);
  const parked = byName(snapshot(recording));
  assert.equal(parked.get('helper').totalMs, 0, 'parked generator');
  assert.equal(parked.get('helper').awaitMs, 0);
  // Calls whose promises never settle: the list of open calls stays bounded.
  for (let index = 0; index < 10_050; index++) recording.suspend(recording.enter(id.publish), false);
  assert.equal(recording.pinnedOpen.count, 10_000);
  snapshot(recording);
});
