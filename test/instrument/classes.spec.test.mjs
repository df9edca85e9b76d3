// Behaviour specs: constructors, super, class fields, static blocks, private members, accessors.
import { specTable } from '../helpers/instrumented-run.mjs';

await specTable([
  {
    name: 'derived constructors call super() after arbitrary code, from an arrow, or not at all',
    code: `
      class Base { constructor(x) { this.x = x; this.kind = new.target.name } }
      class Late extends Base { constructor(a) { const before = a * 2; let early; try { this.y = 1 } catch (error) { early = error.constructor.name } super(before); this.early = early } }
      class ViaArrow extends Base { constructor() { const call = () => super('arrow'); call(); this.after = this.x } }
      class Replaced extends Base { constructor() { return { replaced: true } } }
      class Missing extends Base { constructor() {} }
      class Implicit extends Base {}
      let missing; try { new Missing() } catch (error) { missing = error.constructor.name }
      module.exports = [new Late(2), new ViaArrow(), new Replaced(), missing, new Implicit(7)];
    `,
    counts: { 'Base.constructor': 3, 'Late.constructor': 1, 'ViaArrow.constructor': 1, call: 1, 'Replaced.constructor': 1, 'Missing.constructor': 1 },
  },
  {
    name: 'class heritage expressions, including functions and null',
    code: `
      function Old(v) { this.v = v }
      Old.prototype.get = function () { return this.v };
      class FromFunction extends Old { constructor() { super('old') } }
      class FromCall extends (() => class { who() { return 'mixin' } })() {}
      class FromNull extends null { constructor() { return Object.create(FromNull.prototype) } }
      let arrowHeritage; try { class Bad extends (() => {}) {} } catch (error) { arrowHeritage = error.constructor.name }
      module.exports = [new FromFunction().get(), new FromCall().who(), Object.getPrototypeOf(FromNull.prototype), new FromNull() instanceof FromNull, arrowHeritage];
    `,
    counts: { Old: 1, 'Old.get': 1, 'FromFunction.constructor': 1, '<class>.who': 1, 'FromNull.constructor': 1 },
  },
  {
    name: 'class fields, static fields and their initialisation order',
    code: `
      const order = [];
      const key = (name) => (order.push('key ' + name), name);
      class C {
        [key('a')] = order.push('field a');
        static [key('s')] = order.push('static s');
        b = (() => (order.push('field b'), this.a))();
        arrow = () => this.b;
        constructor() { order.push('constructor') }
      }
      const c = new C();
      module.exports = [order, c.arrow(), Object.keys(c), C.s];
    `,
    counts: { key: 2, 'C.constructor': 1, 'C.arrow': 1 },
  },
  {
    name: 'static blocks run once with the class as this, and may contain try/catch',
    code: `
      async function make() {
        class A { static log = []; static { this.log.push(this.name); try { throw new Error('in block') } catch (error) { this.log.push(error.message) } finally { this.log.push('finally') } } static m() { return A.log } }
        await null;
        return A.m();
      }
      module.exports = make();
    `,
    counts: { make: 1, 'A.m': 1 },
  },
  {
    name: 'private methods, accessors and static private members',
    code: `
      class Counter {
        #count = 0; static #instances = 0;
        constructor() { Counter.#instances++ }
        #bump() { return ++this.#count }
        get #doubled() { return this.#count * 2 }
        set #value(v) { this.#count = v }
        static #total() { return Counter.#instances }
        run() { this.#bump(); this.#bump(); this.#value = 10; return [this.#doubled, #count in this] }
        static total() { return Counter.#total() }
      }
      module.exports = [new Counter().run(), new Counter().run(), Counter.total()];
    `,
    counts: { 'Counter.constructor': 2, 'Counter.#bump': 4, 'Counter.#doubled (get)': 2, 'Counter.#value (set)': 2, 'Counter.#total': 1, 'Counter.run': 2, 'Counter.total': 1 },
  },
  {
    name: 'getters and setters, including ones named get, set and static, and computed ones',
    code: `
      const sym = Symbol('s');
      class Shape {
        constructor() { this._w = 2 }
        get width() { return this._w } set width(v) { this._w = v }
        get get() { return 'get' } set set(v) { this.setTo = v } static get static() { return 'static' }
        get [sym]() { return 'symbol' } static async async() { return 'async' } static get() { return 'static method named get' }
      }
      const s = new Shape(); s.width = 5; s.set = 1;
      module.exports = Promise.all([s.width, s.get, s.setTo, Shape.static, s[sym], Shape.async(), Shape.get(), Object.getOwnPropertyNames(Shape.prototype)]);
    `,
    counts: { 'Shape.constructor': 1, 'Shape.get': 1, 'Shape.width (get)': 1, 'Shape.width (set)': 1, 'Shape.get (get)': 1, 'Shape.set (set)': 1, 'Shape.static (get)': 1, 'Shape.[sym] (get)': 1, 'Shape.async': 1 },
  },
  {
    name: 'super property access and calls in methods, static methods and object literals',
    code: `
      class A { m() { return 'A.m' } static s() { return 'A.s' } get g() { return 'A.g' } }
      class B extends A { m() { return super.m() + '>B' } static s() { return super.s() + '>B' } get g() { return super.g + '>B' } viaArrow() { return (() => super.m())() } }
      const base = { greet() { return 'hi ' + this.name } };
      const child = { __proto__: base, name: 'child', greet() { return super.greet() + '!' } };
      module.exports = [new B().m(), B.s(), new B().g, new B().viaArrow(), child.greet()];
    `,
    counts: { 'A.m': 2, 'B.m': 1, 'A.s': 1, 'B.s': 1, 'A.g (get)': 1, 'B.g (get)': 1, 'B.viaArrow': 1, 'base.greet': 1, 'child.greet': 1 },
  },
  {
    name: 'class expressions, anonymous classes and methods keep their names',
    code: `
      const Named = class Inner { static who() { return Inner.name } };
      const Anonymous = class { m() {} };
      const o = { K: class { static n() { return this.name } } };
      module.exports = [Named.who(), Named.name, Anonymous.name, Anonymous.prototype.m.name, o.K.n(), (class {}).name];
    `,
    counts: { 'Inner.who': 1, 'o.K.n': 1 },
  },
  {
    name: 'generator and async methods with computed keys, and Symbol.iterator methods',
    code: `
      class Bag { constructor(...items) { this.items = items } *[Symbol.iterator]() { yield* this.items } async *[Symbol.asyncIterator]() { for (const item of this.items) yield item } }
      async function collect(bag) { const out = []; for await (const item of bag) out.push(item); return [...bag, ...out] }
      module.exports = collect(new Bag(1, 2));
    `,
    counts: { 'Bag.constructor': 1, 'Bag.[Symbol.iterator]': 1, 'Bag.[Symbol.asyncIterator]': 1, collect: 1 },
  },
  {
    name: 'methods are not constructors, and calling a class throws',
    code: `
      class C { m() {} static s() {} }
      const o = { m() {}, async a() {}, *g() {} };
      const outcome = (f) => { try { new f(); return 'constructed' } catch (error) { return error.constructor.name } };
      let called; try { C() } catch (error) { called = error.message }
      module.exports = [outcome(C.prototype.m), outcome(C.s), outcome(o.m), outcome(o.a), outcome(o.g), outcome(() => {}), called];
    `,
    counts: { outcome: 6 },
  },
]);
