import Module from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { obtainRuntime, type Runtime } from '../runtime/runtime';
import { startSession, type SessionOptions } from '../runtime/session';
import { isMainThread, workerData } from '../runtime/thread';
import { installCommonJsHook } from './cjs-hook';
import { HOOKS_THREAD_VARIABLE, readConfig, timeWaitedForConfig, type LoaderConfig } from './config';
import { createFileFilter } from './filter';
import { chargeInstrumentingToItsOwnNode } from './instrumenting-time';
import { installFlows } from '../runtime/flows/install';
import { removePreloadFromNodeOptions } from './node-options';
import { hookTestRunners } from './runners';
import { keepUninstrumentedNotesIn } from './runners/uninstrumented';
import { isNodesHooksThread } from './module-hooks-kind';
import { useSourceMaps } from './source-maps';
import { registerInThreadHooks } from './sync-hooks';
import { transformAheadFor } from './transform-ahead';

/**
 * Loaded into every profiled Node process and thread with `--require` (from
 * NODE_OPTIONS, ahead of the program's own preloads): starts the recorder,
 * hooks CommonJS and ES module loading, and arranges for the profile part to
 * be written however the process ends.
 *
 * Every module of tsprof that a profiled process runs is loaded here, before
 * any program code can install a require hook — including the runtime that
 * instrumented code requires and what the ES module hooks import — except the
 * transform, which is loaded later and privately (private-module.ts).
 */

const RUNTIME_PATH = join(__dirname, '..', 'runtime', 'handle.js');

/**
 * Bundled (preload.bundle.js, scripts/bundle.js), this file carries the
 * runtime inside it, and the instrumented code's `require` of handle.js would
 * load the runtime's files again only to find the same runtime (runtime.ts
 * keeps one per thread): handle.js's entry in the module cache is that
 * runtime already. Loaded as files, it is there already.
 */
function provideRuntimeModule(runtime: Runtime): void {
  const modules = Module as unknown as { _cache: Record<string, unknown>; _nodeModulePaths: (directory: string) => string[]; new (id: string): { filename: string; paths: string[]; exports: unknown; loaded: boolean } };
  if (modules._cache[RUNTIME_PATH]) return;
  const handle = new modules(RUNTIME_PATH);
  handle.filename = RUNTIME_PATH;
  handle.paths = modules._nodeModulePaths(dirname(RUNTIME_PATH));
  handle.exports = runtime;
  handle.loaded = true;
  modules._cache[RUNTIME_PATH] = handle;
}

function isHooksThread(): boolean {
  return !isMainThread && workerData === null && process.env[HOOKS_THREAD_VARIABLE] === '1';
}

/**
 * The off-thread hooks (esm-hooks.mjs) import their modules as files; in the
 * hooks thread they are loaded here, first, before any require hook the
 * program preloads after tsprof could compile them. (Bundled, this file holds
 * copies of them that esm-hooks.mjs does not import.)
 */
function loadModuleHookFiles(): void {
  for (const file of ['filter.js', 'load-hook.js']) require(join(__dirname, file));
}

function registerModuleHooks(config: LoaderConfig): void {
  const register = (Module as unknown as { register?: (specifier: string, options: object) => void }).register;
  if (!register) return;
  process.env[HOOKS_THREAD_VARIABLE] = '1';
  try {
    register(pathToFileURL(join(__dirname, 'esm-hooks.mjs')).href, {
      data: { include: config.include, exclude: config.exclude, runtimeUrl: pathToFileURL(RUNTIME_PATH).href },
    });
  } finally {
    delete process.env[HOOKS_THREAD_VARIABLE];
  }
}

/**
 * The off-thread module hooks start a thread in every process: worth it only
 * when an included file may load as an ES module, or when this process runs
 * other module loaders (`--import tsx`, `--loader …`), whose hooks may hand
 * Node CommonJS source that then never reaches _compile.
 */
function needsModuleHooks(config: LoaderConfig): boolean {
  if (config.esModules !== false) return true;
  const options = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].join(' ');
  return /--(?:import|loader|experimental-loader|experimental-default-type)\b/.test(options);
}

/**
 * Starts recording in this process or thread, once: the preload bundle's start file
 * (preload-start.ts) calls it, and so does tsprof/register, whose bundle holds the
 * preload too, so that the one-process way loads one bundle, not two. Where both
 * run (`tsprof run -- node --require tsprof/register`), or two copies of tsprof do,
 * the thread's one recorder (runtime.ts) says the second call is too late.
 */
export function startPreload({ keepFinalPart }: Pick<SessionOptions, 'keepFinalPart'> = {}): void {
  const config = readConfig(process.env);
  if (!config) return;
  if (isHooksThread()) {
    loadModuleHookFiles();
    return;
  }
  if (isNodesHooksThread()) return;
  const runtime = obtainRuntime({ sampleHot: config.sampleHot });
  if (runtime.recorder.preloaded) return;
  runtime.recorder.preloaded = true;
  provideRuntimeModule(runtime);
  if (!config.children && isMainThread) removePreloadFromNodeOptions(process.env);
  const writeProfilePart = startSession(runtime.recorder, {
    partsDirectory: config.partsDirectory,
    command: config.command,
    startedAt: config.startedAt,
    flushIntervalMs: config.flushIntervalMs,
    maxContexts: config.maxContexts,
    asyncParents: config.asyncParents,
    waitedMs: timeWaitedForConfig(),
    ...(keepFinalPart && isMainThread ? { keepFinalPart } : {}),
  });
  keepUninstrumentedNotesIn(config.partsDirectory);
  const shouldInstrument = createFileFilter(config.include, config.exclude);
  chargeInstrumentingToItsOwnNode(runtime);
  if (isMainThread) transformAheadFor(shouldInstrument);
  const runners = hookTestRunners(shouldInstrument, writeProfilePart);
  const flows = config.flows === true ? installFlows(runtime.recorder) : null;
  const onCompiled = flows === null ? runners : (module: unknown, filename: unknown) => {
    runners(module, filename);
    flows(module, filename);
  };
  installCommonJsHook(shouldInstrument, RUNTIME_PATH, (file) => runtime.recorder.files.includes(file), onCompiled);
  if (!registerInThreadHooks(shouldInstrument, RUNTIME_PATH) && needsModuleHooks(config)) {
    registerModuleHooks(config);
    // The hooks thread instruments ES modules that this thread compiles, and cannot say when: on from here.
    useSourceMaps();
  }
}

/** The `import()` of the file that loaded this bundle (dynamic-import.ts). */
export { provideImport } from './dynamic-import';
