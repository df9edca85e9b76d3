import { createFileFilter } from './filter.js';
import { instrumentLoadResult, type LoadHookOptions, type LoadResult } from './load-hook.js';

/**
 * Off-thread module load hook (module.register), for Node versions without
 * module.registerHooks. ES modules are instrumented here. CommonJS usually
 * comes with no source and reaches the _compile hook; when an earlier hook
 * (tsx) already supplied its source, Node compiles it without _compile, so it
 * is instrumented here instead. The marker in the output keeps any file from
 * being instrumented twice.
 */

interface HookData {
  include: string[];
  exclude: string[];
  runtimeUrl: string;
}

type NextLoad = (url: string, context: object) => Promise<LoadResult>;

const FORMATS = new Set(['module', 'module-typescript', 'commonjs', 'commonjs-typescript']);

let options: LoadHookOptions = { shouldInstrument: () => false, runtimeUrl: '', formats: FORMATS };

export async function initialize(data: HookData): Promise<void> {
  options = { shouldInstrument: createFileFilter(data.include, data.exclude), runtimeUrl: data.runtimeUrl, formats: FORMATS };
}

export async function load(url: string, context: object, nextLoad: NextLoad): Promise<LoadResult> {
  return instrumentLoadResult(url, await nextLoad(url, context), options);
}
