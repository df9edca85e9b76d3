/**
 * The colour scale, after gprof2dot's "temperature" map (which pycallgraph
 * users know): a share of 0 is a cold dark blue, a share of 1 a hot saturated
 * red, going through cyan, green and yellow in between.
 *
 * In HSL terms, for a share w clamped to [0, 1]:
 *   hue        = 2/3 · (1 − w)      blue (0.67) → green (0.33) → yellow (0.17) → red (0)
 *   saturation = 0.80 + 0.20 · w    cold boxes a little muted, hot ones vivid
 *   lightness  = 0.30 + 0.20 · w    cold boxes, the most common, dark enough for white text
 * The scale is linear in the share, like gprof2dot's, so colours are comparable
 * across graphs: yellow always means "about three quarters of the run".
 *
 * Text on a filled box is black or white, whichever contrasts more with the
 * fill (WCAG contrast ratio), because white on the green/yellow middle of the
 * ramp is unreadable. Edge labels sit on the white page, so their colour is the
 * edge's hue darkened until it reads on white (contrast 4.5, WCAG's AA level).
 *
 * Edge pen width grows linearly with the share from 0.5 to 6 points, and the
 * arrow head with the square root of the pen width, as gprof2dot does, so
 * heavy edges stand out without arrow heads swallowing small nodes.
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

const COLD_HUE = 2 / 3;
const MIN_PEN_WIDTH = 0.5;
const MAX_PEN_WIDTH = 6;
/** WCAG's AA level is 4.5; a little more so that rounding to 8-bit channels cannot undo it. */
const READABLE_CONTRAST = 4.6;
const WHITE: Rgb = [1, 1, 1];

/** The scale itself, as HSL components in [0, 1]. */
export function heatHsl(share: number): Hsl {
  const weight = clampShare(share);
  return {
    hue: COLD_HUE * (1 - weight),
    saturation: 0.8 + 0.2 * weight,
    lightness: 0.3 + 0.2 * weight,
  };
}

/** `#rrggbb` for a share. */
export function heatColour(share: number): string {
  return hslToHex(heatHsl(share));
}

export function nodeColours(share: number): NodeColours {
  const fill = heatHsl(share);
  return {
    fill: hslToHex(fill),
    text: readableTextOn(hslToRgb(fill)),
    border: hslToHex({ ...fill, lightness: fill.lightness * 0.6 }),
  };
}

export function edgeStyle(share: number): EdgeStyle {
  const weight = clampShare(share);
  const colour = heatHsl(weight);
  const penWidth = MIN_PEN_WIDTH + weight * (MAX_PEN_WIDTH - MIN_PEN_WIDTH);
  return {
    colour: hslToHex(colour),
    labelColour: hslToHex(darkenUntilReadableOn(WHITE, colour)),
    penWidth,
    arrowSize: 0.5 * Math.sqrt(penWidth),
  };
}

/** Shares above 1 happen when async calls overlap; they are as hot as it gets. */
function clampShare(share: number): number {
  if (!Number.isFinite(share) || share <= 0) return 0;
  return Math.min(share, 1);
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

function hslToHex(hsl: Hsl): string {
  return '#' + hslToRgb(hsl).map((channel) => Math.round(channel * 255).toString(16).padStart(2, '0')).join('');
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
