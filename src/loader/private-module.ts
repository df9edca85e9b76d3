import { readFileSync, statSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';
import { writeFileAtomic } from '../file-system';
import { PRIVATE_BUNDLE_START } from './bundles';
import { hashBytes } from './hash';

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
 * V8 do not checksum what they deserialise, so the file starts with the hash
 * of the rest (hash.ts, as 16 hex digits), and one that does not match is not
 * given to V8.
 * `writeCodeCache` writes it once the caller has run what it wants kept.
 * Compiling the transform bundle is most of what a process's first cache
 * miss costs beyond the transform itself (bench/transform.js, first file).
 */

const apply = Reflect.apply;
const read = readFileSync;
const stat = statSync;
const ScriptClass = Script;
const runInThisContext = Script.prototype.runInThisContext;
const createCachedData = Script.prototype.createCachedData;
const hash = hashBytes;
const bufferFrom = Buffer.from;
const toText = Buffer.prototype.toString;
const concat = Buffer.concat;
const subarray = Buffer.prototype.subarray;
const builtin = isBuiltin;
const writeAtomically = writeFileAtomic;
const processObject = process;
const startsWith = String.prototype.startsWith;
const getBuiltinModule = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;
/** Node < 20.16 has no process.getBuiltinModule: built-ins then come through this module's own require. */
const ownRequire = require;

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

const DIGEST_BYTES = 16;
function digestOf(data: Uint8Array): Buffer {
  return bufferFrom(hash(data), 'latin1');
}

/** A file's size in bytes; 0 when it cannot be read (missing). */
function sizeOf(file: string): number {
  try {
    return stat(file).size;
  } catch {
    return 0;
  }
}

/** The code cache file's bytes, or null when there is none (or it cannot be read). */
function readStored(file: string | null): Buffer | null {
  if (file === null) return null;
  try {
    return read(file);
  } catch {
    return null;
  }
}

/** The code in a stored file whose digest matches it; undefined for a damaged, cut or empty one. */
function verifiedCode(stored: Buffer | null): Buffer | undefined {
  if (stored === null || stored.length <= DIGEST_BYTES) return undefined;
  const data = apply(subarray, stored, [DIGEST_BYTES]) as Buffer;
  return hash(data) === apply(toText, stored, ['latin1', 0, DIGEST_BYTES]) ? data : undefined;
}

/** A bundle's text, which the build wrapped as a function of a CommonJS module's five (bundles.ts). */
function bundleText(filename: string): string {
  const text = read(filename, 'utf8');
  if (!apply(startsWith, text, [PRIVATE_BUNDLE_START])) throw new Error(`${filename} is not built to be loaded privately (npm run build)`);
  return text;
}

/**
 * Runs `filename`, a CommonJS bundle built for it (bundles.ts), as a module of its own. Its `require`
 * gives Node's built-in modules only, unless the caller gives one (own-bundle.ts
 * gives the bundles a profiled process starts with one for their own path).
 */
export function loadPrivately(filename: string, codeCacheFile: string | null = null, bundleRequire: (id: string) => unknown = requireBuiltin): PrivateBundle {
  const stored = readStored(codeCacheFile);
  const cachedData = verifiedCode(stored);
  const script = new ScriptClass(bundleText(filename), { filename, cachedData });
  const fromCodeCache = cachedData !== undefined && script.cachedDataRejected === false;
  // A file this process found and could not use (damaged, or refused by V8) is replaced whatever its size.
  const foundUnusable = stored !== null && !fromCodeCache;
  const body = apply(runInThisContext, script, []) as (...args: unknown[]) => void;
  const module = { exports: {} as unknown };
  apply(body, module.exports, [module.exports, bundleRequire, module, filename, dirname(filename)]);
  let written = fromCodeCache || codeCacheFile === null;
  const writeCodeCache = (): void => {
    if (written) return;
    written = true;
    try {
      const data = apply(createCachedData, script, []) as Buffer;
      // Several processes that started before the file existed each write it as they end; the one
      // that ran the most of the bundle (its code is the larger) is kept, not the last to end (often
      // a wrapper: npm, a shell's node, which ran little).
      if (!foundUnusable && DIGEST_BYTES + data.length <= sizeOf(codeCacheFile as string)) return;
      writeAtomically(codeCacheFile as string, concat([digestOf(data), data]), { durable: false });
    } catch {
      // A code cache that cannot be written only costs speed.
    }
  };
  return { exports: module.exports, fromCodeCache, writeCodeCache };
}
