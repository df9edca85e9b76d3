import { RUNTIME_GLOBAL_KEY } from '../probe-contract';
import { installOriginalFunctionSource } from './function-source';
import { createProbes, type Probes } from './probes';
import { Recorder } from './recorder';
import { SamplingRecorder } from './sampling';

/**
 * The per-thread runtime behind `handle.ts`. One recorder
 * per thread, shared through a global symbol so that two copies of tsprof in
 * one program still record into the same tables.
 */
export interface Runtime extends Probes {
  readonly recorder: Recorder;
}

const RUNTIME_KEY = Symbol.for(RUNTIME_GLOBAL_KEY);

/**
 * This thread's runtime, made on the first call. `sampleHot` (`--sample-hot`'s
 * stride, from 2) chooses the recorder that samples hot calls (sampling.ts): the
 * preload makes the runtime once it has read its options, before any
 * instrumented code runs; later calls get the same runtime whatever they ask.
 */
export function obtainRuntime({ sampleHot }: { sampleHot?: number } = {}): Runtime {
  const holder = globalThis as unknown as Record<symbol, Runtime | undefined>;
  const existing = holder[RUNTIME_KEY];
  if (existing) return existing;
  installOriginalFunctionSource();
  const recorder = sampleHot !== undefined && sampleHot > 1 ? new SamplingRecorder(sampleHot) : new Recorder();
  const runtime: Runtime = Object.freeze({ ...createProbes(recorder), recorder });
  Object.defineProperty(globalThis, RUNTIME_KEY, { value: runtime, enumerable: false, configurable: false, writable: false });
  return runtime;
}

/**
 * Makes this thread's runtime reachable from another global object: a test
 * runner's vm context, whose code is instrumented to read it from its own
 * global (runtimeLoad `global`) and must record into this thread's tables.
 */
export function shareRuntimeWith(target: typeof globalThis): void {
  if (Object.prototype.hasOwnProperty.call(target, RUNTIME_KEY)) return;
  Object.defineProperty(target, RUNTIME_KEY, { value: obtainRuntime(), enumerable: false, configurable: false, writable: false });
  const contextFunction = target.Function;
  if (typeof contextFunction === 'function' && contextFunction !== Function) installOriginalFunctionSource(contextFunction.prototype);
}
