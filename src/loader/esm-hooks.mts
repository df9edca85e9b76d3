import { fileURLToPath } from 'node:url';
import { createFileFilter } from './filter.js';
import { transformForLoader } from './transform.js';

/**
 * Module load hook, running in Node's hooks thread. ES modules are instrumented
 * here. CommonJS usually comes with no source and reaches the _compile hook;
 * when an earlier hook (tsx) already supplied its source, Node compiles it
 * without _compile, so it is instrumented here instead. The marker in the
 * output keeps any file from being instrumented twice.
 */

interface HookData {
  include: string[];
  exclude: string[];
  runtimeUrl: string;
}

interface LoadResult {
  format?: string | null;
  source?: string | ArrayBuffer | Uint8Array | null;
  shortCircuit?: boolean;
}

type NextLoad = (url: string, context: object) => Promise<LoadResult>;

let shouldInstrument: (file: string) => boolean = () => false;
let runtimeUrl = '';

export async function initialize(data: HookData): Promise<void> {
  shouldInstrument = createFileFilter(data.include, data.exclude);
  runtimeUrl = data.runtimeUrl;
}

export async function load(url: string, context: object, nextLoad: NextLoad): Promise<LoadResult> {
  const result = await nextLoad(url, context);
  const format = result.format;
  if ((format !== 'module' && format !== 'commonjs') || !url.startsWith('file:')) return result;
  const filename = fileURLToPath(url);
  if (!shouldInstrument(filename)) return result;
  if (result.source == null) return result;
  const source = typeof result.source === 'string' ? result.source : Buffer.from(result.source as Uint8Array).toString('utf8');
  const runtime = format === 'module' ? runtimeUrl : fileURLToPath(runtimeUrl);
  return { ...result, source: transformForLoader(source, filename, format, runtime) };
}
