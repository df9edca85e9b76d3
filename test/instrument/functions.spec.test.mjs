// Behaviour specs: every function form, directives, arrow expression bodies and parameters.
// Each snippet runs plain and instrumented (see ../helpers/instrumented-run.mjs); a case is a
// snippet whose `module.exports` (or default export) is what gets compared, plus the calls
// tsprof must record. V8's precise coverage of the plain run must agree on every count.
import { specTable } from '../helpers/instrumented-run.mjs';

await specTable([
  {
    name: 'Function.prototype.toString returns the source as written, and itself still looks native',
    code: `
      async function publish(x, y = () => 1) { const r = await send(x); for await (const v of stream()) {} try { await r } catch { } return r + y() }
      async function* stream() { yield 1; await null; }
      const arrow = async (a) => await a, sequence = (a) => (a, a + 1), object = (a) => ({ a });
      class K { constructor() { this.k = 1 } m() { return 1 } get g() { return 2 } static async *s() { yield* stream() } }
      function send(v) { return v }
      const toString = Function.prototype.toString;
      let notConstructor = false;
      try { new toString() } catch (error) { notConstructor = error instanceof TypeError }
      let rejectsObjects = false;
      try { toString.call({}) } catch (error) { rejectsObjects = error instanceof TypeError }
      module.exports = [publish, stream, arrow, sequence, object, K, K.prototype.m, send].map(String)
        .concat([toString.toString(), toString.name, toString.length, notConstructor, rejectsObjects, String(Math.max), String(send.bind(null))]);
    `,
  },
  {
    name: 'Function.prototype.toString keeps text that only looks like an inserted piece',
    code: `
      function literal() { return "/*__tsp[*/x/*]__tsp*/" }
      const copy = () => '/*__tsp7[*/var __tsp7$f=__tsp7.e(__tsp7$b+0);try{/*]__tsp7*/ return 1 /*__tsp7[*/}finally{__tsp7.x(__tsp7$f)}/*]__tsp7*/';
      const built = new Function('return "/*__tsp[*/y/*]__tsp*/"');
      module.exports = [literal, copy, built].map(String).concat([literal(), copy(), built()]);
    `,
    counts: { literal: 1, copy: 1 },
  },
  {
    name: 'Function.prototype.toString runs no RegExp or String method the program patched',
    code: `
      function shown(a) { return a * 2 }
      const concise = (b) => b + 1;
      const calls = [];
      const saved = { exec: RegExp.prototype.exec, replace: RegExp.prototype[Symbol.replace], stringReplace: String.prototype.replace, indexOf: String.prototype.indexOf, slice: String.prototype.slice };
      RegExp.prototype.exec = function () { calls.push('exec'); return saved.exec.apply(this, arguments) };
      RegExp.prototype[Symbol.replace] = function () { calls.push('Symbol.replace'); return 'replaced' };
      String.prototype.replace = function () { calls.push('replace'); return 'replaced' };
      String.prototype.indexOf = function () { calls.push('indexOf'); return -1 };
      String.prototype.slice = function () { calls.push('slice'); return '' };
      const texts = [String(shown), concise.toString()];
      Object.assign(RegExp.prototype, { exec: saved.exec, [Symbol.replace]: saved.replace });
      Object.assign(String.prototype, { replace: saved.stringReplace, indexOf: saved.indexOf, slice: saved.slice });
      module.exports = [texts, calls];
    `,
  },
  {
    name: 'declarations, expressions, arrows, methods, accessors, async and generator forms',
    code: `
      function declared(a, b) { return a + b }
      const expressed = function (x) { return x * 2 };
      const named = function inner() { return typeof inner };
      const arrow = (x) => x + 1;
      const block = (x) => { return x - 1 };
      const object = { method() { return 'm' }, get value() { return 'g' }, set value(v) { this.seen = v }, async later() { return 'a' }, *steps() { yield 's' } };
      async function asynchronous() { return 'async' }
      function* generator() { yield 'gen' }
      async function* asyncGenerator() { yield 'async gen' }
      object.value = 5;
      module.exports = Promise.all([declared(1, 2), expressed(2), named(), arrow(1), block(1), object.method(), object.value, object.seen,
        object.later(), [...object.steps()], asynchronous(), [...generator()], asyncGenerator().next()]);
    `,
    counts: { declared: 1, expressed: 1, named: 1, arrow: 1, block: 1, 'object.method': 1, 'object.value (get)': 1, 'object.value (set)': 1, 'object.later': 1, 'object.steps': 1, asynchronous: 1, generator: 1, asyncGenerator: 1 },
  },
  {
    name: 'name, length, typeof and prototype of every form are unchanged',
    code: `
      const forms = [function a(x, y) {}, (p, q = 1, ...r) => 0, async function b(x) {}, function* c(a, b, c) {}, async function* d() {}, async (z) => z,
        { m(a) {} }.m, Object.getOwnPropertyDescriptor({ get g() { return 1 } }, 'g').get, Object.getOwnPropertyDescriptor({ set s(v) {} }, 's').set,
        class K { constructor(a, b) {} }, class { static s(a) {} }.s];
      module.exports = forms.map((f) => [f.name, f.length, typeof f, Object.prototype.toString.call(f), Object.getOwnPropertyNames(f).sort(),
        f.prototype === undefined ? 'none' : Object.getOwnPropertyNames(f.prototype).join()]);
    `,
  },
  {
    name: 'names inferred from bindings, properties, defaults and class fields survive',
    code: `
      var v = function () {}; let l = () => {}; const o = { p: function () {}, q: () => {}, ['c' + 'k']: () => {} };
      function withDefault(d = function () {}, e = () => {}) { return [d.name, e.name] }
      class C { field = () => {}; static s = function () {}; #p = () => {}; priv() { return this.#p.name } }
      const [destructured = () => {}] = [];
      module.exports = [v.name, l.name, o.p.name, o.q.name, o.ck.name, withDefault(), new C().field.name, C.s.name, new C().priv(), destructured.name];
    `,
    counts: { withDefault: 1, d: 0, e: 0, 'C.priv': 1 },
  },
  {
    name: 'sloppy this, strict this, call/apply/bind and new.target',
    code: `
      function sloppy() { return typeof this === 'object' ? (this === globalThis ? 'global' : 'boxed ' + typeof this.valueOf()) : typeof this }
      function strict() { 'use strict'; return this === undefined ? 'undefined' : typeof this }
      function target() { return new.target === undefined ? 'call' : new.target.name }
      const bound = strict.bind(7);
      module.exports = [sloppy(), sloppy.call(1), strict(), strict.call('s'), bound(), target(), new target() instanceof target, Reflect.construct(target, [], class Other {}).constructor.name];
    `,
    counts: { sloppy: 2, strict: 3, target: 3 },
  },
  {
    name: '"use strict" stays first in the file and keeps its meaning',
    code: `'use strict';
      function probe() { return this }
      let leaked; try { undeclared = 1 } catch (error) { leaked = error.constructor.name }
      module.exports = [probe(), leaked, (function () { return typeof this })()];
    `,
    counts: { probe: 1 },
  },
  {
    name: '"use strict" stays first in a function body, after other directives too',
    code: `
      function strict() { "other directive"; 'use strict'; return this === undefined }
      function notStrict() { var x = 1; 'use strict'; return this === undefined }
      function onlyDirective() { 'use strict' }
      const arrow = () => { 'use strict'; return typeof this };
      function octal() { return 010 }
      module.exports = [strict(), notStrict(), onlyDirective(), arrow(), octal()];
    `,
    counts: { strict: 1, notStrict: 1, onlyDirective: 1, arrow: 1, octal: 1 },
  },
  {
    name: 'directives without semicolons and a body that continues on the next line',
    code: `"use strict"
      function f() { "use strict"
        return [this, typeof arguments] }
      function g() {
        'not a directive'
        .length; return 'g' }
      module.exports = [f(), g()]
    `,
    counts: { f: 1, g: 1 },
  },
  {
    name: 'arrow expression bodies: object literals, sequences, nested arrows, comments and line breaks',
    code: `
      let side = 0;
      const object = () => ({ a: 1 });
      const doubled = () => (({ b: 2 }));
      const member = () => ({ c: 3 }).c;
      const sequence = () => (side++, side * 10);
      const curried = (a) => (b) => (c) => a + b + c;
      const comment = () => /* first */ ({ d: 4 }) /* after */;
      const broken = () =>
        side
        + 1;
      const call = (f) => f
      (5);
      const conditional = (x) => x ? 'yes' : 'no';
      const inOperator = () => 'a' in { a: 1 };
      const regexp = () => /x/.test('x');
      const klass = () => class { static k = 1 };
      module.exports = [object(), doubled(), member(), sequence(), curried(1)(2)(3), comment(), broken(), call((n) => n * 2), conditional(0), inOperator(), regexp(), klass().k];
    `,
    counts: { object: 1, doubled: 1, member: 1, sequence: 1, curried: 1, 'curried/<anonymous:7>': 1, '<anonymous> spec.cjs:7': 1, comment: 1, broken: 1, call: 1, 'call callback (spec.cjs:18)': 1, conditional: 1, inOperator: 1, regexp: 1, klass: 1 },
  },
  {
    name: 'arrow expression body in a for-in head initializer (Annex B) keeps the in',
    code: `
      var seen = [];
      for (var f = () => 'x' in { k: 1 }) seen.push(f, typeof f);
      module.exports = seen;
    `,
  },
  {
    name: 'arrows in default parameters and class fields see the right this, arguments and super',
    code: `
      function outer(a, read = () => [this.tag, arguments.length, a]) { return read() }
      class Base { hello() { return 'base' } }
      class Derived extends Base { greet = () => super.hello() + ':' + this.constructor.name; static make = () => new this() }
      const o = { __proto__: { up() { return 'up' } }, m() { return (() => super.up())() } };
      module.exports = [outer.call({ tag: 't' }, 1, undefined, 3), Derived.make().greet(), o.m()];
    `,
    counts: { outer: 1, read: 1, 'Derived.greet': 1, 'Derived.make': 1, 'o.m': 1, 'o.m/<anonymous:5>': 1 },
  },
  {
    name: 'default, destructured and rest parameters that contain functions',
    code: `
      let evaluated = [];
      function params(a = () => 'a', { b = function () { return 'b' }, c: [d = (x) => x] } = { c: [] }, ...[e = () => 'e', ...rest]) {
        evaluated.push(rest.length); return [a(), b(), d('d'), e(), arguments.length] }
      const arrowParams = ({ f = () => 'f' } = {}, [g] = [() => 'g']) => f() + g();
      module.exports = [params(), params(undefined, { b: () => 'B', c: [] }, undefined, 1, 2), arrowParams(), params.length, arrowParams.length, evaluated];
    `,
    counts: { params: 2, a: 2, b: 2, d: 2, e: 2, arrowParams: 1, f: 1 },
  },
  {
    name: 'parameter scope closures do not see body declarations',
    code: `
      var x = 'outer';
      function f(read = () => x) { var x = 'inner'; return [read(), x] }
      function g(read = () => typeof h) { function h() {} return [read(), typeof h] }
      module.exports = [f(), g()];
    `,
    counts: { f: 1, read: 2, g: 1, h: 0 },
  },
  {
    name: 'hoisting: declarations used before they appear, typeof of later functions',
    code: `
      function useBefore() { let tdz; try { notYet } catch (error) { tdz = error.constructor.name } return [later(), typeof alsoLater, tdz, v]; function later() { return 'later' } function alsoLater() {} var v = 1; let notYet }
      module.exports = [useBefore(), typeof hoisted, hoisted()];
      function hoisted() { return 'hoisted' }
    `,
    counts: { useBefore: 1, later: 1, alsoLater: 0, hoisted: 1 },
  },
  {
    name: 'sloppy arguments are mapped to parameters, strict ones are not',
    code: `
      function mapped(a, b) { arguments[0] = 'A'; b = 'B'; return [a, arguments[1], arguments.length, arguments.callee === mapped] }
      function unmapped(a) { 'use strict'; arguments[0] = 'A'; return [a, arguments[0]] }
      function nonSimple(a, b = 2) { arguments[0] = 'A'; return [a, arguments[0]] }
      function noArguments(a) { return a }
      module.exports = [mapped(1, 2, 3), unmapped(1), nonSimple(1), noArguments.length];
    `,
    counts: { mapped: 1, unmapped: 1, nonSimple: 1, noArguments: 0 },
  },
  {
    name: 'duplicate parameter names in sloppy functions',
    code: `
      function f(a, a) { return [a, arguments[0], arguments[1]] }
      function g(a, b, a) { a = 'x'; return [...arguments] }
      module.exports = [f(1, 2), f.length, g(1, 2, 3)];
    `,
    counts: { f: 1, g: 1 },
  },
  {
    name: 'a function declared at the top of a body with the name of a parameter is left alone',
    code: `
      function shadow(g) { function g() {} return [typeof g, typeof arguments[0]] }
      function write(g) { function g() {} arguments[0] = 5; return g }
      module.exports = [shadow(1), write(1)];
    `,
    skipped: ['shadow', 'write'],
  },
  {
    name: 'property descriptors of accessors and methods',
    code: `
      const o = { get a() { return 1 }, set a(v) {}, m() {}, get get() { return 'get' }, set set(v) {}, async() { return 'async' } };
      class C { get x() { return 1 } static set y(v) {} }
      const describe = (target, key) => { const d = Object.getOwnPropertyDescriptor(target, key); return Object.keys(d).map((k) => k + ':' + typeof d[k] + ':' + (typeof d[k] === 'function' ? d[k].name : d[k])) };
      module.exports = [describe(o, 'a'), describe(o, 'm'), describe(o, 'get'), o.get, describe(o, 'set'), o.async(), describe(C.prototype, 'x'), describe(C, 'y')];
    `,
    counts: { 'o.get (get)': 1, 'o.async': 1, describe: 6, 'describe/map': 24 },
  },
  {
    name: 'identifiers named let, yield, await and async in sloppy code',
    code: `
      var let = 1, yield = 2, await = 3, async = (f) => f();
      function read() { let
      x = let + yield + await; return x }
      const ids = () => yield + await;
      module.exports = [read(), ids(), async(() => 'async call'), async (x) => x];
    `,
    counts: { read: 1, ids: 1, async: 1 },
  },
  {
    name: 'ESM: exported functions, default exports, live bindings and top-level await',
    format: 'module',
    code: `
      export function named() { return 'named' }
      function anonymous() { return (function () { return this })() }
      export const arrow = () => typeof this;
      export let value = 0;
      export function counter() { return ++value }
      export default await (async () => [named(), anonymous(), arrow(), counter(), counter(), value])();
    `,
    counts: { named: 1, anonymous: 1, 'anonymous/<anonymous:3>': 1, arrow: 1, counter: 2 },
  },
  {
    name: 'ESM: await in a class computed key at the top level',
    format: 'module',
    code: `
      class A { async [await Promise.resolve('m')]() { return 'method' } static *[await 'g']() { yield 'gen' } }
      const o = { [await 'k']() { return 'key' } };
      export default [await new A().m(), [...A.g()], o.k()];
    `,
    counts: { 'A.[computed]': 2, 'o.[computed]': 1 },
  },
  {
    name: 'tagged templates, optional calls and computed keys with side effects',
    code: `
      function tag(strings, ...values) { return strings.raw.join('|') + values.join() }
      let i = 0;
      const o = { [i++]: function () { return this === o }, [i++]: () => 'arrow', ['k' + i++]() { return 'method' }, f() { return this === o } };
      module.exports = [tag\`a\${1}b\${(() => 2)()}\`, o[0](), o[1](), o.k2(), o?.f(), o.f?.(), (o?.f)(), o.missing?.(), i];
    `,
    counts: { tag: 1, 'o.[computed]': 3, 'o.f': 3 },
  },
  {
    name: 'object literals with __proto__ and super property access in methods',
    code: `
      const proto = { hello() { return 'proto hello' }, get who() { return 'proto' } };
      const o = { __proto__: proto, hello() { return super.hello() + ' via ' + super.who }, ['__proto__']: 'own' };
      const p = { __proto__: null, m() { return Object.getPrototypeOf(this) } };
      module.exports = [o.hello(), Object.getPrototypeOf(o) === proto, Object.getOwnPropertyNames(o), p.m()];
    `,
    counts: { 'proto.hello': 1, 'proto.who (get)': 1, 'o.hello': 1, 'p.m': 1 },
  },
  {
    name: 'a line separator in a method name does not shift line numbers',
    code: `
      const o = { "a\u2028b"() { return new Error('here').stack.split('\\n')[1].match(/:(\\d+):\\d+\\)?$/)[1] } };
      module.exports = o['a\u2028b']();
    `,
    counts: { 'o.a\u2028b': 1 },
  },
]);
