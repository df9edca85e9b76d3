import type { ModuleFormat } from '../../instrument/parse';
import { transformForLoader } from '../transform';

/**
 * Code that a test runner evaluates itself (jest in a vm context, vitest with
 * vm.runInThisContext), instrumented to read the runtime from the global
 * object: a `require` or `import` of the runtime there would go through the
 * runner's own module registry and start a second, never-written runtime.
 * Runners evaluate a module again for every test file; the same source gives
 * the same output here without another lookup in the transform cache.
 */
const lastOutputByFile = new Map<string, { source: string; output: string }>();

export function instrumentForRunner(source: string, filename: string, format: ModuleFormat): string {
  const last = lastOutputByFile.get(filename);
  if (last !== undefined && last.source === source) return last.output;
  const output = transformForLoader(source, filename, format, '', 'global');
  lastOutputByFile.set(filename, { source, output });
  return output;
}
