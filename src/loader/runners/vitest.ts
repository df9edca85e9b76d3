import { readFileSync, realpathSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { isMainThread } from '../../runtime/thread';
import { sayOnce } from '../../messages';
import { hookModuleRunner } from './module-runner';
import { runsUninstrumented } from './uninstrumented';
import { hookViteNode } from './vite-node';
import type { VitestWorker } from './vitest-worker';

/**
 * vitest runs test code in pool workers with a module system of its own,
 * which Node's module hooks never see. The vitest process, recognised by its
 * bin (or told by hand through TSPROF_VITEST_PACKAGE), tells its workers
 * where vitest is installed; each worker then hooks the code that evaluates
 * test modules in that vitest: vite-node's runner in vitest 2 and 3
 * (vite-node.ts), Vite's module runner in vitest 4 (module-runner.ts).
 */

/** Set by hand for a vitest started from a script (its Node API): where that vitest is installed. */
const MANUAL_VARIABLE = 'TSPROF_VITEST_PACKAGE';
/** Set by tsprof in vitest's process for its pool workers. */
const WORKER_VARIABLE = 'TSPROF_VITEST_WORKER';
const VITEST_BIN = `${sep}vitest${sep}vitest.mjs`;

/** The hooks for each major version of vitest that tsprof knows; the last one is tried on newer ones. */
const HOOKS_BY_MAJOR: ReadonlyMap<number, (worker: VitestWorker) => void> = new Map([
  [2, hookViteNode],
  [3, hookViteNode],
  [4, hookModuleRunner],
]);
export const SUPPORTED_VITEST_MAJORS = [...HOOKS_BY_MAJOR.keys()];

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

function majorVersionOf(directory: string): number | null {
  try {
    const version = (JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) as { version?: unknown }).version;
    const major = typeof version === 'string' ? Number.parseInt(version, 10) : NaN;
    return Number.isInteger(major) ? major : null;
  } catch {
    return null;
  }
}

/** The hooks for a vitest major: its own, or for a newer one than tsprof knows, the newest with one line saying so. */
export function vitestHooksFor(major: number | null, say: (message: string) => void): ((worker: VitestWorker) => void) | null {
  const known = major === null ? undefined : HOOKS_BY_MAJOR.get(major);
  if (known) return known;
  const supported = SUPPORTED_VITEST_MAJORS.join(', ');
  const newest = Math.max(...SUPPORTED_VITEST_MAJORS);
  if (major !== null && major > newest) {
    say(`vitest ${major} is newer than tsprof knows (it supports vitest ${supported}); trying vitest ${newest}'s hooks`);
    return HOOKS_BY_MAJOR.get(newest)!;
  }
  say(`vitest ${major ?? '(unknown version)'} is not supported (tsprof supports vitest ${supported}); its tests run uninstrumented`);
  return null;
}

/** In vitest's process: tells the workers where vitest is. In a worker: hooks that vitest. */
export function hookVitest(shouldInstrument: (file: string) => boolean, writeProfilePart: () => void): void {
  const vitestDirectory = vitestPackageOfThisProcess();
  if (vitestDirectory !== null) {
    process.env[WORKER_VARIABLE] = vitestDirectory;
    return;
  }
  const directory = process.env[WORKER_VARIABLE];
  if (!directory) return;
  // Only this worker needs it; processes the tests start are not vitest workers.
  delete process.env[WORKER_VARIABLE];
  let said = '';
  const hooks = vitestHooksFor(majorVersionOf(directory), (message) => (said = message));
  if (hooks === null) {
    runsUninstrumented('vitest-version', said);
    return;
  }
  if (said !== '') sayOnce('vitest-version', said);
  hooks({ directory, shouldInstrument, writeProfilePart });
}
