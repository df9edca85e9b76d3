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
 * hrtime's reading at performance.now's 0, from the narrowest of a few
 * brackets (a thread descheduled during one widens it); the first
 * performance.now may load its module, so it is not one of them.
 */
const performanceNowOffset = ((): number => {
  performance.now();
  let offset = 0;
  let narrowest = Infinity;
  for (let attempt = 0; attempt < 5; attempt++) {
    const before = hrtimeMs();
    const now = performance.now();
    const after = hrtimeMs();
    if (after - before < narrowest) {
      narrowest = after - before;
      offset = (before + after) / 2 - now;
    }
  }
  return offset;
})();

/**
 * performance.now's milliseconds, read through process.hrtime: the same
 * monotonic clock (uv_hrtime), but Node's hrtime is a fast API call where
 * performance.now is a slow C++ callback that boxes its result. In the
 * task-queue fixture this took the cost of the probes' clock reads from
 * about 15 % of the dispatch loop's CPU time to about 3 %.
 */
export const clock = (): number => hrtimeMs() - performanceNowOffset;
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
