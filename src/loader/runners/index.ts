import { hookJestWhenLoaded } from './jest';
import { hookVitest } from './vitest';

/**
 * Test runners with module systems of their own, which Node's CommonJS and ES
 * module hooks never see. Returns what the CommonJS hook calls after each
 * module it compiled, which is how jest's classes are found.
 */
export function hookTestRunners(shouldInstrument: (file: string) => boolean, writeProfilePart: () => void): (module: unknown, filename: unknown) => void {
  hookVitest(shouldInstrument, writeProfilePart);
  return (module, filename) => {
    if (typeof filename !== 'string' || typeof module !== 'object' || module === null) return;
    try {
      hookJestWhenLoaded(module, filename, shouldInstrument);
    } catch {
      // A runner we do not recognise runs as it is.
    }
  };
}
