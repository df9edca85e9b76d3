import Module from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isMainThread, workerData } from 'node:worker_threads';
import { obtainRuntime } from '../runtime/runtime';
import { startSession } from '../runtime/session';
import { installCommonJsHook } from './cjs-hook';
import { HOOKS_THREAD_VARIABLE, readConfig, type LoaderConfig } from './config';
import { createFileFilter } from './filter';
import { removePreloadFromNodeOptions } from './node-options';
import { loadTransformFirstIfIncluded } from './own-dependencies';
import { hookTestRunners } from './runners';

/**
 * Loaded into every profiled Node process and thread with `--require` (from
 * NODE_OPTIONS): starts the recorder, hooks CommonJS and ES module loading,
 * and arranges for the profile part to be written however the process ends.
 */

const RUNTIME_PATH = join(__dirname, '..', 'runtime', 'handle.js');

function isHooksThread(): boolean {
  return !isMainThread && workerData === null && process.env[HOOKS_THREAD_VARIABLE] === '1';
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

function start(): void {
  const config = readConfig(process.env);
  if (!config || isHooksThread()) return;
  if (!config.children && isMainThread) removePreloadFromNodeOptions(process.env);
  const runtime = obtainRuntime();
  const writeProfilePart = startSession(runtime.recorder, {
    partsDirectory: config.partsDirectory,
    command: config.command,
    startedAt: config.startedAt,
    flushIntervalMs: config.flushIntervalMs,
  });
  const shouldInstrument = createFileFilter(config.include, config.exclude);
  loadTransformFirstIfIncluded(shouldInstrument, config.include);
  installCommonJsHook(shouldInstrument, RUNTIME_PATH, hookTestRunners(shouldInstrument, writeProfilePart));
  registerModuleHooks(config);
  process.setSourceMapsEnabled(true);
}

start();
