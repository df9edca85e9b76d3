import { extname } from 'node:path';

/**
 * The file-name extensions that choose each picture format for `-o` (a name
 * without one is a PNG): outputs.ts's table of formats takes them from here,
 * so that bin/tsprof.js's early start (early-graphviz.ts) reads them without
 * loading the writers.
 */
export const PICTURE_EXTENSIONS = {
  png: ['.png', ''],
  svg: ['.svg'],
  dot: ['.dot', '.gv'],
  html: ['.html', '.htm'],
} as const;

export type PictureFormatName = keyof typeof PICTURE_EXTENSIONS;

/** The picture format `file` asks for by its extension, or undefined for one tsprof does not draw. */
export function pictureFormatOf(file: string): PictureFormatName | undefined {
  const extension = extname(file).toLowerCase();
  return (Object.keys(PICTURE_EXTENSIONS) as PictureFormatName[]).find((name) => (PICTURE_EXTENSIONS[name] as readonly string[]).includes(extension));
}
