import { sayOnce } from '../messages';
import type * as InstrumentModule from '../instrument/instrument';
import type { RuntimeLoad } from '../instrument/instrument';
import type { ModuleFormat } from '../instrument/parse';
import { cacheKey, codeCacheFile, readCached, writeCached } from './cache';
import { loadPrivately, type PrivateBundle } from './private-module';
import { TRANSFORM_BUNDLE } from './bundles';
import { CANNOT_INSTRUMENT } from '../instrument/refusal';
import { takeTransformedAhead } from './transform-ahead';
import { transformKeyParts, type AheadInputs } from './transform-ahead-protocol';

/**
 * The one transform both module systems share. It fails open: whatever goes
 * wrong, the original source runs and one warning names the file and the reason.
 */


/**
 * The transform (Babel inside) is loaded on the first included file that
 * misses the cache, so processes that load none (a broker child, say) pay
 * nothing. It comes from the bundle, loaded privately: the program's own
 * require hooks never compile tsprof's code.
 */
let bundle: PrivateBundle | null = null;
function loadInstrument(): typeof InstrumentModule {
  bundle ??= loadPrivately(TRANSFORM_BUNDLE, codeCacheFile(TRANSFORM_BUNDLE));
  return bundle.exports as typeof InstrumentModule;
}

/** Wraps the work of a cache miss (loading the transform, instrumenting, caching); see instrumenting-time.ts. */
export type InstrumentingMeter = <T>(work: () => T) => T;
let measureInstrumenting: InstrumentingMeter = (work) => work();

export function setInstrumentingMeter(meter: InstrumentingMeter): void {
  measureInstrumenting = meter;
}


export function instrumentOrWarn(source: string, filename: string, { format, runtimeSpecifier, runtimeLoad }: AheadInputs): { code: string; warnings: string[] } {
  const { instrument, isInstrumented } = loadInstrument();
  if (isInstrumented(source)) return { code: source, warnings: [] };
  try {
    const result = instrument(source, { filename, format, runtimeSpecifier, runtimeLoad });
    const warnings = result.skipped.map((skipped) => `not instrumenting ${skipped.name} (${filename}:${skipped.line}): ${skipped.reason}`);
    return { code: result.code, warnings };
  } catch (error) {
    // A parse error or the transform's refusal (instrument/refusal.ts); anything else is a tsprof bug, and the file still runs.
    const refused = error instanceof Error && (error.name === 'SyntaxError' || error.name === CANNOT_INSTRUMENT);
    const reason = `${refused ? '' : 'tsprof failed: '}${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
    return { code: source, warnings: [`not instrumenting ${filename}: ${reason}; it runs unchanged`] };
  } finally {
    // V8's code for the bundle, with what this first transform compiled, goes to the code cache (once: private-module.ts).
    bundle?.writeCodeCache();
  }
}

export function transformForLoader(
  source: string,
  filename: string,
  format: ModuleFormat,
  runtimeSpecifier: string,
  runtimeLoad?: RuntimeLoad,
): string {
  const inputs: AheadInputs = { format, runtimeSpecifier, runtimeLoad };
  const parts = transformKeyParts(filename, inputs);
  const key = cacheKey(source, parts);
  let entry = readCached(key, source, parts);
  if (!entry) {
    entry = measureInstrumenting(() => {
      const made = takeTransformedAhead(key, source, { filename, ...inputs }) ?? instrumentOrWarn(source, filename, inputs);
      writeCached(key, source, parts, made);
      return made;
    });
  }
  for (const warning of entry.warnings) sayOnce(warning, warning);
  return entry.code;
}
