import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runInContext } from 'node:vm';
import { isMainThread } from 'node:worker_threads';
import { readInlineSourceMap } from '../../instrument/inline-source-map';
import { shareRuntimeWith } from '../../runtime/runtime';
import { sayOnce } from '../../messages';
import { instrumentForRunner } from './runner-transform';

/**
 * vitest (2) runs test code in pool workers (`forks`: child processes,
 * `threads`: worker threads) through vite-node's ViteNodeRunner, which gets
 * each module already SSR-transformed (TypeScript compiled, imports rewritten,
 * an inline source map to the original) from the vite server and evaluates it
 * with vm.runInThisContext — never through Node's module loaders. tsprof
 * instruments that code in ViteNodeRunner.runModule, in the worker that runs
 * it, so vitest's and vite's caches never see instrumented code.
 *
 * The vm pools (`vmThreads`, `vmForks`) run each test file in a fresh vm
 * context through VitestExecutor, whose own runModule and
 * importExternalModule replace vite-node's there (no super call): tsprof
 * hooks those too, and gives each context this thread's runtime before code
 * instrumented to read it from its global runs in it.
 *
 * The vitest process, recognised by its bin (or told by hand through
 * TSPROF_VITEST_PACKAGE), tells its workers where vitest is installed; each worker imports the vite-node client that vitest itself
 * uses (one module instance per URL) before vitest asks the server for any
 * test code.
 */

/** Set by hand for a vitest started from a script (its Node API): where that vitest is installed. */
const MANUAL_VARIABLE = 'TSPROF_VITEST_PACKAGE';
/** Set by tsprof in vitest's process for its pool workers. */
const WORKER_VARIABLE = 'TSPROF_VITEST_WORKER';
const VITEST_BIN = `${sep}vitest${sep}vitest.mjs`;

interface RunnerContext {
  __filename?: unknown;
}

interface CachedModule {
  code?: unknown;
  map?: unknown;
}

interface ViteNodeRunner {
  /** A Map by normalized module id whose own `get` adds missing entries. */
  moduleCache?: Map<string, CachedModule> & { normalizePath?(file: string): string };
}

interface ViteNodeRunnerPrototype {
  runModule(this: ViteNodeRunner, context: RunnerContext, transformed: string): Promise<unknown>;
  importExternalModule?(this: unknown, ...args: unknown[]): Promise<unknown>;
}

/** vitest's executor: in the vm pools `options.context` is the test file's vm context. */
interface VitestExecutor extends ViteNodeRunner {
  options?: { context?: object };
}

interface TestRunnerPrototype {
  onAfterRunFiles?(this: unknown, ...args: unknown[]): unknown;
}

/**
 * The vitest package directory when this is the main thread of vitest's CLI
 * or of a process told by hand which vitest it starts, else null.
 */
function vitestPackageOfThisProcess(): string | null {
  // Worker threads (the `threads` pool) share the process's argv and environment but are workers.
  if (!isMainThread) return null;
  const byHand = process.env[MANUAL_VARIABLE];
  if (byHand) {
    delete process.env[MANUAL_VARIABLE];
    return resolve(byHand);
  }
  const script = process.argv[1];
  if (!script) return null;
  try {
    const real = realpathSync(script);
    return real.endsWith(VITEST_BIN) ? dirname(real) : null;
  } catch {
    return null;
  }
}

type ExportTarget = string | { [condition: string]: ExportTarget } | null | undefined;

function importTarget(target: ExportTarget): string | null {
  if (typeof target === 'string') return target;
  if (!target) return null;
  for (const condition of ['import', 'node', 'default']) {
    const found = importTarget(target[condition]);
    if (found) return found;
  }
  return null;
}

/** The file that `import 'name/subpath'` loads from `fromDirectory`: the ESM entry of the package's exports map. */
function esmEntry(fromDirectory: string, name: string, subpath: string): string | null {
  try {
    const anyEntry = createRequire(join(fromDirectory, 'package.json')).resolve(`${name}/${subpath}`);
    for (let directory = dirname(anyEntry); directory !== dirname(directory); directory = dirname(directory)) {
      const manifestFile = join(directory, 'package.json');
      if (!existsSync(manifestFile)) continue;
      const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { name?: string; exports?: Record<string, ExportTarget> };
      if (manifest.name !== name) continue;
      const entry = importTarget(manifest.exports?.[`./${subpath}`]);
      return entry ? pathToFileURL(join(directory, entry)).href : null;
    }
  } catch {
    // not installed beside this vitest
  }
  return null;
}

/**
 * In vitest's process: tells the workers where vitest is. In a worker: hooks
 * vite-node's runner, and writes this worker's part once its test files have
 * run, because the `threads` pool terminates its worker threads, which then
 * never see an 'exit' event.
 */
export function hookVitest(shouldInstrument: (file: string) => boolean, writeProfilePart: () => void): void {
  const vitestDirectory = vitestPackageOfThisProcess();
  if (vitestDirectory !== null) {
    process.env[WORKER_VARIABLE] = vitestDirectory;
    return;
  }
  const workerOf = process.env[WORKER_VARIABLE];
  if (!workerOf) return;
  // Only this worker needs it; processes the tests start are not vitest workers.
  delete process.env[WORKER_VARIABLE];
  const client = esmEntry(workerOf, 'vite-node', 'client');
  if (!client) {
    sayOnce('vitest', `cannot find the vite-node client of ${workerOf}; vitest's tests run uninstrumented`);
    return;
  }
  import(client).then(
    (module: { ViteNodeRunner?: { prototype?: ViteNodeRunnerPrototype } }) => hookViteNodeRunner(module.ViteNodeRunner?.prototype, shouldInstrument, writeProfilePart),
    (error: Error) => sayOnce('vitest', `cannot load vite-node's client (${firstLine(error)}); vitest's tests run uninstrumented`),
  );
  const executor = esmEntry(workerOf, 'vitest', 'execute');
  if (!executor) return;
  import(executor).then(
    (module: { VitestExecutor?: { prototype?: ViteNodeRunnerPrototype } }) => hookVmExecutor(module.VitestExecutor?.prototype, shouldInstrument, writeProfilePart),
    (error: Error) => sayOnce('vitest-vm', `cannot load vitest's executor (${firstLine(error)}); tests in vitest's vm pools run uninstrumented`),
  );
}

function firstLine(error: Error): string {
  return String(error?.message).split('\n')[0];
}

function hookViteNodeRunner(prototype: ViteNodeRunnerPrototype | undefined, shouldInstrument: (file: string) => boolean, writeProfilePart: () => void): void {
  if (!prototype || typeof prototype.runModule !== 'function') {
    sayOnce('vitest', "this vite-node has no ViteNodeRunner.runModule; vitest's tests run uninstrumented");
    return;
  }
  instrumentRunModule(prototype, shouldInstrument);
  writePartAfterRunOf(prototype, writeProfilePart);
}

/**
 * Wraps runModule so that included modules run instrumented. `vmContextOf`
 * gives the vm context the module will run in, when it is not this thread's
 * own: the runtime is shared with it first, or the module runs as it is.
 */
function instrumentRunModule(prototype: ViteNodeRunnerPrototype, shouldInstrument: (file: string) => boolean, vmContextOf?: (runner: ViteNodeRunner) => object | undefined): void {
  const runModule = prototype.runModule;
  prototype.runModule = {
    runModule(this: ViteNodeRunner, context: RunnerContext, transformed: string): Promise<unknown> {
      const file = context?.__filename;
      const vmContext = vmContextOf?.(this);
      if (vmContextOf && !vmContext) return Reflect.apply(runModule, this, [context, transformed]) as Promise<unknown>;
      if (typeof file === 'string' && typeof transformed === 'string' && shouldInstrument(file) && (!vmContext || runtimeSharedWith(vmContext))) {
        const code = instrumentForRunner(transformed, file, 'module');
        if (code !== transformed) {
          useMapOf(this, file, transformed, code);
          return Reflect.apply(runModule, this, [context, code]) as Promise<unknown>;
        }
      }
      return Reflect.apply(runModule, this, [context, transformed]) as Promise<unknown>;
    },
  }.runModule;
}

/** Gives a vm context this thread's runtime (through its own global object); false when it refuses. */
function runtimeSharedWith(vmContext: object): boolean {
  try {
    shareRuntimeWith(runInContext('globalThis', vmContext) as typeof globalThis);
    return true;
  } catch (error) {
    sayOnce('vitest-vm-context', `cannot reach a vitest vm context (${firstLine(error as Error)}); its code runs uninstrumented`);
    return false;
  }
}

/**
 * The vm pools: VitestExecutor's runModule evaluates in the test file's vm
 * context and its importExternalModule loads vitest's runner there; outside
 * the vm pools both hand over to vite-node's, hooked already.
 */
function hookVmExecutor(prototype: ViteNodeRunnerPrototype | undefined, shouldInstrument: (file: string) => boolean, writeProfilePart: () => void): void {
  if (!prototype || !Object.prototype.hasOwnProperty.call(prototype, 'runModule')) return;
  const vmContextOf = (runner: ViteNodeRunner): object | undefined => (runner as VitestExecutor).options?.context;
  instrumentRunModule(prototype, shouldInstrument, vmContextOf);
  if (Object.prototype.hasOwnProperty.call(prototype, 'importExternalModule')) writePartAfterRunOf(prototype, writeProfilePart);
}

/**
 * vitest maps stack traces with the source map of the code vite-node cached
 * for the module; the instrumented code has its own (same lines, columns
 * shifted where probes went in), so the cached module gets that one.
 */
function useMapOf(runner: ViteNodeRunner, file: string, transformed: string, code: string): void {
  const cache = runner.moduleCache;
  if (!(cache instanceof Map) || typeof cache.normalizePath !== 'function') return;
  const cached = Map.prototype.get.call(cache, cache.normalizePath(file)) as CachedModule | undefined;
  if (!cached || cached.code !== transformed) return;
  const mapText = readInlineSourceMap(code);
  if (mapText !== null) cached.map = JSON.parse(mapText);
}

/**
 * vitest loads its test runner (vitest/runners) through vite-node as an
 * external module; once it has, the runner's onAfterRunFiles also writes this
 * worker's part. Importing that module any earlier would fail: it needs the
 * worker's state.
 */
function writePartAfterRunOf(prototype: ViteNodeRunnerPrototype, writeProfilePart: () => void): void {
  const importExternalModule = prototype.importExternalModule;
  if (typeof importExternalModule !== 'function') return;
  prototype.importExternalModule = {
    async importExternalModule(this: unknown, ...args: unknown[]): Promise<unknown> {
      const module = await (Reflect.apply(importExternalModule, this, args) as Promise<{ VitestTestRunner?: unknown } | null>);
      const runner = module?.VitestTestRunner;
      // One runner class per thread, or one per test file's vm context in the vm pools.
      if (typeof runner === 'function' && !hookedRunners.has(runner)) {
        hookedRunners.add(runner);
        writePartAfterRun(runner.prototype as TestRunnerPrototype, writeProfilePart);
      }
      return module;
    },
  }.importExternalModule;
}

const hookedRunners = new WeakSet<object>();

function writePartAfterRun(prototype: TestRunnerPrototype | undefined, writeProfilePart: () => void): void {
  const onAfterRunFiles = prototype?.onAfterRunFiles;
  if (!prototype || typeof onAfterRunFiles !== 'function') return;
  prototype.onAfterRunFiles = {
    onAfterRunFiles(this: unknown, ...args: unknown[]): unknown {
      const result = Reflect.apply(onAfterRunFiles, this, args);
      writeProfilePart();
      return result;
    },
  }.onAfterRunFiles;
}
