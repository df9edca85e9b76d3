import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Image } from '@napi-rs/canvas';
import { readSvgScene } from '../../dist/render/svg-scene.js';
import { dotToSvg } from '../../dist/render/svg.js';
import { GOLDEN_CASES, goldenDot } from '../helpers/render-golden.mjs';

const svgOf = (body, root = 'width="20pt" height="10pt" viewBox="0 0 20 10"') =>
  `<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x.dtd">\n<!-- made by hand -->\n<svg ${root} xmlns="http://www.w3.org/2000/svg">\n${body}\n</svg>\n`;

test('every golden graph is read whole: one shape per drawn element of its SVG, one text per label line', async () => {
  for (const { name } of GOLDEN_CASES) {
    const svg = await dotToSvg(await goldenDot(name));
    const scene = readSvgScene(svg);
    assert.ok(scene, name);
    const count = (element) => svg.split(`<${element} `).length - 1;
    const kinds = (kind) => scene.shapes.filter((shape) => shape.kind === kind).length;
    assert.equal(kinds('path'), count('path'), name);
    assert.equal(kinds('polygon'), count('polygon'), name);
    assert.equal(kinds('text'), count('text'), name);
    assert.equal(scene.shapes.length, count('path') + count('polygon') + count('polyline') + count('ellipse') + count('text'), name);
    // The natural size in pixels, a point being 4/3 of one, as Skia's SVG image has it (which sized the PNG before).
    const image = new Image();
    image.src = Buffer.from(svg);
    assert.ok(Math.abs(scene.width - image.width) < 1 && Math.abs(scene.height - image.height) < 1, `${name}: ${scene.width}x${scene.height} vs ${image.width}x${image.height}`);
  }
});

test('text: entities decoded after white space is collapsed as SVG does; font, anchor and fill as written', () => {
  const scene = readSvgScene(svgOf('<text text-anchor="middle" x="5" y="6.5" font-family="DejaVu Sans" font-size="12.00" font-weight="bold" fill="#ffffff">\n  a&#160;&#160;&lt;b&gt;  &amp;\tc&#x41;  </text>'));
  assert.deepEqual(scene.shapes, [{ kind: 'text', x: 5, y: 6.5, anchor: 'middle', font: 'normal bold 12px DejaVu Sans', fill: '#ffffff', fillOpacity: 1, text: 'a\u00a0\u00a0<b> & cA' }]);
});

test('shapes: SVG defaults where Graphviz leaves an attribute out; dashes, opacities and points as numbers', () => {
  const scene = readSvgScene(svgOf([
    '<g id="graph0" class="graph" transform="scale(1 1) rotate(0) translate(4 10)">',
    '<title>g</title>',
    '<g id="a_node1"><a xlink:href="x" xlink:title="&lt;x&gt;">',
    '<polygon fill="#f6f6f6" stroke="#b8b8b8" points="0,0 10,0 10,-5 0,-5 0,0"/>',
    '<path fill="none" stroke="black" stroke-width="2" stroke-dasharray="5,2" d="M1,2C3,4 5,6 7,8"/>',
    '<polyline fill="none" stroke="red" stroke-opacity="0.5" points="1 1, 2 2"/>',
    '<ellipse cx="3" cy="4" rx="2" ry="1"/>',
    '</a></g></g>',
  ].join('\n')));
  assert.deepEqual(scene.transform, [{ kind: 'scale', x: 1, y: 1 }, { kind: 'rotate', degrees: 0 }, { kind: 'translate', x: 4, y: 10 }]);
  const paint = { fillOpacity: 1, strokeOpacity: 1, strokeWidth: 1, dash: [] };
  assert.deepEqual(scene.shapes, [
    { kind: 'polygon', points: [0, 0, 10, 0, 10, -5, 0, -5, 0, 0], ...paint, fill: '#f6f6f6', stroke: '#b8b8b8' },
    { kind: 'path', d: 'M1,2C3,4 5,6 7,8', ...paint, fill: 'none', stroke: 'black', strokeWidth: 2, dash: [5, 2] },
    { kind: 'polyline', points: [1, 1, 2, 2], ...paint, fill: 'none', stroke: 'red', strokeOpacity: 0.5 },
    { kind: 'ellipse', cx: 3, cy: 4, rx: 2, ry: 1, ...paint, fill: 'black', stroke: 'none' },
  ]);
  assert.deepEqual(readSvgScene(svgOf('', 'width="30px" height="20" viewBox="1 2 3 4"')).viewBox, { x: 1, y: 2, width: 3, height: 4 });
  assert.deepEqual([readSvgScene(svgOf('', 'width="30" height="20"')).width, readSvgScene(svgOf('', 'width="30" height="20"')).viewBox], [30, { x: 0, y: 0, width: 30, height: 20 }]);
});

test('anything it does not draw exactly as an SVG renderer would leaves the SVG to Skia (null)', () => {
  const unsupported = {
    'an element it does not know': svgOf('<rect width="10" height="10"/>'),
    'an image': svgOf('<image href="x.png" width="1" height="1"/>'),
    'a tspan': svgOf('<text x="1" y="1">a<tspan>b</tspan></text>'),
    'a style attribute': svgOf('<path d="M0,0" style="fill:red"/>'),
    'a class-styled sheet': svgOf('<style>path { fill: red }</style>'),
    'a transform below the root group': svgOf('<g><g transform="translate(1 1)"><path d="M0,0"/></g></g>'),
    'a second transform': svgOf('<g transform="translate(1 1)"><path d="M0,0"/></g><g transform="translate(2 2)"></g>'),
    'a transform it does not read': svgOf('<g transform="matrix(1 0 0 1 0 0)"></g>'),
    'painting on a group': svgOf('<g fill="red"><path d="M0,0"/></g>'),
    'a unit it does not convert': svgOf('', 'width="2in" height="1in" viewBox="0 0 20 10"'),
    'no size': svgOf('', 'viewBox="0 0 20 10"'),
    'an empty viewBox': svgOf('', 'width="20" height="10" viewBox="0 0 0 10"'),
    'an entity it does not know': svgOf('<text x="1" y="1">&nbsp;</text>'),
    'a character reference past Unicode': svgOf('<text x="1" y="1">&#1114112;</text>'),
    'the same in hexadecimal, in an attribute': svgOf('<path d="M0,0" fill="&#x110000;"/>'),
    'a number that is not one': svgOf('<text x="one" y="1">a</text>'),
    'a font weight CSS would misread': svgOf('<text x="1" y="1" font-weight="bold; x">a</text>'),
    'an anchor it does not know': svgOf('<text x="1" y="1" text-anchor="justify">a</text>'),
    'text outside any text element': svgOf('stray words'),
    'an unclosed element': svgOf('<g>'),
    'a stray bracket': svgOf('<text x="1" y="1">a < b</text>'),
    'mismatched tags': svgOf('<g></text>'),
    'two roots': svgOf('<svg width="1" height="1"></svg>'),
    'nothing': '',
  };
  for (const [what, svg] of Object.entries(unsupported)) assert.equal(readSvgScene(svg), null, what);
});
