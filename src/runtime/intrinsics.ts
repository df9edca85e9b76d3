/**
 * Built-ins the probes use, captured once when the runtime loads. The profiled
 * program may later replace `performance.now`, `Map`, `Array.prototype.push`,
 * `Function.prototype.call` and so on; the probes must keep working and must not
 * call user code, so they only ever go through these captured references.
 */

const hrtime = process.hrtime;

function hrtimeMs(): number {
  const time = hrtime();
  return time[0] * 1e3 + time[1] / 1e6;
}

/**
 * hrtime's reading at the clock's 0: this thread's start as process.uptime()
 * counts it (Node keeps one for each thread, the main one and each worker),
 * from the narrowest of a few brackets (a thread descheduled during one widens
 * it). Not performance.now's 0: the first read of `performance` loads perf_hooks'
 * modules, some 1-1.5 ms in every profiled process and thread. The two zeros
 * differ by a constant: uptime's is 0.3-0.6 ms later on Node 20 and 22, some
 * 9 ms later on Node 24.
 */
const clockOrigin = ((): number => {
  const uptime = process.uptime;
  let origin = 0;
  let narrowest = Infinity;
  for (let attempt = 0; attempt < 5; attempt++) {
    const before = hrtimeMs();
    const now = uptime() * 1e3;
    const after = hrtimeMs();
    if (after - before < narrowest) {
      narrowest = after - before;
      origin = (before + after) / 2 - now;
    }
  }
  return origin;
})();

/**
 * Milliseconds since this thread started (process.uptime's 0), read through
 * process.hrtime: a fast API call on the same monotonic clock (uv_hrtime),
 * where performance.now is a slow C++ callback that boxes its result. In the
 * task-queue fixture this took the cost of the probes' clock reads from
 * about 15 % of the dispatch loop's CPU time to about 3 %.
 */
export const clock = (): number => hrtimeMs() - clockOrigin;

const dateNow = Date.now;
/**
 * When the clock read 0, in milliseconds since the epoch, to Date.now's
 * millisecond (the profile's `timeOriginMs`: when each process started).
 * Date.now as the runtime loaded: fake timers replace the global.
 */
export const clockOriginEpochMs = (): number => dateNow() - clock();
/** Not the global at call time: fake timers (jest, sinon) replace it. */
export const scheduleImmediate: (callback: () => void) => unknown = setImmediate;
export const reflectApply = Reflect.apply;
export const functionBind = Function.prototype.bind;
export const stringSlice = String.prototype.slice;
export const stringIndexOf = String.prototype.indexOf;
export const numberToFixed = Number.prototype.toFixed;
export const SymbolIterator: typeof Symbol.iterator = Symbol.iterator;
export const SymbolAsyncIterator: typeof Symbol.asyncIterator = Symbol.asyncIterator;
export const TypeErrorCtor = TypeError;
export const Float64ArrayCtor = Float64Array;
export const Int32ArrayCtor = Int32Array;
export const Uint8ArrayCtor = Uint8Array;
export const imul = Math.imul;
export const objectFreeze = Object.freeze;
export const objectDefineProperty = Object.defineProperty;
export const objectCreate = Object.create;
export const objectAssign = Object.assign;
export const objectGetOwnPropertyNames = Object.getOwnPropertyNames;
export const objectGetPrototypeOf = Object.getPrototypeOf;
export const arrayIsArray = Array.isArray;
export const hasOwnProperty = Object.prototype.hasOwnProperty;
export const promiseThen = Promise.prototype.then;
export const jsonStringify = JSON.stringify;
