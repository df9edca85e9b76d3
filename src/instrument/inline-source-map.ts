/**
 * The source map that instrumented output carries in its last line. A leaf
 * with no dependencies, so that the loader can read it back (for runners that
 * want a map file or object) without loading the transform.
 */

const INLINE_MAP_PREFIX = '//# sourceMappingURL=data:application/json;charset=utf-8;base64,';

/** Base64 of `bytes` from `start` to `end`, without a copy. */
function base64(bytes: Uint8Array, start = 0, end = bytes.length): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('base64');
}

/**
 * Base64 of the pieces one after another, as if joined, but without joining
 * them: each piece's whole three-byte groups are encoded where they lie, and
 * the one or two bytes left at a piece's end go with the next piece's first.
 */
function base64OfPieces(pieces: readonly Uint8Array[]): string {
  let text = '';
  let carried: number[] = [];
  for (const piece of pieces) {
    let start = 0;
    while (carried.length > 0 && carried.length < 3 && start < piece.length) carried.push(piece[start++]);
    if (carried.length === 3) {
      text += base64(Uint8Array.from(carried));
      carried = [];
    }
    const end = start + (piece.length - start) - ((piece.length - start) % 3);
    if (end > start) text += base64(piece, start, end);
    for (let index = Math.max(end, start); index < piece.length; index++) carried.push(piece[index]);
  }
  return carried.length > 0 ? text + base64(Uint8Array.from(carried)) : text;
}

/** The comment that carries a map whose JSON text is `json`, given in consecutive pieces. */
export function inlineSourceMapComment(json: readonly Uint8Array[]): string {
  return `${INLINE_MAP_PREFIX}${base64OfPieces(json)}`;
}

/**
 * The map that inlineSourceMapComment appended, as JSON text; null when there
 * is none. Read to the end of its line: a runner may put a comment of its own
 * after it (vitest 4's `//# vitestCache=`), which Node's lenient base64 decoder
 * would otherwise turn into bytes after the JSON.
 */
export function readInlineSourceMap(code: string): string | null {
  const start = code.lastIndexOf(INLINE_MAP_PREFIX);
  if (start < 0) return null;
  const lineEnd = code.indexOf('\n', start);
  const encoded = code.slice(start + INLINE_MAP_PREFIX.length, lineEnd < 0 ? code.length : lineEnd);
  return Buffer.from(encoded.trim(), 'base64').toString('utf8');
}
