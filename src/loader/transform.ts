import type * as InstrumentModule from '../instrument/instrument';
import type { ModuleFormat } from '../instrument/parse';

/**
 * The one transform both module systems share. It fails open: whatever goes
 * wrong, the original source runs and one warning names the file and the reason.
 */

const warned = new Set<string>();

/** Babel is loaded on the first included file, so processes that load none (a broker child, say) pay nothing. */
let instrumentModule: typeof InstrumentModule | null = null;
function loadInstrument(): typeof InstrumentModule {
  instrumentModule ??= require('../instrument/instrument') as typeof InstrumentModule;
  return instrumentModule;
}

export function warnOnce(key: string, message: string): void {
  if (warned.has(key)) return;
  warned.add(key);
  process.stderr.write(`tsprof: ${message}\n`);
}

export function transformForLoader(source: string, filename: string, format: ModuleFormat, runtimeSpecifier: string): string {
  const { instrument, isInstrumented } = loadInstrument();
  if (isInstrumented(source)) return source;
  try {
    const result = instrument(source, { filename, format, runtimeSpecifier });
    for (const skipped of result.skipped) {
      warnOnce(`${filename}:${skipped.line}:${skipped.name}`, `not instrumenting ${skipped.name} (${filename}:${skipped.line}): ${skipped.reason}`);
    }
    return result.code;
  } catch (error) {
    const reason = (error as Error).message.split('\n')[0];
    warnOnce(filename, `not instrumenting ${filename}: ${reason}; it runs unchanged`);
    return source;
  }
}
