/**
 * Built-ins the probes use, captured once when the runtime loads. The profiled
 * program may later replace `performance.now`, `Map`, `Array.prototype.push`,
 * `Function.prototype.call` and so on; the probes must keep working and must not
 * call user code, so they only ever go through these captured references.
 */

const boundNow: () => number = Function.prototype.bind.call(performance.now, performance) as () => number;

export const clock = boundNow;
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
