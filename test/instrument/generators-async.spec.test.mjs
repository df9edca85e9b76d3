// Behaviour specs: generators, async functions, async generators, await positions, for await.
import { specTable } from '../helpers/instrumented-run.mjs';

/** A snippet that runs `body` inside an async function and exports what it returns. */
const inAsync = (body) => `async function main() { ${body} }\nmodule.exports = main();`;

await specTable([
  {
    name: 'generators driven by next, throw and return',
    code: `
      function* counter() { let received = []; try { while (true) received.push(yield received.length) } catch (error) { yield 'caught ' + error } finally { received.push('closed') } }
      const a = counter(); const b = counter(); const c = counter();
      module.exports = [a.next(), a.next('x'), a.throw('boom'), a.next(), b.next(), b.return('early'), b.next(), c.return('unstarted'), c.next()];
    `,
    counts: { counter: 2 },
    v8Differs: { counter: 'a generator is counted when it starts running, V8 counts creating it' },
  },
  {
    name: 'generator return() runs finally blocks that yield, and a finally that overrides',
    code: `
      function* cleanup() { try { yield 1; yield 2 } finally { yield 'cleanup'; yield 'more' } }
      function* override() { try { yield 1 } finally { return 'overridden' } }
      const it = cleanup(); const o = override();
      module.exports = [it.next(), it.return('r'), it.next(), it.next(), it.next(), o.next(), o.return('r')];
    `,
    counts: { cleanup: 1, override: 1 },
  },
  {
    name: 'yield* delegation forwards next, throw and return and returns the inner result',
    code: `
      function* inner() { try { const x = yield 'inner 1'; yield 'got ' + x; return 'inner done' } catch (error) { yield 'inner caught ' + error; return 'after catch' } }
      function* outer() { const result = yield* inner(); yield 'result ' + result; return yield* [1, 2] }
      const a = outer(); const b = outer(); const c = outer();
      module.exports = [a.next(), a.next('X'), a.next(), a.next(), a.next(), a.next(), a.next(), b.next(), b.throw('E'), b.next(), c.next(), c.return('R')];
    `,
    counts: { inner: 3, outer: 3 },
  },
  {
    name: 'yield as an operand, without operand, in a sequence and in templates',
    code: `
      function* forms() { const a = yield; const b = yield (1, 2); const c = \`t\${yield 'in template'}\`; const d = (yield 'x') ? yield 'then' : yield 'else'; return [a, b, c, d] }
      const it = forms(); const out = [];
      for (let step = it.next(), i = 0; !step.done || (out.push(step.value), false); step = it.next('v' + i++)) out.push(step.value);
      module.exports = out;
    `,
    counts: { forms: 1 },
  },
  {
    name: 'a yield without operand ends its statement at a line break, whatever the next line starts with',
    code: `
      const seen = [];
      function* lines(x, g) {
        yield
        (seen.push('parenthesised'))
        yield
        [seen.push('bracketed')]
        const sum = yield
        +x
        if (x) yield
        else seen.push('not reached')
        for (let i = yield; i < 1; i++) yield
        /x/g
        return yield
        \`template\`
      }
      const it = lines(2, 3); const out = [];
      for (let step = it.next(), i = 0; !step.done; step = it.next(i++)) out.push(step.value);
      module.exports = [out.length, seen];
    `,
    counts: { lines: 1 },
  },
  {
    name: 'await, yield and an async generator return end their statement at a line break as written',
    code: `
      const seen = [];
      let n = 0;
      async function awaits() {
        await n++
        (seen.push('after await'))
        return await n++
        [seen.push('after return')]
      }
      async function* produces() {
        yield () => {}
        (seen.push('after arrow'))
        return n++
        (seen.push('after async generator return'))
      }
      module.exports = (async () => {
        await awaits();
        const values = [];
        for await (const value of produces()) values.push(typeof value);
        return [values, seen, n];
      })();
    `,
    counts: { awaits: 1, produces: 1 },
  },
  {
    name: 'an await right after a division sign or a comment, and its function source',
    code: `
      async function ratio(a, b) { return a/await b }
      async function commented(a, b) { return a/* note *//await b }
      module.exports = (async () => [await ratio(6, 3), await commented(8, 2), String(ratio), String(commented)])();
    `,
    counts: { ratio: 1, commented: 1 },
  },
  {
    name: 'let alone on a line before a for await stays an expression statement',
    code: `
      var let = 'sloppy let';
      async function loops() {
        const seen = [];
        let
        for await (const x of [1, 2]) seen.push(x)
        return [seen, let];
      }
      module.exports = loops();
    `,
    counts: { loops: 1 },
  },
  {
    name: 'generators abandoned half-way, and iterated by spread and destructuring',
    code: `
      function* naturals() { let n = 0; try { while (true) yield n++ } finally { naturals.closed = (naturals.closed || 0) + 1 } }
      const [first, second] = naturals();
      let taken = []; for (const n of naturals()) { if (n > 2) break; taken.push(n) }
      const dropped = naturals(); dropped.next();
      module.exports = [first, second, taken, naturals.closed];
    `,
    counts: { naturals: 3 },
  },
  {
    name: 'async functions: awaits in conditionals, arguments, templates, sequences and operators',
    code: inAsync(`
      const value = (v) => Promise.resolve(v);
      const flag = true; let side = 0;
      const a = flag ? await value('yes') : await value('no');
      const b = [await value(1), await 2, ...(await value([3, 4]))];
      const c = \`\${await value('t')}-\${await 'u'}\`;
      const d = await (side++, value(side));
      const e = (await value(2)) ** 3 + -(await value(1));
      const f = typeof await value(null);
      const g = await value({ x: 1 }).then((o) => o.x);
      const h = (await value({ y: { z: 'deep' } }))?.y.z;
      return [a, b, c, d, e, f, g, h];
    `),
    counts: { main: 1, value: 10 },
  },
  {
    name: 'await in catch, in finally, after a rejection, and a finally that awaits before rethrowing',
    code: `
      async function step(v, fail) { await null; if (fail) throw new Error(v); return v }
      async function flow() {
        const log = [];
        try { await step('first', true) } catch (error) { log.push(await step('in catch ' + error.message)) } finally { log.push(await step('in finally')) }
        try { try { await step('inner', true) } finally { log.push(await step('cleanup before rethrow')) } } catch (error) { log.push('outer caught ' + error.message) }
        return log;
      }
      module.exports = flow();
    `,
    counts: { step: 5, flow: 1 },
  },
  {
    name: 'async rejections and thrown errors surface with their messages',
    code: `
      async function rejects() { await null; throw new SyntaxError('async failure') }
      async function syncThrow() { throw new TypeError('before any await') }
      const arrow = async () => { null.property };
      module.exports = Promise.allSettled([rejects(), syncThrow(), arrow()]).then((results) => results.map((r) => [r.status, r.reason.constructor.name, r.reason.message]));
    `,
    counts: { rejects: 1, syncThrow: 1, arrow: 1 },
  },
  {
    name: 'async arrows with expression bodies, returning thenables and objects',
    code: `
      const plain = async () => 1;
      const object = async () => ({ o: 1 });
      const thenable = async () => ({ then(resolve) { resolve('from thenable') } });
      const awaiting = async (x) => await x;
      const sequence = async () => (await 1, await 2);
      module.exports = Promise.all([plain(), object(), thenable(), awaiting(Promise.resolve('a')), sequence()]);
    `,
    counts: { plain: 1, object: 1, thenable: 1, then: 1, awaiting: 1, sequence: 1 },
  },
  {
    name: 'async generators with for await, return(), throw() and yield*',
    code: `
      async function* ticks(n) { try { for (let i = 0; i < n; i++) { await null; yield i } return 'done' } finally { await null } }
      async function* relay() { const inner = yield* ticks(2); yield 'inner returned ' + inner }
      async function* returnsPromise() { return Promise.resolve('returned value') }
      async function consume() {
        const out = [];
        for await (const t of ticks(3)) out.push(t);
        for await (const t of relay()) out.push(t);
        const early = ticks(5); out.push(await early.next(), await early.return('stop'), await early.next());
        const thrown = ticks(5); await thrown.next(); try { await thrown.throw(new Error('into generator')) } catch (error) { out.push(error.message) }
        out.push(await returnsPromise().next());
        return out;
      }
      module.exports = consume();
    `,
    counts: { ticks: 4, relay: 1, returnsPromise: 1, consume: 1 },
  },
  {
    name: 'for await over sync iterables, arrays of promises, and iterators that need closing',
    code: inAsync(`
      const out = [];
      for await (const v of [Promise.resolve(1), 2]) out.push(v);
      for await (const ch of 'ab') out.push(ch);
      const log = [];
      const closable = { [Symbol.asyncIterator]() { let i = 0; return { next() { log.push('next'); return Promise.resolve({ value: i++, done: false }) }, return() { log.push('return'); return { done: true } } } } };
      for await (const v of closable) { if (v === 1) break }
      outer: for (const round of [1, 2]) { for await (const v of closable) { if (v === 1) continue outer } }
      try { for await (const v of closable) throw new Error('from body') } catch (error) { log.push(error.message) }
      const sync = { [Symbol.iterator]() { return { next() { return { value: 'sync', done: false } }, return() { log.push('sync return'); return {} } } } };
      for await (const v of sync) { out.push(v); break }
      return [out, log];
    `),
    counts: { main: 1 },
  },
  {
    name: 'for await reads each iterator method as often and in the same order as the engine',
    code: inAsync(`
      const log = [];
      const trace = (target, name) => new Proxy(target, { get(t, key, r) { log.push(name + '.' + String(key)); return Reflect.get(t, key, r) } });
      const iterator = trace({ i: 0, next() { return this.i++ < 2 ? { value: this.i, done: false } : { done: true } }, return() { return {} } }, 'iterator');
      const iterable = trace({ [Symbol.asyncIterator]() { return iterator } }, 'iterable');
      for await (const v of iterable) log.push('body ' + v);
      const syncIterable = trace({ [Symbol.iterator]: function* () { yield 'x' } }, 'sync');
      for await (const v of syncIterable) { log.push('body ' + v); break }
      return log;
    `),
    counts: { main: 1, trace: 3, get: 9, next: 3, '[Symbol.asyncIterator]': 1, '[Symbol.iterator]': 1 },
  },
  {
    name: 'for await errors keep the engine messages',
    code: inAsync(`
      const messages = [];
      const attempt = async (make) => { try { for await (const x of make()) break } catch (error) { messages.push(error.constructor.name + ': ' + error.message) } };
      const o = { plain: {}, one: 1, items() { return {} }, nested: { list: {} }, 0: {} }; let missing;
      await attempt(() => missing);
      await attempt(() => null);
      await attempt(() => o.plain);
      await attempt(() => o['nested'].list);
      await attempt(() => o[0]);
      await attempt(() => o.items());
      await attempt(() => o.one);
      await attempt(() => o.absent ?? o.plain);
      await attempt(() => ({ [Symbol.asyncIterator]: 5 }));
      await attempt(() => ({ [Symbol.asyncIterator]() { return 1 } }));
      await attempt(() => ({ [Symbol.iterator]() { return 1 } }));
      await attempt(() => ({ [Symbol.asyncIterator]() { return { next: 'not callable' } } }));
      await attempt(() => ({ [Symbol.asyncIterator]() { return { next() { return 1 } } } }));
      await attempt(() => ({ [Symbol.asyncIterator]() { return { next() { return {} }, return: 3 } } }));
      async function direct(value) { try { for await (const x of value) ; } catch (error) { return error.message } }
      messages.push(await direct({}), await direct(Symbol()), await direct(true));
      return messages;
    `),
    counts: { main: 1, attempt: 14, direct: 3 },
  },
  {
    name: 'labelled for await with break and continue from inside',
    code: inAsync(`
      const out = [];
      rows: for await (const row of [[1, 2], [3, 4]]) { cells: for await (const cell of row) { if (cell === 2) continue rows; if (cell === 4) break rows; out.push(cell) } }
      if (out.length) for await (const x of [5]) out.push(x); else out.push('never');
      return out;
    `),
    counts: { main: 1 },
  },
  {
    name: 'await and yield inside computed keys of nested classes belong to the outer function',
    code: `
      async function asyncOuter() { class A { [await Promise.resolve('key')]() { return 'from key' } } return new A().key() }
      function* generatorOuter() { class B { [yield 'key please']() { return 'method' } } return B }
      const it = generatorOuter(); it.next(); const B = it.next('named').value;
      module.exports = asyncOuter().then((r) => [r, new B().named()]);
    `,
    counts: { asyncOuter: 1, generatorOuter: 1, 'A.[computed]': 1, 'B.[computed]': 1 },
  },
  {
    name: 'many concurrent async calls interleave without changing results',
    code: `
      async function job(id) { await new Promise((resolve) => setTimeout(resolve, (id * 7) % 5)); await null; return id * 2 }
      async function all() { const results = await Promise.all(Array.from({ length: 50 }, (_, i) => job(i))); return results.reduce((a, b) => a + b, 0) }
      module.exports = all();
    `,
    counts: { job: 50, all: 1 },
  },
]);
