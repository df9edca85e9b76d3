/**
 * Graphviz's SVG read back as a list of shapes and texts, so that png.ts can
 * draw them onto its canvas itself instead of handing the SVG to Skia's SVG
 * renderer. Skia draws an SVG image through two offscreen bitmaps as large
 * as the picture (the image rendered, then a copy of it), and fresh memory is
 * what a large picture costs most (see `npm run bench`, "fresh memory"): a
 * 3,400 × 2,800 call graph touched 113 MB for those two and its canvas,
 * against 38 MB drawn directly.
 *
 * It reads what Graphviz writes for tsprof's graphs and Graphviz's other
 * plain shapes — one root `<svg>` with a size and a viewBox, groups (only the
 * root group transformed), links and titles (not drawn), `<path>`,
 * `<polygon>`, `<polyline>`, `<ellipse>` and `<text>` with presentation
 * attributes — and nothing else: anything it does not know (a `<rect>`, an
 * `<image>`, a style sheet, a `<tspan>`, a unit it does not convert) makes it
 * answer null, and png.ts lets Skia draw that SVG as before.
 */

export interface Paint {
  fill: string;
  stroke: string;
  fillOpacity: number;
  strokeOpacity: number;
  strokeWidth: number;
  dash: number[];
}

export type Shape =
  | ({ kind: 'path'; d: string } & Paint)
  | ({ kind: 'polygon' | 'polyline'; points: number[] } & Paint)
  | ({ kind: 'ellipse'; cx: number; cy: number; rx: number; ry: number } & Paint)
  | { kind: 'text'; x: number; y: number; anchor: 'start' | 'middle' | 'end'; font: string; fill: string; fillOpacity: number; text: string };

/** One step of the root group's transform, applied in order. */
export type TransformStep = { kind: 'scale' | 'translate'; x: number; y: number } | { kind: 'rotate'; degrees: number };

export interface SvgScene {
  /** The picture's natural size in CSS pixels (a point is 4/3 of a pixel), as an SVG image has it. */
  width: number;
  height: number;
  viewBox: { x: number; y: number; width: number; height: number };
  transform: TransformStep[];
  shapes: Shape[];
}

const PIXELS_PER_UNIT: Record<string, number> = { '': 1, px: 1, pt: 4 / 3 };

/** Elements whose content is not drawn; what is inside them is skipped whole. */
const SKIPPED = new Set(['title', 'desc', 'metadata']);
const SHAPE_ATTRIBUTES = new Set(['id', 'class', 'fill', 'stroke', 'stroke-width', 'stroke-dasharray', 'fill-opacity', 'stroke-opacity']);
const SHAPE_GEOMETRY: Record<string, string[]> = { path: ['d'], polygon: ['points'], polyline: ['points'], ellipse: ['cx', 'cy', 'rx', 'ry'] };
const ROOT_ATTRIBUTES = new Set(['width', 'height', 'viewBox', 'xmlns', 'xmlns:xlink', 'version', 'id', 'class']);
const GROUP_ATTRIBUTES = new Set(['id', 'class', 'transform']);
const LINK_ATTRIBUTES = new Set(['id', 'class', 'xlink:href', 'href', 'xlink:title', 'target', 'xlink:show', 'xlink:type']);
const SHAPE_ALLOWED = Object.fromEntries(
  Object.entries(SHAPE_GEOMETRY).map(([name, geometry]) => [name, new Set([...SHAPE_ATTRIBUTES, ...geometry])]),
) as Record<string, ReadonlySet<string>>;
const TEXT_ATTRIBUTES = new Set(['id', 'class', 'x', 'y', 'text-anchor', 'font-family', 'font-size', 'font-weight', 'font-style', 'fill', 'fill-opacity']);

const TOKEN = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!DOCTYPE[^>[]*(?:\[[\s\S]*?\])?\s*>|<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)|</g;
const ATTRIBUTE = /([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const ENTITY = /&(?:#(\d+)|#x([0-9a-fA-F]+)|(amp|lt|gt|quot|apos));/g;
const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

class Unsupported extends Error {}

function unsupported(): never {
  throw new Unsupported();
}

function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  if (/&(?!(?:#\d+|#x[0-9a-fA-F]+|amp|lt|gt|quot|apos);)/.test(text)) unsupported();
  return text.replace(ENTITY, (_, decimal?: string, hex?: string, name?: string) => {
    if (name) return NAMED_ENTITIES[name];
    const codePoint = decimal ? Number(decimal) : parseInt(hex as string, 16);
    // Past Unicode's last code point no character is meant (String.fromCodePoint would throw).
    return codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : unsupported();
  });
}

function readAttributes(source: string): Map<string, string> {
  const attributes = new Map<string, string>();
  // exec loops, here and in readScene, not matchAll: its iterators and destructuring made reading a picture's SVG a quarter slower.
  ATTRIBUTE.lastIndex = 0;
  for (let match = ATTRIBUTE.exec(source); match !== null; match = ATTRIBUTE.exec(source)) attributes.set(match[1], decodeEntities(match[2] ?? match[3]));
  return attributes;
}

function number(text: string | undefined, fallback?: number): number {
  if (text === undefined && fallback !== undefined) return fallback;
  const value = Number(text);
  if (text === undefined || text.trim() === '' || !Number.isFinite(value)) unsupported();
  return value;
}

function numbers(text: string): number[] {
  const trimmed = text.trim();
  return trimmed === '' ? [] : trimmed.split(/\s*,\s*|\s+/).map((part) => number(part));
}

/** A length in CSS pixels, from a number with no unit, `px` or `pt`. */
function length(text: string | undefined): number {
  const match = /^\s*([\d.eE+-]+)\s*([a-z]*)\s*$/.exec(text ?? '');
  const perUnit = match ? PIXELS_PER_UNIT[match[2]] : undefined;
  if (!match || perUnit === undefined) unsupported();
  return number(match[1]) * perUnit;
}

function only(attributes: Map<string, string>, allowed: ReadonlySet<string>): void {
  for (const name of attributes.keys()) if (!allowed.has(name)) unsupported();
}

function opacity(text: string | undefined): number {
  return Math.min(1, Math.max(0, number(text, 1)));
}

function paintOf(attributes: Map<string, string>): Paint {
  return {
    // SVG's defaults: shapes are filled black and not stroked.
    fill: attributes.get('fill') ?? 'black',
    stroke: attributes.get('stroke') ?? 'none',
    fillOpacity: opacity(attributes.get('fill-opacity')),
    strokeOpacity: opacity(attributes.get('stroke-opacity')),
    strokeWidth: number(attributes.get('stroke-width'), 1),
    dash: attributes.has('stroke-dasharray') && attributes.get('stroke-dasharray') !== 'none' ? numbers(attributes.get('stroke-dasharray') as string) : [],
  };
}

function shapeOf(name: string, attributes: Map<string, string>): Shape {
  only(attributes, SHAPE_ALLOWED[name]);
  const paint = paintOf(attributes);
  if (name === 'path') return { kind: 'path', d: attributes.get('d') ?? '', ...paint };
  if (name === 'ellipse') {
    const [cx, cy, rx, ry] = SHAPE_GEOMETRY.ellipse.map((key) => number(attributes.get(key), 0));
    return { kind: 'ellipse', cx, cy, rx, ry, ...paint };
  }
  return { kind: name as 'polygon' | 'polyline', points: numbers(attributes.get('points') ?? ''), ...paint };
}

/** SVG's default white space handling: new lines dropped, tabs made spaces, runs of spaces one, none at the ends. */
function collapseWhiteSpace(text: string): string {
  return text.replace(/[\r\n]/g, '').replace(/\t/g, ' ').replace(/ {2,}/g, ' ').trim();
}

function textOf(attributes: Map<string, string>, content: string): Shape {
  only(attributes, TEXT_ATTRIBUTES);
  const anchor = attributes.get('text-anchor') ?? 'start';
  if (anchor !== 'start' && anchor !== 'middle' && anchor !== 'end') unsupported();
  const weight = attributes.get('font-weight') ?? 'normal';
  const style = attributes.get('font-style') ?? 'normal';
  const family = attributes.get('font-family') ?? 'sans-serif';
  if (!/^(?:normal|bold|bolder|lighter|[1-9]00)$/.test(weight) || !/^(?:normal|italic|oblique)$/.test(style) || /[;{}"]/.test(family)) unsupported();
  return {
    kind: 'text',
    x: number(attributes.get('x'), 0),
    y: number(attributes.get('y'), 0),
    anchor,
    font: `${style} ${weight} ${number(attributes.get('font-size'), 16)}px ${family}`,
    fill: attributes.get('fill') ?? 'black',
    fillOpacity: opacity(attributes.get('fill-opacity')),
    text: decodeEntities(collapseWhiteSpace(content)),
  };
}

function transformOf(text: string): TransformStep[] {
  const steps: TransformStep[] = [];
  const rest = text.replace(/\s*(scale|translate|rotate)\(([^)]*)\)\s*/g, (_, kind: string, argumentText: string) => {
    const values = numbers(argumentText);
    if (kind === 'rotate') {
      if (values.length !== 1) unsupported();
      steps.push({ kind: 'rotate', degrees: values[0] });
    } else {
      if (values.length < 1 || values.length > 2) unsupported();
      steps.push({ kind: kind as 'scale' | 'translate', x: values[0], y: values[1] ?? (kind === 'scale' ? values[0] : 0) });
    }
    return '';
  });
  if (rest.trim() !== '') unsupported();
  return steps;
}

/** The scene of an SVG as Graphviz writes it, or null when it holds anything this does not draw exactly as an SVG renderer would. */
export function readSvgScene(svg: string): SvgScene | null {
  try {
    return readScene(svg);
  } catch (error) {
    if (error instanceof Unsupported) return null;
    throw error;
  }
}

function readScene(svg: string): SvgScene {
  let scene: SvgScene | null = null;
  const open: string[] = [];
  let text: { attributes: Map<string, string>; content: string } | null = null;
  let skipping = 0;
  TOKEN.lastIndex = 0;
  for (let match = TOKEN.exec(svg); match !== null; match = TOKEN.exec(svg)) {
    const [token, closing, name, attributeText, selfClosing, characters] = match;
    if (characters !== undefined) {
      if (text && !skipping) text.content += characters;
      else if (characters.trim() !== '' && !skipping) unsupported();
      continue;
    }
    if (name === undefined) {
      if (token === '<') unsupported();
      continue; // a comment, the XML declaration, the doctype
    }
    if (closing) {
      if (open.pop() !== name) unsupported();
      if (SKIPPED.has(name)) skipping--;
      if (name === 'text' && text && !skipping) scene!.shapes.push(textOf(text.attributes, text.content));
      if (name === 'text') text = null;
      continue;
    }
    const attributes = readAttributes(attributeText);
    if (skipping || SKIPPED.has(name)) {
      if (!selfClosing) {
        open.push(name);
        if (SKIPPED.has(name)) skipping++;
      }
      continue;
    }
    if (text) unsupported(); // a <tspan> or anything else inside a text
    if (name === 'svg') {
      if (scene) unsupported();
      only(attributes, ROOT_ATTRIBUTES);
      const width = length(attributes.get('width'));
      const height = length(attributes.get('height'));
      const [x, y, boxWidth, boxHeight] = attributes.has('viewBox') ? numbers(attributes.get('viewBox') as string) : [0, 0, width, height];
      if (!(boxWidth > 0 && boxHeight > 0 && width > 0 && height > 0)) unsupported();
      scene = { width, height, viewBox: { x, y, width: boxWidth, height: boxHeight }, transform: [], shapes: [] };
    } else if (!scene) {
      unsupported();
    } else if (name === 'g') {
      only(attributes, GROUP_ATTRIBUTES);
      // Only the root group (the first, before anything is drawn) may move what it holds.
      if (attributes.has('transform')) {
        if (open.length !== 1 || scene.shapes.length > 0 || scene.transform.length > 0) unsupported();
        scene.transform = transformOf(attributes.get('transform') as string);
      }
    } else if (name === 'a') {
      only(attributes, LINK_ATTRIBUTES);
    } else if (name === 'text') {
      text = { attributes, content: '' };
    } else if (name in SHAPE_GEOMETRY) {
      scene.shapes.push(shapeOf(name, attributes));
    } else {
      unsupported();
    }
    if (!selfClosing) open.push(name);
    else if (name === 'text') {
      scene.shapes.push(textOf(attributes, ''));
      text = null;
    }
  }
  if (!scene || open.length > 0) unsupported();
  return scene;
}
