import Module from 'node:module';
import { pathToFileURL } from 'node:url';
import { instrumentLoadResult, type LoadHookOptions, type LoadResult } from './load-hook';

/**
 * In-thread module hooks (module.registerHooks), preferred where they can be
 * (see moduleHooksKind) over the off-thread module.register hooks: no hooks
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

/** `in-thread` or `off-thread` overrides the choice below (for comparison, or a loader that disagrees). */
export const MODULE_HOOKS_VARIABLE = 'TSPROF_MODULE_HOOKS';

const FORMATS = new Set(['module', 'module-typescript']);

export type ModuleHooksKind = 'in-thread' | 'off-thread';

/**
 * In-thread hooks wherever Node has them (22.15+, 23.5+, 24). They work beside
 * a program's own off-thread ones (module.register, as import-in-the-middle,
 * ts-node/esm or older tsx use) as long as none is registered in the hooks
 * thread that Node starts for those, which runs the process's preloads too:
 * preload.ts does nothing there (before Node 24.12 and 25.2, in-thread hooks
 * in that thread make its every resolve throw, and so every import).
 */
export function moduleHooksKind(
  environment: NodeJS.ProcessEnv = process.env,
  hasRegisterHooks: boolean = typeof (Module as unknown as { registerHooks?: unknown }).registerHooks === 'function',
): ModuleHooksKind {
  if (!hasRegisterHooks) return 'off-thread';
  const chosen = environment[MODULE_HOOKS_VARIABLE];
  return chosen === 'off-thread' ? 'off-thread' : 'in-thread';
}

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
