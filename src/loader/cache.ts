import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../profile/atomic-write';

/**
 * Instrumented output cached on disk by content hash, tsprof version and
 * options, so a warm start does no parsing at all. Lives in
 * node_modules/.cache/tsprof of the working directory (where tools keep such
 * caches), or in the OS temp directory when that is not writable.
 */

const VERSION: string = (require('../../package.json') as { version: string }).version;

let fingerprint: string | null = null;

/** The transform's own code is part of the key, so a changed tsprof never reuses stale output. */
function transformFingerprint(): string {
  if (fingerprint !== null) return fingerprint;
  const hash = createHash('sha256').update(VERSION);
  const instrumentDirectory = join(__dirname, '..', 'instrument');
  try {
    for (const name of readdirSync(instrumentDirectory).sort()) {
      if (name.endsWith('.js')) hash.update(readFileSync(join(instrumentDirectory, name)));
    }
  } catch {
    hash.update(String(Date.now()));
  }
  fingerprint = hash.digest('hex');
  return fingerprint;
}

export interface CachedTransform {
  code: string;
  warnings: string[];
}

let directory: string | null | undefined;

function cacheDirectory(): string | null {
  if (directory !== undefined) return directory;
  for (const candidate of [join(process.cwd(), 'node_modules', '.cache', 'tsprof'), join(tmpdir(), 'tsprof-cache')]) {
    try {
      mkdirSync(candidate, { recursive: true });
      directory = candidate;
      return directory;
    } catch {
      // not writable: try the next place
    }
  }
  directory = null;
  return directory;
}

export function cacheKey(source: string, parts: string[]): string {
  const hash = createHash('sha256');
  hash.update(`tsprof ${transformFingerprint()}\u0000`);
  for (const part of parts) hash.update(`${part}\u0000`);
  hash.update(source);
  return hash.digest('hex');
}

export function readCached(key: string): CachedTransform | null {
  const base = process.env.TSPROF_NO_CACHE ? null : cacheDirectory();
  if (!base) return null;
  try {
    return JSON.parse(readFileSync(join(base, `${key}.json`), 'utf8')) as CachedTransform;
  } catch {
    return null;
  }
}

export function writeCached(key: string, entry: CachedTransform): void {
  const base = process.env.TSPROF_NO_CACHE ? null : cacheDirectory();
  if (!base) return;
  try {
    writeFileAtomic(join(base, `${key}.json`), JSON.stringify(entry));
  } catch {
    // A cache that cannot be written only costs speed.
  }
}

/**
 * A source map written to a file of its own, for runners that want a path
 * (jest's sourceMapPath) and must not get it from their own cache directory.
 * Null when there is nowhere to write it.
 */
export function sourceMapFile(mapText: string): string | null {
  const base = cacheDirectory();
  if (!base) return null;
  const file = join(base, `${createHash('sha256').update(mapText).digest('hex')}.map`);
  try {
    if (!existsSync(file)) writeFileAtomic(file, mapText);
    return file;
  } catch {
    return null;
  }
}
