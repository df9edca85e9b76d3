/**
 * A literal for generated code. JSON leaves U+2028 and U+2029 raw, and V8
 * counts those as line breaks, so they are escaped to keep every line.
 */
export function sourceLiteral(value: unknown): string {
  return JSON.stringify(value).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

