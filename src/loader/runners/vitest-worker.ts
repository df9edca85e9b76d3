import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runInContext } from 'node:vm';
import { isMainThread, workerThreadsModule } from '../../runtime/thread';
import { shareRuntimeWith } from '../../runtime/runtime';
import { runsUninstrumented } from './uninstrumented';

/** What a vitest pool worker needs to hook whichever vitest started it. */
export interface VitestWorker {
  /** The vitest package directory. */
  directory: string;
  shouldInstrument: (file: string) => boolean;
  writeProfilePart: () => void;
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

/**
 * The URL that `import 'name/subpath'` loads from `fromDirectory`: the ESM
 * entry of the package's exports map, the same module instance the runner has.
 */
export function esmEntry(fromDirectory: string, name: string, subpath: string): string | null {
  try {
    const specifier = subpath === '.' ? name : `${name}/${subpath}`;
    const anyEntry = createRequire(join(fromDirectory, 'package.json')).resolve(specifier);
    for (let directory = dirname(anyEntry); directory !== dirname(directory); directory = dirname(directory)) {
      const manifestFile = join(directory, 'package.json');
      if (!existsSync(manifestFile)) continue;
      const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { name?: string; exports?: Record<string, ExportTarget> };
      if (manifest.name !== name) continue;
      const entry = importTarget(manifest.exports?.[subpath === '.' ? '.' : `./${subpath}`]);
      return entry ? pathToFileURL(join(directory, entry)).href : null;
    }
  } catch {
    // not installed beside this vitest
  }
  return null;
}

export function firstLine(error: Error): string {
  return String(error?.message).split('\n')[0];
}

/** Gives a vm context this thread's runtime (through its own global object); false when it refuses. */
export function runtimeSharedWith(vmContext: object): boolean {
  try {
    shareRuntimeWith(runInContext('globalThis', vmContext) as typeof globalThis);
    return true;
  } catch (error) {
    runsUninstrumented('vitest-vm-context', `cannot reach a vitest vm context (${firstLine(error as Error)}); its code runs uninstrumented`);
    return false;
  }
}

interface TestRunnerPrototype {
  onAfterRunFiles?(this: unknown, ...args: unknown[]): unknown;
}

const hookedRunners = new WeakSet<object>();

/**
 * Writes this worker's part once its test files have run: the `threads` pool
 * terminates its worker threads, which then never see an 'exit' event.
 * `runner` is vitest's test runner class; one per thread, or one per test
 * file's vm context in vitest 2's and 3's vm pools.
 */
export function writePartAfterRun(runner: unknown, writeProfilePart: () => void): void {
  if (typeof runner !== 'function' || hookedRunners.has(runner)) return;
  hookedRunners.add(runner);
  const prototype = runner.prototype as TestRunnerPrototype | undefined;
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

/** The reply a vitest 4 pool worker sends when the test files it was given have run (vitest's chunks/init.*.js). */
function isRunFinishedReply(message: unknown): boolean {
  if (typeof message !== 'object' || message === null) return false;
  const reply = message as { __vitest_worker_response__?: unknown; type?: unknown };
  return reply.__vitest_worker_response__ === true && reply.type === 'testfileFinished';
}

/**
 * Writes this worker's part just before it tells vitest 4 that its test files
 * have run, which is when vitest may end it: the pool then terminates a worker
 * thread (no 'exit' event follows) or sends a child process SIGTERM. Hooked on
 * the worker's channel to vitest (parentPort in a thread, process.send in a
 * fork), in the realm tsprof runs in: the vm pools load vitest's test runner
 * class anew inside each vm context, after vitest has taken its methods
 * (resolveTestRunner), so a hook on that class never runs there. Installed by
 * the preload, before vitest's worker keeps its own reference to the channel.
 */
export function writePartBeforeRunReplies(writeProfilePart: () => void): void {
  const channel = (isMainThread ? process : workerThreadsModule().parentPort) as unknown as Record<string, unknown> | null;
  const method = isMainThread ? 'send' : 'postMessage';
  const send = channel?.[method];
  if (!channel || typeof send !== 'function') return;
  channel[method] = {
    [method](this: unknown, ...args: unknown[]): unknown {
      if (isRunFinishedReply(args[0])) writeProfilePart();
      return Reflect.apply(send, this, args);
    },
  }[method];
}
