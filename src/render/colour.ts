import { shareOf } from '../profile/measures';
/**
 * The colour scale, after gprof2dot's "temperature" map (which pycallgraph
 * users know): cold dark blue, through cyan, green and yellow, to hot red.
 *
 * The position on the ramp is the square root of the share of wall time,
 * clamped to [0, 1], so that the shares most functions have (1–20%) are still
 * told apart, which a linear ramp paints all the same dark blue:
 *
 *     share     0      1%     5%     10%    25%    50%    75%    100% and more
 *     position  0      0.10   0.22   0.32   0.50   0.71   0.87   1
 *     colour    navy   blue   cyan   teal   green  yellow orange red
 *
 * In HSL terms, for a position p:
 *   hue        = 2/3 · (1 − p)      blue (0.67) → green (0.33) → yellow (0.17) → red (0)
 *   saturation = 0.80 + 0.20 · p    cold boxes a little muted, hot ones vivid
 *   lightness  = 0.30 + 0.20 · p    cold boxes, the most common, dark enough for white text
 * Shares above 1 (async calls overlapping: "11.3x wall") are as hot as it gets.
 *
 * Second channel, waiting versus running. A function whose time is mostly
 * spent suspended (its own awaits, or callers awaiting its promise) is drawn
 * hollow: a pale tint of its heat colour inside a thick border in the heat
 * colour, with black text. A function that mostly ran is a solid box. Hue
 * says how much time; solid or hollow says whether that time was CPU or
 * waiting, and stays readable in greyscale and for colour-blind readers.
 *
 * Text on a filled box is black or white, whichever contrasts more with the
 * fill (WCAG contrast ratio), because white on the green/yellow middle of the
 * ramp is unreadable. Edge labels sit on the white page, so their colour is the
 * edge's hue darkened until it reads on white (contrast 4.5, WCAG's AA level).
 *
 * Edge pen width grows linearly with the ramp position from 0.5 to 6 points,
 * and the arrow head with the square root of the pen width, as gprof2dot does,
 * so heavy edges stand out without arrow heads swallowing small nodes.
 */

export interface Hsl {
  hue: number;
  saturation: number;
  lightness: number;
}

export interface NodeColours {
  fill: string;
  text: string;
  border: string;
}

export interface EdgeStyle {
  colour: string;
  labelColour: string;
  penWidth: number;
  arrowSize: number;
}

/** Which number the heat colour of a box shows (`--color-by`). */
export type ColorBy = 'total' | 'self' | 'await';
export const COLOR_BY_CHOICES: readonly ColorBy[] = ['total', 'self', 'await'];

const COLD_HUE = 2 / 3;
const MIN_PEN_WIDTH = 0.5;
const MAX_PEN_WIDTH = 6;
/** How much of the heat colour is left in a hollow box's fill: enough to show the hue, pale enough for black text. */
const HOLLOW_TINT = 0.2;
/** WCAG's AA level is 4.5; a little more so that rounding to 8-bit channels cannot undo it. */
const READABLE_CONTRAST = 4.6;
const WHITE: Rgb = [1, 1, 1];

/** Where a share sits on the ramp, in [0, 1]. */
export function heatPosition(share: number): number {
  if (!Number.isFinite(share) || share <= 0) return 0;
  return Math.sqrt(Math.min(share, 1));
}

/** The scale itself, as HSL components in [0, 1]. */
export function heatHsl(share: number): Hsl {
  const position = heatPosition(share);
  return {
    hue: COLD_HUE * (1 - position),
    saturation: 0.8 + 0.2 * position,
    lightness: 0.3 + 0.2 * position,
  };
}

/** `#rrggbb` for a share. */
export function heatColour(share: number): string {
  return hslToHex(heatHsl(share));
}

/** A solid box: filled with the heat colour. */
export function nodeColours(share: number): NodeColours {
  const fill = heatHsl(share);
  return {
    fill: hslToHex(fill),
    text: readableTextOn(hslToRgb(fill)),
    border: hslToHex({ ...fill, lightness: fill.lightness * 0.6 }),
  };
}

/** A solid box of any fill colour (tsprof diff's change scale), with readable text and a darker border. */
export function solidColours(fill: Hsl): NodeColours {
  return {
    fill: hslToHex(fill),
    text: readableTextOn(hslToRgb(fill)),
    border: hslToHex({ ...fill, lightness: fill.lightness * 0.6 }),
  };
}

/** The colour of an edge label in `colour`, darkened until it reads on the white page. */
export function readableOnWhite(colour: Hsl): string {
  return hslToHex(darkenUntilReadableOn(WHITE, colour));
}

/** A hollow box: a pale tint of the heat colour, bordered by the heat colour itself. */
export function hollowNodeColours(share: number): NodeColours {
  const heat = hslToRgb(heatHsl(share));
  const tint = heat.map((channel) => 1 - HOLLOW_TINT * (1 - channel)) as Rgb;
  return { fill: rgbToHex(tint), text: readableTextOn(tint), border: rgbToHex(heat) };
}

export function edgeStyle(share: number): EdgeStyle {
  const position = heatPosition(share);
  const colour = heatHsl(share);
  const penWidth = MIN_PEN_WIDTH + position * (MAX_PEN_WIDTH - MIN_PEN_WIDTH);
  return {
    colour: hslToHex(colour),
    labelColour: hslToHex(darkenUntilReadableOn(WHITE, colour)),
    penWidth,
    arrowSize: 0.5 * Math.sqrt(penWidth),
  };
}

/** The share a box is coloured by, for each `--color-by`. */
export function nodeHeatShare(
  node: { share: number; selfMs: number; awaitMs: number; awaitedMs: number },
  colorBy: ColorBy,
  referenceMs: number,
): number {
  if (colorBy === 'total') return node.share;
  const ms = colorBy === 'self' ? node.selfMs : Math.max(node.awaitMs, node.awaitedMs);
  return shareOf(ms, referenceMs);
}

/** The share an arrow is coloured by: its weight, or with `--color-by await` the time its caller awaited it. */
export function edgeHeatShare(edge: { share: number; awaitMs: number }, colorBy: ColorBy, referenceMs: number): number {
  if (colorBy !== 'await') return edge.share;
  return shareOf(edge.awaitMs, referenceMs);
}

type Rgb = [number, number, number];

function hslToRgb({ hue, saturation, lightness }: Hsl): Rgb {
  const chroma = (1 - Math.abs(2 * lightness - 1)) * saturation;
  const sector = (hue * 6) % 6;
  const second = chroma * (1 - Math.abs((sector % 2) - 1));
  const offset = lightness - chroma / 2;
  const [r, g, b]: Rgb =
    sector < 1 ? [chroma, second, 0]
    : sector < 2 ? [second, chroma, 0]
    : sector < 3 ? [0, chroma, second]
    : sector < 4 ? [0, second, chroma]
    : sector < 5 ? [second, 0, chroma]
    : [chroma, 0, second];
  return [r + offset, g + offset, b + offset];
}

function rgbToHex(rgb: Rgb): string {
  return '#' + rgb.map((channel) => Math.round(channel * 255).toString(16).padStart(2, '0')).join('');
}

function hslToHex(hsl: Hsl): string {
  return rgbToHex(hslToRgb(hsl));
}

function readableTextOn(background: Rgb): string {
  return contrastRatio(background, WHITE) >= contrastRatio(background, [0, 0, 0]) ? '#ffffff' : '#000000';
}

/** Same hue and saturation, lower lightness; green and cyan need more darkening than blue or red. */
function darkenUntilReadableOn(background: Rgb, colour: Hsl): Hsl {
  let lightness = colour.lightness;
  while (lightness > 0 && contrastRatio(hslToRgb({ ...colour, lightness }), background) < READABLE_CONTRAST) {
    lightness = Math.max(0, lightness - 0.02);
  }
  return { ...colour, lightness };
}

function contrastRatio(first: Rgb, second: Rgb): number {
  const [lighter, darker] = [relativeLuminance(first), relativeLuminance(second)].sort((a, b) => b - a);
  return (lighter + 0.05) / (darker + 0.05);
}

/** WCAG 2 relative luminance of an sRGB colour. */
function relativeLuminance(rgb: Rgb): number {
  const [r, g, b] = rgb.map((channel) => (channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
