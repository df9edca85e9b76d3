// End to end: `tsprof run --repeat`, `tsprof diff` and `tsprof check` on the
// task-queue fixture, with the regression injected by an environment switch
// (TASKQUEUE_REGRESSION=double-serialize: every publish serializes twice).
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { assertOneLineError, isPng, runTsprof, scratchDirectory } from '../helpers/cli.mjs';

const TASKS = 300;
const out = scratchDirectory('tsprof-diff-');
const file = (name) => join(out, name);

/**
 * Counts that depend on I/O timing, not on the code: how many 'data' events
 * a socket delivers depends on how the kernel splits the stream; whether a
 * sender finds a producer idle or waits for one depends on when the broker's
 * confirms arrive; a write waits for 'drain' only when the socket's buffer is
 * full; whether the consumer still waits for acks when the last publish
 * returns is a race. Everything else in the fixture runs an exact number of times.
 */
const IO_TIMED = /on\('data'\)|^Transport\.onData$|^ProducerPool\.acquire\/|^Transport\.write\/|^onDrain$|^Consumer\.waitForAcks\/|^onAcked$/;

function profileFixture(profile, { env = {}, extra = [] } = {}) {
  return runTsprof(
    ['run', '--include', 'fixtures/taskqueue/src/queue', '-o', file(`${profile}.png`), '--profile', file(`${profile}.json`), ...extra, '--', 'node', 'fixtures/taskqueue/app.js', '--tasks', String(TASKS)],
    { env },
  );
}

async function diffJson(args) {
  const result = await runTsprof(['diff', '--format', 'json', ...args]);
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout);
}

const changedCalls = (entries) => entries.filter((entry) => entry.callsChange !== 'same' && entry.callsChange !== 'varies');
const nameOf = (entry) => entry.name ?? entry.path.at(-1).name;

let baseRun;
before(async () => {
  // Base twice (--repeat 2), head once with the serializer running twice per publish.
  const [base, head] = await Promise.all([profileFixture('base', { extra: ['--repeat', '2'] }), profileFixture('head', { env: { TASKQUEUE_REGRESSION: 'double-serialize' } })]);
  assert.equal(base.code, 0, base.stderr);
  assert.equal(head.code, 0, head.stderr);
  baseRun = base;
});

test('run --repeat 2 writes one profile per run and the picture once', () => {
  assert.ok(existsSync(file('base.1.json')) && existsSync(file('base.2.json')));
  assert.ok(!existsSync(file('base.json')));
  assert.ok(isPng(readFileSync(file('base.png'))));
  assert.match(baseRun.stderr, /^tsprof: run 1 of 2$/m);
  assert.match(baseRun.stderr, /^tsprof: run 2 of 2$/m);
  assert.equal(baseRun.stdout.match(/dispatched/g).length, 2, 'the command ran twice');
});

test('run --repeat: a failing run ends the series with its exit code', async () => {
  const result = await runTsprof(['run', '--repeat', '3', '--include', 'fixtures/taskqueue/src/queue', '-o', file('failing.png'), '--profile', file('failing.json'), '--', 'node', '-e', "require('./fixtures/taskqueue/src/queue/serializer'); process.exit(3)"]);
  assert.equal(result.code, 3, result.stderr);
  assert.match(result.stderr, /^tsprof: run 1 of 3$/m);
  assert.doesNotMatch(result.stderr, /run 2 of 3/);
  assert.ok(existsSync(file('failing.1.json')) && !existsSync(file('failing.2.json')));
});

test('two runs of the unchanged fixture: no count changes beyond the I/O-timed handlers', async () => {
  const diff = await diffJson([file('base.1.json'), file('base.2.json')]);
  assert.deepEqual(changedCalls(diff.functions).map(nameOf).filter((name) => !IO_TIMED.test(name)), []);
  assert.deepEqual(changedCalls(diff.contexts).filter((entry) => !entry.path.some((place) => IO_TIMED.test(place.name))).map((entry) => entry.path.map((place) => place.name).join(' > ')), []);
  const publish = diff.functions.find((entry) => entry.name === 'Producer.publish');
  assert.deepEqual([publish.base.calls, publish.head.calls, publish.callsChange], [TASKS, TASKS, 'same']);
  assert.deepEqual(publish.time.selfMs, { verdict: 'not judged', reason: '1 run each' });
});

test('the injected regression: JsonSerializer.dumps N -> 2N, and nothing changed outside what it calls', async () => {
  const diff = await diffJson([file('base.1.json'), file('head.json')]);
  const dumps = diff.functions.find((entry) => entry.name === 'JsonSerializer.dumps');
  assert.deepEqual([dumps.base.calls, dumps.head.calls, dumps.callsChange], [TASKS, 2 * TASKS, 'more']);
  const dumpsPath = diff.contexts.find((entry) => nameOf(entry) === 'JsonSerializer.dumps' && entry.path.some((place) => place.name === 'Producer.publish'));
  assert.deepEqual([dumpsPath.base.calls, dumpsPath.head.calls], [TASKS, 2 * TASKS]);
  // Every other changed path is below that one (crc32 and the JSON replacer it calls) or I/O-timed.
  const under = (entry) => entry.path.length > dumpsPath.path.length && dumpsPath.path.every((place, index) => place.name === entry.path[index].name && place.location === entry.path[index].location);
  const unexplained = changedCalls(diff.contexts).filter((entry) => entry !== dumpsPath && !under(entry) && !entry.path.some((place) => IO_TIMED.test(place.name)));
  assert.deepEqual(unexplained.map((entry) => entry.path.map((place) => place.name).join(' > ')), []);
  for (const entry of changedCalls(diff.contexts).filter(under)) assert.equal(entry.head.calls, 2 * entry.base.calls, `${nameOf(entry)} doubles below dumps`);
  assert.deepEqual(changedCalls(diff.functions).map(nameOf).filter((name) => !IO_TIMED.test(name)).sort(), ['JsonSerializer.dumps', 'crc32', 'encodeSpecialValue']);
});

test('--per ^Producer\\.publish$: dumps goes from 1 to 2 calls per publish', async () => {
  const diff = await diffJson(['--per', '^Producer\\.publish$', file('base.1.json'), file('head.json')]);
  const dumps = diff.functions.find((entry) => entry.name === 'JsonSerializer.dumps');
  assert.deepEqual([dumps.base.calls, dumps.head.calls], [1, 2]);
  assert.deepEqual([diff.base.perCalls, diff.head.perCalls], [[TASKS], [TASKS]]);
});

test('the text and markdown diffs name the regression; the picture is written', async () => {
  const text = await runTsprof(['diff', file('base.1.json'), file('head.json'), '-o', file('diff.png')]);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, new RegExp(`JsonSerializer\\.dumps\\s+${TASKS}\\s+${2 * TASKS}\\s+\\+${TASKS} \\(x2\\.00\\)`));
  assert.match(text.stdout, /time: not judged \(1 run each\)/);
  assert.ok(isPng(readFileSync(file('diff.png'))));
  const dot = await runTsprof(['diff', file('base.1.json'), file('head.json'), '-o', file('diff.dot'), '--node-threshold', '0']);
  assert.equal(dot.code, 0, dot.stderr);
  assert.match(readFileSync(file('diff.dot'), 'utf8'), new RegExp(`JsonSerializer\\.dumps\\\\ncalls: ${TASKS} -> ${2 * TASKS} \\(\\+${TASKS}\\)`));
  const markdown = await runTsprof(['diff', '--format', 'markdown', file('base.1.json'), file('head.json')]);
  assert.match(markdown.stdout, new RegExp(`\\| JsonSerializer\\.dumps \\| ${TASKS} \\| ${2 * TASKS} \\| \\+${TASKS} \\(x2\\.00\\) \\|`));
});

test('the picture draws what changed whatever the thresholds, up to --max-nodes of it; what is left out is named', async () => {
  const light = await runTsprof(['diff', file('base.1.json'), file('head.json'), '-o', file('light.dot'), '--node-threshold', '0.99']);
  assert.equal(light.code, 0, light.stderr);
  assert.doesNotMatch(light.stderr, /not drawn/);
  assert.match(readFileSync(file('light.dot'), 'utf8'), new RegExp(`JsonSerializer\\.dumps\\\\ncalls: ${TASKS} -> ${2 * TASKS}`));
  const ignored = await runTsprof(['diff', file('base.1.json'), file('head.json'), '-o', file('ignored.dot'), '--ignore', '^JsonSerializer\\.dumps$']);
  assert.equal(ignored.code, 0, ignored.stderr);
  // Ignoring dumps hides what only it calls, which doubled with it.
  assert.match(ignored.stderr, /^tsprof: 2 changed functions are not drawn \(encodeSpecialValue, JsonSerializer\.dumps\); --max-nodes, --focus, --ignore and --root choose what is$/m);
  // --max-nodes caps what is drawn for its change too, and names the rest.
  const changes = light.stderr.match(/not drawn/) ? null : (await diffJson([file('base.1.json'), file('head.json')])).functions.filter((entry) => ['more', 'fewer', 'new'].includes(entry.callsChange)).length;
  const capped = await runTsprof(['diff', file('base.1.json'), file('head.json'), '-o', file('capped.dot'), '--node-threshold', '0.99', '--max-nodes', '1']);
  assert.match(capped.stderr, new RegExp(`^tsprof: ${changes - 1} changed functions? (is|are) not drawn \\(.*\\); --max-nodes`, 'm'));
});

test('check: a calls-per-publish budget fails the regressed profile with one line, and passes the base', async () => {
  writeFileSync(file('budgets.json'), JSON.stringify({ budgets: [{ function: '^JsonSerializer\\.dumps$', per: '^Producer\\.publish$', maxCalls: 1 }, { function: '^QueueApp\\.sendTask$', maxCalls: TASKS }] }));
  const head = await runTsprof(['check', file('head.json'), '--budgets', file('budgets.json')]);
  assert.equal(head.code, 1, head.stderr);
  assert.deepEqual(
    head.stdout.trim().split('\n').filter((line) => line.startsWith('FAIL')),
    [`FAIL budgets[0] /^JsonSerializer\\.dumps$/ per /^Producer\\.publish$/ maxCalls 1: JsonSerializer.dumps (fixtures/taskqueue/src/queue/serializer.js:18): 2 calls per call of /^Producer\\.publish$/`],
  );
  const base = await runTsprof(['check', file('base.1.json'), '--budgets', file('budgets.json')]);
  assert.equal(base.code, 0, base.stdout + base.stderr);
  assert.match(base.stdout, /^ok: 2 budgets met/m);
  const markdown = await runTsprof(['check', file('head.json'), '--budgets', file('budgets.json'), '--format', 'markdown']);
  assert.equal(markdown.code, 1);
  assert.match(markdown.stdout, /^### tsprof budgets: 1 of 2 checks fail/m);
});

test("check reads package.json's tsprof.budgets when no --budgets is given", async () => {
  const project = scratchDirectory('tsprof-budgets-');
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'app', tsprof: { budgets: [{ function: '^JsonSerializer\\.dumps$', per: '^Producer\\.publish$', maxCalls: 1 }] } }));
  const result = await runTsprof(['check', file('head.json')], { cwd: project });
  assert.equal(result.code, 1, result.stderr);
  assert.match(result.stdout, /^FAIL budgets\[0\]/m);
});

test('bad input to diff and check: one line, no stack, non-zero exit', async () => {
  writeFileSync(file('bad-budgets.json'), JSON.stringify({ budgets: [{ function: '^a$', maxCalls: 1 }, { function: 'Producer', maxCals: 2 }] }));
  assertOneLineError(await runTsprof(['check', file('head.json'), '--budgets', file('bad-budgets.json')]), /bad-budgets\.json: budgets\[1\] \(Producer\): unknown key "maxCals"/);
  writeFileSync(file('increase.json'), JSON.stringify({ budgets: [{ function: 'Producer', measure: 'selfMs', maxIncrease: '15%' }] }));
  assertOneLineError(await runTsprof(['check', file('head.json'), '--budgets', file('increase.json')]), /budgets\[0\] \(Producer\) has maxIncrease, which needs --baseline/);
  assertOneLineError(await runTsprof(['check', file('head.json'), '--budgets', file('missing.json')]), /missing\.json: no such budget file/);
  assertOneLineError(await runTsprof(['diff', file('head.json')]), /diff takes two profiles, base and head/);
  assertOneLineError(await runTsprof(['diff', '--color-by', 'await', file('base.1.json'), file('head.json')]), /unknown option '--color-by'/);
  assertOneLineError(await runTsprof(['diff', '--per', '^sendEmail$', file('base.1.json'), file('head.json')]), /--per \/\^sendEmail\$\/: matches no function in base/);
  assertOneLineError(await runTsprof(['diff', file('base.1.json'), '--', file('head.json'), '--top', '3']), /--top after --: options go before --/);
  assertOneLineError(await runTsprof(['diff', file('base.1.json'), file('nothing.json')]), /nothing\.json: no such profile/);
  assertOneLineError(await runTsprof(['run', '--repeat', '0', '--include', 'x', '--', 'node', '-e', '0']), /--repeat/);
});

