/**
 * The contract between the transform (instrument/) and the runtime (runtime/):
 * what instrumented code calls, with what, and how inserted code is marked.
 * Both sides import this leaf module, so they cannot drift apart.
 */

/** The probes' property names on the runtime object, one letter each because they appear at every call site. */
export const PROBE = {
  /** register(file, siteRows) → id of the file's first function, once per evaluation of the file */
  register: 'register',
  /** e(id) → frame: at the top of every instrumented body */
  enter: 'e',
  /** x(frame): in the finally around every instrumented body */
  exit: 'x',
  /** m(frame) → frame: before an await's operand is evaluated */
  mark: 'm',
  /** s(frame, value) → value: before an await whose operand is not a call */
  suspend: 's',
  /** sy(frame, value) → value: before a yield, where a generator is parked, not waiting */
  suspendYield: 'sy',
  /** sc(frame, value) → value: before an await of a call, whose wait is also charged to that call */
  suspendCall: 'sc',
  /** r(frame, value) → value: after an await/yield and at the top of catch/finally */
  resume: 'r',
  /** fa(frame, iterable, notIterableMessage?) → iterable whose implicit awaits suspend */
  forAwait: 'fa',
} as const;

/**
 * One instrumented function, in id order: [display name, line, column], with
 * the original file as a fourth entry when a source map puts it elsewhere.
 */
export type SiteRow = readonly [name: string, line: number, column: number, file?: string];

/**
 * `Symbol.for` key of the global property holding a thread's runtime. Code that
 * a test runner evaluates in its own context (jest) or outside Node's module
 * system (vitest) reads the runtime from there instead of loading a module.
 */
export const RUNTIME_GLOBAL_KEY = 'tsprof.runtime.v1';

/** Marks output as instrumented so that a second loader pass leaves it alone. */
export const INSTRUMENTED_MARKER = '/*tsprof:instrumented*/';

/**
 * Every piece of inserted code sits between `/*__tspN[*\/` and `/*]__tspN*\/`,
 * where `__tspN` is the file's probe prefix; deleting each pair and what is
 * between gives back the original text (runtime/function-source.ts). The
 * prefix never occurs in the original file, and its number N is above every
 * number that follows `__tsp` anywhere in that file (none counts as 0; a file
 * without `__tsp` gets the bare prefix), so text that merely looks like a
 * piece — a string holding `/*__tsp[*\/`, a copy of instrumented output —
 * always has a lower number than the real pieces around it.
 */
export const PROBE_PREFIX = '__tsp';
export const SENTINEL_PREFIX = `/*${PROBE_PREFIX}`;
export const OPENER_END = '[*/';

export function sentinelsFor(prefix: string): [opener: string, closer: string] {
  return [`/*${prefix}${OPENER_END}`, `/*]${prefix}*/`];
}

/** The per-function binding of the current activation: the prefix and this suffix. */
export const FRAME_SUFFIX = '$f';
/** The module-level binding of the file's first function id: the prefix and this suffix. */
export const BASE_SUFFIX = '$b';

/**
 * How every instrumented body begins. A text holds pieces of a prefix only if
 * it holds this for that prefix too: every inserted piece belongs to a
 * function whose body begins so, and whose text lies within any function
 * text that holds the piece.
 */
export function entryStart(prefix: string): string {
  return `var ${prefix}${FRAME_SUFFIX}=${prefix}.${PROBE.enter}(`;
}

/**
 * Whether the decimal digits `a` stand for a larger number than `b` ('' is 0),
 * at any length. Indexing and comparison only: the runtime calls it, and a
 * program may have patched every String method.
 */
export function digitsAbove(a: string, b: string): boolean {
  let startA = 0;
  let startB = 0;
  while (startA < a.length && a[startA] === '0') startA++;
  while (startB < b.length && b[startB] === '0') startB++;
  if (a.length - startA !== b.length - startB) return a.length - startA > b.length - startB;
  for (let offset = 0; startA + offset < a.length; offset++) {
    if (a[startA + offset] !== b[startB + offset]) return a[startA + offset] > b[startB + offset];
  }
  return false;
}

/**
 * Right after a division sign an opener would read as `//`, a line comment, so
 * a space goes before it; this empty comment right after the opener says that
 * the space was inserted too.
 */
export const SPACE_BEFORE_MARKER = '/**/';
