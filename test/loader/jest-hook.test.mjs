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

/** What the adapter relies on in jest 29 and 30: Runtime's constructor arguments and ScriptTransformer.transform. */
class ScriptTransformer {
  transform(filename, options, source) {
    return { code: source, originalCode: source, sourceMapPath: null };
  }
}

class Runtime {
  constructor(config, environment, resolver, transformer) {
    this.transformer = transformer;
  }
  transformFile(filename) {
    return this.transformer.transform(filename, { supportsStaticESM: false }, SOURCE).code;
  }
}

/** jest-runtime's module once compiled under tsprof: its Runtime hooked. */
function hookedRuntime(shouldInstrument) {
  const exports = { default: Runtime };
  hookJestWhenLoaded({ exports }, JEST_RUNTIME_FILE, shouldInstrument);
  assert.notEqual(exports.default, Runtime);
  assert.equal(exports.default.name, 'Runtime');
  return (global) => new exports.default({}, { global }, {}, new ScriptTransformer());
}

function runInContext(context, code, filename) {
  const module = { exports: {} };
  vm.runInContext(`(function (module) {${code}\n})`, context, { filename })(module);
  return module.exports;
}

test('included files are instrumented and record into this process from the test context', () => {
  const createRuntime = hookedRuntime((file) => file.startsWith('/virtual/included/'));
  const context = vm.createContext({});
  const runtime = createRuntime(vm.runInContext('this', context));
  assert.ok(runtime instanceof Runtime);
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
  // A test environment whose global object takes no new properties.
  const runtime = hookedRuntime(() => true)(Object.freeze({ Function }));
  assert.equal(runtime.transformFile('/virtual/frozen/publish.js'), SOURCE);
});

test('a module that only looks like jest-runtime is left alone', () => {
  const exports = { default: Runtime };
  hookJestWhenLoaded({ exports }, '/project/src/jest-runtime.js', () => true);
  assert.equal(exports.default, Runtime);
});
