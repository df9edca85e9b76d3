/**
 * What instrument() throws for a file it will not rewrite, besides Babel's
 * SyntaxError for a file it cannot parse: the loader runs such a file
 * unchanged and says why in one line. Recognised by `name`, not instanceof,
 * because the loader and the privately loaded transform bundle each have
 * their own copy of this class.
 */
export const CANNOT_INSTRUMENT = 'CannotInstrument';

export class CannotInstrument extends Error {
  override name = CANNOT_INSTRUMENT;
}

/** A stack overflow in the parser or a traversal: code nested thousands deep (Babel recurses per level). */
export function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && error.message.includes('call stack');
}
