import { objectDefineProperty, reflectApply } from './intrinsics';

/**
 * `fn.toString()` must give what the program's author wrote: libraries send
 * function source to workers or browsers (`new Worker(fn.toString())`,
 * `page.evaluate(fn)`), where the probes' names do not exist. Every piece of
 * inserted code sits between sentinel comments whose prefix never occurs in
 * the original file, so removing those pieces restores the original text.
 */

// An arrow with an expression body ends inside its inserted closer, so the
// last piece of a function's text may lack its closing sentinel.
const INSERTION = /\/\*(__tsp\d*)\[\*\/[\s\S]*?(?:\/\*\]\1\*\/|$)/g;
const stringReplace = String.prototype.replace;
const stringIncludes = String.prototype.includes;

export function originalSourceText(text: string): string {
  return reflectApply(stringIncludes, text, ['[*/']) ? reflectApply(stringReplace, text, [INSERTION, '']) : text;
}

/**
 * Replaces Function.prototype.toString in this realm; the replacement looks and
 * behaves native (name, length, not a constructor, its own source text).
 * Called once per realm, when its runtime is created.
 */
export function installOriginalFunctionSource(): void {
  const native = Function.prototype.toString;
  const replacement = {
    toString(this: unknown): string {
      if (this === replacement) return reflectApply(native, native, []);
      return originalSourceText(reflectApply(native, this, []));
    },
  }.toString;
  const descriptor = Object.getOwnPropertyDescriptor(Function.prototype, 'toString')!;
  objectDefineProperty(Function.prototype, 'toString', { ...descriptor, value: replacement });
}
