/**
 * `import()` for tsprof's own bundles. The preload and tsprof/register run in
 * scripts of their own (private-module.ts), where Node 20 lets no `import()`
 * run without --experimental-vm-modules; the file that loads them, an ordinary
 * module of Node's loader, hands in its own `import()` (own-bundle.ts). A
 * bundle may ask before that hand-over, while it first runs: the import starts
 * one microtask later, when it has happened. Loaded as files (tests), with
 * nothing handed in, this module's own `import()` is used.
 */
export type ImportModule = (specifier: string) => Promise<unknown>;

let handedIn: ImportModule | null = null;
const resolved = Promise.resolve();

export function importModule(specifier: string): Promise<any> {
  return resolved.then(() => (handedIn ? handedIn(specifier) : import(specifier)));
}

/** Called by own-bundle.ts when it has loaded the bundle this module is in; the first call counts. */
export function provideImport(importFunction: ImportModule): void {
  handedIn ??= importFunction;
}
