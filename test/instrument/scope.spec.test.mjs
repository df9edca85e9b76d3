// Behaviour specs: direct eval, with, names the probes could collide with, and a hostile environment.
import { specTable } from '../helpers/instrumented-run.mjs';

await specTable([
  {
    name: 'direct eval in sloppy code sees and declares variables; its function is left alone',
    code: `
      function declares() { eval('var fromEval = 1; function fromEvalFn() { return 2 }'); return [fromEval, fromEvalFn()] }
      function reads(a) { const local = 'local'; return eval('[a, local, typeof arguments, this === globalThis]') }
      function conflicts() { eval('var g = 1'); function g() {} return g }
      function inKey() { const o = { [eval('var k = "key"; k')]() {} }; function k() {} return [k, Object.keys(o)] }
      function indirect() { return (0, eval)('typeof module') }
      function caller() { return declares().concat(indirect()) }
      module.exports = [declares(), reads(1), conflicts(), inKey(), indirect(), caller()];
    `,
    skipped: ['declares', 'reads', 'conflicts', 'inKey'],
    counts: { indirect: 2, caller: 1 },
  },
  {
    // The transform scans a body for eval and with only where the words are in its text; an escaped
    // identifier is still a direct eval, and the words in strings or comments cost only a scan.
    name: 'direct eval spelled with unicode escapes, and the words only in strings and comments',
    code: String.raw`
      function escaped() { \u0065val('var a1 = 1'); return a1 }
      function escapedLate() { ev\u{61}l('var a2 = 2'); return a2 }
      function escapedAll() { \u{00065}\u0076\u0061\u006C('var a3 = 3'); return a3 }
      function words() { /* eval with */ return 'eval with evaluate without' }
      module.exports = [escaped(), escapedLate(), escapedAll(), words()];
    `,
    skipped: ['escaped', 'escapedLate', 'escapedAll'],
    counts: { words: 1 },
  },
  {
    name: 'strict direct eval and eval in arrows and nested functions',
    code: `
      function strict() { 'use strict'; eval('var hidden = 1'); return typeof hidden }
      function outer() { const arrow = () => eval('typeof arguments'); return [arrow(), (function inner() { return 'inner' })()] }
      module.exports = [strict(), outer()];
    `,
    // An expression body declares nothing, so eval there cannot collide with the wrapper.
    skipped: ['strict'],
    counts: { outer: 1, arrow: 1, inner: 1 },
  },
  {
    name: 'with statements: the function containing one and every function inside one are left alone',
    code: `
      const lookups = [];
      const scope = new Proxy({ x: 'from with' }, { has(target, key) { lookups.push(String(key)); return key in target } });
      function usesWith() { with (scope) { return x } }
      with (scope) { var result = (function inside() { return x })(); var arrow = () => x; }
      function after() { return 'after' }
      module.exports = [usesWith(), result, arrow(), after(), lookups];
    `,
    skipped: ['usesWith', 'inside', 'arrow'],
    counts: { after: 1 },
  },
  {
    name: 'Symbol.unscopables with with, and a function created inside it',
    code: `
      const env = { hidden: 'env', shown: 'env', [Symbol.unscopables]: { hidden: true } };
      var hidden = 'outer', shown = 'outer';
      let read;
      with (env) { read = function () { return [hidden, shown] } }
      module.exports = read();
    `,
    skipped: ['read'],
  },
  {
    name: 'a program that defines globals and locals named like the probes',
    code: `
      var __tsp = 'user __tsp', __tsp$f = 'user frame', __tsp$b = 'user base';
      globalThis.__tsp1 = 'global';
      function reads() { return [__tsp, __tsp$f, __tsp$b, typeof __tsp1] }
      function shadows(__tsp) { const __tsp$f = 'local'; return [__tsp, __tsp$f] }
      module.exports = [reads(), shadows('param')];
    `,
    counts: { reads: 1, shadows: 1 },
  },
  {
    name: 'a file that declares its own function require still loads the runtime',
    code: `
      function require(id) { return 'own require of ' + id }
      function work() { return require('x') }
      module.exports = work();
    `,
    counts: { require: 1, work: 1 },
  },
  {
    name: 'a global probe-like name set at run time is not read by the probes',
    code: `
      globalThis.__tsp = { e() { throw new Error('user probe called') } };
      Object.defineProperty(globalThis, '__tsp$f', { get() { throw new Error('frame read') } });
      function work(n) { return n + 1 }
      module.exports = work(1);
    `,
    counts: { work: 1 },
  },
  {
    name: 'patched Date, performance, process.hrtime, Map, Array.prototype.push and Function.prototype.call',
    code: `
      const fail = (what) => () => { throw new Error(what + ' used') };
      Date.now = fail('Date.now'); performance.now = fail('performance.now'); process.hrtime = fail('hrtime'); process.hrtime.bigint = fail('hrtime.bigint');
      globalThis.Map = fail('Map'); globalThis.WeakMap = fail('WeakMap'); globalThis.Set = fail('Set');
      Array.prototype.push = fail('push'); Function.prototype.call = fail('call'); Function.prototype.bind = fail('bind');
      Object.freeze = fail('freeze'); Reflect.apply = fail('Reflect.apply'); Symbol.for = fail('Symbol.for'); Math.imul = fail('imul');
      function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2) }
      async function later() { await null; const out = []; for await (const v of [1, 2]) out[out.length] = v; return out.concat(fib(8)) }
      module.exports = later();
    `,
    counts: { fail: 14, fib: 67, later: 1 },
  },
  {
    name: 'accessors and an async iterator on Object.prototype are not touched by the probes',
    code: `
      let touched = '';
      const keys = ['next', 'return', 'then', 'done', 'e', 'x', 'r', 's'];
      for (const key of keys) Object.defineProperty(Object.prototype, key, { get() { touched += ' get ' + key }, set(v) { touched += ' set ' + key }, configurable: true });
      Object.prototype[Symbol.asyncIterator] = function () { touched += ' asyncIterator'; return [][Symbol.iterator]() };
      async function work() { let sum = 0; for await (const v of [1, 2, 3]) sum += v; return sum }
      const done = work();
      for (const key of keys) delete Object.prototype[key];
      delete Object.prototype[Symbol.asyncIterator];
      module.exports = done.then((sum) => [sum, touched]);
    `,
    counts: { work: 1 },
  },
]);
