import { Resvg } from '@resvg/resvg-js';

export interface PngOptions {
  /** Zoom factor over the SVG's own size (default DEFAULT_SCALE). */
  scale?: number;
}

/** 1 keeps 11 pt text readable on ordinary screens; --scale 2 for high-density ones or zooming in. */
export const DEFAULT_SCALE = 1;
/**
 * Huge graphs at full zoom make images that viewers refuse to open and that
 * take seconds to encode; past this many pixels on the longer side the zoom
 * is reduced to fit. Such a graph wants pruning or the SVG anyway.
 */
const MAX_SIDE_PIXELS = 16_000;

/** The same font family as toDot asks for, so text fits the boxes Graphviz sized for it. */
const FONT_OPTIONS = { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' };

export function svgToPng(svg: string, options: PngOptions = {}): Buffer {
  const scale = fittingScale(svg, options.scale ?? DEFAULT_SCALE);
  const resvg = new Resvg(svg, { fitTo: { mode: 'zoom', value: scale }, font: FONT_OPTIONS, background: 'white' });
  return resvg.render().asPng();
}

function fittingScale(svg: string, scale: number): number {
  const original = new Resvg(svg, { fitTo: { mode: 'original' }, font: { loadSystemFonts: false } });
  const longerSide = Math.max(original.width, original.height);
  return longerSide * scale > MAX_SIDE_PIXELS ? MAX_SIDE_PIXELS / longerSide : scale;
}
