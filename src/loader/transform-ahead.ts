import { extname, join } from 'node:path';
import type { MessagePort } from 'node:worker_threads';
import { workerThreadsModule } from '../runtime/thread';
import { sameTexts, type CachedTransform } from './cache';
import { relativeSpecifiers, resolveRelative } from './static-imports';
import { JOB, transformKeyParts, type AheadInputs, type AheadJob, type AheadResult } from './transform-ahead-protocol';

/**
 * Transforming ahead on the second core. A process that loads many included
 * files the cache misses spends most of its start in the transform, one file
 * at a time: `require` is synchronous. On the first miss, one worker thread
 * starts (unref'd, so it never keeps the program alive, with no preload and
 * no environment, its output never reaching the program's); from then on each
 * missed file's static relative imports that are included files go to it, and
 * the files those import in turn, when its results come back. When the
 * program loads one of them, its result is taken if ready, waited for if the
 * worker is on it right now, and otherwise the file is transformed here as
 * before and the worker skips it. A result counts only for the very source,
 * file, format and runtime it was made for (the cache key, and the source the
 * worker read compared with the one loaded here), so what runs is
 * byte for byte what the transform here would make. Anything wrong with the
 * worker — it fails to start, throws, hangs — and the rest is done here.
 */

type WorkerThreads = ReturnType<typeof workerThreadsModule>;
/** Taken when the preload runs, before the program can replace any of them; only where the worker may start (transformAheadFor). */
let threads: Pick<WorkerThreads, 'MessageChannel' | 'Worker' | 'receiveMessageOnPort'> | null = null;
const { compareExchange, load, wait } = Atomics;
const SharedBuffer = SharedArrayBuffer;
const processObject = process;

/** Long enough for any one file on a busy machine; a worker slower than this is taken for stuck. */
const LONGEST_WAIT_MS = 10_000;
const MAX_JOBS = 8192;
const JAVASCRIPT = /\.[cm]?js$/;
/** The slot of a file known to be transformed here, never sent: slot 0 is no job's. */
const NOT_SENT = 0;

export const TRANSFORM_WORKER_VARIABLE = 'TSPROF_TRANSFORM_WORKER';
const WORKER_ENTRY = join(__dirname, 'transform-worker.bundle.js');

/** Loads the worker's bundle without Node's module loader (private-module.ts's reasons); the thread has no preload and no hooks. */
const BOOTSTRAP = `const { workerData } = require('node:worker_threads');
const { compileFunction } = require('node:vm');
const { readFileSync } = require('node:fs');
const { dirname } = require('node:path');
const file = workerData.entry;
const module = { exports: {} };
compileFunction(readFileSync(file, 'utf8'), ['exports', 'require', 'module', '__filename', '__dirname'], { filename: file })
  .call(module.exports, module.exports, require, module, file, dirname(file));`;

interface Ahead {
  port: MessagePort;
  states: Int32Array;
  posted: Map<string, number>;
  ready: Map<string, CachedTransform & { source: string; parts: string[] }>;
  taken: number;
}

let shouldInstrument: ((file: string) => boolean) | null = null;
let workerEntry = WORKER_ENTRY;
let ahead: Ahead | null = null;
let broken = false;

/**
 * The preload calls this in a program's main thread; the worker starts only
 * with TSPROF_TRANSFORM_WORKER=1. On two cores it does not pay: V8's own
 * helper threads (concurrent GC and compilation) already use some 1.8 s of
 * CPU beside the main thread's 2.4 s in bench/parallel-transform.js, and the
 * worker, though it takes the main thread's CPU down by a fifth, adds more
 * than that to the other core (docs/limits.md). (`entry` is for tests.)
 */
export function transformAheadFor(filter: (file: string) => boolean, environment: NodeJS.ProcessEnv = process.env, entry = WORKER_ENTRY): void {
  if (environment[TRANSFORM_WORKER_VARIABLE] !== '1') return;
  const { MessageChannel, Worker, receiveMessageOnPort } = workerThreadsModule();
  threads = { MessageChannel, Worker, receiveMessageOnPort };
  shouldInstrument = filter;
  workerEntry = entry;
}

/** How far the worker got: jobs sent, jobs it finished (with a result or not), results used. Null without a worker. */
export function aheadProgress(): { posted: number; done: number; taken: number } | null {
  const state = ahead;
  if (!state) return null;
  const sent = [...state.posted.values()].filter((index) => index !== NOT_SENT);
  const done = sent.filter((index) => load(state.states, index) === JOB.done).length;
  return { posted: sent.length, done, taken: state.taken };
}

function giveUp(): void {
  broken = true;
  ahead = null;
}

function startWorker(): Ahead | null {
  if (ahead || broken || !shouldInstrument || !threads) return ahead;
  const { MessageChannel, Worker } = threads;
  // A program listening for process 'worker' would be told of this one: it stays in-thread.
  if (processObject.listenerCount('worker') > 0) {
    giveUp();
    return null;
  }
  try {
    const channel = new MessageChannel();
    const states = new Int32Array(new SharedBuffer(4 * MAX_JOBS));
    const worker = new Worker(BOOTSTRAP, {
      eval: true,
      env: {},
      execArgv: [],
      stdout: true,
      stderr: true,
      workerData: { entry: workerEntry, port: channel.port2, states },
      transferList: [channel.port2],
    });
    worker.unref();
    worker.on('error', giveUp);
    worker.on('exit', giveUp);
    channel.port1.unref();
    ahead = { port: channel.port1, states, posted: new Map(), ready: new Map(), taken: 0 };
  } catch {
    giveUp();
  }
  return ahead;
}

function post(state: Ahead, fromFile: string, specifiers: string[], inputs: AheadInputs): void {
  for (const specifier of specifiers) {
    const filename = resolveRelative(fromFile, specifier);
    // TypeScript is stripped before it is transformed; another extension may load in another format.
    if (filename === null || !JAVASCRIPT.test(filename) || extname(filename) !== extname(fromFile)) continue;
    if (state.posted.has(filename) || !shouldInstrument!(filename)) continue;
    if (state.posted.size + 1 >= MAX_JOBS) return;
    const index = state.posted.size + 1;
    state.posted.set(filename, index);
    state.port.postMessage({ ...inputs, index, filename } satisfies AheadJob);
  }
}

/** Takes every result the worker has sent, and sends it what those files import. */
function drain(state: Ahead): void {
  const receiveMessageOnPort = threads!.receiveMessageOnPort;
  for (let message = receiveMessageOnPort(state.port); message; message = receiveMessageOnPort(state.port)) {
    const result = message.message as AheadResult;
    state.ready.set(result.key, { code: result.code, warnings: result.warnings, source: result.source, parts: transformKeyParts(result.filename, result.inputs) });
    post(state, result.filename, result.specifiers, result.inputs);
  }
}

/**
 * Called on a cache miss of `filename`, before it is transformed here:
 * the worker's result for this very key, or null to transform it here. The
 * files this one imports go to the worker first.
 */
export function takeTransformedAhead(key: string, source: string, job: Omit<AheadJob, 'index'>): CachedTransform | null {
  const state = startWorker();
  if (!state) return null;
  drain(state);
  const { filename, ...inputs } = job;
  post(state, filename, relativeSpecifiers(source), inputs);
  const index = state.posted.get(filename);
  if (index === undefined) state.posted.set(filename, NOT_SENT); // transformed here: never worth sending later
  if (index === undefined || index === NOT_SENT) return null;
  // Still queued, it is taken here; the worker skips it.
  const previous = compareExchange(state.states, index, JOB.queued, JOB.takenHere);
  if (previous === JOB.queued) return null;
  if (previous === JOB.working && wait(state.states, index, JOB.working, LONGEST_WAIT_MS) === 'timed-out') {
    giveUp();
    return null;
  }
  drain(state);
  const ready = state.ready.get(key);
  if (!ready) return null;
  state.ready.delete(key);
  // The key is a hash (hash.ts): what counts is that the worker read the very source loaded here, for this file and inputs.
  if (ready.source !== source || !sameTexts(ready.parts, transformKeyParts(filename, inputs))) return null;
  state.taken++;
  return { code: ready.code, warnings: ready.warnings };
}
