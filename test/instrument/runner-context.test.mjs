// runtimeLoad 'global': code a test runner evaluates in a vm context of its own
// (jest) reads this thread's runtime from that context's global object, and so
// records into the one recorder that writes this process's part.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import vm from 'node:vm';
import { instrument } from '../../dist/instrument/instrument.js';
import { obtainRuntime, shareRuntimeWith } from '../../dist/runtime/runtime.js';

const SOURCE = ['function publish(message) {', '  return encode(message) + 1;', '}', 'function encode(message) { return message * 2 }', 'module.exports = publish;', ''].join('\n');

function instrumentForContext(code, filename) {
  return instrument(code, { filename, format: 'commonjs', runtimeSpecifier: '', runtimeLoad: 'global' }).code;
}

function callsOf(name, file) {
  const recorder = obtainRuntime().recorder;
  let calls = 0;
  recorder.sites.forEach((site, id) => {
    if (site.name === name && site.file === file) calls += recorder.functions.calls[id];
  });
  return calls;
}

test('instrumented code in another vm context records into this thread\'s runtime', () => {
  const file = '/virtual/runner-context/publish.js';
  const code = instrumentForContext(SOURCE, file);
  assert.doesNotMatch(code.split('\n')[0], /require\(|import /, 'no module load through the runner\'s registry');
  const context = vm.createContext({});
  shareRuntimeWith(vm.runInContext('this', context));
  // Two test files evaluate the same module afresh, as jest does.
  for (let testFile = 0; testFile < 2; testFile++) {
    const module = { exports: {} };
    vm.runInContext(`(function (module) {${code}\n})`, context, { filename: file })(module);
    assert.equal(module.exports(20), 41);
    assert.equal(module.exports(1), 3);
  }
  assert.equal(callsOf('publish', file), 4);
  assert.equal(callsOf('encode', file), 4);
});

test("the context's Function.prototype.toString gives the source as written", () => {
  const file = '/virtual/runner-context/to-string.js';
  const context = vm.createContext({});
  const contextGlobal = vm.runInContext('this', context);
  shareRuntimeWith(contextGlobal);
  shareRuntimeWith(contextGlobal);
  const module = { exports: {} };
  vm.runInContext(`(function (module) {${instrumentForContext(SOURCE, file)}\n})`, context)(module);
  assert.equal(module.exports.toString(), SOURCE.split('\n').slice(0, 3).join('\n'));
  assert.equal(vm.runInContext('Function.prototype.toString.call(Function.prototype.toString)', context), 'function toString() { [native code] }');
});

test('a file that binds globalThis or Symbol at its top level is not instrumented for a runner context', () => {
  for (const declaration of ['var globalThis = {};', 'class Symbol {}', "import Symbol from 'x';"]) {
    const format = declaration.startsWith('import') ? 'module' : 'commonjs';
    const options = { filename: '/virtual/runner-context/shadow.js', format, runtimeSpecifier: '', runtimeLoad: 'global' };
    assert.throws(() => instrument(`${declaration}\nfunction f() {}`, options), /declares globalThis or Symbol at its top level/);
  }
  // Nested bindings do not shadow the prologue's.
  assert.match(instrumentForContext('function f() { const globalThis = 1; return globalThis }', '/virtual/nested.js'), /globalThis\[Symbol\.for\("tsprof\.runtime\.v1"\)\]/);
});
