import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where the OS keeps per-user caches: $XDG_CACHE_HOME or ~/.cache, ~/Library/Caches,
 * %LOCALAPPDATA%. Five lines, so no dependency (env-paths is ESM-only since v3).
 * Used by the transform cache (loader/cache.ts) and by bin/tsprof.js for Node's
 * compile cache of tsprof's own code; needs nothing but Node's built-ins.
 */
export function osCacheDirectory(): string | null {
  if (process.platform === 'win32') return process.env.LOCALAPPDATA ?? null;
  if (process.env.XDG_CACHE_HOME) return process.env.XDG_CACHE_HOME;
  const home = homedir();
  if (!home) return null;
  return process.platform === 'darwin' ? join(home, 'Library', 'Caches') : join(home, '.cache');
}
