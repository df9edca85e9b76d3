import { TsprofError } from '../errors';
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

/** The formats a graph is drawn in; which file name asks for which is the output table's (cli/outputs.ts). */
export type PictureFormat = 'png' | 'svg' | 'dot';

/** The output file names a format tsprof cannot draw; the message is one line that says what to do. */
export class RenderOutputError extends TsprofError {
  override name = 'RenderOutputError';
}

export interface RenderOptions extends DotOptions, PngOptions {}

/** The graph drawn in one format, in memory: DOT, laid out by Graphviz into SVG, rasterised into PNG. */
export async function renderGraph(graph: CallGraph, format: PictureFormat, options: RenderOptions = {}): Promise<string | Buffer> {
  const dot = dotRenderer().toDot(graph, options);
  if (format === 'dot') return dot;
  const svg = await svgRenderer().dotToSvg(dot);
  return format === 'svg' ? svg : pngRenderer().svgToPng(svg, options);
}

/**
 * Loads and compiles what drawing `format` needs, in the background: `tsprof
 * run` calls it while the command runs, when the CLI has nothing else to do.
 */
export function prepareRenderer(format: PictureFormat): void {
  dotRenderer();
  if (format === 'dot') return;
  svgRenderer().warmUpGraphviz();
  if (format === 'png') pngRenderer().loadCanvas();
}
