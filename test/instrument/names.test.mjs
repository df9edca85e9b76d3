// Display names, as a reader of the code would say them: read from the sites the prologue registers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { instrumentSnippet } from '../helpers/instrumented-run.mjs';

/** [name, line] of every instrumented function, in the order the prologue registers them. */
function sitesOf(code, format = 'commonjs') {
  const { code: output } = instrumentSnippet(code, { filename: '/project/src/file.js', format });
  const match = /\.register\(("(?:[^"\\]|\\.)*"),(\[.*?\])\);/.exec(output);
  return JSON.parse(match[2]).map(([name, line]) => [name, line]);
}

const namesOf = (code, format) => sitesOf(code, format).map(([name]) => name);

test('methods are named after their class: Producer.publish, Task.delay', () => {
  assert.deepEqual(namesOf('class Producer { async publish(message) {} constructor() {} }\nclass Task { static delay(ms) {} }'), [
    'Producer.publish',
    'Producer.constructor',
    'Task.delay',
  ]);
});

test('accessors say which they are: Foo.bar (get), Foo.bar (set)', () => {
  assert.deepEqual(namesOf('class Foo { get bar() {} set bar(v) {} }\nconst o = { get get() {}, set set(v) {} };'), ['Foo.bar (get)', 'Foo.bar (set)', 'o.get (get)', 'o.set (set)']);
});

test('private, symbol, string and numeric keys; computed ones that are not names', () => {
  assert.deepEqual(namesOf("class Foo { #secret() {} [Symbol.iterator]() {} ['lit']() {} 7() {} [key + 1]() {} }"), [
    'Foo.#secret',
    'Foo.[Symbol.iterator]',
    'Foo.lit',
    'Foo.7',
    'Foo.[computed]',
  ]);
});

test('callbacks are named after the call they are given to, within the nearest named function', () => {
  const code = [
    'class Transport {',
    "  connect(socket) { socket.on('data', (chunk) => chunk); socket.once('close', function () {}); return new Promise((resolve) => resolve()) }",
    '}',
    'function sendTask() { setTimeout(() => {}, 1); [1].forEach(function (x) {}) }',
  ].join('\n');
  assert.deepEqual(namesOf(code), [
    'Transport.connect',
    "Transport.connect/on('data')",
    "Transport.connect/once('close')",
    'Transport.connect/new Promise',
    'sendTask',
    'sendTask/setTimeout',
    'sendTask/forEach',
  ]);
});

test('callbacks nest under the named function, not under other callbacks', () => {
  assert.deepEqual(namesOf("function serve(server) { server.on('request', (req) => { req.on('end', () => {}) }) }"), [
    'serve',
    "serve/on('request')",
    "serve/on('end')",
  ]);
});

test('callbacks given to an imported function in CommonJS output are named after it', () => {
  // tsc, Babel and esbuild call imports as `(0, module_1.name)(…)`; jest test files compiled by ts-jest look like this.
  assert.deepEqual(sitesOf("(0, globals_1.test)('publishes', async () => {});\n(0, on)('data', function () {});\n(1, 2, f)(() => {});"), [
    ["test('publishes') callback (file.js:1)", 1],
    ["on('data') callback (file.js:2)", 2],
    ['<anonymous> file.js:3', 3],
  ]);
});

test('functions outside any named function say where they are', () => {
  assert.deepEqual(sitesOf('[1].map((x) => x);\n(function () {})();\nobj.method(function () {});'), [
    ['map callback (file.js:1)', 1],
    ['<anonymous> file.js:2', 2],
    ['method callback (file.js:3)', 3],
  ]);
});

test('anonymous functions inside a named one are numbered by line', () => {
  assert.deepEqual(sitesOf('function outer() {\n  return function () { return () => {} }\n}'), [
    ['outer', 1],
    ['outer/<anonymous:2>', 2],
    ['outer/<anonymous:2>', 2],
  ]);
});

test('names from bindings, properties, assignments and exports', () => {
  const code = [
    'const api = { get: function () {}, post() {}, nested: { deep() {} }, arrow: () => {} };',
    'Foo.prototype.baz = function () {};',
    'module.exports.helper = function () {};',
    'exports.other = () => {};',
    'const named = function inner() {};',
    'let assigned; assigned = () => {};',
    'const Klass = class { m() {} };',
    'function withDefault(cb = () => {}) {}',
    'const { destructured = () => {} } = {};',
    "emitter.on('message', async function onMessage() {});",
  ].join('\n');
  assert.deepEqual(namesOf(code), [
    'api.get',
    'api.post',
    'api.nested.deep',
    'api.arrow',
    'Foo.baz',
    'helper',
    'other',
    'named',
    'assigned',
    'Klass.m',
    'withDefault',
    'cb',
    'destructured',
    'onMessage',
  ]);
});

test('this.x = function in a constructor belongs to the class; export default is default', () => {
  assert.deepEqual(namesOf('class Foo { constructor() { this.handler = function () {} } }'), ['Foo.constructor', 'Foo.handler']);
  assert.deepEqual(namesOf('export default function () {}\nexport const run = async () => {};', 'module'), ['default', 'run']);
});

test("TypeScript's emitted helpers are named from their declarator: var __x = (this && this.__x) || function", () => {
  const code = [
    'var __classPrivateFieldGet = (this && this.__classPrivateFieldGet) || function (receiver, state, kind, f) { return f };',
    'var pick = cached ? cached : function () {};',
    'var later = (0, function () {});',
  ].join('\n');
  assert.deepEqual(namesOf(code), ['__classPrivateFieldGet', 'pick', 'later']);
});

test("esbuild's keep-names wrapper is seen through: __name(fn, \"f\") is f", () => {
  const code = [
    'var __name = (target, value) => Object.defineProperty(target, "name", { value, configurable: true });',
    'const f = /* @__PURE__ */ __name(() => 1, "f");',
    'const g = __name(function () {}, "renamed");',
    'function outer() { const double = /* @__PURE__ */ __name((x) => x * 2, "double"); return [1].map(double) }',
    'const notAWrapper = __name(() => 2, computedName);',
  ].join('\n');
  assert.deepEqual(namesOf(code), ['__name', 'f', 'renamed', 'outer', 'double', '__name callback (file.js:5)']);
});

test('compiled TypeScript enums and namespaces are named after themselves (tsc, swc, esbuild output)', () => {
  const tsc = 'var Routing;\n(function (Routing) {\n  function key() {}\n  Routing.key = key;\n})(Routing || (Routing = {}));';
  const swc = 'var Priority = /*#__PURE__*/ function(Priority) {\n  Priority[Priority["Low"] = 0] = "Low";\n  return Priority;\n}(Priority || {});';
  const esbuild = 'var Color = /* @__PURE__ */ ((Color2) => {\n  Color2[Color2["Red"] = 0] = "Red";\n  return Color2;\n})(Color || {});';
  // Newer swc (Node's --experimental-transform-types): an enum declared once gets a fresh object.
  const swcFresh = 'export var Level = /*#__PURE__*/ function(Level) {\n  Level[Level["Low"] = 1] = "Low";\n  return Level;\n}({});';
  assert.deepEqual(namesOf(tsc), ['Routing', 'Routing.key'], "a namespace's functions are named as the program calls them");
  assert.deepEqual(namesOf(swc), ['Priority']);
  assert.deepEqual(namesOf(swcFresh, 'module'), ['Level']);
  assert.deepEqual(namesOf('var a = function (b) {}({});\nvar c = function (c) {}({ x: 1 });'), ['<anonymous> file.js:1', '<anonymous> file.js:2'], 'only when the parameter is the declared name and the object a fresh {}');
  assert.deepEqual(namesOf(esbuild), ['Color']);
  assert.deepEqual(namesOf('(function (x) {})(a && b);\n(() => {})(fallback || {});'), ['<anonymous> file.js:1', '<anonymous> file.js:2'], 'only a call with `Name || …` whose parameter is that name counts');
  // A plugin wrapper is no namespace; tsc's nested namespace is one, and Babel's renamed parameter too.
  assert.deepEqual(namesOf('(function ($) {\n  function init() {}\n})(jQuery || {});'), ['<anonymous> file.js:1', 'init']);
  const nested = 'var Outer;\n(function (Outer) {\n  let Inner;\n  (function (Inner) {\n    function tag() {}\n  })(Inner = Outer.Inner || (Outer.Inner = {}));\n})(Outer || (Outer = {}));';
  assert.deepEqual(namesOf(nested), ['Outer', 'Inner', 'Inner.tag']);
  assert.deepEqual(namesOf('var Mode;\n(function (_Mode) {\n  function on() {}\n})(Mode || (Mode = {}));'), ['Mode', 'Mode.on']);
});
