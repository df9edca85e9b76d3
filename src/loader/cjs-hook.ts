import Module from 'node:module';
import { transformForLoader } from './transform';

interface CompilableModule {
  _compile(content: string, filename: string): unknown;
}

/**
 * CommonJS goes through Module.prototype._compile, whichever loader read the
 * file (plain require, tsx or ts-node after they compile TypeScript).
 */
export function installCommonJsHook(shouldInstrument: (file: string) => boolean, runtimePath: string): void {
  const prototype = (Module as unknown as { prototype: CompilableModule }).prototype;
  const originalCompile = prototype._compile;
  const apply = Reflect.apply;
  prototype._compile = function compileWithProbes(this: CompilableModule, content: string, filename: string) {
    const source = shouldInstrument(filename) ? transformForLoader(content, filename, 'commonjs', runtimePath) : content;
    return apply(originalCompile, this, [source, filename]);
  };
}
