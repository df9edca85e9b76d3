import type * as Canvas from '@napi-rs/canvas';
import { readSvgScene } from './svg-scene';

export interface PngOptions {
  /** Size factor over the default, which fits a screen (default DEFAULT_SCALE). */
  scale?: number;
}

/** --scale 2 for twice the pixels of the default (high-density screens, zooming in). */
export const DEFAULT_SCALE = 1;
/**
 * The default PNG fits this box where it can stay legible, so it opens whole
 * in an image viewer on an ordinary screen; smaller pictures keep their
 * natural size (11 pt text).
 * Drawing time grows with the pixels, so this is also what keeps a PNG quick.
 */
export const SCREEN_PIXELS = { width: 2560, height: 1600 };
/**
 * Fitting the screen never shrinks the picture below this share of its
 * natural size: past it, text is too small to read (node names of 13 px would
 * fall under 10 px). A graph too tall or too wide for the screen at this size
 * keeps it, and the viewer scrolls.
 */
export const MIN_LEGIBLE_ZOOM = 0.75;
/**
 * However large the --scale, past this many pixels on the longer side the
 * zoom is reduced: viewers refuse such images and they take seconds to encode.
 * Such a graph wants pruning or the SVG anyway.
 */
const MAX_SIDE_PIXELS = 16_000;

/**
 * Skia (through @napi-rs/canvas) draws the picture: it keeps glyphs in a
 * cache, so a graph's hundreds of labels cost a fraction of what resvg spent
 * laying out each text element anew (2-5x faster on the same picture, see
 * npm run bench).
 */
let canvasModule: typeof Canvas | null = null;

/** Loaded on the first PNG: a DOT or SVG run, and `tsprof run` while the command starts, never pay for Skia. */
export function loadCanvas(): typeof Canvas {
  canvasModule ??= require('@napi-rs/canvas') as typeof Canvas;
  return canvasModule;
}

/**
 * The PNG of an SVG. Graphviz's SVG is drawn shape by shape (svg-scene.ts,
 * scene-raster.ts); any other SVG by Skia's SVG renderer, which draws through
 * two offscreen bitmaps of the picture's size.
 */
export async function svgToPng(svg: string, options: PngOptions = {}): Promise<Buffer> {
  const scene = readSvgScene(svg);
  if (scene) {
    const { width, height } = pictureSize(scene.width, scene.height, options);
    const { sceneToPng } = require('./scene-raster') as typeof import('./scene-raster');
    const png = await sceneToPng(loadCanvas(), scene, width, height);
    if (png) return png;
  }
  return svgImageToPng(svg, options);
}

/**
 * Draws a small laid-out graph (Graphviz's warm-up, render/graphviz.ts) as a
 * PNG and throws it away, while tsprof waits anyway (`tsprof run`: for the
 * command; `tsprof render`: for the real graph's layout). A process's first
 * picture paid some 10 ms more than its second for the same pixels (V8
 * compiling the SVG reader and the raster's code, Skia's first paths and
 * glyphs, zlib's first stream); this pays most of it off the critical path.
 * Never throws: the real picture reports what goes wrong.
 */
export async function warmUpRaster(svg: string): Promise<void> {
  try {
    const scene = readSvgScene(svg);
    if (!scene) return;
    const { width, height } = pictureSize(scene.width, scene.height, {});
    const { sceneToPng } = require('./scene-raster') as typeof import('./scene-raster');
    await sceneToPng(loadCanvas(), scene, width, height);
  } catch {
    // Nothing drawn here is kept.
  }
}

function pictureSize(naturalWidth: number, naturalHeight: number, options: PngOptions): { width: number; height: number } {
  const zoom = zoomFor(naturalWidth, naturalHeight, options.scale ?? DEFAULT_SCALE);
  return { width: Math.max(1, Math.round(naturalWidth * zoom)), height: Math.max(1, Math.round(naturalHeight * zoom)) };
}

function svgImageToPng(svg: string, options: PngOptions): Buffer {
  const { createCanvas, Image } = loadCanvas();
  const image = new Image();
  image.src = Buffer.from(svg);
  const { width, height } = pictureSize(image.width, image.height, options);
  // One pixel wider than the picture: the encoder packs each row with its filter byte in the pixels' own buffer.
  const picture = createCanvas(width + 1, height);
  const context = picture.getContext('2d');
  context.fillStyle = 'white';
  context.fillRect(0, 0, picture.width, picture.height);
  context.drawImage(image, 0, 0, width, height);
  // Loaded when a PNG is written, so that the CLI's options (DEFAULT_SCALE) cost no zlib at start-up.
  const { encodeRgbaPng } = require('./png-encode') as typeof import('./png-encode');
  return encodeRgbaPng(width, height, picture.data(), picture.width * 4);
}

/** The natural size shrunk to fit the screen box (never enlarged, never below legible), times `scale`, within MAX_SIDE_PIXELS. */
function zoomFor(width: number, height: number, scale: number): number {
  const fitScreen = Math.min(1, Math.max(MIN_LEGIBLE_ZOOM, Math.min(SCREEN_PIXELS.width / width, SCREEN_PIXELS.height / height)));
  const zoom = fitScreen * scale;
  const longerSide = Math.max(width, height);
  return longerSide * zoom > MAX_SIDE_PIXELS ? MAX_SIDE_PIXELS / longerSide : zoom;
}
