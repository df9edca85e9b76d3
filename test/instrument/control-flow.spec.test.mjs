// Behaviour specs: try/catch/finally, labels, exceptions through frames, re-entrancy.
import { specTable } from '../helpers/instrumented-run.mjs';

await specTable([
  {
    name: 'finally overrides a return, swallows a throw, and break/continue out of finally',
    code: `
      function overrides() { try { return 'try' } finally { return 'finally' } }
      function swallows() { try { throw new Error('lost') } finally { return 'swallowed' } }
      function breaks() { let out = []; for (const i of [1, 2]) { try { return 'never' } finally { out.push(i); continue } } return out }
      function labelled() { block: try { return 'try' } finally { break block } return 'after block' }
      function rethrows() { try { throw new Error('first') } catch (error) { throw new Error('second: ' + error.message) } finally { } }
      function nested() { try { try { throw 1 } finally { throw 2 } } catch (error) { return error } }
      let rethrown; try { rethrows() } catch (error) { rethrown = error.message }
      module.exports = [overrides(), swallows(), breaks(), labelled(), rethrown, nested()];
    `,
    counts: { overrides: 1, swallows: 1, breaks: 1, labelled: 1, rethrows: 1, nested: 1 },
  },
  {
    name: 'catch bindings: destructured, absent, and shadowing',
    code: `
      function destructured() { try { throw { code: 7, detail: { why: 'w' } } } catch ({ code, detail: { why } }) { return [code, why] } }
      function absent() { try { null.x } catch { return 'no binding' } }
      function shadow(e) { try { throw 'inner' } catch (e) { var e = 'assigned'; } return e }
      module.exports = [destructured(), absent(), shadow('outer')];
    `,
    counts: { destructured: 1, absent: 1, shadow: 1 },
  },
  {
    name: 'labelled statements, labelled blocks and continue to an outer label',
    code: `
      function search(grid) { let found = null; outer: for (let r = 0; r < grid.length; r++) { inner: for (let c = 0; c < grid[r].length; c++) { if (grid[r][c] < 0) continue outer; if (grid[r][c] === 9) { found = [r, c]; break outer } } } return found }
      function block() { a: { b: { break a } return 'not here' } return 'after a' }
      function labelledFunction() { l: function inner() {} return typeof inner }
      module.exports = [search([[1, -1, 9], [2, 9]]), block(), labelledFunction()];
    `,
    counts: { search: 1, block: 1, labelledFunction: 1, inner: 0 },
  },
  {
    name: 'a sync throw passes through several instrumented frames with its message and stack intact',
    code: `
      function a() { return b() + 1 }
      function b() { return c() + 1 }
      function c() { throw new RangeError('deep ' + [1, 2].length) }
      let caught; try { a() } catch (error) { caught = [error.constructor.name, error.message, error.stack.split('\\n').slice(1, 4).map((line) => line.trim().split(' ')[1])] }
      module.exports = caught;
    `,
    counts: { a: 1, b: 1, c: 1 },
  },
  {
    name: 'an uncaught error ends the program the same way',
    code: `
      function fail() { throw new TypeError('uncaught on purpose') }
      setTimeout(() => fail(), 0);
      module.exports = 'scheduled';
    `,
    throws: true,
    counts: { fail: 1 },
  },
  {
    name: 'thrown non-errors and errors with custom properties',
    code: `
      function throwsValue(v) { throw v }
      const outcomes = [1, 'text', null, undefined, { custom: true }, Object.assign(new Error('e'), { code: 'E_CODE' })].map((v) => { try { throwsValue(v) } catch (error) { return error } });
      module.exports = outcomes;
    `,
    counts: { throwsValue: 6 },
  },
  {
    name: 're-entrancy: a function that calls itself through a callback',
    code: `
      function each(items, visit) { for (const item of items) visit(item) }
      function walk(node, out = []) { out.push(node.name); each(node.children, (child) => walk(child, out)); return out }
      const tree = { name: 'root', children: [{ name: 'a', children: [{ name: 'a1', children: [] }] }, { name: 'b', children: [] }] };
      function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2) }
      module.exports = [walk(tree), fib(10)];
    `,
    counts: { each: 4, walk: 4, 'walk/each': 3, fib: 177 },
  },
  {
    name: 'recursion deep enough to overflow the stack is caught the same way',
    code: `
      function down(n) { return down(n + 1) + 1 }
      let outcome; try { down(0) } catch (error) { outcome = [error.constructor.name, error.message] }
      module.exports = outcome;
    `,
    v8Differs: { down: 'the stack overflows at a different depth' },
  },
  {
    name: 'switch with function declarations in cases, and fallthrough',
    code: `
      function pick(k) { switch (k) { case 1: function one() { return 'one' } return one(); case 2: case 3: return 'two or three'; default: return typeof one } }
      module.exports = [pick(1), pick(2), pick(4)];
    `,
    counts: { pick: 3, one: 1 },
  },
  {
    name: 'functions in blocks and if bodies are hoisted as in Annex B',
    code: `
      function inBlock() { { function g() { return 'block' } } return g() }
      function inIf() { if (true) function h() { return 'if' } return h() }
      function before() { const early = typeof k; { function k() {} } return [early, typeof k] }
      function blockedByLet() { let m = 'let'; { function m() {} } return m }
      function inSwitch() { switch (1) { case 1: function s() { return 'switch' } } return s() }
      module.exports = [inBlock(), inIf(), before(), blockedByLet(), inSwitch()];
    `,
    counts: { inBlock: 1, g: 1, inIf: 1, h: 1, before: 1, k: 0, blockedByLet: 1, m: 0, inSwitch: 1, s: 1 },
  },
  {
    name: 'a block function with the name of a top-level function of the same body is left alone (Annex B)',
    code: `
      function outer() { { function g() { return 'inner' } } function g() { return 'outer' } return g() }
      function twice() { function h() { return 1 } function h() { return 2 } return h() }
      module.exports = [outer(), twice()];
    `,
    skipped: ['outer'],
    counts: { twice: 1, h: 1 },
  },
  {
    name: 'top-level functions also declared with var, labelled, or twice as generators are left alone',
    code: `
      function withVar() { var g = 'var'; function g() {} return g }
      function nestedVar() { function g() {} if (true) { for (var g of [1]); } return g }
      function labelled() { var g; l: function g() { return 1 } return typeof g }
      function generators() { function* g() { yield 1 } function* g() { yield 2 } return [...g()] }
      function mixed() { function g() { return 'plain' } async function g() {} return typeof g }
      module.exports = [withVar(), nestedVar(), labelled(), generators(), mixed()];
    `,
    skipped: ['withVar', 'nestedVar', 'labelled', 'generators', 'mixed'],
  },
  {
    name: 'a strict function may declare the same function twice at its top',
    code: `'use strict';
      function twice() { function g() { return 1 } function g() { return 2 } return g() }
      module.exports = twice();
    `,
    skipped: ['twice'],
  },
  {
    name: 'a function made strict by its own directive may declare the same function twice at its top',
    code: `
      function own() { 'use strict'; function pick() { return 'first' } function pick() { return 'second' } return pick() }
      const arrow = () => { 'use strict'; function* gen() { yield 1 } function* gen() { yield 2 } return [...gen()] };
      module.exports = [own(), arrow()];
    `,
    skipped: ['own', 'arrow'],
  },
]);
