import { readInlineSourceMap } from '../../instrument/inline-source-map';
import { instrumentForRunner } from './runner-transform';
import { esmEntry, firstLine, runtimeSharedWith, writePartAfterRun, type VitestWorker } from './vitest-worker';
import { runsUninstrumented } from './uninstrumented';
import { importModule } from '../dynamic-import';

/**
 * vitest 2 and 3 run test code in pool workers (`forks`: child processes,
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
 * The worker imports the vite-node client that vitest itself uses (one module
 * instance per URL) before vitest asks the server for any test code.
 */

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

export function hookViteNode({ directory, shouldInstrument, writeProfilePart }: VitestWorker): void {
  const client = esmEntry(directory, 'vite-node', 'client');
  if (!client) {
    runsUninstrumented('vitest', `cannot find the vite-node client of ${directory}; vitest's tests run uninstrumented`);
    return;
  }
  importModule(client).then(
    (module: { ViteNodeRunner?: { prototype?: ViteNodeRunnerPrototype } }) => hookViteNodeRunner(module.ViteNodeRunner?.prototype, shouldInstrument, writeProfilePart),
    (error: Error) => runsUninstrumented('vitest', `cannot load vite-node's client (${firstLine(error)}); vitest's tests run uninstrumented`),
  );
  const executor = esmEntry(directory, 'vitest', 'execute');
  if (!executor) return;
  importModule(executor).then(
    (module: { VitestExecutor?: { prototype?: ViteNodeRunnerPrototype } }) => hookVmExecutor(module.VitestExecutor?.prototype, shouldInstrument, writeProfilePart),
    (error: Error) => runsUninstrumented('vitest-vm', `cannot load vitest's executor (${firstLine(error)}); tests in vitest's vm pools run uninstrumented`),
  );
}

function hookViteNodeRunner(prototype: ViteNodeRunnerPrototype | undefined, shouldInstrument: (file: string) => boolean, writeProfilePart: () => void): void {
  if (!prototype || typeof prototype.runModule !== 'function') {
    runsUninstrumented('vitest', "this vite-node has no ViteNodeRunner.runModule; vitest's tests run uninstrumented");
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
      writePartAfterRun(module?.VitestTestRunner, writeProfilePart);
      return module;
    },
  }.importExternalModule;
}
