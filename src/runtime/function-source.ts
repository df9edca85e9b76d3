import { OPENER_END, PROBE_PREFIX, SENTINEL_PREFIX, SPACE_BEFORE_MARKER, digitsAbove, entryStart } from '../probe-contract';
import { objectDefineProperty, reflectApply, stringIndexOf, stringSlice } from './intrinsics';

/**
 * `fn.toString()` must give what the program's author wrote: libraries send
 * function source to workers or browsers (`new Worker(fn.toString())`,
 * `page.evaluate(fn)`), where the probes' names do not exist. Every piece of
 * inserted code sits between sentinel comments whose prefix never occurs in
 * the original file, so removing those pieces restores the original text.
 * Only that prefix's pieces are removed: a function may hold text that looks
 * like a piece (a string with `/*__tsp[*\/` in it), and a function tsprof never
 * touched may hold nothing else.
 *
 * The scan uses captured string methods only, no regular expression: a
 * program may patch RegExp.prototype.exec or Symbol.replace, and calling
 * toString must not run its code.
 */

const stringIncludes = String.prototype.includes;

function indexOf(text: string, search: string, from: number): number {
  return reflectApply(stringIndexOf, text, [search, from]);
}

function slice(text: string, start: number, end?: number): string {
  return reflectApply(stringSlice, text, end === undefined ? [start] : [start, end]);
}

/** `__tsp` or `__tspN` between `/*` and `[*\/` at `start`, or null when no opener starts there. */
function openerName(text: string, start: number): string | null {
  let position = start + SENTINEL_PREFIX.length;
  while (position < text.length && text[position] >= '0' && text[position] <= '9') position++;
  if (slice(text, position, position + OPENER_END.length) !== OPENER_END) return null;
  return slice(text, start + 2, position);
}

function includes(text: string, search: string): boolean {
  return reflectApply(stringIncludes, text, [search]);
}

/**
 * The prefix of the pieces tsprof inserted into this text, or null when it
 * holds none: of the opener names whose instrumented-body start the text
 * also holds, the one with the highest number (probe-contract.ts).
 */
function insertedPrefix(text: string): string | null {
  let chosen: string | null = null;
  for (let start = indexOf(text, SENTINEL_PREFIX, 0); start >= 0; start = indexOf(text, SENTINEL_PREFIX, start + 1)) {
    const name = openerName(text, start);
    if (name === null || name === chosen) continue;
    if (chosen !== null && !digitsAbove(slice(name, PROBE_PREFIX.length), slice(chosen, PROBE_PREFIX.length))) continue;
    if (includes(text, entryStart(name))) chosen = name;
  }
  return chosen;
}

/**
 * An arrow with an expression body ends inside its inserted closer, so the
 * last piece of a function's text may lack its closing sentinel: it then runs
 * to the end.
 */
export function originalSourceText(text: string): string {
  if (!includes(text, OPENER_END)) return text;
  const prefix = insertedPrefix(text);
  if (prefix === null) return text;
  let result = '';
  let copiedUpTo = 0;
  let searchFrom = 0;
  for (;;) {
    const start = indexOf(text, SENTINEL_PREFIX, searchFrom);
    if (start < 0) break;
    if (openerName(text, start) !== prefix) {
      searchFrom = start + 1;
      continue;
    }
    const name = prefix;
    const closer = `/*]${name}*/`;
    const openerEnd = start + 2 + name.length + OPENER_END.length;
    const closerStart = indexOf(text, closer, openerEnd);
    const ownsSpace = start > copiedUpTo && text[start - 1] === ' ' && slice(text, openerEnd, openerEnd + SPACE_BEFORE_MARKER.length) === SPACE_BEFORE_MARKER;
    result += slice(text, copiedUpTo, ownsSpace ? start - 1 : start);
    if (closerStart < 0) return result;
    copiedUpTo = searchFrom = closerStart + closer.length;
  }
  return result + slice(text, copiedUpTo);
}

/**
 * Replaces Function.prototype.toString in this realm, or in another realm
 * (a test runner's vm context) given its Function.prototype; the replacement
 * looks and behaves native (name, length, not a constructor, its own source
 * text). Called once per realm, when its runtime is created or shared.
 */
export function installOriginalFunctionSource(functionPrototype: typeof Function.prototype = Function.prototype): void {
  const native = functionPrototype.toString;
  const replacement = {
    toString(this: unknown): string {
      if (this === replacement) return reflectApply(native, native, []);
      return originalSourceText(reflectApply(native, this, []));
    },
  }.toString;
  const descriptor = Object.getOwnPropertyDescriptor(functionPrototype, 'toString')!;
  objectDefineProperty(functionPrototype, 'toString', { ...descriptor, value: replacement });
}
