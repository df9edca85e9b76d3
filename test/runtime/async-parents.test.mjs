// Async parents, driven through the recorder's probes with Node's real scheduling: a call
// entered from the event loop in a continuation hangs under the context that scheduled it
// (marked async), with exact counts; work scheduled with nothing instrumented behind it
// stays under the root; the hook changes neither callback order nor what the program's
// own async hooks see.
import assert from 'node:assert/strict';
import { createHook } from 'node:async_hooks';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { setImmediate as immediate } from 'node:timers/promises';
import { trackAsyncParents } from '../../dist/runtime/async-parents.js';
import { Recorder } from '../../dist/runtime/recorder.js';
import { snapshotProfile } from '../../dist/runtime/snapshot.js';
import { assertMatchesSchema, assertProfileInvariants } from '../helpers/profile-checks.mjs';

const SITES = [['publish', 1, 1], ['send', 2, 1], ['write', 3, 1], ['poll', 4, 1]];
const MESSAGES = 5;

function recorder() {
  const recording = new Recorder();
  const first = recording.register('/app/x.js', SITES);
  const id = Object.fromEntries(SITES.map(([name], index) => [name, first + index]));
  const call = (name, body) => {
    const frame = recording.enter(id[name]);
    try {
      return body?.();
    } finally {
      recording.exit(frame);
    }
  };
  return { recording, call };
}

/** Each context as 'a > b ~> c' (~> an async parent) with its calls. */
function paths(recording) {
  const profile = snapshotProfile(recording, { pid: 1, threadId: 0, argv: [], command: [], startedAt: '', wallMs: 1e9 });
  assertMatchesSchema(profile);
  assertProfileInvariants(profile);
  const name = (context) => profile.functions[context.function].name;
  const pathOf = (context) => (context.parent <= 0 ? name(context) : `${pathOf(profile.contexts[context.parent])} ${context.async ? '~>' : '>'} ${name(context)}`);
  return profile.contexts.slice(1).map((context) => [pathOf(context), context.calls]);
}

/** Ways to run `callback` later; the callback itself is not instrumented, as in a library. */
const SCHEDULERS = {
  then: (callback) => void Promise.resolve().then(callback),
  queueMicrotask: (callback) => queueMicrotask(callback),
  nextTick: (callback) => process.nextTick(callback),
  setImmediate: (callback) => setImmediate(callback),
  setTimeout: (callback) => setTimeout(callback, 0),
  'nextTick then setImmediate': (callback) => process.nextTick(() => setImmediate(callback)),
};

async function settle() {
  await new Promise((resolve) => setTimeout(resolve, 5));
  await immediate();
}

for (const [kind, schedule] of Object.entries(SCHEDULERS)) {
  test(`${kind}: the send it runs hangs under the publish that scheduled it, with exact counts`, async () => {
    const { recording, call } = recorder();
    const stop = trackAsyncParents(recording);
    try {
      for (let index = 0; index < MESSAGES; index++) call('publish', () => schedule(() => call('send', () => call('write'))));
      await settle();
    } finally {
      stop();
    }
    assert.deepEqual(paths(recording), [['publish', MESSAGES], ['publish ~> send', MESSAGES], ['publish ~> send > write', MESSAGES]]);
  });
}

test('setInterval: every run of the callback hangs under the call that started the interval', async () => {
  const { recording, call } = recorder();
  const stop = trackAsyncParents(recording);
  try {
    await new Promise((resolve) => {
      call('publish', () => {
        let runs = 0;
        const timer = setInterval(() => {
          call('send');
          if (++runs === 3) resolve(clearInterval(timer));
        }, 1);
      });
    });
  } finally {
    stop();
  }
  assert.deepEqual(paths(recording), [['publish', 1], ['publish ~> send', 3]]);
});

test('a continuation scheduled with nothing instrumented running stays under the root', async () => {
  const { recording, call } = recorder();
  const stop = trackAsyncParents(recording);
  try {
    call('publish');
    process.nextTick(() => call('send'));
    await settle();
  } finally {
    stop();
  }
  assert.deepEqual(paths(recording), [['publish', 1], ['send', 1]]);
});

test('a poll loop that reschedules itself folds like recursion: a bounded tree, exact counts', async () => {
  const { recording, call } = recorder();
  const stop = trackAsyncParents(recording);
  try {
    await new Promise((resolve) => {
      let runs = 0;
      const poll = () => call('poll', () => (++runs < 50 ? setImmediate(poll) : resolve()));
      poll();
    });
  } finally {
    stop();
  }
  assert.deepEqual(paths(recording), [['poll', 1], ['poll ~> poll', 49]]);
});

test('without the hook, continuations hang under the root as before', async () => {
  const { recording, call } = recorder();
  for (let index = 0; index < MESSAGES; index++) call('publish', () => process.nextTick(() => call('send')));
  await settle();
  assert.deepEqual(paths(recording), [['publish', MESSAGES], ['send', MESSAGES]]);
});

/** A mix of every kind of continuation, each logging when it runs; returns the order and the inits a program's own hook saw. */
async function scheduleMix() {
  const order = [];
  let inits = 0;
  const programHook = createHook({ init: () => inits++ }).enable();
  // setTimeout(0) against setImmediate is a race of the clock in Node itself, so timers are left out.
  for (let round = 0; round < 3; round++) {
    setImmediate(() => order.push(`immediate ${round}`));
    setImmediate(() => process.nextTick(() => order.push(`tick in immediate ${round}`)));
    Promise.resolve().then(() => process.nextTick(() => order.push(`tick in then ${round}`)));
    process.nextTick(() => queueMicrotask(() => order.push(`microtask in tick ${round}`)));
    process.nextTick(() => order.push(`tick ${round}`));
    queueMicrotask(() => order.push(`microtask ${round}`));
    Promise.resolve(round).then((value) => order.push(`then ${value}`));
  }
  // Counted while only this synchronous loop runs: the test runner's own work would blur a count taken across turns.
  programHook.disable();
  await settle();
  return { order, inits };
}

test('the hook changes neither the order callbacks run in nor what the program\'s own async hooks see', async () => {
  const { recording, call } = recorder();
  const plain = await scheduleMix();
  const stop = trackAsyncParents(recording);
  let tracked;
  try {
    tracked = await call('publish', () => scheduleMix());
  } finally {
    stop();
  }
  assert.deepEqual(tracked.order, plain.order);
  assert.equal(tracked.inits, plain.inits);
});

// Where Node's async_hooks can leave promises out (createHook's trackPromises), tsprof follows promises
// with V8's promise hooks and turns none of async_hooks' promise tracking on: a promise reaction's
// executionAsyncId() is then what it is without tsprof. In a child process: the test runner's own
// async context tracking may have turned promise tracking on in this one.
test('where promises can be left out of async_hooks, a program sees promise reactions as it does without tsprof', (t) => {
  const script = `
    const { createHook, executionAsyncId } = require('node:async_hooks');
    const { trackAsyncParents } = require(${JSON.stringify(new URL('../../dist/runtime/async-parents.js', import.meta.url).pathname)});
    const { Recorder } = require(${JSON.stringify(new URL('../../dist/runtime/recorder.js', import.meta.url).pathname)});
    let promiseSeen = false;
    const probe = createHook({ init(id, type) { if (type === 'PROMISE') promiseSeen = true; }, trackPromises: false }).enable();
    void (async () => {})();
    probe.disable();
    const idInReaction = () => new Promise((resolve) => Promise.resolve().then(() => resolve(executionAsyncId())));
    (async () => {
      const plain = await idInReaction();
      const stop = trackAsyncParents(new Recorder());
      const tracked = await idInReaction();
      stop();
      console.log(JSON.stringify({ supported: !promiseSeen, plain, tracked }));
    })();
  `;
  const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  const { supported, plain, tracked } = JSON.parse(result.stdout);
  if (!supported) {
    t.skip(`Node ${process.version}'s async_hooks cannot leave promises out: tsprof tracks them with one async_hooks init hook`);
    return;
  }
  assert.equal(tracked, plain);
});
