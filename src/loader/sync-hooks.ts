import Module from 'node:module';
import { pathToFileURL } from 'node:url';
import { instrumentLoadResult, type LoadHookOptions, type LoadResult } from './load-hook';

/**
 * In-thread module hooks (module.registerHooks, Node 22.15+/23.5+), preferred
 * where they exist over the off-thread module.register hooks: no hooks thread
 * to start, no second copy of the filter and transform in it, and the hooks see
 * what tsx's in-thread hooks (Node 22.22+/24.11+) hand on.
 *
 * Only ES modules are instrumented here. Node runs these hooks for require()
 * too, but CommonJS stays with Module.prototype._compile, which sees the final
 * source after every other loader (tsx, ts-node, pirates, @babel/register),
 * including those that transform at compile time, after the load hooks.
 */

type NextLoad = (url: string, context?: object) => LoadResult;
type SyncLoad = (url: string, context: object, nextLoad: NextLoad) => LoadResult;
type RegisterHooks = (hooks: { load?: SyncLoad }) => { deregister(): void };

/** Set to `off-thread` to use module.register even where module.registerHooks exists. */
export const MODULE_HOOKS_VARIABLE = 'TSPROF_MODULE_HOOKS';

const FORMATS = new Set(['module', 'module-typescript']);

export function inThreadHooksAvailable(environment: NodeJS.ProcessEnv = process.env): boolean {
  const registerHooks = (Module as unknown as { registerHooks?: RegisterHooks }).registerHooks;
  return typeof registerHooks === 'function' && environment[MODULE_HOOKS_VARIABLE] !== 'off-thread';
}

/** Registers the in-thread load hook; false where this Node has none (or it was turned off), so the caller falls back. */
export function registerInThreadHooks(shouldInstrument: (file: string) => boolean, runtimePath: string): boolean {
  if (!inThreadHooksAvailable()) return false;
  const registerHooks = (Module as unknown as { registerHooks: RegisterHooks }).registerHooks;
  const options: LoadHookOptions = { shouldInstrument, runtimeUrl: pathToFileURL(runtimePath).href, formats: FORMATS };
  registerHooks({
    load(url, context, nextLoad) {
      return instrumentLoadResult(url, nextLoad(url, context), options);
    },
  });
  return true;
}
