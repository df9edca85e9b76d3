/**
 * What src/render/format.ts needs of `node:url` in the browser (the page
 * bundle maps `node:url` here, and `node:path` to path-browserify): the path
 * of an ES module's `file://` name, which the profile keeps as loaded.
 */
export function fileURLToPath(url: string): string {
  return decodeURIComponent(new URL(url).pathname);
}
