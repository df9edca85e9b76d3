import { test } from 'node:test';
import assert from 'node:assert/strict';
import { edgeHeatShare, edgeStyle, heatColour, heatHsl, heatPosition, hollowNodeColours, nodeColours, nodeHeatShare } from '../../dist/render/colour.js';

const shares = Array.from({ length: 101 }, (_, index) => index / 100);

test('hue falls monotonically from blue (2/3) to red (0) as the share grows', () => {
  const hues = shares.map((share) => heatHsl(share).hue);
  assert.ok(Math.abs(hues[0] - 2 / 3) < 1e-9);
  assert.equal(hues[100], 0);
  for (let index = 1; index < hues.length; index += 1) assert.ok(hues[index] < hues[index - 1], `hue at ${shares[index]}`);
});

test('saturation and lightness rise monotonically, so hot colours are vivid', () => {
  for (let index = 1; index < shares.length; index += 1) {
    assert.ok(heatHsl(shares[index]).saturation > heatHsl(shares[index - 1]).saturation);
    assert.ok(heatHsl(shares[index]).lightness > heatHsl(shares[index - 1]).lightness);
  }
});

test('edge pen width grows monotonically from 0.5 to 6', () => {
  const widths = shares.map((share) => edgeStyle(share).penWidth);
  assert.equal(widths[0], 0.5);
  assert.equal(widths[100], 6);
  for (let index = 1; index < widths.length; index += 1) assert.ok(widths[index] > widths[index - 1]);
});

test('shares outside [0, 1] and non-numbers are clamped', () => {
  assert.equal(heatColour(-1), heatColour(0));
  assert.equal(heatColour(2.5), heatColour(1));
  assert.equal(heatColour(Number.NaN), heatColour(0));
  assert.equal(edgeStyle(3).penWidth, 6);
});

test('the ends of the scale are a cold blue and a saturated red', () => {
  assert.equal(heatColour(1), '#ff0000');
  const [red, green, blue] = rgb(heatColour(0));
  assert.ok(blue > 100 && red < 40 && green < 40, heatColour(0));
});

test('colours are #rrggbb and text contrasts with the fill', () => {
  for (const share of shares) {
    const colours = nodeColours(share);
    assert.match(colours.fill, /^#[0-9a-f]{6}$/);
    assert.match(colours.border, /^#[0-9a-f]{6}$/);
    assert.ok(contrast(colours.fill, colours.text) >= 4, `share ${share}: ${colours.text} on ${colours.fill}`);
  }
  assert.equal(nodeColours(0).text, '#ffffff');
  assert.equal(nodeColours(0.5).text, '#000000');
});

test('edge labels stay readable on the white page', () => {
  for (const share of shares) assert.ok(contrast(edgeStyle(share).labelColour, '#ffffff') >= 4.5, `share ${share}`);
});

test('the ramp follows the square root of the share, so small shares are told apart', () => {
  assert.equal(heatPosition(0.25), 0.5);
  assert.equal(heatPosition(0.01), 0.1);
  assert.equal(heatPosition(11.3), 1, 'overlapping calls are as hot as it gets');
  assert.notEqual(heatColour(0.02), heatColour(0.1));
  const [red, green] = rgb(heatColour(0.25));
  assert.ok(green > 150 && red < 100, `25% is green: ${heatColour(0.25)}`);
});

test('hollow boxes: a pale tint of the heat colour, bordered by the heat colour, with black text', () => {
  for (const share of shares) {
    const hollow = hollowNodeColours(share);
    assert.equal(hollow.border, heatColour(share));
    assert.equal(hollow.text, '#000000');
    assert.ok(contrast(hollow.fill, '#000000') >= 7, `share ${share}: black on ${hollow.fill}`);
    assert.notEqual(hollow.fill, '#ffffff');
  }
  const [red, green, blue] = rgb(hollowNodeColours(1).fill);
  assert.ok(red > green && red > blue, 'the tint keeps the hue');
});

test('--color-by picks the share a box and an arrow are coloured by', () => {
  const node = { share: 2, selfMs: 50, awaitMs: 30, awaitedMs: 80 };
  assert.equal(nodeHeatShare(node, 'total', 100), 2);
  assert.equal(nodeHeatShare(node, 'self', 100), 0.5);
  assert.equal(nodeHeatShare(node, 'await', 100), 0.8);
  assert.equal(nodeHeatShare(node, 'self', 0), 0);
  const edge = { share: 0.4, awaitMs: 10 };
  assert.equal(edgeHeatShare(edge, 'total', 100), 0.4);
  assert.equal(edgeHeatShare(edge, 'self', 100), 0.4);
  assert.equal(edgeHeatShare(edge, 'await', 100), 0.1);
});

function rgb(hex) {
  return [1, 3, 5].map((start) => parseInt(hex.slice(start, start + 2), 16));
}

function contrast(first, second) {
  const luminance = (hex) => {
    const [r, g, b] = rgb(hex).map((channel) => channel / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [light, dark] = [luminance(first), luminance(second)].sort((a, b) => b - a);
  return (light + 0.05) / (dark + 0.05);
}
