import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createFileFilter, includesNodeModules } from './filter';

/** What a search of the included files found: `undecided` when it gave up after `limit` paths. */
export type SearchResult = 'found' | 'none' | 'undecided';

/**
 * Looks at the files under `roots` that --include and --exclude take
 * (filter.ts), depth first, until `wanted` says yes of one. Skips .git, and
 * node_modules unless an include points into it, as the filter does; gives up
 * after `limit` paths, so that a search from a large tree stays quick.
 */
export function searchIncludedFiles(roots: string[], include: string[], exclude: string[], wanted: (file: string) => boolean, limit: number): SearchResult {
  const isIncluded = createFileFilter(include, exclude);
  const nodeModulesIncluded = includesNodeModules(include);
  const pending = [...roots];
  let seen = 0;
  while (pending.length > 0) {
    const path = pending.pop()!;
    if (++seen > limit) return 'undecided';
    let isDirectory: boolean;
    try {
      isDirectory = statSync(path).isDirectory();
    } catch {
      continue;
    }
    if (!isDirectory) {
      if (isIncluded(path) && wanted(path)) return 'found';
      continue;
    }
    for (const entry of readdirSync(path)) {
      if (entry === '.git' || (entry === 'node_modules' && !nodeModulesIncluded)) continue;
      pending.push(join(path, entry));
    }
  }
  return 'none';
}
