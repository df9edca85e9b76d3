import Module from 'node:module';
import type { ModuleFormat } from '../instrument/parse';
import { transformForLoader } from './transform';

/**
 * require(esm) also compiles ES modules through _compile, so the syntax is
 * decided by the extension when it says, and by the source itself otherwise.
 */
function formatOf(filename: string): ModuleFormat {
  if (/\.m[jt]s$/.test(filename)) return 'module';
  if (/\.c[jt]s$/.test(filename)) return 'commonjs';
  return 'unknown';
}

interface CompilableModule {
  _compile(content: string, filename: string): unknown;
}

/**
 * CommonJS goes through Module.prototype._compile, whichever loader read the
 * file. Loaders that come later (tsx, ts-node, APM agents) replace _compile
 * themselves, sometimes without calling the previous one, so _compile becomes
 * an accessor: whatever is assigned to it is wrapped in turn. The marker in
 * instrumented output stops a second wrapper from instrumenting again.
 */
export function installCommonJsHook(
  shouldInstrument: (file: string) => boolean,
  runtimePath: string,
  /** Told of every module once its code has run, to find test runners' module systems (runners/). */
  onCompiled: (module: object, filename: string) => void = () => {},
): void {
  const prototype = (Module as unknown as { prototype: CompilableModule }).prototype;
  const apply = Reflect.apply;
  // tsprof's own transform loads Babel lazily; modules compiled while it runs
  // (Babel itself, even when the program also includes it) are left alone,
  // or the transform would try to instrument the code it is made of.
  let transforming = false;
  const instrumentOrPass = (content: string, filename: string): string => {
    if (transforming || !shouldInstrument(filename)) return content;
    transforming = true;
    try {
      return transformForLoader(content, filename, formatOf(filename), runtimePath);
    } finally {
      transforming = false;
    }
  };
  const withProbes = (compile: CompilableModule['_compile']): CompilableModule['_compile'] =>
    function compileWithProbes(this: CompilableModule, content: string, filename: string) {
      const result = apply(compile, this, [instrumentOrPass(content, filename), filename]);
      onCompiled(this, filename);
      return result;
    };
  let wrapped = withProbes(prototype._compile);
  Object.defineProperty(prototype, '_compile', {
    configurable: true,
    enumerable: true,
    get: () => wrapped,
    set(next: CompilableModule['_compile']) {
      if (next !== wrapped) wrapped = withProbes(next);
    },
  });
}
