import { PROBE_PREFIX, sentinelsFor } from '../probe-contract';

export { INSTRUMENTED_MARKER, RUNTIME_GLOBAL_KEY, SPACE_BEFORE_MARKER } from '../probe-contract';

/**
 * Identifiers the instrumented code uses. They are chosen per file so that they
 * never collide with a name the file already contains, so user code cannot shadow
 * them and they cannot shadow user code.
 */
export interface ProbeNames {
  /** Module-level binding to the runtime probes. */
  runtime: string;
  /** Module-level first function id of this file. */
  base: string;
  /** Per-function binding of the current activation. */
  frame: string;
}

export function chooseProbeNames(code: string): ProbeNames {
  for (let attempt = 0; ; attempt++) {
    const prefix = attempt === 0 ? PROBE_PREFIX : `${PROBE_PREFIX}${attempt}`;
    if (!code.includes(prefix)) return { runtime: prefix, base: `${prefix}$b`, frame: `${prefix}$f` };
  }
}

/** The comments around every piece of inserted code in this file (see probe-contract.ts). */
export function insertionSentinels(names: ProbeNames): [string, string] {
  return sentinelsFor(names.runtime);
}
