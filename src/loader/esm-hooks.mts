import { fileURLToPath } from 'node:url';
import { createFileFilter } from './filter.js';
import { transformForLoader } from './transform.js';

/**
 * ES module load hook, running in Node's hooks thread. Only `module` format is
 * handled here; CommonJS reaches the _compile hook, so nothing is instrumented twice.
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
  if (result.format !== 'module' || !url.startsWith('file:') || result.source == null) return result;
  const filename = fileURLToPath(url);
  if (!shouldInstrument(filename)) return result;
  const source = typeof result.source === 'string' ? result.source : Buffer.from(result.source as Uint8Array).toString('utf8');
  return { ...result, source: transformForLoader(source, filename, 'module', runtimeUrl) };
}
