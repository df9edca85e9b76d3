import { INSTRUMENTED_MARKER } from '../probe-contract';
import { useSourceMaps } from './source-maps';
import { transformForLoader } from './transform';
import { sayOnce } from '../messages';
import { instrumentFormatOf, isTypeScriptFormat, javaScriptFormatOf, stripTypes } from './typescript';

export interface ModuleSource {
  source: string;
  /** The format Node is to compile the source as (a module hook's format, _compile's third argument). */
  format: unknown;
}

/**
 * One included module's source as a hook or _compile receives it, with probes.
 * JavaScript is instrumented as it is. TypeScript first becomes the JavaScript
 * Node would run and goes on with the plain format, as Node's own _compile and
 * translators do once they have stripped it; left typed, it would be stripped
 * again, and the transform mode's reprinting would lose the source map.
 */
export function instrumentModuleSource(source: string, filename: string, format: unknown, runtimeSpecifier: string): ModuleSource {
  // require(esm) passes an ES module through the load hook and then _compile.
  if (source.includes(INSTRUMENTED_MARKER)) return { source, format };
  // Before Node compiles it, so that Node keeps its map (source-maps.ts).
  useSourceMaps();
  if (!isTypeScriptFormat(format)) {
    return { source: transformForLoader(source, filename, instrumentFormatOf(format, filename), runtimeSpecifier), format };
  }
  const stripped = stripTypes(source, filename);
  if ('leaveToNode' in stripped) {
    if (stripped.reason) sayOnce(`typescript:${filename}`, `not instrumenting ${filename}: ${stripped.reason}; it runs unchanged`);
    return { source, format };
  }
  return { source: transformForLoader(stripped.code, filename, instrumentFormatOf(format, filename), runtimeSpecifier), format: javaScriptFormatOf(format) };
}
