import type { RuntimeLoad } from '../instrument/instrument';
import type { ModuleFormat } from '../instrument/parse';

/**
 * What the loading thread (transform-ahead.ts) and the transform worker
 * (transform-worker.ts) say to each other. Each job has a slot in a shared
 * Int32Array; whoever moves it out of `queued` first (compareExchange) does
 * the file, so it is never transformed twice, and the loading thread can wait
 * (Atomics.wait) for a job that is `working` to leave that state.
 */
export const JOB = { queued: 0, working: 1, takenHere: 2, done: 3 } as const;

/** The transform's inputs but the source, which the worker reads from the file. */
export interface AheadInputs {
  format: ModuleFormat;
  runtimeSpecifier: string;
  runtimeLoad?: RuntimeLoad;
}

export interface AheadJob extends AheadInputs {
  /** The job's slot; 0 is never used. */
  index: number;
  filename: string;
}

export interface AheadResult {
  filename: string;
  inputs: AheadInputs;
  /** The transform cache's key of what was transformed: the result counts only for a load with this key and this source. */
  key: string;
  source: string;
  code: string;
  warnings: string[];
  /** The file's static relative imports (static-imports.ts), for the next jobs. */
  specifiers: string[];
}

/** What besides the source keys a transform: in the cache (transform.ts, cache.ts), and a result made ahead (transform-ahead.ts). */
export function transformKeyParts(filename: string, { format, runtimeSpecifier, runtimeLoad }: AheadInputs): string[] {
  return [filename, format, runtimeSpecifier, runtimeLoad ?? 'auto'];
}
