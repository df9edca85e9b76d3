import { shareRuntimeWith } from '../../runtime/runtime';
import { readInlineSourceMap } from '../../instrument/inline-source-map';
import { sourceMapFile } from '../cache';
import { instrumentForRunner } from './runner-transform';
import { runsUninstrumented } from './uninstrumented';

/**
 * jest (29 and 30) loads test code through its own module registry: the
 * Runtime of jest-runtime asks @jest/transform's ScriptTransformer for the
 * project's transformer output (babel-jest, ts-jest, @swc/jest …) and runs it
 * in the test environment's vm context. tsprof instruments that output on its
 * way from the transformer to the runtime — after jest has written its own
 * cache, so the cache never holds instrumented code — and gives each test
 * context this process's runtime. Both happen when jest constructs a Runtime
 * with its environment and transformer (a signature jest has kept across
 * versions, unlike the methods inside), in the jest process and in every
 * worker, once jest-runtime's module has been compiled.
 */

const JEST_RUNTIME_ENTRY = /[\\/]jest-runtime[\\/]build[\\/]index\.js$/;

interface TransformResult {
  code: string;
  originalCode?: string;
  sourceMapPath: string | null;
}

interface TransformOptions {
  supportsStaticESM?: boolean;
}

type Transform = (filename: string, options: TransformOptions, source?: string) => TransformResult;
type TransformAsync = (filename: string, options: TransformOptions, source?: string) => Promise<TransformResult>;

interface ScriptTransformerPrototype {
  transform: Transform;
  transformAsync?: TransformAsync;
}

/** new Runtime(config, environment, resolver, transformer, cacheFS, coverageOptions, testPath, globalConfig) */
type RuntimeClass = new (config: unknown, environment: { global?: typeof globalThis | null }, resolver: unknown, transformer: object, ...rest: unknown[]) => object;

const patched = new WeakSet<object>();
/**
 * Transformers whose output runs in a test context that holds this process's
 * runtime. Output for any other caller stays as it was: the instrumented code
 * would not find the runtime there.
 */
const contextReady = new WeakSet<object>();

export function hookJestWhenLoaded(module: { exports?: unknown }, filename: string, shouldInstrument: (file: string) => boolean): void {
  if (!JEST_RUNTIME_ENTRY.test(filename)) return;
  const exports = module.exports as { default?: unknown } | undefined;
  const Runtime = exports?.default;
  const descriptor = exports ? Object.getOwnPropertyDescriptor(exports, 'default') : undefined;
  if (typeof Runtime !== 'function' || !descriptor?.writable) {
    runsUninstrumented('jest-runtime', `this jest-runtime (${filename}) exports no Runtime class tsprof can hook; its tests run uninstrumented`);
    return;
  }
  if (patched.has(Runtime)) return;
  const prepare = (environment: { global?: typeof globalThis | null } | undefined, transformer: object | undefined): void => {
    const context = environment?.global;
    if (!transformer || !context) return;
    try {
      shareRuntimeWith(context);
      contextReady.add(transformer);
    } catch (error) {
      contextReady.delete(transformer);
      runsUninstrumented('jest-context', `cannot reach jest's test context (${(error as Error).message}); its code runs uninstrumented`);
      return;
    }
    instrumentTransformerOutput(Object.getPrototypeOf(transformer) as ScriptTransformerPrototype, shouldInstrument);
  };
  // A subclass under the same name: jest-runner reads `.default` when it creates each Runtime.
  const Hooked = {
    [Runtime.name]: class extends (Runtime as RuntimeClass) {
      constructor(...args: ConstructorParameters<RuntimeClass>) {
        super(...args);
        prepare(args[1], args[3]);
      }
    },
  }[Runtime.name];
  patched.add(Hooked);
  exports!.default = Hooked;
}

/** The transformer's result with instrumented code and a source map from that code to the original source. */
function instrumentedResult(result: TransformResult, filename: string, options: TransformOptions): TransformResult {
  const code = instrumentForRunner(result.code, filename, options?.supportsStaticESM ? 'module' : 'commonjs');
  if (code === result.code) return result;
  const mapText = readInlineSourceMap(code);
  const mapPath = mapText === null ? null : sourceMapFile(mapText);
  return { ...result, code, sourceMapPath: mapPath ?? result.sourceMapPath };
}

function instrumentTransformerOutput(prototype: ScriptTransformerPrototype, shouldInstrument: (file: string) => boolean): void {
  if (patched.has(prototype) || typeof prototype.transform !== 'function') return;
  patched.add(prototype);
  // jest keeps each file's result object for the whole run: instrument it once.
  const instrumented = new WeakMap<TransformResult, TransformResult>();
  const withProbes = (transformer: unknown, result: TransformResult, filename: string, options: TransformOptions): TransformResult => {
    if (!contextReady.has(transformer as object) || !result || typeof result.code !== 'string' || !shouldInstrument(filename)) return result;
    let output = instrumented.get(result);
    if (!output) {
      output = instrumentedResult(result, filename, options);
      instrumented.set(result, output);
    }
    return output;
  };
  const transform = prototype.transform;
  const transformAsync = prototype.transformAsync;
  prototype.transform = {
    transform(this: unknown, ...args: Parameters<Transform>): TransformResult {
      return withProbes(this, Reflect.apply(transform, this, args) as TransformResult, args[0], args[1]);
    },
  }.transform;
  if (typeof transformAsync !== 'function') return;
  prototype.transformAsync = {
    async transformAsync(this: unknown, ...args: Parameters<TransformAsync>): Promise<TransformResult> {
      return withProbes(this, await (Reflect.apply(transformAsync, this, args) as Promise<TransformResult>), args[0], args[1]);
    },
  }.transformAsync;
}
