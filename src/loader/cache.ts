import { readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { osCacheDirectory } from '../cache-directory';
import { makeDirectories, writeFileAtomic } from '../file-system';
import { fingerprintFile, TRANSFORM_BUNDLE } from './bundles';
import { hashTexts } from './hash';

/**
 * Instrumented output cached on disk by the hash of the source, the
 * transform's fingerprint and options (hash.ts), so a warm start does no
 * parsing at all. The hash only names the entry: each holds the source and
 * the rest of the key it was made from, and is used only for those very
 * texts (hash.ts is not collision-resistant: inputs that differ in a few
 * chosen bits can share a name). Lives in
 * node_modules/.cache/tsprof of the working directory when it has a
 * node_modules (where tools keep such caches); else in the OS cache directory,
 * so a project without dependencies does not get a node_modules made for it;
 * else in the OS temp directory.
 */

const fingerprints = new Map<string, string | null>();

/** The fingerprint the build wrote beside one of tsprof's bundles (bundles.ts), or null when there is none. */
function bundleFingerprint(bundle: string): string | null {
  let fingerprint = fingerprints.get(bundle);
  if (fingerprint === undefined) {
    try {
      fingerprint = readFileSync(fingerprintFile(bundle), 'utf8').trim() || null;
    } catch {
      fingerprint = null;
    }
    fingerprints.set(bundle, fingerprint);
  }
  return fingerprint;
}

let transformKey: string | null = null;

/** The transform bundle's fingerprint is part of the key, so a changed tsprof never reuses stale output (without one, nothing is reused). */
function transformFingerprint(): string {
  transformKey ??= bundleFingerprint(TRANSFORM_BUNDLE) ?? String(Date.now());
  return transformKey;
}

export interface CachedTransform {
  code: string;
  warnings: string[];
}

/** What a cache file holds: the transform, the source it was made from and the rest of its key (keyTexts). */
interface CacheEntry extends CachedTransform {
  source: string;
  key: string[];
}

let directory: string | null | undefined;

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** `lookUp()`, or null when it throws: the working directory was deleted, a user without a home. */
function orNull(lookUp: () => string | null): string | null {
  try {
    return lookUp();
  } catch {
    return null;
  }
}

function cacheDirectory(): string | null {
  if (directory !== undefined) return directory;
  const workingDirectory = orNull(() => process.cwd());
  const nodeModules = workingDirectory === null ? null : join(workingDirectory, 'node_modules');
  const osCache = orNull(osCacheDirectory);
  const candidates = [
    ...(nodeModules !== null && isDirectory(nodeModules) ? [join(nodeModules, '.cache', 'tsprof')] : []),
    ...(osCache ? [join(osCache, 'tsprof')] : []),
    join(tmpdir(), 'tsprof-cache'),
  ];
  for (const candidate of candidates) {
    try {
      makeDirectories(candidate);
      directory = candidate;
      return directory;
    } catch {
      // not writable: try the next place
    }
  }
  directory = null;
  return directory;
}

/** The cache directory, or null when there is none or TSPROF_NO_CACHE turns caching off. */
function enabledCacheDirectory(): string | null {
  return process.env.TSPROF_NO_CACHE ? null : cacheDirectory();
}

/** What besides the source a transform cache entry is keyed by: the transform's fingerprint and what else the transform was given. */
function keyTexts(parts: readonly string[]): string[] {
  return [`tsprof ${transformFingerprint()}`, ...parts];
}

/** The transform cache's key: the source, what else the transform was given, and the transform's fingerprint (hash.ts). */
export function cacheKey(source: string, parts: string[]): string {
  return hashTexts([...keyTexts(parts), source]);
}

/** Whether `stored` (read back from JSON, or kept) is an array of exactly `texts`. */
export function sameTexts(stored: unknown, texts: readonly string[]): boolean {
  return Array.isArray(stored) && stored.length === texts.length && texts.every((text, index) => stored[index] === text);
}

/**
 * Where V8's compiled code for one of tsprof's bundles is kept (private-module.ts): keyed by the
 * bundle's fingerprint (V8 itself checks only the source's length), by the Node that made it and by
 * the options the process was started with, among which are V8's flags (V8 refuses code made under
 * other flags, and processes of one command that differ there would otherwise replace each other's
 * file run after run); null when caching is off, the bundle has no fingerprint or there is no
 * cache directory. Never throws.
 */
export function codeCacheFile(bundle: string): string | null {
  try {
    const base = enabledCacheDirectory();
    if (!base) return null;
    const fingerprint = bundleFingerprint(bundle);
    if (fingerprint === null) return null;
    const options = `${process.execArgv.join(' ')}\u0000${process.env.NODE_OPTIONS ?? ''}`;
    const key = hashTexts([fingerprint, process.version, process.arch, options]);
    return join(base, `v8-code-${key}.bin`);
  } catch {
    return null;
  }
}

/** The transform of `source` under `key` (cacheKey of `source` and `parts`); null when there is none, or the entry was made from another source or other parts. */
export function readCached(key: string, source: string, parts: string[]): CachedTransform | null {
  const base = enabledCacheDirectory();
  if (!base) return null;
  try {
    const entry = JSON.parse(readFileSync(join(base, `${key}.json`), 'utf8')) as CacheEntry;
    const whole = typeof entry?.code === 'string' && Array.isArray(entry.warnings);
    return whole && entry.source === source && sameTexts(entry.key, keyTexts(parts)) ? { code: entry.code, warnings: entry.warnings } : null;
  } catch {
    return null;
  }
}

export function writeCached(key: string, source: string, parts: string[], made: CachedTransform): void {
  const base = enabledCacheDirectory();
  if (!base) return;
  try {
    const entry: CacheEntry = { source, key: keyTexts(parts), code: made.code, warnings: made.warnings };
    writeFileAtomic(join(base, `${key}.json`), JSON.stringify(entry), { durable: false }); // a damaged entry reads as a miss
  } catch {
    // A cache that cannot be written only costs speed.
  }
}

/**
 * A source map written to a file of its own, for runners that want a path
 * (jest's sourceMapPath) and must not get it from their own cache directory.
 * Named by its hash (hash.ts), and a file of that name is used as it is only
 * when it holds this very map: chosen texts can share a name. Null when there
 * is nowhere to write it.
 */
export function sourceMapFile(mapText: string): string | null {
  const base = cacheDirectory();
  if (!base) return null;
  const file = join(base, `${hashTexts([mapText])}.map`);
  try {
    if (!holdsText(file, mapText)) writeFileAtomic(file, mapText);
    return file;
  } catch {
    return null;
  }
}

function holdsText(file: string, text: string): boolean {
  try {
    return readFileSync(file, 'utf8') === text;
  } catch {
    return false;
  }
}
