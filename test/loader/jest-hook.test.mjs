// The jest adapter against the two jest-runtime/ScriptTransformer methods it wraps:
// output is instrumented only for files that are included and only for a test
// context that could be given this process's runtime; anything else runs as it was.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import vm from 'node:vm';
import { hookJestWhenLoaded } from '../../dist/loader/runners/jest.js';
import { obtainRuntime } from '../../dist/runtime/runtime.js';

const SOURCE = 'function publish(n) { return n + 1 }\nmodule.exports = publish;\n';
const JEST_RUNTIME_FILE = '/project/node_modules/jest-runtime/build/index.js';

/** The shape of jest 29's classes that the adapter relies on, nothing more. */
function jestLikeClasses() {
  class ScriptTransformer {
    transform(filename, options, source) {
      return { code: source, originalCode: source, sourceMapPath: null };
    }
  }
  class Runtime {
    constructor(global) {
      this._environment = { global };
      this._scriptTransformer = new ScriptTransformer();
    }
    transformFile(filename) {
      return this._scriptTransformer.transform(filename, { supportsStaticESM: false }, SOURCE).code;
    }
  }
  return Runtime;
}

function runInContext(context, code, filename) {
  const module = { exports: {} };
  vm.runInContext(`(function (module) {${code}\n})`, context, { filename })(module);
  return module.exports;
}

test('included files are instrumented and record into this process from the test context', () => {
  const Runtime = jestLikeClasses();
  hookJestWhenLoaded({ exports: { default: Runtime } }, JEST_RUNTIME_FILE, (file) => file.startsWith('/virtual/included/'));
  const context = vm.createContext({});
  const runtime = new Runtime(vm.runInContext('this', context));
  const file = '/virtual/included/publish.js';
  const code = runtime.transformFile(file);
  assert.match(code, /tsprof:instrumented/);
  assert.equal(runtime.transformFile('/virtual/elsewhere/publish.js'), SOURCE, 'not included: unchanged');
  assert.equal(runInContext(context, code, file)(1), 2);
  const recorder = obtainRuntime().recorder;
  const id = recorder.sites.findIndex((site) => site.name === 'publish' && site.file === file);
  assert.equal(recorder.functions.calls[id], 1);
});

test('a test context that cannot hold the runtime gets the transformer output unchanged', () => {
  const Runtime = jestLikeClasses();
  hookJestWhenLoaded({ exports: { default: Runtime } }, JEST_RUNTIME_FILE, () => true);
  // A test environment whose global object takes no new properties.
  const runtime = new Runtime(Object.freeze({ Function }));
  assert.equal(runtime.transformFile('/virtual/frozen/publish.js'), SOURCE);
});

test('a module that only looks like jest-runtime is left alone', () => {
  const Runtime = jestLikeClasses();
  const transformFile = Runtime.prototype.transformFile;
  hookJestWhenLoaded({ exports: { default: Runtime } }, '/project/src/jest-runtime.js', () => true);
  assert.equal(Runtime.prototype.transformFile, transformFile);
});
