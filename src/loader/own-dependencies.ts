import { sep } from 'node:path';
import { warnOnce } from './transform';

/**
 * When the program includes packages, some may be ones tsprof's own transform
 * is made of (Babel, magic-string), installed at the same path. Those are
 * loaded now, before any program code, so they stay whole and uninstrumented
 * — instrumenting them mid-load would break the transform itself — and the
 * user is told which ones could not be profiled.
 */
export function loadTransformFirstIfIncluded(shouldInstrument: (file: string) => boolean, include: string[]): void {
  if (!include.some((entry) => entry.includes(`${sep}node_modules`))) return;
  const before = new Set(Object.keys(require.cache));
  require('../instrument/instrument');
  const packages = new Set<string>();
  for (const file of Object.keys(require.cache)) {
    if (before.has(file) || !shouldInstrument(file)) continue;
    const match = /node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)/.exec(file.slice(file.lastIndexOf(`node_modules${sep}`)));
    if (match) packages.add(match[1]);
  }
  if (packages.size > 0) {
    const names = [...packages].sort().join(', ');
    warnOnce('own-dependencies', `not instrumenting ${names}: tsprof itself uses this installation; profile a separate copy to see it`);
  }
}
