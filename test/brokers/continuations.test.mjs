// A real client whose socket write runs in a continuation: ioredis with auto-pipelining
// queues each command and sends the pipeline from a process.nextTick callback. With async
// parents, --root of the publishing function reaches the write with one call per message;
// without them (today's tree) the write hangs off (root).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { isReachable, requireBroker } from '../helpers/brokers.mjs';
import { runTsprof, scratchDirectory } from '../helpers/cli.mjs';
import { readProfileJson } from '../helpers/profile-checks.mjs';

const MESSAGES = 120;
const SEND_PATH = ['executeAutoPipeline', 'Pipeline.exec', 'execPipeline', 'Redis.sendCommand', 'stream.write'];
let profileFile;

async function rootedReport(...flags) {
  const report = await runTsprof(['report', profileFile, '--root', '^publishMessage$', '--format', 'json', '--top', '500', ...flags]);
  assert.equal(report.code, 0, report.stderr);
  return JSON.parse(report.stdout);
}

const callsOf = (report, name) => report.functions.find((entry) => entry.name === name)?.calls;

before(async () => {
  if (!(await isReachable(6379))) return;
  const out = scratchDirectory();
  profileFile = join(out, 'profile.json');
  // Its picture goes to the scratch directory too, not to the checkout's out/calls.png (where `npm run demo` puts the fixture's).
  const result = await runTsprof(['--include-package', 'ioredis', '--include', 'fixtures/brokers', '-o', join(out, 'calls.dot'), '--profile', profileFile, '--', 'node', 'fixtures/brokers/redis-pipelined.js', '--messages', String(MESSAGES)]);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, new RegExp(`published ${MESSAGES}, consumed ${MESSAGES}`));
  readProfileJson(profileFile);
});

test('ioredis auto-pipelining: --root publishMessage reaches the socket write in the nextTick flush, once per message', async (t) => {
  if (!(await requireBroker(t, 'Redis', 6379))) return;
  const report = await rootedReport();
  assert.equal(callsOf(report, 'publishMessage'), MESSAGES);
  for (const step of SEND_PATH) assert.equal(callsOf(report, step), MESSAGES, step);
  const profile = readProfileJson(profileFile);
  const flush = profile.contexts.filter((context) => profile.functions[context.function].name === 'executeAutoPipeline');
  assert.ok(flush.length > 0 && flush.every((context) => context.async), 'the flush is a continuation of the command that scheduled it');
});

test('ioredis auto-pipelining without async parents: the write is not under publishMessage (today\'s tree)', async (t) => {
  if (!(await requireBroker(t, 'Redis', 6379))) return;
  const report = await rootedReport('--no-async-parents');
  assert.equal(callsOf(report, 'publishMessage'), MESSAGES);
  for (const step of SEND_PATH) assert.equal(callsOf(report, step), undefined, step);
});
