import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const nameByDirectory = new Map<string, string | undefined>();

/**
 * The `name` of the nearest package.json above a source file, for
 * `--group package`. Nested package.json files without a name (a `lib/`
 * marking itself as ES modules) are skipped. Files that are gone (a profile
 * rendered on another machine) get undefined, and the graph falls back to
 * the path (graph/group.ts).
 */
export function packageNameOf(file: string): string | undefined {
  if (file === '' || file.startsWith('node:')) return undefined;
  const path = file.startsWith('file://') ? new URL(file).pathname : file;
  return nameAbove(dirname(path));
}

function nameAbove(directory: string): string | undefined {
  if (nameByDirectory.has(directory)) return nameByDirectory.get(directory);
  const parent = dirname(directory);
  const name = readPackageName(join(directory, 'package.json')) ?? (parent === directory ? undefined : nameAbove(parent));
  nameByDirectory.set(directory, name);
  return name;
}

/** The non-empty `name` of a package.json, or undefined when it has none or cannot be read. */
export function readPackageName(manifest: string): string | undefined {
  try {
    const name = (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name;
    return typeof name === 'string' && name !== '' ? name : undefined;
  } catch {
    return undefined;
  }
}
