// Checks the transform against real files. For each one:
//   (a) the output compiles wherever the original does, in the same module system;
//   (b) every line keeps its number;
//   (c) removing the prologue and every inserted piece gives the input back exactly;
//   (d) instrument either succeeds or throws a parse error, so that callers fail open;
//   (f) parsed, with the inserted nodes taken out, the output is the same program as the input;
// and the time instrument took, for a rate per megabyte.
//
// Checking runs in child processes (one per core): ES modules are compiled with
// vm.SourceTextModule, which needs --experimental-vm-modules, and a file that hangs the
// transform can be killed and reported without losing the rest of the run.
import { fork } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, extname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import vm from 'node:vm';
import { programDifference } from './probe-erasure.mjs';

export const DEFAULT_DIST = fileURLToPath(new URL('../../dist', import.meta.url));
const WORKER_FLAGS = ['--experimental-vm-modules', '--no-warnings'];
const COMMONJS_PARAMETERS = ['exports', 'require', 'module', '__filename', '__dirname'];
const LINE_TERMINATOR = /\r\n|[\n\r\u2028\u2029]/;
const APPENDED_SOURCE_MAP = /\/\/# sourceMappingURL=data:application\/json;charset=utf-8;base64,[A-Za-z0-9+/=]*\n$/;

// ---------------------------------------------------------------------------------------------
// Format: what Node would load the file as.

const packageTypes = new Map();

/** The "type" of the nearest package.json above `directory`, or null when it has none. */
function packageType(directory) {
  if (packageTypes.has(directory)) return packageTypes.get(directory);
  let type = null;
  const manifest = join(directory, 'package.json');
  if (existsSync(manifest)) {
    try {
      type = JSON.parse(readFileSync(manifest, 'utf8')).type ?? null;
    } catch {
      type = null;
    }
  } else if (dirname(directory) !== directory) {
    type = packageType(dirname(directory));
  }
  packageTypes.set(directory, type);
  return type;
}

/** .mjs → module, .cjs → commonjs, .js → the nearest package.json's "type", else 'unknown'. */
export function formatOf(file) {
  const extension = extname(file);
  if (extension === '.mjs') return 'module';
  if (extension === '.cjs') return 'commonjs';
  const type = packageType(dirname(resolve(file)));
  return type === 'module' ? 'module' : type === 'commonjs' ? 'commonjs' : 'unknown';
}

// ---------------------------------------------------------------------------------------------
// Compiling without running: the engine's own verdict on the syntax.

function compileError(compile) {
  try {
    compile();
    return null;
  } catch (error) {
    const where = /:(\d+)\n/.exec(String(error.stack ?? ''));
    return `${error.name}: ${error.message}${where ? ` (line ${where[1]})` : ''}`;
  }
}

function commonJsError(code, file) {
  return compileError(() => vm.compileFunction(code, COMMONJS_PARAMETERS, { filename: file }));
}

function moduleError(code, file) {
  if (typeof vm.SourceTextModule !== 'function') throw new Error('checking ES modules needs node --experimental-vm-modules; checkCorpus starts its workers with it');
  return compileError(() => new vm.SourceTextModule(code, { identifier: pathToFileURL(file).href }));
}

/** Which system compiles the original: 'commonjs', 'module' or null; 'unknown' tries CommonJS first, as Node does. */
function compilingSystem(code, file, format) {
  if (format !== 'module' && !commonJsError(code, file)) return 'commonjs';
  if (format !== 'commonjs' && !moduleError(code, file)) return 'module';
  return null;
}

// ---------------------------------------------------------------------------------------------
// Taking the output apart: appended source map, prologue, inserted pieces.

function lineCount(text) {
  return text.split(LINE_TERMINATOR).length;
}

/** End of the prologue: the `);` closing `register(…)`, whose arguments are JSON. */
function prologueEnd(text, from) {
  const open = text.indexOf('.register(', from);
  if (open < 0) return -1;
  let depth = 0;
  let inString = false;
  for (let index = open + '.register('.length; index < text.length; index++) {
    const character = text[index];
    if (inString) {
      if (character === '\\') index++;
      else if (character === '"') inString = false;
    } else if (character === '"') {
      inString = true;
    } else if (character === '(' || character === '[') {
      depth++;
    } else if (character === ')' || character === ']') {
      if (depth === 0) return text[index + 1] === ';' ? index + 2 : -1;
      depth--;
    }
  }
  return -1;
}

/**
 * The output without its prologue. After directives the prologue starts with its own `;`,
 * which cannot be told from one of the file's without parsing, so both readings are returned.
 */
function withoutPrologue(text, marker) {
  const start = text.indexOf(marker);
  if (start < 0) return null;
  const end = prologueEnd(text, start);
  if (end < 0) return null;
  const readings = [text.slice(0, start) + text.slice(end)];
  if (text[start - 1] === ';') readings.push(text.slice(0, start - 1) + text.slice(end));
  return readings;
}

function excerpt(line, column) {
  const from = Math.max(0, column - 60);
  return JSON.stringify(`${from > 0 ? '…' : ''}${line.slice(from, column + 100)}${line.length > column + 100 ? '…' : ''}`);
}

/** Where two texts, given as lines, first differ: a message naming the line and showing both versions. */
export function firstDifference(actualLines, expectedLines) {
  for (let index = 0; index < Math.max(actualLines.length, expectedLines.length); index++) {
    const got = actualLines[index];
    const want = expectedLines[index];
    if (got === want) continue;
    if (got === undefined || want === undefined) return `line ${index + 1}: ${got === undefined ? 'missing in the output' : 'extra in the output'}`;
    let column = 0;
    while (column < got.length && got[column] === want[column]) column++;
    return `line ${index + 1}, column ${column + 1}: output ${excerpt(got, column)}, input ${excerpt(want, column)}`;
  }
  return 'the texts differ only in their line terminators';
}

function commonPrefixLength(a, b) {
  let length = 0;
  while (length < a.length && a[length] === b[length]) length++;
  return length;
}

// ---------------------------------------------------------------------------------------------
// One file.

export async function loadTransform(distDirectory = DEFAULT_DIST) {
  const load = (path) => import(pathToFileURL(join(distDirectory, path)).href);
  const [{ instrument }, { originalSourceText }, { findInputMap }, { chooseProbeNames }, { INSTRUMENTED_MARKER }] = await Promise.all([
    load('instrument/instrument.js'),
    load('runtime/function-source.js'),
    load('instrument/source-map.js'),
    load('instrument/probe-names.js'),
    load('probe-contract.js'),
  ]);
  const runtimeHandle = join(distDirectory, 'runtime/handle.js');
  return { instrument, originalSourceText, findInputMap, chooseProbeNames, marker: INSTRUMENTED_MARKER, runtimeHandle, runtimeUrl: pathToFileURL(runtimeHandle).href };
}

/** Babel's parse errors and the transform's own refusals (instrument/refusal.ts: too deeply nested, require and module both declared, …). */
function isFailOpenError(error) {
  return error instanceof Error && (error.name === 'SyntaxError' || error.name === 'CannotInstrument');
}

/**
 * Checks one file, as Node would load it unless `format` says otherwise. Returns
 * { file, format, bytes, milliseconds, compiles, status, reason?, violations } where status is
 * 'instrumented', 'unchanged' or 'failed-open' and each violation is { check: 'a' … 'f', message }.
 */
export function checkFile(file, transform, format = formatOf(file)) {
  return checkSource(readFileSync(file, 'utf8'), file, transform, format);
}

/** Checks source text as if it were the file `file`, loaded as `format`. */
export function checkSource(code, file, transform, format) {
  const result = { file, format, bytes: Buffer.byteLength(code), milliseconds: 0, compiles: compilingSystem(code, file, format), status: '', violations: [] };
  const violation = (check, message) => result.violations.push({ check, message });

  let output;
  const started = performance.now();
  try {
    // Babel decides an 'unknown' file's syntax itself; the runtime is loaded as it would then be.
    const runtimeSpecifier = format === 'module' ? transform.runtimeUrl : transform.runtimeHandle;
    output = transform.instrument(code, { filename: file, format, runtimeSpecifier }).code;
  } catch (error) {
    result.milliseconds = performance.now() - started;
    result.status = 'failed-open';
    result.reason = `${error?.name}: ${String(error?.message).split('\n')[0]}`;
    if (!isFailOpenError(error)) violation('d', `instrument threw ${result.reason} instead of a parse error\n${error?.stack ?? ''}`);
    return result;
  }
  result.milliseconds = performance.now() - started;
  if (output === code) {
    result.status = 'unchanged';
    return result;
  }
  result.status = 'instrumented';

  // (a) compiles wherever the original does, in the same module system.
  if (result.compiles) {
    const error = result.compiles === 'commonjs' ? commonJsError(output, file) : moduleError(output, file);
    if (error) violation('a', `the original compiles as ${result.compiles} but the output does not: ${error}`);
  }

  // The input as the output should give it back: without its own sourceMappingURL comment when it was read.
  const inputMap = transform.findInputMap(code, file);
  const expected = inputMap ? code.slice(0, inputMap.commentStart) + code.slice(inputMap.commentEnd) : code;
  if (!APPENDED_SOURCE_MAP.test(output)) {
    violation('c', 'the output does not end with the appended source map line');
    return result;
  }
  let body = output.replace(APPENDED_SOURCE_MAP, '');
  if (!expected.endsWith('\n') && body.endsWith('\n')) body = body.slice(0, -1);

  // (b) every line keeps its number: as many line terminators, none inside an inserted piece.
  const readings = withoutPrologue(body, transform.marker);
  const expectedLines = expected.split(LINE_TERMINATOR);
  if (lineCount(body) !== expectedLines.length) {
    // Line by line, so that a line break inside an inserted piece shows where it is.
    const outputLines = (readings?.at(-1) ?? body).split(LINE_TERMINATOR).map((line) => transform.originalSourceText(line));
    violation('b', `input has ${expectedLines.length} lines, output ${lineCount(body)}; first difference at ${firstDifference(outputLines, expectedLines)}`);
  }

  // (c) removing the prologue and every inserted piece gives the input back exactly.
  if (!readings) {
    violation('c', 'no complete prologue found in the output');
    return result;
  }
  const restored = readings.map((reading) => transform.originalSourceText(reading));
  if (!restored.includes(expected)) {
    const closest = restored.reduce((best, text) => (commonPrefixLength(text, expected) > commonPrefixLength(best, expected) ? text : best));
    violation('c', `the output without its inserted pieces differs from the input at ${firstDifference(closest.split(LINE_TERMINATOR), expectedLines)}`);
  }

  // (f) parsed, with the inserted nodes taken out, the output is the input's program.
  const difference = programDifference({ input: code, output: body, format, prefix: transform.chooseProbeNames(code).runtime, marker: transform.marker, prologueEnd });
  if (difference) violation('f', `the output is another program once its probes are removed: ${difference}`);
  return result;
}

// ---------------------------------------------------------------------------------------------
// Many files, across child processes.

/**
 * Checks `files` (paths, or { file, format } to override the format) in `workers` child
 * processes. A file that takes longer than `fileTimeoutMs` gets status 'timeout' and its worker
 * is replaced; one whose worker dies gets 'crashed'. `onResult` sees each result as it comes.
 */
export function checkCorpus(files, { distDirectory = DEFAULT_DIST, workers = availableParallelism(), fileTimeoutMs = 120_000, onResult = () => {} } = {}) {
  const pending = [...files];
  const results = [];
  const environment = { ...process.env, NODE_OPTIONS: '' };
  delete environment.NODE_TEST_CONTEXT;
  delete environment.TSPROF_CONFIG;
  return new Promise((resolveAll, rejectAll) => {
    let running = 0;
    const record = (result) => {
      results.push(result);
      onResult(result);
    };
    const startWorker = () => {
      running++;
      const child = fork(fileURLToPath(import.meta.url), [distDirectory], { execArgv: WORKER_FLAGS, env: environment, serialization: 'advanced' });
      let current = null;
      let timer = null;
      const next = () => {
        current = pending.shift() ?? null;
        if (current === null) {
          child.disconnect();
          return;
        }
        timer = setTimeout(() => {
          record({ file: current.file ?? current, status: 'timeout', bytes: 0, milliseconds: fileTimeoutMs, violations: [] });
          current = null;
          child.kill('SIGKILL');
        }, fileTimeoutMs);
        child.send(typeof current === 'string' ? { file: current } : current);
      };
      child.on('message', (result) => {
        clearTimeout(timer);
        record(result);
        next();
      });
      child.on('exit', (status, signal) => {
        clearTimeout(timer);
        running--;
        if (current !== null) {
          record({ file: current.file ?? current, status: 'crashed', bytes: 0, milliseconds: 0, violations: [{ check: 'd', message: `the checking process died (${signal ?? `exit ${status}`})` }] });
          current = null;
        }
        if (pending.length > 0) startWorker();
        else if (running === 0) resolveAll(results);
      });
      child.on('error', rejectAll);
      next();
    };
    const count = Math.max(1, Math.min(workers, pending.length));
    if (pending.length === 0) resolveAll(results);
    for (let index = 0; index < count; index++) startWorker();
  });
}

// Worker: checks each file the parent sends and answers with its result.
if (process.argv[1] === fileURLToPath(import.meta.url) && process.send) {
  const transform = await loadTransform(process.argv[2]);
  process.on('message', ({ file, format }) => {
    let result;
    try {
      result = checkFile(file, transform, format);
    } catch (error) {
      result = { file, status: 'crashed', bytes: 0, milliseconds: 0, violations: [{ check: 'd', message: `the checker itself failed: ${error?.stack ?? error}` }] };
    }
    process.send(result);
  });
}
