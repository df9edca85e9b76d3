/**
 * Which thread this is, from node:worker_threads, without loading that module
 * in a main thread that has not loaded it: loading it took 3-4 ms of every
 * profiled process's start here (Node 20; its internal modules compiled), for
 * answers a main thread knows. Node's start of every other thread — a
 * program's workers, the module hooks thread — loads it before any preload
 * runs (test/runtime/thread.test.mjs checks that on each Node), so where it
 * is not loaded yet, this is the main thread. Read once, as the preload loads,
 * before any program code.
 */
type WorkerThreads = typeof import('node:worker_threads');

const loadList = (process as { moduleLoadList?: unknown }).moduleLoadList;
// Without Node's list of its loaded modules (not a documented API) the module is loaded to ask it.
const loadedByNode = !Array.isArray(loadList) || loadList.includes('NativeModule worker_threads');

let workerThreads: WorkerThreads | null = loadedByNode ? (require('node:worker_threads') as WorkerThreads) : null;

/** node:worker_threads itself, loaded now if it was not, for what only it has (a Worker, a port). */
export function workerThreadsModule(): WorkerThreads {
  workerThreads ??= require('node:worker_threads') as WorkerThreads;
  return workerThreads;
}

export const isMainThread: boolean = workerThreads === null ? true : workerThreads.isMainThread;
export const threadId: number = workerThreads === null ? 0 : workerThreads.threadId;
/** A worker's `workerData`; null in the main thread (and in the hooks thread Node starts). */
export const workerData: unknown = workerThreads === null ? null : workerThreads.workerData;
