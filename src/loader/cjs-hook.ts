import Module from 'node:module';
import { relative } from 'node:path';
import { instrumentModuleSource } from './module-source';
import { sayOnce } from '../messages';

type Compile = (this: unknown, content: string, filename: string, ...rest: unknown[]) => unknown;

/**
 * CommonJS is instrumented in Module.prototype._compile, the last step every
 * CommonJS loader funnels into: Node's own extension handlers, and the
 * loaders that transform source (ts-node, pirates and so esbuild-register,
 * @swc/register and @babel/register, tsx) all end in `module._compile(code)`,
 * with whatever per-instance _compile they put in front of it calling the
 * prototype's. So tsprof's wrapper sees the final JavaScript whether such a
 * loader was registered before or after it.
 *
 * The wrapper replaces Node's function as an ordinary data property with
 * Node's own attributes, name and length — nothing else changes. What a
 * loader assigns to Module.prototype._compile reads back as itself
 * (v8-compile-cache-lib's uninstall depends on it), and `mod._compile = fn`
 * stays on that one module. A loader that replaces the prototype's _compile
 * without calling the previous one (v8-compile-cache) compiles its modules
 * without probes; at exit, included files that ran that way are named.
 */
export function installCommonJsHook(
  shouldInstrument: (file: string) => boolean,
  runtimePath: string,
  wasInstrumentedElsewhere: (file: string) => boolean,
  /** Told of every module once its code has run, to find test runners' module systems (runners/). */
  onCompiled: (module: unknown, filename: unknown) => void = () => {},
): void {
  const prototype = (Module as unknown as { prototype: { _compile: Compile } }).prototype;
  const descriptor = Object.getOwnPropertyDescriptor(prototype, '_compile');
  if (!descriptor || typeof descriptor.value !== 'function') return;
  const compile: Compile = descriptor.value;
  const apply = Reflect.apply;
  const seen = new Set<string>();
  // Node 22.6+ passes the format third: `commonjs-typescript` and the like
  // for TypeScript, which goes on stripped and with the plain format;
  // `module` for require(esm).
  const instrumentOrPass = (args: IArguments): void => {
    const content: unknown = args[0];
    const filename: unknown = args[1];
    if (typeof content !== 'string' || typeof filename !== 'string' || !shouldInstrument(filename)) return;
    seen.add(filename);
    const instrumented = instrumentModuleSource(content, filename, args.length > 2 ? args[2] : undefined, runtimePath);
    args[0] = instrumented.source;
    if (args.length > 2) args[2] = instrumented.format;
  };
  // `arguments` passes on whatever else Node gives without spreading
  // through the program's patchable iterators.
  const wrapper = function (this: unknown, content: string, filename: string): unknown {
    const args = arguments;
    instrumentOrPass(args);
    const result = apply(compile, this, args);
    onCompiled(this, filename);
    return result;
  };
  Object.defineProperty(wrapper, 'name', { value: compile.name });
  Object.defineProperty(wrapper, 'length', { value: compile.length });
  Object.defineProperty(prototype, '_compile', { ...descriptor, value: wrapper });
  process.once('exit', () => {
    if (prototype._compile === wrapper) return;
    const cache = (Module as unknown as { _cache: Record<string, unknown> })._cache;
    const missed = Object.keys(cache).filter((file) => shouldInstrument(file) && !seen.has(file) && !wasInstrumentedElsewhere(file));
    if (missed.length === 0) return;
    const where = missed.length === 1 ? relative(process.cwd(), missed[0]) : `${missed.length} included files (${relative(process.cwd(), missed[0])}, …)`;
    sayOnce(
      'compile-replaced',
      `${where} ran without probes: a loader replaced Module.prototype._compile without calling the one before it (for v8-compile-cache, set DISABLE_V8_COMPILE_CACHE=1)`,
    );
  });
}
