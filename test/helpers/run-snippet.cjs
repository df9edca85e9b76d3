'use strict';
// Runs one snippet in this fresh process and writes what it observably did to a JSON file:
//   node run-snippet.cjs <snippet file> <outcome file> [--coverage] [--counts]
// The snippet may patch any built-in, so everything used after it loads is captured first.
const { writeFileSync } = require('node:fs');
const { pathToFileURL } = require('node:url');

const call = Function.prototype.call;
const uncurry = (method) => call.bind(method);
const stringify = JSON.stringify;
const ownKeys = Reflect.ownKeys;
const getOwnPropertyDescriptor = Reflect.getOwnPropertyDescriptor;
const getPrototypeOf = Reflect.getPrototypeOf;
const isArray = Array.isArray;
const numberIsNaN = Number.isNaN;
const objectIs = Object.is;
const symbolToString = uncurry(Symbol.prototype.toString);
const bigintToString = uncurry(BigInt.prototype.toString);
const objectToString = uncurry(Object.prototype.toString);
const errorPrototype = Error.prototype;
const promisePrototype = Promise.prototype;
const processOn = uncurry(process.on);
const exitCodeOf = () => process.exitCode;
const RUNTIME_KEY = Symbol.for('tsprof.runtime.v1');

const [snippet, outcomeFile, ...flags] = process.argv.slice(2);
const withCoverage = flags.includes('--coverage');
const withCounts = flags.includes('--counts');

function isError(value) {
  for (let proto = getPrototypeOf(value); proto !== null; proto = getPrototypeOf(proto)) if (proto === errorPrototype) return true;
  return false;
}

function dataOf(descriptor) {
  return descriptor && 'value' in descriptor ? descriptor.value : undefined;
}

/** A JSON picture of a value that never runs the program's code (no getters, no toString). */
function describe(value, depth, seen) {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') {
    if (numberIsNaN(value) || value === Infinity || value === -Infinity || objectIs(value, -0)) return { number: `${value}${objectIs(value, -0) ? '-0' : ''}` };
    return value;
  }
  if (value === undefined) return { undefined: true };
  if (typeof value === 'bigint') return { bigint: bigintToString(value) };
  if (typeof value === 'symbol') return { symbol: symbolToString(value) };
  for (let index = 0; index < seen.length; index++) if (seen[index] === value) return { cycle: index };
  if (depth > 6) return { deep: true };
  const nextSeen = [...seen, value];
  if (isError(value)) {
    const constructor = dataOf(getOwnPropertyDescriptor(getPrototypeOf(value), 'constructor'));
    return { error: typeof constructor === 'function' ? dataOf(getOwnPropertyDescriptor(constructor, 'name')) : null, message: describe(dataOf(getOwnPropertyDescriptor(value, 'message')), depth + 1, nextSeen) };
  }
  const picture = { tag: objectToString(value), typeof: typeof value };
  if (typeof value === 'function') {
    picture.name = describe(dataOf(getOwnPropertyDescriptor(value, 'name')), depth + 1, nextSeen);
    picture.length = describe(dataOf(getOwnPropertyDescriptor(value, 'length')), depth + 1, nextSeen);
    return picture;
  }
  if (!isArray(value)) {
    const proto = getPrototypeOf(value);
    const constructor = proto && dataOf(getOwnPropertyDescriptor(proto, 'constructor'));
    picture.class = typeof constructor === 'function' ? dataOf(getOwnPropertyDescriptor(constructor, 'name')) : null;
  }
  const properties = {};
  const keys = ownKeys(value);
  for (let index = 0; index < keys.length; index++) {
    const key = keys[index];
    const descriptor = getOwnPropertyDescriptor(value, key);
    const label = typeof key === 'symbol' ? symbolToString(key) : key;
    if (isArray(value) && key === 'length') continue;
    if ('value' in descriptor) {
      properties[label] = descriptor.enumerable || isArray(value) ? describe(descriptor.value, depth + 1, nextSeen) : { hidden: describe(descriptor.value, depth + 1, nextSeen) };
    } else {
      properties[label] = { get: describe(descriptor.get, depth + 1, nextSeen), set: describe(descriptor.set, depth + 1, nextSeen) };
    }
  }
  picture.properties = properties;
  return picture;
}

const events = [];
function record(kind, value) {
  events[events.length] = { kind, value: describe(value, 0, []) };
}

let session = null;
if (withCoverage) {
  const inspector = require('node:inspector');
  session = new inspector.Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.startPreciseCoverage', { callCount: true, detailed: true });
}

function coverageOfSnippet() {
  let taken = null;
  session.post('Profiler.takePreciseCoverage', (error, result) => {
    taken = error ? null : result;
  });
  const url = pathToFileURL(snippet).href;
  const functions = [];
  for (const script of taken ? taken.result : []) {
    if (script.url !== url && script.url !== snippet) continue;
    for (const fn of script.functions) {
      const range = fn.ranges[0];
      const blocks = fn.ranges.map((block) => [block.startOffset, block.endOffset, block.count]);
      functions[functions.length] = { name: fn.functionName, start: range.startOffset, end: range.endOffset, count: range.count, blocks };
    }
  }
  return functions;
}

function countsOfSnippet() {
  const runtime = globalThis[RUNTIME_KEY];
  if (!runtime) return [];
  const { sites, functions, contexts } = runtime.recorder;
  // Calls per function are the sum over its calling contexts: V8 checks that sum.
  const calls = new Float64Array(functions.count);
  for (let context = 1; context < contexts.count; context++) calls[contexts.fn[context]] += contexts.calls[context];
  const rows = [];
  for (let id = 1; id < functions.count; id++) {
    const site = sites[id];
    rows[rows.length] = [site.name, site.line, site.column, calls[id]];
  }
  return rows;
}

processOn(process, 'uncaughtException', (error) => {
  record('uncaught', error);
  process.exitCode = 70;
});
processOn(process, 'unhandledRejection', (reason) => {
  record('unhandled rejection', reason);
});
processOn(process, 'exit', (code) => {
  const outcome = { events, exitCode: code, explicitExitCode: exitCodeOf() ?? null };
  if (withCounts) outcome.sites = countsOfSnippet();
  if (session) outcome.coverage = coverageOfSnippet();
  writeFileSync(outcomeFile, stringify(outcome));
});

async function main() {
  let exported;
  try {
    exported = snippet.endsWith('.mjs') ? (await import(pathToFileURL(snippet).href)).default : require(snippet);
  } catch (error) {
    record('threw', error);
    return;
  }
  record('result', exported);
  if (exported !== null && typeof exported === 'object' && getPrototypeOf(exported) === promisePrototype) {
    try {
      record('resolved', await exported);
    } catch (error) {
      record('rejected', error);
    }
  }
}

main();
