// The profile format: merging parts from several processes, validation, atomic writes.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeFileAtomic } from '../../dist/file-system.js';
import { mergeProfiles } from '../../dist/profile/merge.js';
import { writeProfile } from '../../dist/profile/write.js';
import { functionView } from '../../dist/profile/derive.js';
import { functionKey, processKey } from '../../dist/profile/identity.js';
import { upgradeVersion1 } from '../../dist/profile/upgrade.js';
import { ProfileFormatError, readParts, readProfile, validateProfile } from '../../dist/profile/read.js';
import { scratchDirectory } from '../helpers/cli.mjs';

/** A part as the runtime writes it: root → publish → encode, and root → consume → encode (the shared helper). */
function part(pid, threadId, publishCalls) {
  const fn = (id, name, line, column = 1) => ({ id, name, file: id === 0 ? '' : '/app/producer.js', line, column });
  const context = (id, parent, fnId, calls, selfMs, totalMs, awaitMs = 0, awaitedMs = 0) => ({ id, parent, function: fnId, calls, selfMs, totalMs, awaitMs, awaitedMs });
  return {
    version: 3,
    command: ['node', 'app.js'],
    startedAt: '2026-01-01T00:00:00.000Z',
    wallMs: 100,
    functions: [fn(0, '(root)', 0, 0), fn(1, 'publish', 10), fn(2, 'encode', 20), fn(3, 'consume', 30), { ...fn(4, `only in ${pid}`, 1), file: '/app/x.js' }],
    contexts: [
      context(0, -1, 0, 0, 50, 0),
      context(1, 0, 1, publishCalls, 5, 20, 10),
      context(2, 1, 2, publishCalls, 2, 2, 0, 0.5),
      context(3, 0, 3, 1, 1, 3),
      context(4, 3, 2, 1, 1, 1),
      context(5, 3, 4, 1, 1, 1),
    ],
    foldedCalls: 0,
    processes: [{ pid, threadId, argv: ['node'], wallMs: 100 }],
    files: ['/app/producer.js', '/app/x.js'],
  };
}

const byName = (profile, name) => profile.functions.find((fn) => fn.name === name);

test('parts merge by function identity and by path; counts and times add up; processes are listed', () => {
  const merged = mergeProfiles([part(1, 0, 3), part(2, 1, 4)], ['node', 'app.js'], '2026-01-01T00:00:00.000Z', 150);
  assert.equal(merged.version, 3);
  assert.equal(merged.wallMs, 150);
  assert.equal(merged.functions[0].name, '(root)');
  assert.equal(merged.contexts[0].selfMs, 100);
  const publish = byName(merged, 'publish');
  const encode = byName(merged, 'encode');
  assert.deepEqual(publish.processes, ['1:0', '2:1']);
  const publishContexts = merged.contexts.filter((context) => context.function === publish.id);
  assert.equal(publishContexts.length, 1);
  assert.equal(publishContexts[0].calls, 7);
  assert.equal(publishContexts[0].totalMs, 40);
  const encodeContexts = merged.contexts.filter((context) => context.function === encode.id);
  assert.deepEqual(encodeContexts.map((context) => context.calls).sort(), [2, 7], 'encode under publish and under consume stay apart');
  const { nodes, edges } = functionView(merged);
  assert.equal(nodes.find((node) => node.name === 'encode').calls, 9);
  assert.equal(edges.find((edge) => edge.caller === publish.id && edge.callee === encode.id).awaitMs, 1);
  assert.equal(merged.functions.filter((fn) => fn.name.startsWith('only in')).length, 2);
  assert.equal(merged.processes.length, 2);
  assert.deepEqual(merged.files, ['/app/producer.js', '/app/x.js']);
  validateProfile(merged, 'merged');
});

test('identity is name, file, line and column: two arrows on one line stay two functions when merged', () => {
  const single = part(1, 0, 1);
  single.functions.push({ id: 5, name: '<anonymous> x.js:7', file: '/app/x.js', line: 7, column: 12 }, { id: 6, name: '<anonymous> x.js:7', file: '/app/x.js', line: 7, column: 30 });
  single.contexts.push({ id: 6, parent: 0, function: 5, calls: 2, selfMs: 1, totalMs: 1, awaitMs: 0, awaitedMs: 0 }, { id: 7, parent: 0, function: 6, calls: 2, selfMs: 1, totalMs: 1, awaitMs: 0, awaitedMs: 0 });
  const merged = mergeProfiles([single, single], ['node'], '', 1);
  assert.equal(merged.functions.filter((fn) => fn.line === 7).length, 2);
  assert.notEqual(functionKey(single.functions[5]), functionKey(single.functions[6]));
  assert.equal(functionKey({ name: 'f', file: '/a.js', line: 1 }), functionKey({ name: 'f', file: '/a.js', line: 1, column: 0 }), 'version 1 nodes have no column');
});

test('the instrumented wall time spans the processes that ran instrumented code, not the launcher around them', () => {
  const first = part(1, 0, 1);
  const second = part(2, 0, 1);
  first.processes[0].timeOriginMs = 1_000_000;
  second.processes[0].timeOriginMs = 1_000_050;
  const merged = mergeProfiles([first, second], ['npx', 'tsx', 'app.ts'], '2026-01-01T00:00:00.000Z', 900);
  assert.equal(merged.wallMs, 900, 'the whole command, as before');
  assert.equal(merged.instrumentedWallMs, 150, 'from the first start (+0) to the last end (+50 + 100)');
  assert.equal(mergeProfiles([part(1, 0, 1)], ['node'], '', 900).instrumentedWallMs, undefined, 'unknown without start times');
});

test('validation says what is wrong, in one line', () => {
  const v1 = { version: 1, command: [], wallMs: 1, nodes: [{ id: 0, name: '(root)', file: '', line: 0, calls: 0, selfMs: 0, totalMs: 0, awaitMs: 0 }], edges: [] };
  const cases = [
    [null, /not a tsprof profile/],
    [{ ...part(1, 0, 1), version: 4 }, /profile version 4; this tsprof reads versions 1, 2 and 3/],
    [{ ...part(1, 0, 1), contexts: 'x' }, /"contexts" is not an array/],
    [{ ...part(1, 0, 1), contexts: [] }, /"contexts" is an empty array/],
    [{ ...part(1, 0, 1), wallMs: undefined }, /the profile lacks "wallMs"/],
    [{ ...part(1, 0, 1), functions: [{ id: 0, name: '(root)', file: '', line: 0, column: 0 }, { id: 1, name: 'f', file: '' }] }, /functions\[1\] lacks "line"/],
    [{ ...part(1, 0, 1), functions: [{ id: 0, name: '(root)', file: '', line: 0.5, column: 0 }] }, /functions\[0\]\.line is not an integer/],
    [{ ...part(1, 0, 1), contexts: [{ id: 0, parent: -1, function: 0, calls: 0, selfMs: -2, totalMs: 0, awaitMs: 0, awaitedMs: 0 }] }, /contexts\[0\]\.selfMs is -2; it must be at least 0/],
    [{ ...part(1, 0, 1), processes: [{ pid: 1, threadId: 0, argv: [], wallMs: 1, host: '' }] }, /processes\[0\]\.host is an empty string/],
    [{ ...part(1, 0, 1), contexts: part(1, 0, 1).contexts.map((context) => (context.id === 1 ? { ...context, async: false } : context)) }, /contexts\[1\]\.async is false; it must be true/],
    [{ ...part(1, 0, 1), contexts: part(1, 0, 1).contexts.map((context) => (context.id === 0 ? { ...context, async: true } : context)) }, /contexts\[0\] is the root and has "async": true/],
    [{ ...part(1, 0, 1), version: 2, contexts: part(1, 0, 1).contexts.map((context) => (context.id === 1 ? { ...context, async: true } : context)) }, /contexts\[1\] has "async": true in a version 2 profile; async contexts came with version 3/],
    [{ ...part(1, 0, 1), functions: [{ id: 0, name: '(root)', file: '', line: 0, column: 0 }, { id: 5, name: 'f', file: '', line: 1, column: 1 }] }, /functions\[1\] has id 5/],
    [{ ...part(1, 0, 1), contexts: [{ id: 0, parent: -1, function: 0, calls: 0, selfMs: 0, totalMs: 0, awaitMs: 0, awaitedMs: 0 }, { id: 1, parent: 3, function: 1, calls: 0, selfMs: 0, totalMs: 0, awaitMs: 0, awaitedMs: 0 }] }, /contexts\[1\] has parent 3; a parent comes before its children/],
    [{ ...part(1, 0, 1), contexts: [{ id: 0, parent: -1, function: 9, calls: 0, selfMs: 0, totalMs: 0, awaitMs: 0, awaitedMs: 0 }] }, /contexts\[0\] refers to a function that does not exist/],
    [{ ...v1, nodes: 'x' }, /"nodes" is not an array/],
    [{ ...v1, edges: [{ caller: 0, callee: 9, calls: 1, totalMs: 1, awaitMs: 0 }] }, /edges\[0\] refers to a node that does not exist/],
    [{ ...v1, nodes: [{ id: 0, name: 'x' }] }, /nodes\[0\] lacks/],
  ];
  for (const [data, message] of cases) {
    assert.throws(() => validateProfile(data, 'p.json'), (error) => error instanceof ProfileFormatError && message.test(error.message) && !error.message.includes('\n'));
  }
  const read = validateProfile(v1, 'v1.json');
  assert.deepEqual([read.version, read.upgradedFrom], [3, 1], 'version 1 is still read, and upgraded as it is read');
});

test('parts: a torn part is skipped with one warning, the others are read', () => {
  const directory = scratchDirectory();
  writeFileSync(join(directory, '1-0.json'), JSON.stringify(part(1, 0, 2)));
  writeFileSync(join(directory, '2-0.json'), '{"version": 2,');
  writeFileSync(join(directory, '.3-0.json.tmp'), 'partial');
  const warnings = [];
  const parts = readParts(directory, (message) => warnings.push(message));
  assert.equal(parts.length, 1);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /ignoring unreadable profile part 2-0\.json/);
});

test('reading: missing file and invalid JSON are clear errors', () => {
  const directory = scratchDirectory();
  assert.throws(() => readProfile(join(directory, 'none.json')), /none\.json: no such profile/);
  writeFileSync(join(directory, 'bad.json'), '{"version": 2,');
  assert.throws(() => readProfile(join(directory, 'bad.json')), /bad\.json is not valid JSON/);
  writeFileSync(join(directory, 'good.json'), JSON.stringify(part(1, 0, 2)));
  assert.equal(readProfile(join(directory, 'good.json')).functions.length, 5);
});

test('atomic writes leave no temporary files and replace the old content whole', () => {
  const directory = scratchDirectory();
  const file = join(directory, 'profile.json');
  writeFileAtomic(file, 'old');
  writeFileAtomic(file, 'new content');
  assert.equal(readFileSync(file, 'utf8'), 'new content');
  assert.deepEqual(readdirSync(directory), ['profile.json']);
  assert.throws(() => writeFileAtomic(join(directory, 'missing', 'x.json'), 'x'));
  assert.deepEqual(readdirSync(directory), ['profile.json']);
});

test('a merged profile merged again keeps the processes its functions name; hosts keep equal pids apart', () => {
  const onAlpha = part(1, 0, 3);
  onAlpha.processes[0].host = 'alpha';
  const onBeta = part(1, 0, 4);
  onBeta.processes[0].host = 'beta';
  const local = part(2, 0, 5);
  const alphaRun = mergeProfiles([onAlpha], ['node', 'app.js'], '', 100);
  const betaRun = mergeProfiles([onBeta, local], ['node', 'app.js'], '', 100);
  assert.deepEqual(byName(alphaRun, 'publish').processes, ['alpha/1:0']);
  const merged = mergeProfiles([alphaRun, betaRun], ['node', 'app.js'], '', 200);
  assert.deepEqual(byName(merged, 'publish').processes, ['alpha/1:0', 'beta/1:0', '2:0']);
  assert.deepEqual(byName(merged, 'only in 1').processes, ['alpha/1:0', 'beta/1:0']);
  assert.equal(merged.contexts.find((context) => context.function === byName(merged, 'publish').id).calls, 12);
  assert.deepEqual(merged.processes.map(processKey), ['alpha/1:0', 'beta/1:0', '2:0']);
  validateProfile(merged, 'merged');
});

test("upgrading version 1 keeps every function's own numbers and every caller → callee pair exactly", () => {
  const v1 = {
    version: 1, command: ['node', 'a.js'], startedAt: '', wallMs: 10, processes: [{ pid: 7, threadId: 0, argv: [], wallMs: 10 }], files: ['/a.js'],
    nodes: [
      { id: 0, name: '(root)', file: '', line: 0, calls: 0, selfMs: 4, totalMs: 0, awaitMs: 0 },
      { id: 1, name: 'send', file: '/a.js', line: 1, calls: 3, selfMs: 1.25, totalMs: 5, awaitMs: 2, processes: ['7:0'] },
      { id: 2, name: 'encode', file: '/a.js', line: 9, calls: 8, selfMs: 0.5, totalMs: 0.75, awaitMs: 0, processes: ['7:0'] },
      { id: 3, name: 'flush', file: '/a.js', line: 20, calls: 1, selfMs: 0.1, totalMs: 0.3, awaitMs: 0, processes: ['7:0'] },
    ],
    edges: [
      { caller: 0, callee: 1, calls: 3, totalMs: 5, awaitMs: 0 },
      { caller: 1, callee: 2, calls: 6, totalMs: 0.5, awaitMs: 0.25 },
      { caller: 0, callee: 3, calls: 1, totalMs: 0.3, awaitMs: 0 },
      { caller: 3, callee: 2, calls: 2, totalMs: 0.25, awaitMs: 0 },
    ],
  };
  const profile = upgradeVersion1(v1);
  assert.deepEqual([profile.version, profile.upgradedFrom], [3, 1]);
  validateProfile(profile, 'upgraded');
  const { nodes, edges } = functionView(profile);
  for (const node of v1.nodes.slice(1)) {
    const upgraded = nodes.find((candidate) => candidate.name === node.name);
    assert.deepEqual([upgraded.id, upgraded.calls, upgraded.totalMs, upgraded.awaitMs, upgraded.processes], [node.id, node.calls, node.totalMs, node.awaitMs, node.processes]);
    assert.ok(Math.abs(upgraded.selfMs - node.selfMs) < 1e-12, 'self is shared among contexts by calls, and sums back');
  }
  const pair = (caller, callee) => edges.find((edge) => edge.caller === caller && edge.callee === callee);
  for (const edge of v1.edges) assert.deepEqual([pair(edge.caller, edge.callee).calls, pair(edge.caller, edge.callee).totalMs, pair(edge.caller, edge.callee).awaitMs], [edge.calls, edge.totalMs, edge.awaitMs]);
  assert.equal(edges.length, v1.edges.length, 'no pair is invented');
  assert.equal(profile.contexts[0].selfMs, 4);
});


test('a written profile is one line per function and per context, and reads back the same', () => {
  const directory = scratchDirectory();
  const file = join(directory, 'profile.json');
  const merged = mergeProfiles([part(1, 0, 3), part(2, 1, 4)], ['node', 'app.js'], '2026-01-01T00:00:00.000Z', 150);
  writeProfile(file, merged);
  const text = readFileSync(file, 'utf8');
  assert.deepEqual(JSON.parse(text), JSON.parse(JSON.stringify(merged)));
  const lines = text.split('\n');
  for (const context of merged.contexts) assert.ok(lines.includes(`  ${JSON.stringify(context)}${context.id === merged.contexts.length - 1 ? '' : ','}`), `context ${context.id} on one line`);
  assert.ok(text.endsWith('\n ]\n}\n'));
  assert.deepEqual(readdirSync(directory), ['profile.json']);
});

test('a pprof .pb.gz or other binary given as a profile: one printable line saying what it is and what tsprof reads', async () => {
  const { gzipSync } = await import('node:zlib');
  const directory = scratchDirectory();
  const exported = join(directory, 'profile.pb.gz');
  writeFileSync(exported, gzipSync(Buffer.from([8, 1, 18, 3, 0xff, 0xfe, 10])));
  assert.throws(() => readProfile(exported), (error) => error instanceof ProfileFormatError && error.message === `${exported} is gzip-compressed (a pprof .pb.gz export?); tsprof reads the profile JSON that --profile writes`);
  const binary = join(directory, 'profile.bin');
  writeFileSync(binary, Buffer.from([0, 1, 0xff, 0x0a, 0x1b, 0x41]));
  assert.throws(() => readProfile(binary), (error) => error instanceof ProfileFormatError && /^[\x20-\x7e]+$/.test(error.message) && /is not valid JSON/.test(error.message));
});
