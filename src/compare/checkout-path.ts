import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where a source file is, independent of where the project was checked out:
 * `taskqueue:src/queue/producer.js`, the package name and the path inside the
 * package (the nearest directory with a package.json). A pull request's base
 * and head are two checkouts in two directories, and a function must be the
 * same function in both; the identity key (profile/identity.ts) is then
 * taken over this file name instead of the absolute one. A file with no
 * package.json above it (or no longer on this machine) keeps its path as it is.
 */
export class CheckoutPaths {
  private readonly packageRoots = new Map<string, { root: string; name: string } | null>();

  comparableFile(file: string): string {
    if (file === '') return file;
    const path = file.startsWith('file://') ? fileURLToPath(file) : file;
    const owner = this.packageOf(dirname(path));
    if (!owner) return file;
    return `${owner.name}:${relative(owner.root, path).split(sep).join('/')}`;
  }

  private packageOf(directory: string): { root: string; name: string } | null {
    const known = this.packageRoots.get(directory);
    if (known !== undefined) return known;
    let found: { root: string; name: string } | null = null;
    const manifest = join(directory, 'package.json');
    if (existsSync(manifest)) {
      found = { root: directory, name: packageName(manifest) };
    } else if (dirname(directory) !== directory) {
      found = this.packageOf(dirname(directory));
    }
    this.packageRoots.set(directory, found);
    return found;
  }
}

function packageName(manifest: string): string {
  try {
    const name = (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name;
    return typeof name === 'string' ? name : '';
  } catch {
    return '';
  }
}
