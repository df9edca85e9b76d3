/**
 * The source map that instrumented output carries in its last line. A leaf
 * with no dependencies, so that the loader can read it back (for runners that
 * want a map file or object) without loading the transform.
 */

const INLINE_MAP_PREFIX = '//# sourceMappingURL=data:application/json;charset=utf-8;base64,';

export function inlineSourceMapComment(map: object): string {
  return `${INLINE_MAP_PREFIX}${Buffer.from(JSON.stringify(map)).toString('base64')}`;
}

/** The map that inlineSourceMapComment appended, as JSON text; null when there is none. */
export function readInlineSourceMap(code: string): string | null {
  const start = code.lastIndexOf(INLINE_MAP_PREFIX);
  if (start < 0) return null;
  return Buffer.from(code.slice(start + INLINE_MAP_PREFIX.length).trim(), 'base64').toString('utf8');
}
