import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The one walk from a source file to the npm package it belongs to: the
 * nearest directory above it whose package.json has a name. Nested
 * package.json files without a name (a `lib/` marking itself as ES modules)
 * are not packages and are walked past. `--group package` names boxes by it,
 * and diff and check key files by it (compare/checkout-path.ts), so both
 * agree on where a package begins. Files that are gone (a profile read on
 * another machine) have none.
 */
export interface OwningPackage {
  /** The directory holding its package.json. */
  root: string;
  name: string;
}

const byDirectory = new Map<string, OwningPackage | undefined>();

export function owningPackage(file: string): OwningPackage | undefined {
  if (file === '' || file.startsWith('node:')) return undefined;
  return packageAbove(dirname(file.startsWith('file://') ? fileURLToPath(file) : file));
}

/** The name of the package a source file belongs to, or undefined (see owningPackage). */
export function packageNameOf(file: string): string | undefined {
  return owningPackage(file)?.name;
}

function packageAbove(directory: string): OwningPackage | undefined {
  if (byDirectory.has(directory)) return byDirectory.get(directory);
  const name = readPackageName(join(directory, 'package.json'));
  const parent = dirname(directory);
  const found = name !== undefined ? { root: directory, name } : parent === directory ? undefined : packageAbove(parent);
  byDirectory.set(directory, found);
  return found;
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
