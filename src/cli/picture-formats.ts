import { extname } from 'node:path';

/**
 * The file-name extensions that choose each picture format for `-o` (a name
 * without one is a PNG), the default picture and which formats Graphviz lays
 * out: outputs.ts's table of formats and the commands' options take them from
 * here, so that bin/tsprof.js's early start (early-graphviz.ts) reads them
 * without loading the writers.
 */
export const PICTURE_EXTENSIONS = {
  png: ['.png', ''],
  svg: ['.svg'],
  dot: ['.dot', '.gv'],
  html: ['.html', '.htm'],
} as const;

export type PictureFormatName = keyof typeof PICTURE_EXTENSIONS;

/** The picture `run` and `render` draw without -o (diff draws one only when given -o). */
export const DEFAULT_PICTURE = 'out/calls.png';

/** Whether drawing `format` goes through Graphviz's layout (all but the DOT, which is its input). */
export function laidOut(format: PictureFormatName): boolean {
  return format !== 'dot';
}

/** The picture format `file` asks for by its extension, or undefined for one tsprof does not draw. */
export function pictureFormatOf(file: string): PictureFormatName | undefined {
  const extension = extname(file).toLowerCase();
  return (Object.keys(PICTURE_EXTENSIONS) as PictureFormatName[]).find((name) => (PICTURE_EXTENSIONS[name] as readonly string[]).includes(extension));
}
