/**
 * The contract between the transform (instrument/) and the runtime (runtime/):
 * what instrumented code calls, with what, and how inserted code is marked.
 * Both sides import this leaf module, so they cannot drift apart.
 */

/**
 * The probes on the runtime object, by the one-letter names instrumented code
 * calls them by (they appear at every call site). `Frame` is the runtime's
 * handle of one activation. The runtime implements this interface exactly
 * (runtime/probes.ts, checked by ExactProbes) and the transform writes every
 * call through probeCall/probeCallAround, whose arguments are typed from it:
 * a parameter added or dropped on one side fails to compile on the other.
 */
export interface ProbeSignatures<Frame> {
  /** Once per evaluation of a file; returns the id of the file's first function. */
  register(file: string, sites: ReadonlyArray<SiteRow>): number;
  /** enter: at the top of every instrumented body. */
  e(id: number): Frame;
  /** exit: in the finally around every instrumented body. */
  x(frame: Frame): void;
  /** mark: before an awaited call is evaluated; returns the frame. */
  m(frame: Frame): Frame;
  /** suspend: before an await whose operand is not a call; passes the operand through. */
  s<T>(frame: Frame, value?: T): T | undefined;
  /** suspend at a yield: the generator is parked until its consumer asks again, not waiting. */
  sy<T>(frame: Frame, value?: T): T | undefined;
  /** suspend before an await of a call, whose wait is also charged to that call's edge. */
  sc<T>(frame: Frame, value: T): T;
  /** resume: after an await or yield and at the top of catch/finally; passes the result through. */
  r<T>(frame: Frame, value?: T): T | undefined;
  /** for-await: wraps the iterable so the loop's implicit awaits suspend; `notIterable` is V8's message naming it. */
  fa(frame: Frame, iterable: unknown, notIterable?: string): object;
}

export type ProbeName = keyof ProbeSignatures<unknown>;

/** What each probe is for, by the name the transform's code uses for it. */
export const PROBE = {
  register: 'register',
  enter: 'e',
  exit: 'x',
  mark: 'm',
  suspend: 's',
  suspendYield: 'sy',
  suspendCall: 'sc',
  resume: 'r',
  forAwait: 'fa',
} as const satisfies Record<string, ProbeName>;

type Assert<Condition extends true> = Condition;
type SameParameters<A, B> = A extends (...args: infer P) => unknown
  ? B extends (...args: infer Q) => unknown
    ? [P] extends [Q]
      ? [Q] extends [P]
        ? true
        : false
      : false
    : false
  : false;

/** Fails to compile when a probe of the interface has no entry in PROBE. */
export type EveryProbeHasARole = Assert<[Exclude<ProbeName, (typeof PROBE)[keyof typeof PROBE]>] extends [never] ? true : false>;

/**
 * `Implementation` when each of its probes takes exactly the contract's
 * parameters, else never. Plain assignability would accept a probe that
 * takes fewer, silently ignoring an argument the transform passes.
 */
export type ExactProbes<Implementation extends ProbeSignatures<Frame>, Frame> = {
  [Name in ProbeName]: SameParameters<Implementation[Name], ProbeSignatures<Frame>[Name]>;
} extends Record<ProbeName, true>
  ? Implementation
  : never;

/** Text to put before a span of the original and text to put after it. */
export type Around = [before: string, after: string];

/** Stands, among a probe call's arguments, for the original code the call is written around. */
export const OPERAND: unique symbol = Symbol('operand');

type Texts<Parameters extends readonly unknown[], Slot> = { [Index in keyof Parameters]: Slot };
/** A probe's arguments as source text, one per parameter (optional ones may be left out). */
export type ArgumentTexts<Name extends ProbeName> = Texts<Parameters<ProbeSignatures<unknown>[Name]>, string>;
/** The same, where one argument is the OPERAND. */
export type WrappingArgumentTexts<Name extends ProbeName> = Texts<Parameters<ProbeSignatures<unknown>[Name]>, string | typeof OPERAND>;

/** `runtime.probe(a,b)`: a probe call whose arguments are all inserted text. */
export function probeCall<Name extends ProbeName>(runtime: string, probe: Name, ...args: ArgumentTexts<Name>): string {
  return `${runtime}.${probe}(${(args as readonly string[]).join(',')})`;
}

/**
 * A probe call around original code: the text before the OPERAND's place
 * (`runtime.probe(a,`) and after it (`,b)` or `)`).
 */
export function probeCallAround<Name extends ProbeName>(runtime: string, probe: Name, ...args: WrappingArgumentTexts<Name>): Around {
  const texts = args as readonly (string | typeof OPERAND)[];
  const at = texts.indexOf(OPERAND);
  if (at < 0 || texts.lastIndexOf(OPERAND) !== at) throw new Error(`probe call ${probe} needs one operand`);
  const before = texts.slice(0, at).map((text) => `${String(text)},`).join('');
  const after = texts.slice(at + 1).map((text) => `,${String(text)}`).join('');
  return [`${runtime}.${probe}(${before}`, `${after})`];
}

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
 * `var <prefix>$f=<prefix>.e(` and `)`, around the function's id: how every
 * instrumented body begins. A text holds pieces of a prefix only if it holds
 * this for that prefix too: every inserted piece belongs to a function whose
 * body begins so, and whose text lies within any function text that holds the
 * piece.
 */
export function entryAround(prefix: string): Around {
  const [before, after] = probeCallAround(prefix, PROBE.enter, OPERAND);
  return [`var ${prefix}${FRAME_SUFFIX}=${before}`, after];
}

export function entryStart(prefix: string): string {
  return entryAround(prefix)[0];
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
