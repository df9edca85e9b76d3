import Module from 'node:module';
import { isMainThread, workerThreadsModule } from '../runtime/thread';

/**
 * Which module hooks a process registers for ES modules: in-thread
 * (`module.registerHooks`, Node 22.15+ and 24; sync-hooks.ts) wherever Node
 * has them, off-thread (`module.register`, a hooks thread; esm-hooks.mjs)
 * elsewhere. They work beside a program's own off-thread ones as long as none
 * is registered in the hooks thread Node starts for those, which runs the
 * process's preloads too: preload.ts does nothing there (before Node 24.12 and
 * 25.2, in-thread hooks in that thread make its every resolve throw, and so
 * every import). The choice is here alone because the CLI and
 * tsprof/register ask it too: where it is in-thread, nobody needs to know
 * beforehand whether an included file may be an ES module (es-module-scan.ts).
 */

/** `off-thread` overrides the choice where Node has both kinds (for comparison, or a loader that disagrees); `in-thread` is the default. */
export const MODULE_HOOKS_VARIABLE = 'TSPROF_MODULE_HOOKS';

export type ModuleHooksKind = 'in-thread' | 'off-thread';

export function moduleHooksKind(
  environment: NodeJS.ProcessEnv = process.env,
  hasRegisterHooks: boolean = typeof (Module as unknown as { registerHooks?: unknown }).registerHooks === 'function',
): ModuleHooksKind {
  if (!hasRegisterHooks) return 'off-thread';
  return environment[MODULE_HOOKS_VARIABLE] === 'off-thread' ? 'off-thread' : 'in-thread';
}

/**
 * A thread Node starts for itself: the hooks thread of a program's own
 * `module.register` hooks (or `--loader`), which runs the process's preloads
 * too. Nothing of the program runs there, so neither does tsprof (preload.ts,
 * register.ts): no session, no configuration of its own, and no in-thread
 * hooks, which there make every resolve throw before Node 24.12 (`resolveSync()
 * method is not implemented`), and with it every import of the program. Node
 * 22.14+ and 23.7+ say so (`isInternalThread`); Node 20 runs preloads there as
 * well but cannot say, and registers no in-thread hooks.
 */
export function isNodesHooksThread(): boolean {
  return !isMainThread && (workerThreadsModule() as { isInternalThread?: boolean }).isInternalThread === true;
}
