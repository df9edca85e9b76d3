import Module from 'node:module';
import { instrumentModuleSource } from './module-source';

interface CompilableModule {
  /** Node 22.6+ passes the format as a third argument (`commonjs-typescript` for TypeScript, `module` for require(esm)). */
  _compile(content: string, filename: string, ...rest: unknown[]): unknown;
}

/**
 * CommonJS goes through Module.prototype._compile, whichever loader read the
 * file. Loaders that come later (tsx, ts-node, APM agents) replace _compile
 * themselves, sometimes without calling the previous one, so _compile becomes
 * an accessor: whatever is assigned to it is wrapped in turn. The marker in
 * instrumented output stops a second wrapper from instrumenting again.
 */
export function installCommonJsHook(shouldInstrument: (file: string) => boolean, runtimePath: string): void {
  const prototype = (Module as unknown as { prototype: CompilableModule }).prototype;
  const apply = Reflect.apply;
  // tsprof's own transform loads Babel lazily; modules compiled while it runs
  // (Babel itself, even when the program also includes it) are left alone,
  // or the transform would try to instrument the code it is made of.
  let transforming = false;
  const instrumentOrPass = (content: string, filename: string, rest: unknown[]): unknown[] => {
    if (transforming || !shouldInstrument(filename)) return [content, filename, ...rest];
    transforming = true;
    try {
      const instrumented = instrumentModuleSource(content, filename, rest[0] as string | undefined, runtimePath);
      return rest.length > 0 ? [instrumented.source, filename, instrumented.format, ...rest.slice(1)] : [instrumented.source, filename];
    } finally {
      transforming = false;
    }
  };
  const withProbes = (compile: CompilableModule['_compile']): CompilableModule['_compile'] =>
    function compileWithProbes(this: CompilableModule, content: string, filename: string, ...rest: unknown[]) {
      return apply(compile, this, instrumentOrPass(content, filename, rest));
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
