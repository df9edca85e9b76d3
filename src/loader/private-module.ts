import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';
import { writeFileAtomic } from '../file-system';

/**
 * Loads one of tsprof's own self-contained bundles without Node's module
 * loader: no Module._extensions, _compile, _load or _resolveFilename, no
 * module hooks, no require.cache entry. Whatever require hook, loader or
 * patch the profiled program installs (babel-register, pirates, ts-node,
 * module.registerHooks, require-in-the-middle), it never sees tsprof's code.
 * Everything used here is captured when the preload runs, before any
 * program code.
 *
 * With a code cache file, V8's compiled code for the bundle comes from it
 * when V8 accepts it (same V8, same flags; the caller keys the file by the
 * bundle's content, as V8 checks only the source's length). Release builds of
 * V8 do not checksum what they deserialise, so the file starts with the
 * SHA-256 of the rest, and one that does not match is not given to V8.
 * `writeCodeCache` writes it once the caller has run what it wants kept.
 * Compiling the transform bundle is most of what a process's first cache
 * miss costs beyond the transform itself (bench/transform.js, first file).
 */

const apply = Reflect.apply;
const read = readFileSync;
const ScriptClass = Script;
const runInThisContext = Script.prototype.runInThisContext;
const createCachedData = Script.prototype.createCachedData;
const hash = createHash;
const hashPrototype = Object.getPrototypeOf(createHash('sha256')) as { update: (data: Uint8Array) => unknown; digest: () => Buffer };
const update = hashPrototype.update;
const digest = hashPrototype.digest;
const concat = Buffer.concat;
const subarray = Buffer.prototype.subarray;
const equals = Buffer.prototype.equals;
const builtin = isBuiltin;
const writeAtomically = writeFileAtomic;
const processObject = process;
const getBuiltinModule = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;
/** Node < 20.16 has no process.getBuiltinModule: built-ins then come through this module's own require. */
const ownRequire = require;

/** The bundle's code as a CommonJS module body, on its first line so that its line numbers stay its own. */
const WRAPPER_START = '(function (exports, require, module, __filename, __dirname) {';
const WRAPPER_END = '\n})';

function requireBuiltin(id: string): unknown {
  if (!builtin(id)) throw new Error(`tsprof bundle asked for '${id}', which is not a Node built-in module`);
  return getBuiltinModule ? apply(getBuiltinModule, processObject, [id]) : ownRequire(id);
}

export interface PrivateBundle {
  exports: unknown;
  /** Whether V8 took the bundle's code from the code cache file. */
  fromCodeCache: boolean;
  /** Writes V8's code for the bundle, with what has run so far, to the code cache file, unless it came from there; only the first call writes; never throws. */
  writeCodeCache(): void;
}

const DIGEST_BYTES = 32;
function digestOf(data: Uint8Array): Buffer {
  const sha256 = hash('sha256');
  apply(update, sha256, [data]);
  return apply(digest, sha256, []) as Buffer;
}

function readCodeCache(file: string | null): Buffer | undefined {
  if (file === null) return undefined;
  try {
    const stored = read(file);
    if (stored.length <= DIGEST_BYTES) return undefined;
    const data = apply(subarray, stored, [DIGEST_BYTES]) as Buffer;
    return apply(equals, digestOf(data), [apply(subarray, stored, [0, DIGEST_BYTES])]) ? data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Runs `filename`, a CommonJS bundle, as a module of its own. Its `require`
 * gives Node's built-in modules only, unless the caller gives one (own-bundle.ts
 * gives the bundles a profiled process starts with one for their own path).
 */
export function loadPrivately(filename: string, codeCacheFile: string | null = null, bundleRequire: (id: string) => unknown = requireBuiltin): PrivateBundle {
  const cachedData = readCodeCache(codeCacheFile);
  const script = new ScriptClass(`${WRAPPER_START}${read(filename, 'utf8')}${WRAPPER_END}`, { filename, cachedData });
  const fromCodeCache = cachedData !== undefined && script.cachedDataRejected === false;
  const body = apply(runInThisContext, script, []) as (...args: unknown[]) => void;
  const module = { exports: {} as unknown };
  apply(body, module.exports, [module.exports, bundleRequire, module, filename, dirname(filename)]);
  let written = fromCodeCache || codeCacheFile === null;
  const writeCodeCache = (): void => {
    if (written) return;
    written = true;
    try {
      const data = apply(createCachedData, script, []) as Buffer;
      writeAtomically(codeCacheFile as string, concat([digestOf(data), data]), { durable: false });
    } catch {
      // A code cache that cannot be written only costs speed.
    }
  };
  return { exports: module.exports, fromCodeCache, writeCodeCache };
}
