import type * as Canvas from '@napi-rs/canvas';
import { PngBandWriter } from './png-encode';
import type { Shape, SvgScene } from './svg-scene';

/**
 * Graphviz's SVG (read by svg-scene.ts) drawn onto a canvas shape by shape,
 * as an SVG renderer draws it, and written as a PNG a band of rows at a time.
 *
 * Drawing by bands keeps the memory a picture touches small: one canvas of
 * a band's rows, drawn again for each band, and the band's pixels, which
 * zlib deflates in its thread while the next band is drawn. A picture-sized
 * canvas cost a first touch of all its memory twice (the canvas and the copy
 * of its pixels), and on a machine where that is slow it was most of a PNG's
 * cost (see svg-scene.ts and `npm run bench`). Each band draws only the
 * shapes that reach into it. Between bands this thread lets the event loop
 * run: without that, zlib deflated the first band beside the drawing and
 * the other nineteen of a large picture one after another at the end.
 */

/** About this many bytes of pixels a band (a 3,400-pixel-wide picture: some 110 rows). */
const BAND_BYTES = 1.5 * 1024 * 1024;
/** SVG's default miter limit (the canvas's is 10): how far a stroke's corner may reach, in stroke widths. */
const MITER_LIMIT = 4;

type Matrix = { a: number; b: number; c: number; d: number; e: number; f: number };

/** A shape ready to draw, with the rows of the picture it reaches (all of them when that is not known). */
interface Placed {
  shape: Shape;
  path: Canvas.Path2D | null;
  top: number;
  bottom: number;
}

/** The user-space box a shape's paint stays within, or null when its geometry does not say (a path with relative commands). */
function boxOf(shape: Shape): [number, number, number, number] | null {
  let coordinates: number[];
  let margin: number;
  if (shape.kind === 'text') {
    const size = Number(/(\d+(?:\.\d+)?)px/.exec(shape.font)?.[1] ?? 16);
    // Generous: a glyph within 1.5 em above its baseline and 0.75 below, and 1.5 em wide, whatever the anchor.
    const reach = 1.5 * size * Math.max(1, shape.text.length);
    return [shape.x - reach, shape.y - 1.5 * size, shape.x + reach, shape.y + 0.75 * size];
  } else if (shape.kind === 'ellipse') {
    coordinates = [shape.cx - shape.rx, shape.cy - shape.ry, shape.cx + shape.rx, shape.cy + shape.ry];
    margin = shape.strokeWidth;
  } else if (shape.kind === 'path') {
    // Absolute moves, lines and cubic curves only (what Graphviz writes): every number is a coordinate, and a curve stays within its points.
    if (!/^[\s\d.,eE+\-MLCZ]*$/.test(shape.d)) return null;
    coordinates = (shape.d.match(/[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/g) ?? []).map(Number);
    if (coordinates.length % 2 !== 0) return null;
    margin = shape.strokeWidth * MITER_LIMIT;
  } else {
    coordinates = shape.points;
    margin = shape.strokeWidth * MITER_LIMIT;
  }
  if (coordinates.length === 0) return null;
  let [left, top, right, bottom] = [Infinity, Infinity, -Infinity, -Infinity];
  for (let index = 0; index + 1 < coordinates.length; index += 2) {
    left = Math.min(left, coordinates[index]);
    right = Math.max(right, coordinates[index]);
    top = Math.min(top, coordinates[index + 1]);
    bottom = Math.max(bottom, coordinates[index + 1]);
  }
  return [left - margin, top - margin, right + margin, bottom + margin];
}

/** The rows a box covers once `matrix` maps it onto the picture, with two pixels of antialiasing either side. */
function rowsOf(box: [number, number, number, number] | null, matrix: Matrix): { top: number; bottom: number } {
  if (!box) return { top: -Infinity, bottom: Infinity };
  const [left, top, right, bottom] = box;
  const ys = [left, right].flatMap((x) => [top, bottom].map((y) => matrix.b * x + matrix.d * y + matrix.f));
  return { top: Math.min(...ys) - 2, bottom: Math.max(...ys) + 2 };
}

function place(canvas: typeof Canvas, shape: Shape, matrix: Matrix): Placed {
  let path: Canvas.Path2D | null = null;
  if (shape.kind === 'path') path = new canvas.Path2D(shape.d);
  else if (shape.kind === 'ellipse') {
    path = new canvas.Path2D();
    path.ellipse(shape.cx, shape.cy, shape.rx, shape.ry, 0, 0, 2 * Math.PI);
  } else if (shape.kind !== 'text') {
    path = new canvas.Path2D();
    for (let index = 0; index + 1 < shape.points.length; index += 2) {
      if (index === 0) path.moveTo(shape.points[0], shape.points[1]);
      else path.lineTo(shape.points[index], shape.points[index + 1]);
    }
    if (shape.kind === 'polygon') path.closePath();
  }
  return { shape, path, ...rowsOf(boxOf(shape), matrix) };
}

function draw(context: Canvas.SKRSContext2D, { shape, path }: Placed): void {
  if (shape.kind === 'text') {
    if (shape.text === '' || shape.fill === 'none') return;
    context.font = shape.font;
    context.textAlign = shape.anchor === 'middle' ? 'center' : shape.anchor === 'end' ? 'right' : 'left';
    context.globalAlpha = shape.fillOpacity;
    context.fillStyle = shape.fill;
    context.fillText(shape.text, shape.x, shape.y);
    return;
  }
  if (shape.fill !== 'none') {
    context.globalAlpha = shape.fillOpacity;
    context.fillStyle = shape.fill;
    context.fill(path!);
  }
  if (shape.stroke !== 'none' && shape.strokeWidth > 0) {
    context.globalAlpha = shape.strokeOpacity;
    context.strokeStyle = shape.stroke;
    context.lineWidth = shape.strokeWidth;
    context.setLineDash(shape.dash);
    context.stroke(path!);
  }
}

/** The scene's user space onto the picture: the viewBox fills it, centred, keeping its aspect (SVG's `xMidYMid meet`), then the root group's transform. */
function placeScene(context: Canvas.SKRSContext2D, scene: SvgScene, width: number, height: number): void {
  const { viewBox } = scene;
  const scale = Math.min(width / viewBox.width, height / viewBox.height);
  context.translate((width - viewBox.width * scale) / 2, (height - viewBox.height * scale) / 2);
  context.scale(scale, scale);
  context.translate(-viewBox.x, -viewBox.y);
  for (const step of scene.transform) {
    if (step.kind === 'rotate') context.rotate((step.degrees * Math.PI) / 180);
    else if (step.kind === 'scale') context.scale(step.x, step.y);
    else context.translate(step.x, step.y);
  }
}

/**
 * The scene drawn at `width` x `height` pixels as a PNG, `bandRows` rows at a
 * time (by default, BAND_BYTES' worth); null when a shape cannot be drawn (a
 * path Skia cannot read), for the caller to draw the SVG another way.
 */
export async function sceneToPng(canvas: typeof Canvas, scene: SvgScene, width: number, height: number, bandRows?: number): Promise<Buffer | null> {
  // One pixel wider than the picture: the encoder packs each row with its filter byte in the pixels' own buffer.
  const stride = (width + 1) * 4;
  const rows = Math.max(1, Math.min(height, bandRows ?? Math.floor(BAND_BYTES / stride)));
  const band = canvas.createCanvas(width + 1, rows);
  const context = band.getContext('2d');
  placeScene(context, scene, width, height);
  const picture = context.getTransform();
  let placed: Placed[];
  try {
    placed = scene.shapes.map((shape) => place(canvas, shape, picture));
  } catch {
    return null;
  }
  const writer = new PngBandWriter(width, height);
  for (let top = 0; top < height; top += rows) {
    const bandHeight = Math.min(rows, height - top);
    context.setTransform(1, 0, 0, 1, 0, 0);
    context.globalAlpha = 1;
    context.fillStyle = 'white';
    context.fillRect(0, 0, width + 1, rows);
    context.setTransform(picture.a, picture.b, picture.c, picture.d, picture.e, picture.f - top);
    context.miterLimit = MITER_LIMIT;
    for (const shape of placed) if (shape.bottom >= top && shape.top <= top + bandHeight) draw(context, shape);
    writer.addRows(band.data(), bandHeight, stride);
    // zlib deflates a band in its thread, but takes the next one only when this thread hears that it is done.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return writer.finish();
}
