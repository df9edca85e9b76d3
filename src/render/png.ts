import type * as Canvas from '@napi-rs/canvas';
import { readSvgScene, type Shape, type SvgScene } from './svg-scene';

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

/** A white canvas one pixel wider than the picture: the encoder packs each row with its filter byte in the pixels' own buffer. */
function whiteCanvas(width: number, height: number): Canvas.Canvas {
  const picture = loadCanvas().createCanvas(width + 1, height);
  const context = picture.getContext('2d');
  context.fillStyle = 'white';
  context.fillRect(0, 0, picture.width, picture.height);
  return picture;
}

export function svgToPng(svg: string, options: PngOptions = {}): Buffer {
  const scene = readSvgScene(svg);
  const { picture, width, height } = (scene && drawScene(scene, options)) ?? drawSvgImage(svg, options);
  // Loaded when a PNG is written, so that the CLI's options (DEFAULT_SCALE) cost no zlib at start-up.
  const { encodeRgbaPng } = require('./png-encode') as typeof import('./png-encode');
  return encodeRgbaPng(width, height, picture.data(), picture.width * 4);
}

interface Drawn {
  picture: Canvas.Canvas;
  width: number;
  height: number;
}

function pictureSize(naturalWidth: number, naturalHeight: number, options: PngOptions): { zoom: number; width: number; height: number } {
  const zoom = zoomFor(naturalWidth, naturalHeight, options.scale ?? DEFAULT_SCALE);
  return { zoom, width: Math.max(1, Math.round(naturalWidth * zoom)), height: Math.max(1, Math.round(naturalHeight * zoom)) };
}

/** Any SVG, drawn by Skia's SVG renderer (through two offscreen bitmaps of the picture's size: see svg-scene.ts). */
function drawSvgImage(svg: string, options: PngOptions): Drawn {
  const image = new (loadCanvas().Image)();
  image.src = Buffer.from(svg);
  const { width, height } = pictureSize(image.width, image.height, options);
  const picture = whiteCanvas(width, height);
  picture.getContext('2d').drawImage(image, 0, 0, width, height);
  return { picture, width, height };
}

/**
 * Graphviz's SVG drawn shape by shape onto the picture's canvas, as an SVG
 * renderer draws it (its defaults where the canvas's differ: a miter limit
 * of 4); null when a shape cannot be drawn (a path Skia cannot read), and the
 * SVG is then drawn by Skia's SVG renderer.
 */
function drawScene(scene: SvgScene, options: PngOptions): Drawn | null {
  const { zoom, width, height } = pictureSize(scene.width, scene.height, options);
  const picture = whiteCanvas(width, height);
  const context = picture.getContext('2d');
  const { viewBox } = scene;
  // The viewBox fills the picture, centred, keeping its aspect (SVG's default `xMidYMid meet`).
  const scale = Math.min((scene.width * zoom) / viewBox.width, (scene.height * zoom) / viewBox.height);
  context.translate((width - viewBox.width * scale) / 2, (height - viewBox.height * scale) / 2);
  context.scale(scale, scale);
  context.translate(-viewBox.x, -viewBox.y);
  for (const step of scene.transform) {
    if (step.kind === 'rotate') context.rotate((step.degrees * Math.PI) / 180);
    else if (step.kind === 'scale') context.scale(step.x, step.y);
    else context.translate(step.x, step.y);
  }
  context.miterLimit = 4;
  try {
    for (const shape of scene.shapes) drawShape(context, shape);
  } catch {
    return null;
  }
  return { picture, width, height };
}

function drawShape(context: Canvas.SKRSContext2D, shape: Shape): void {
  if (shape.kind === 'text') {
    if (shape.text === '' || shape.fill === 'none') return;
    context.font = shape.font;
    context.textAlign = shape.anchor === 'middle' ? 'center' : shape.anchor === 'end' ? 'right' : 'left';
    context.globalAlpha = shape.fillOpacity;
    context.fillStyle = shape.fill;
    context.fillText(shape.text, shape.x, shape.y);
    return;
  }
  const { Path2D } = loadCanvas();
  let path: Canvas.Path2D;
  if (shape.kind === 'path') path = new Path2D(shape.d);
  else if (shape.kind === 'ellipse') {
    path = new Path2D();
    path.ellipse(shape.cx, shape.cy, shape.rx, shape.ry, 0, 0, 2 * Math.PI);
  } else {
    path = new Path2D();
    for (let index = 0; index + 1 < shape.points.length; index += 2) {
      if (index === 0) path.moveTo(shape.points[0], shape.points[1]);
      else path.lineTo(shape.points[index], shape.points[index + 1]);
    }
    if (shape.kind === 'polygon') path.closePath();
  }
  if (shape.fill !== 'none') {
    context.globalAlpha = shape.fillOpacity;
    context.fillStyle = shape.fill;
    context.fill(path);
  }
  if (shape.stroke !== 'none' && shape.strokeWidth > 0) {
    context.globalAlpha = shape.strokeOpacity;
    context.strokeStyle = shape.stroke;
    context.lineWidth = shape.strokeWidth;
    context.setLineDash(shape.dash);
    context.stroke(path);
  }
}

/** The natural size shrunk to fit the screen box (never enlarged, never below legible), times `scale`, within MAX_SIDE_PIXELS. */
function zoomFor(width: number, height: number, scale: number): number {
  const fitScreen = Math.min(1, Math.max(MIN_LEGIBLE_ZOOM, Math.min(SCREEN_PIXELS.width / width, SCREEN_PIXELS.height / height)));
  const zoom = fitScreen * scale;
  const longerSide = Math.max(width, height);
  return longerSide * zoom > MAX_SIDE_PIXELS ? MAX_SIDE_PIXELS / longerSide : zoom;
}
