// tsprof's call counts against V8's own: the plain program runs under precise coverage
// (`Profiler.startPreciseCoverage({ callCount: true, detailed: true })`), the instrumented one
// under tsprof, and every instrumented function must have been called as often in both.
// Every spec table checks the same for its snippets; this file adds larger programs and
// makes sure the check itself compares something.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runSnippet } from '../helpers/instrumented-run.mjs';

const QUEUE_PROGRAM = `
'use strict';
class Emitter {
  constructor() { this.listeners = new Map() }
  on(event, listener) { const list = this.listeners.get(event) ?? []; list.push(listener); this.listeners.set(event, list); return this }
  emit(event, ...args) { for (const listener of this.listeners.get(event) ?? []) listener.apply(this, args); return this }
}
class Queue extends Emitter {
  #items = [];
  static #created = 0;
  constructor(name) { super(); this.name = name; Queue.#created++ }
  get size() { return this.#items.length }
  set limit(value) { this.max = value }
  push(item) { this.#items.push(item); this.emit('push', item); return this }
  *drain() { while (this.#items.length) yield this.#items.shift() }
  async *drainSlowly() { for (const item of this.drain()) { await null; yield item } }
  static created() { return Queue.#created }
}
const double = (x) => x * 2;
const compose = (...fns) => (x) => fns.reduceRight((value, fn) => fn(value), x);
function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2) }
function lazy() { return function never() { return 'never called' } }
async function consume(queue) {
  const seen = [];
  for await (const item of queue.drainSlowly()) seen.push(compose(double, (x) => x + 1)(item));
  try { await Promise.reject(new Error('handled')) } catch { seen.push(await Promise.resolve(fib(7))) }
  return seen;
}
const queue = new Queue('jobs');
let pushed = 0;
queue.on('push', function onPush() { pushed++ }).on('push', () => {});
for (let i = 0; i < 5; i++) queue.push(i);
queue.limit = 3;
lazy();
module.exports = consume(queue).then((seen) => [seen, pushed, queue.size, Queue.created(), [1, 2, 3].map(double)]);
`;

const MODULE_PROGRAM = `
export function tokenize(text) { return text.split(/\\s+/).filter((word) => word.length > 0) }
export const count = (words) => words.reduce((counts, word) => ({ ...counts, [word]: (counts[word] ?? 0) + 1 }), {});
const memo = new Map();
function cached(key, compute) { if (!memo.has(key)) memo.set(key, compute()); return memo.get(key) }
async function main() {
  const words = tokenize('a b a c b a');
  const counts = cached('counts', () => count(words));
  cached('counts', () => { throw new Error('not called again') });
  await new Promise((resolve) => setTimeout(resolve, 1));
  return Object.entries(counts).sort(([, a], [, b]) => b - a);
}
export default await main();
`;

function assertAgreesWithV8(result, minimumCompared) {
  assert.deepEqual(result.instrumented, result.plain, 'the instrumented run behaves differently');
  const compared = result.coverage.filter((row) => row.v8 !== null);
  assert.equal(compared.length, result.coverage.length, 'every instrumented function was found in the plain source');
  assert.ok(compared.filter((row) => row.calls > 0).length >= minimumCompared, `compared too few called functions: ${JSON.stringify(compared)}`);
  assert.deepEqual(
    compared.filter((row) => row.calls !== row.v8),
    [],
    'tsprof and V8 disagree on these call counts',
  );
}

test('a CommonJS program with classes, accessors, generators, async iteration and callbacks', async () => {
  const result = await runSnippet({ code: QUEUE_PROGRAM });
  assertAgreesWithV8(result, 18);
  assert.equal(result.counts['Queue.push'], 5);
  assert.equal(result.counts.never, 0);
});

test('an ES module with top-level await, closures and memoised callbacks', async () => {
  const result = await runSnippet({ code: MODULE_PROGRAM, format: 'module' });
  assertAgreesWithV8(result, 6);
  assert.equal(result.counts.cached, 2);
});

test('the cross-check notices a miscount', async () => {
  const result = await runSnippet({ code: 'function once() { return 1 }\nmodule.exports = [once(), once()];' });
  const row = result.coverage.find((entry) => entry.name === 'once');
  assert.deepEqual([row.calls, row.v8], [2, 2]);
  const wrong = { ...result, coverage: [{ ...row, calls: 1 }] };
  assert.throws(() => assertAgreesWithV8(wrong, 1), /disagree/);
});
