/**
 * The source map that instrumented output carries in its last line. A leaf
 * with no dependencies, so that the loader can read it back (for runners that
 * want a map file or object) without loading the transform.
 */

const INLINE_MAP_PREFIX = '//# sourceMappingURL=data:application/json;charset=utf-8;base64,';

export function inlineSourceMapComment(map: object): string {
  return `${INLINE_MAP_PREFIX}${Buffer.from(JSON.stringify(map)).toString('base64')}`;
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
  const base64 = code.slice(start + INLINE_MAP_PREFIX.length, lineEnd < 0 ? code.length : lineEnd);
  return Buffer.from(base64.trim(), 'base64').toString('utf8');
}
