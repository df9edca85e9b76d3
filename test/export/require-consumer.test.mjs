// A missing consumer (go, callgrind_annotate) skips the export tests with a clear message
// locally, and fails them in CI (CI=true or TSPROF_REQUIRE_CONSUMERS=1).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { requireConsumer } from '../helpers/consumers.mjs';

const MISSING = 'tsprof-no-such-consumer';

function withEnvironment(values, body) {
  const saved = Object.fromEntries(Object.keys(values).map((key) => [key, process.env[key]]));
  const apply = (entries) => {
    for (const [key, value] of Object.entries(entries)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
  apply(values);
  try {
    return body();
  } finally {
    apply(saved);
  }
}

test('locally a missing consumer skips, naming it and how to install it', () => {
  const calls = [];
  const fakeContext = { diagnostic: (message) => calls.push(['diagnostic', message]), skip: (message) => calls.push(['skip', message]) };
  withEnvironment({ CI: undefined, TSPROF_REQUIRE_CONSUMERS: undefined }, () => {
    assert.equal(requireConsumer(fakeContext, MISSING, 'apt-get install it'), false);
  });
  assert.deepEqual(calls.map(([kind]) => kind), ['diagnostic', 'skip']);
  assert.match(calls[1][1], new RegExp(`${MISSING} is not installed \\(apt-get install it\\); set TSPROF_REQUIRE_CONSUMERS=1`));
});

test('in CI a missing consumer is a failure', () => {
  for (const environment of [{ CI: 'true', TSPROF_REQUIRE_CONSUMERS: undefined }, { CI: undefined, TSPROF_REQUIRE_CONSUMERS: '1' }]) {
    withEnvironment(environment, () => {
      assert.throws(() => requireConsumer({ diagnostic() {}, skip() {} }, MISSING, 'apt-get install it'), new RegExp(`${MISSING} is not installed .*CI requires it`));
    });
  }
});

test('an installed consumer goes on', () => {
  assert.equal(requireConsumer({ diagnostic() {}, skip() { throw new Error('skipped'); } }, 'node', 'it is running this test'), true);
});
