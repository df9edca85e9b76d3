import { extname } from 'node:path';
import { checkWritableFile, writeFileAtomic } from '../file-system';
import { CallGraph } from '../graph/types';
import type { DotOptions } from './dot';
import type { PngOptions } from './png';

/**
 * The renderers are loaded when something is drawn: `tsprof run` checks its
 * output file before the command starts, and loads them while it runs.
 */
const dotRenderer = (): typeof import('./dot') => require('./dot');
const svgRenderer = (): typeof import('./svg') => require('./svg');
const pngRenderer = (): typeof import('./png') => require('./png');

export type OutputFormat = 'png' | 'svg' | 'dot';

/** The output file names a format tsprof cannot draw; the message is one line that says what to do. */
export class RenderOutputError extends Error {
  override name = 'RenderOutputError';
}

export interface RenderOptions extends DotOptions, PngOptions {}

export interface WrittenFile {
  file: string;
  format: OutputFormat;
  bytes: number;
}

const FORMAT_BY_EXTENSION: Record<string, OutputFormat> = {
  '': 'png',
  '.png': 'png',
  '.svg': 'svg',
  '.dot': 'dot',
  '.gv': 'dot',
};

/** The format a file name asks for: `.png` (also when there is no extension), `.svg`, `.dot` or `.gv`. */
export function formatForFile(file: string): OutputFormat {
  const extension = extname(file).toLowerCase();
  const format = FORMAT_BY_EXTENSION[extension];
  if (!format) {
    throw new RenderOutputError(`cannot write ${file}: unknown output format "${extension}"; use a .png, .svg or .dot file name`);
  }
  return format;
}

/** The graph in one output format, in memory. */
export async function renderGraph(graph: CallGraph, format: OutputFormat, options: RenderOptions = {}): Promise<string | Buffer> {
  const dot = dotRenderer().toDot(graph, options);
  if (format === 'dot') return dot;
  const svg = await svgRenderer().dotToSvg(dot);
  return format === 'svg' ? svg : pngRenderer().svgToPng(svg, options);
}

/**
 * Renders the graph into `file`, in the format its extension names. Missing
 * directories are created (the default output goes to a fresh `out/`). The
 * file appears complete or not at all (see writeFileAtomic), and only ever
 * replaces a regular file: links are written through, devices refused.
 */
export async function renderToFile(graph: CallGraph, file: string, options: RenderOptions = {}): Promise<WrittenFile> {
  const format = formatForFile(file);
  checkWritableFile(file, 'output');
  const content = await renderGraph(graph, format, options);
  writeFileAtomic(file, content, { makeDirectories: true });
  return { file, format, bytes: Buffer.byteLength(content) };
}

/**
 * Loads and compiles what drawing `format` needs, in the background: `tsprof
 * run` calls it while the command runs, when the CLI has nothing else to do.
 */
export function prepareRenderer(format: OutputFormat): void {
  dotRenderer();
  if (format === 'dot') return;
  svgRenderer().warmUpGraphviz();
  if (format === 'png') pngRenderer().loadCanvas();
}

/** Everything that can be known about writing `file` before anything is drawn: its format and its directory. */
export function checkOutputFile(file: string): void {
  formatForFile(file);
  checkWritableFile(file, 'output');
}
