import { relative, sep } from 'node:path';
import { owningPackage } from '../packages';
import { fileURLToPath } from 'node:url';

/**
 * Where a source file is, independent of where the project was checked out:
 * `taskqueue:src/queue/producer.js`, the package name and the path inside the
 * package (packages.ts: the nearest package.json with a name). A pull request's base
 * and head are two checkouts in two directories, and a function must be the
 * same function in both; the identity key (profile/identity.ts) is then
 * taken over this file name instead of the absolute one. A file with no
 * package.json above it (or no longer on this machine) keeps its path as it is.
 */
export class CheckoutPaths {
  comparableFile(file: string): string {
    if (file === '') return file;
    const owner = owningPackage(file);
    if (!owner) return file;
    const path = file.startsWith('file://') ? fileURLToPath(file) : file;
    return `${owner.name}:${relative(owner.root, path).split(sep).join('/')}`;
  }
}
