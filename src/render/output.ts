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
  const laidOut = svgRenderer().dotToSvg(dot);
  // Skia loads (if it has not yet) while Graphviz lays the graph out in its thread.
  let png: ReturnType<typeof pngRenderer> | null = null;
  try {
    png = format === 'png' ? pngRenderer() : null;
    png?.loadCanvas();
  } catch (error) {
    laidOut.catch(() => undefined); // the error to report is Skia's, not a layout nobody waits for any more
    throw error;
  }
  const svg = await laidOut;
  return png ? await png.svgToPng(svg, options) : svg;
}

/**
 * Loads and compiles what drawing `format` needs, in the background: `tsprof
 * run` calls it while the command runs, `tsprof render` before it reads the
 * profile. Graphviz starts in its thread at once; Skia, which loads in this
 * thread, when the thread next waits (render: for the layout), so that it
 * never holds up reading the profile; and once Graphviz's warm-up layout is
 * back, the raster draws it (png.ts's warmUpRaster), again only when this
 * thread waits.
 */
export function prepareRenderer(format: PictureFormat): void {
  dotRenderer();
  if (format === 'dot') return;
  const warmUp = svgRenderer().warmUpSvg();
  if (format === 'png') {
    setImmediate(() => {
      let png: ReturnType<typeof pngRenderer>;
      try {
        png = pngRenderer();
        png.loadCanvas();
      } catch {
        return; // renderGraph loads it again when the picture is drawn, and that error is the one reported.
      }
      void warmUp.then((svg) => (svg === null ? undefined : png.warmUpRaster(svg)));
    });
  }
}
