// A broker that is down skips the broker tests with a clear message, unless
// TSPROF_REQUIRE_BROKERS=1 (CI), where it is a failure.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { test } from 'node:test';
import { requireBroker } from '../helpers/brokers.mjs';

async function closedPort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function withRequireBrokers(value, body) {
  const saved = process.env.TSPROF_REQUIRE_BROKERS;
  if (value === undefined) delete process.env.TSPROF_REQUIRE_BROKERS;
  else process.env.TSPROF_REQUIRE_BROKERS = value;
  return body().finally(() => {
    if (saved === undefined) delete process.env.TSPROF_REQUIRE_BROKERS;
    else process.env.TSPROF_REQUIRE_BROKERS = saved;
  });
}

test('a down broker skips with a message naming it and its address', async () => {
  const port = await closedPort();
  const calls = [];
  const fakeContext = { diagnostic: (message) => calls.push(['diagnostic', message]), skip: (message) => calls.push(['skip', message]) };
  await withRequireBrokers(undefined, async () => {
    assert.equal(await requireBroker(fakeContext, 'FakeMQ', port), false);
  });
  assert.equal(calls.length, 2);
  assert.match(calls[1][1], new RegExp(`FakeMQ is not reachable at 127.0.0.1:${port}`));
});

test('with TSPROF_REQUIRE_BROKERS=1 a down broker is a failure', async () => {
  const port = await closedPort();
  await withRequireBrokers('1', async () => {
    await assert.rejects(requireBroker({ diagnostic() {}, skip() {} }, 'FakeMQ', port), /FakeMQ is not reachable .* TSPROF_REQUIRE_BROKERS=1 requires it/);
  });
});
