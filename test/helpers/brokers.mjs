import { connect } from 'node:net';

/** Resolves true when something accepts TCP connections on host:port within the timeout. */
export function isReachable(port, host = '127.0.0.1', timeoutMs = 1500) {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (reachable) => {
      socket.destroy();
      resolve(reachable);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Skips the test with a clear message when the broker is down — or fails it
 * when TSPROF_REQUIRE_BROKERS=1 (set in CI), where a missing broker is an error.
 * Returns true when the test can go on.
 */
export async function requireBroker(t, name, port) {
  if (await isReachable(port)) return true;
  const message = `${name} is not reachable at 127.0.0.1:${port}`;
  if (process.env.TSPROF_REQUIRE_BROKERS === '1') throw new Error(`${message}, and TSPROF_REQUIRE_BROKERS=1 requires it`);
  t.diagnostic(`SKIPPED: ${message}`);
  t.skip(`${message} (set TSPROF_REQUIRE_BROKERS=1 to make this a failure)`);
  return false;
}
