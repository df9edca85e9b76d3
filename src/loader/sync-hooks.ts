import Module from 'node:module';
import { pathToFileURL } from 'node:url';
import { instrumentLoadResult, type LoadHookOptions, type LoadResult } from './load-hook';
import { moduleHooksKind } from './module-hooks-kind';

/**
 * In-thread module hooks (module.registerHooks), preferred wherever Node has
 * them (module-hooks-kind.ts) over the off-thread module.register hooks: no hooks
 * thread to start, no second copy of the filter and transform in it, and the
 * hook sees what tsx's in-thread hooks (Node 22.22+/24.11+) hand on.
 *
 * Only ES modules are instrumented here. Node runs these hooks for require()
 * too, but CommonJS stays with Module.prototype._compile, which sees the final
 * source after every other loader (tsx, ts-node, pirates, @babel/register),
 * including those that transform at compile time, after the load hooks.
 */

type NextLoad = (url: string, context?: object) => LoadResult;
type SyncLoad = (url: string, context: object, nextLoad: NextLoad) => LoadResult;
type NextResolve = (specifier: string, context?: object) => unknown;
type SyncResolve = (specifier: string, context: { parentURL?: string }, nextResolve: NextResolve) => unknown;
type RegisterHooks = (hooks: { load?: SyncLoad; resolve?: SyncResolve }) => { deregister(): void };

const FORMATS = new Set(['module', 'module-typescript']);

/** Registers the in-thread load hook; false where tsprof uses the off-thread ones, so the caller registers those. */
export function registerInThreadHooks(shouldInstrument: (file: string) => boolean, runtimePath: string): boolean {
  if (moduleHooksKind() !== 'in-thread') return false;
  const registerHooks = (Module as unknown as { registerHooks: RegisterHooks }).registerHooks;
  const options: LoadHookOptions = { shouldInstrument, runtimeUrl: pathToFileURL(runtimePath).href, formats: FORMATS };
  const load: SyncLoad = (url, context, nextLoad) => instrumentLoadResult(url, nextLoad(url, context), options);
  let loadHook = registerHooks({ load });
  // Hooks registered later run first and hand their result on to ours. Loaders
  // preloaded after tsprof (`--import tsx`) would then transform what tsprof
  // already instrumented, or read the file again and drop the probes. So when
  // the entry point is resolved — every preload has registered its hooks by
  // then — the load hook moves to the front of the chain and, like _compile,
  // sees the final JavaScript, with the other loaders' source maps.
  let atFront = false;
  registerHooks({
    resolve(specifier, context, nextResolve) {
      if (!atFront && context.parentURL === undefined) {
        atFront = true;
        loadHook.deregister();
        loadHook = registerHooks({ load });
      }
      return nextResolve(specifier, context);
    },
  });
  return true;
}
