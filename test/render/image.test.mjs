import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dotToSvg } from '../../dist/render/svg.js';
import { loadCanvas, svgToPng } from '../../dist/render/png.js';
import { readSvgScene } from '../../dist/render/svg-scene.js';
import { goldenDot } from '../helpers/render-golden.mjs';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const goldenSvg = async (name = "taskqueue") => dotToSvg(await goldenDot(name));

function pngSize(png) {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

test('the SVG draws every function name in DejaVu Sans', async () => {
  const svg = await goldenSvg();
  assert.match(svg, /^<\?xml/);
  for (const name of ['Task.delay', 'Task.applyAsync', 'QueueApp.sendTask', 'ProducerPool.acquire', 'QueueApp.publishTask',
    'Producer.publish', 'JsonSerializer.dumps', 'Transport.write', 'Consumer.handleDelivery']) {
    assert.ok(svg.includes(`>${name}</text>`), name);
  }
  assert.ok((await goldenSvg('edge-cases')).includes('>&lt;anonymous&gt;</text>'));
  assert.doesNotMatch(svg, /font-family="Times/);
});

test('the SVG typography pass sets bold names, smaller details and locations', async () => {
  const svg = await goldenSvg();
  const textLine = (content) => svg.split('\n').find((line) => line.startsWith('<text') && line.endsWith(`${content}</text>`));
  assert.match(textLine('Task.delay'), /font-size="12.00" font-weight="bold"/);
  assert.match(textLine('calls: 5000'), /font-size="11.00"/);
  assert.match(textLine('fixtures/taskqueue/src/queue/task.js:14'), /font-size="10.00"/);
  assert.match(textLine('total: 1.29 s (100.0%)'), /font-size="11.00"/, 'the root has no location line');
  assert.match(textLine('tsprof: node fixtures/taskqueue/app.js'), /font-size="14.00" font-weight="bold"/);
  assert.match(textLine('&#160;14.76 s'), /font-size="10.00" fill/, 'edge labels are left alone');
});

test('DOT without tsprof classes goes through dotToSvg unchanged in type', async () => {
  const svg = await dotToSvg('digraph { a -> b; }');
  assert.match(svg, /font-size="14.00">a<\/text>/);
});

test('cluster labels keep their own size', async () => {
  const svg = await goldenSvg('taskqueue.group-file');
  const clusterLabel = svg.split('\n').find((line) => line.endsWith('>fixtures/taskqueue/src/queue/app.js</text>'));
  assert.match(clusterLabel, /font-size="12.00"/);
});

test('the PNG is a PNG of a sensible size, scaled by the zoom', async () => {
  const svg = await goldenSvg();
  const png = await svgToPng(svg, { scale: 1 });
  assert.deepEqual(png.subarray(0, 8), PNG_SIGNATURE);
  const size = pngSize(png);
  assert.ok(size.width > 600 && size.width < 3000, `width ${size.width}`);
  assert.ok(size.height > 800 && size.height < 4000, `height ${size.height}`);
  assert.ok(png.length > 20_000, `${png.length} bytes: text and colour were drawn`);

  const doubled = pngSize(await svgToPng(svg, { scale: 2 }));
  assert.ok(Math.abs(doubled.width - 2 * size.width) <= 2, `${doubled.width} vs ${size.width}`);
});

test('by default a picture fits a screen, 2560 x 1600, while its text stays legible; --scale multiplies that', async () => {
  const svgOf = (width, height) => `<svg xmlns="http://www.w3.org/2000/svg" width="${width}px" height="${height}px" viewBox="0 0 ${width} ${height}"><rect width="10" height="10"/></svg>`;
  // 3000 px wide fits at 0.85 of its size: the screen's width, text still legible.
  const fitted = pngSize(await svgToPng(svgOf(3000, 1000)));
  assert.ok(fitted.width <= 2560 && fitted.width >= 2550 && fitted.height <= 1600, `${fitted.width}x${fitted.height}`);
  const tripled = pngSize(await svgToPng(svgOf(3000, 1000), { scale: 3 }));
  assert.ok(Math.abs(tripled.width - 3 * fitted.width) <= 3, `${tripled.width} vs 3 x ${fitted.width}`);
  // Fitting these would shrink text to a fifth: they stay at three quarters and scroll.
  const wide = pngSize(await svgToPng(svgOf(12000, 1800)));
  assert.deepEqual([wide.width, wide.height], [9000, 1350]);
  const tall = pngSize(await svgToPng(svgOf(700, 6000)));
  assert.deepEqual([tall.width, tall.height], [525, 4500]);
  // A picture that fits keeps its natural size.
  assert.deepEqual(pngSize(await svgToPng(svgOf(800, 600))), { width: 800, height: 600 });
});

test('huge graphs are zoomed down to at most 16000 pixels on the longer side', async () => {
  const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="12000pt" height="100pt" viewBox="0 0 12000 100"><rect width="10" height="10"/></svg>';
  const size = pngSize(await svgToPng(svg, { scale: 2 }));
  assert.ok(size.width <= 16_000, `width ${size.width}`);
});

test('the PNG encoder writes pixels that a decoder reads back unchanged', async () => {
  const { encodeRgbaPng } = await import('../../dist/render/png-encode.js');
  const { createCanvas, Image } = await import('@napi-rs/canvas');
  const width = 7;
  const height = 5;
  const rgba = new Uint8Array(width * height * 4);
  for (let index = 0; index < width * height; index++) rgba.set([(index * 37) % 256, (index * 11) % 256, 255 - index, 255], index * 4);
  const png = encodeRgbaPng(width, height, rgba);
  assert.deepEqual(png.subarray(0, 8), PNG_SIGNATURE);
  assert.deepEqual(pngSize(png), { width, height });
  const image = new Image();
  image.src = png;
  const canvas = createCanvas(width, height);
  const context = canvas.getContext('2d');
  context.drawImage(image, 0, 0);
  assert.deepEqual([...context.getImageData(0, 0, width, height).data], [...rgba]);
});

test('rows with room after them (a wider canvas) are packed in place into the same PNG as packed rows', async () => {
  const { encodeRgbaPng } = await import('../../dist/render/png-encode.js');
  const width = 9;
  const height = 6;
  const rowBytes = width * 4;
  const pixel = (x, y) => [(x * 29 + y * 7) % 256, (x * 3 + y * 41) % 256, (255 - x * y) & 255, 255];
  const packed = new Uint8Array(rowBytes * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) packed.set(pixel(x, y), y * rowBytes + x * 4);
  const expected = encodeRgbaPng(width, height, packed.slice());
  for (const stride of [rowBytes + 1, rowBytes + 4, rowBytes + 13]) {
    // Padding bytes that must never reach the picture.
    const padded = new Uint8Array(stride * height).fill(0xab);
    for (let y = 0; y < height; y++) padded.set(packed.subarray(y * rowBytes, (y + 1) * rowBytes), y * stride);
    assert.deepEqual(encodeRgbaPng(width, height, padded, stride), expected, `stride ${stride}`);
  }
  assert.throws(() => encodeRgbaPng(width, height, packed, rowBytes - 1), RangeError);
  assert.throws(() => encodeRgbaPng(width, height, packed.subarray(1), rowBytes), RangeError);
  assert.throws(() => encodeRgbaPng(width, height, packed, Number.NaN), RangeError);
  // Rows with a single byte of room are packed in place: the buffer must hold the filter bytes too,
  // not only the last row's pixels (else the last byte is cut and the PNG is corrupt, silently).
  assert.throws(() => encodeRgbaPng(2, 2, new Uint8Array(17), 9), RangeError);
  assert.throws(() => encodeRgbaPng(2, 1, new Uint8Array(8), 9), RangeError);
  assert.equal(encodeRgbaPng(2, 2, new Uint8Array(18), 9).length, encodeRgbaPng(2, 2, new Uint8Array(16)).length);
});

test('colours keep their channels: a red box is drawn red', async () => {
  const { createCanvas, Image } = await import('@napi-rs/canvas');
  const png = await svgToPng('<svg xmlns="http://www.w3.org/2000/svg" width="20pt" height="10pt" viewBox="0 0 20 10"><rect x="0" y="0" width="10" height="10" fill="#ff0000"/><rect x="10" y="0" width="10" height="10" fill="#0000ff"/></svg>');
  const image = new Image();
  image.src = png;
  const canvas = createCanvas(image.width, image.height);
  const context = canvas.getContext('2d');
  context.drawImage(image, 0, 0);
  const pixel = (x) => [...context.getImageData(x, Math.floor(image.height / 2), 1, 1).data];
  assert.deepEqual(pixel(2), [255, 0, 0, 255]);
  assert.deepEqual(pixel(image.width - 3), [0, 0, 255, 255]);
});

/** The pixels of a PNG, decoded by Skia. */
async function pixelsOf(png) {
  const { createCanvas, Image } = await import('@napi-rs/canvas');
  const image = new Image();
  image.src = png;
  const canvas = createCanvas(image.width, image.height);
  canvas.getContext('2d').drawImage(image, 0, 0);
  return { width: image.width, height: image.height, data: canvas.getContext('2d').getImageData(0, 0, image.width, image.height).data };
}

/** The SVG drawn by Skia's SVG renderer at a given size on white, shifted right by `shift` pixels. */
async function skiaSvgPixels(svg, width, height, shift = 0) {
  const { createCanvas, Image } = await import('@napi-rs/canvas');
  const image = new Image();
  image.src = Buffer.from(svg);
  const canvas = createCanvas(width, height);
  const context = canvas.getContext('2d');
  context.fillStyle = 'white';
  context.fillRect(0, 0, width, height);
  context.drawImage(image, shift, 0, width, height);
  return context.getImageData(0, 0, width, height).data;
}

/** How far two pictures are apart: the mean difference of a colour channel (0-255), and the share of pixels off by more than a quarter. */
function difference(a, b) {
  let sum = 0;
  let far = 0;
  for (let index = 0; index < a.length; index += 4) {
    let largest = 0;
    for (let channel = 0; channel < 3; channel++) {
      const apart = Math.abs(a[index + channel] - b[index + channel]);
      sum += apart;
      largest = Math.max(largest, apart);
    }
    if (largest > 64) far++;
  }
  return { mean: sum / ((a.length / 4) * 3), farShare: far / (a.length / 4) };
}

test("Graphviz's SVG drawn shape by shape looks as Skia's SVG renderer draws it (text may sit a fraction of a pixel apart)", async () => {
  const cases = {
    taskqueue: await goldenSvg(),
    'edge-cases': await goldenSvg('edge-cases'),
    'taskqueue.group-file': await goldenSvg('taskqueue.group-file'),
    flows: await goldenSvg('flows'),
    'default fonts, ellipses, a rotated graph': await dotToSvg('digraph { rotate=90; a -> b -> c; a -> c [style=dotted, color="#ff000080"]; c [shape=box, style=filled, fillcolor=yellow]; }'),
  };
  for (const [name, svg] of Object.entries(cases)) {
    assert.ok(readSvgScene(svg), `${name} is drawn shape by shape`);
    const drawn = await pixelsOf(await svgToPng(svg));
    const apart = difference(drawn.data, await skiaSvgPixels(svg, drawn.width, drawn.height));
    assert.ok(apart.mean < 3 && apart.farShare < 0.022, `${name}: mean ${apart.mean.toFixed(3)}, ${(apart.farShare * 100).toFixed(2)}% of pixels far apart`);
    // The bound tells a picture from the same picture a pixel to the side.
    const shifted = difference(drawn.data, await skiaSvgPixels(svg, drawn.width, drawn.height, 1));
    assert.ok(shifted.mean >= 3 || shifted.farShare >= 0.022, `${name}: shifted, mean ${shifted.mean.toFixed(3)}, ${(shifted.farShare * 100).toFixed(2)}%`);
  }
});

test('a picture drawn a band of rows at a time is the picture drawn at once (antialiasing at the bands\' edges aside)', async () => {
  const { sceneToPng } = await import('../../dist/render/scene-raster.js');
  const scene = readSvgScene(await goldenSvg('edge-cases'));
  const width = Math.round(scene.width);
  const height = Math.round(scene.height);
  const whole = await pixelsOf(await sceneToPng(loadCanvas(), scene, width, height, height));
  for (const rows of [undefined, 1, 7, height - 1]) {
    const banded = await pixelsOf(await sceneToPng(loadCanvas(), scene, width, height, rows));
    assert.deepEqual([banded.width, banded.height], [width, height]);
    const apart = difference(banded.data, whole.data);
    assert.ok(apart.mean < 0.2 && apart.farShare < 0.001, `bands of ${rows ?? 'the default'} rows: mean ${apart.mean.toFixed(3)}, ${(apart.farShare * 100).toFixed(3)}% far apart`);
  }
});

test('the PNG written a band of rows at a time is byte for byte the PNG written at once', async () => {
  const { encodeRgbaPng, PngBandWriter } = await import('../../dist/render/png-encode.js');
  const width = 13;
  const height = 11;
  const stride = (width + 1) * 4;
  const pixels = () => {
    const rgba = new Uint8Array(stride * height);
    for (let index = 0; index < rgba.length; index++) rgba[index] = (index * 131 + (index >> 5)) & 255;
    return rgba;
  };
  const expected = encodeRgbaPng(width, height, pixels(), stride);
  for (const bandRows of [1, 4, height]) {
    const writer = new PngBandWriter(width, height);
    const all = pixels();
    for (let top = 0; top < height; top += bandRows) {
      const rows = Math.min(bandRows, height - top);
      writer.addRows(all.slice(top * stride, (top + rows) * stride), rows, stride);
    }
    assert.deepEqual(await writer.finish(), expected, `bands of ${bandRows}`);
  }
  const short = new PngBandWriter(width, height);
  short.addRows(pixels(), height - 1, stride);
  await assert.rejects(short.finish(), RangeError);
  assert.throws(() => new PngBandWriter(width, height).addRows(pixels(), height + 1, stride), RangeError);
});
