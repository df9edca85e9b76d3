import { fileURLToPath } from 'node:url';
import { instrumentModuleSource } from './module-source';

/** What a module `load` hook returns, in-thread (module.registerHooks) or off-thread (module.register). */
export interface LoadResult {
  format?: string | null;
  source?: string | ArrayBuffer | ArrayBufferView | null;
  shortCircuit?: boolean;
}

export interface LoadHookOptions {
  shouldInstrument: (file: string) => boolean;
  /** file: URL of the runtime; ES modules import it, CommonJS requires its path. */
  runtimeUrl: string;
  /** The formats this hook instruments; the rest is left to Module.prototype._compile. */
  formats: ReadonlySet<string>;
}

const ES_MODULE_FORMATS = new Set(['module', 'module-typescript']);

function sourceText(source: string | ArrayBuffer | ArrayBufferView): string {
  if (typeof source === 'string') return source;
  const bytes = ArrayBuffer.isView(source) ? Buffer.from(source.buffer, source.byteOffset, source.byteLength) : Buffer.from(source);
  return bytes.toString('utf8');
}

/**
 * The part of a load hook both hook kinds share: an included file's loaded
 * source, in a format this hook owns, comes back with probes (and, if it was
 * TypeScript, as the JavaScript Node would have run). Everything else is
 * returned as it came, the very same object.
 */
export function instrumentLoadResult(url: string, result: LoadResult, options: LoadHookOptions): LoadResult {
  const format = result.format;
  if (!format || !options.formats.has(format) || result.source == null || !url.startsWith('file:')) return result;
  const filename = fileURLToPath(url);
  if (!options.shouldInstrument(filename)) return result;
  const runtime = ES_MODULE_FORMATS.has(format) ? options.runtimeUrl : fileURLToPath(options.runtimeUrl);
  const instrumented = instrumentModuleSource(sourceText(result.source), filename, format, runtime);
  return { ...result, format: instrumented.format as string, source: instrumented.source };
}
