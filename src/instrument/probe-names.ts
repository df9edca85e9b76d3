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

/**
 * `Symbol.for` key of the global property holding a thread's runtime. Code that
 * a test runner evaluates in its own context (jest) or outside Node's module
 * system (vitest) reads the runtime from there instead of loading a module.
 */
export const RUNTIME_GLOBAL_KEY = 'tsprof.runtime.v1';

/** Marks output as instrumented so that a second loader pass leaves it alone. */
export const INSTRUMENTED_MARKER = '/*tsprof:instrumented*/';

export function chooseProbeNames(code: string): ProbeNames {
  for (let attempt = 0; ; attempt++) {
    const prefix = attempt === 0 ? '__tsp' : `__tsp${attempt}`;
    if (!code.includes(prefix)) return { runtime: prefix, base: `${prefix}$b`, frame: `${prefix}$f` };
  }
}

/**
 * Comments around every piece of inserted code, `/*__tsp[*\/ … /*]__tsp*\/`.
 * The prefix never occurs in the original file, so deleting everything between
 * a pair gives back the original text exactly (see runtime/function-source.ts).
 */
export function insertionSentinels(names: ProbeNames): [string, string] {
  return [`/*${names.runtime}[*/`, `/*]${names.runtime}*/`];
}

/**
 * Right after a division sign an opener would read as `//`, a line comment, so
 * a space goes before it; this empty comment right after the opener says that
 * the space was inserted too.
 */
export const SPACE_BEFORE_MARKER = '/**/';
