import { statSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';

/**
 * A cheap guess at the files a module will load next, for transforming them
 * ahead (transform-ahead.ts): the relative specifiers of its static
 * `require('./x')`, `import … from './x'`, `import './x'` and
 * `export … from './x'`. A regular expression, not a parse: a specifier in a
 * comment or a string only costs a transform nobody takes, and a missed one
 * is transformed when it is loaded, as without the guess.
 */
const RELATIVE_SPECIFIER = /(?:\brequire\s*\(\s*|\bfrom\s*|\bimport\s*)(['"])(\.{1,2}\/[^'"\n]*)\1/g;

export function relativeSpecifiers(source: string): string[] {
  const found = new Set<string>();
  for (const match of source.matchAll(RELATIVE_SPECIFIER)) found.add(match[2]);
  return [...found];
}

function isFile(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false })?.isFile() === true;
  } catch {
    return false;
  }
}

/**
 * The file a relative specifier of `fromFile` names, as CommonJS would find
 * it for the usual cases (the path, the path with the importer's extension
 * or `.js`, its `index`), without Node's resolver: calling that would run
 * whatever the program patched into it. Null when none of these exists.
 */
export function resolveRelative(fromFile: string, specifier: string): string | null {
  const path = resolve(dirname(fromFile), specifier);
  const extension = extname(fromFile) || '.js';
  const candidates = [path, `${path}${extension}`, `${path}.js`, `${path}/index${extension}`, `${path}/index.js`];
  return candidates.find(isFile) ?? null;
}
