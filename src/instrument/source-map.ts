import { TraceMap } from '@jridgewell/trace-mapping';
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { readMapJson, type SourcesContent } from './map-json';
import { EncodedMappings, FIELDS } from './mappings';

export { inlineSourceMapComment } from './inline-source-map';

/**
 * Input source maps (from tsc, tsx, esbuild, …) so that names, positions and
 * stack traces point at the file the user wrote, not the compiled JavaScript.
 */

const SOURCE_MAPPING_URL = /(?:\/\/[#@]\s*sourceMappingURL=([^\s'"]+)\s*$)|(?:\/\*[#@]\s*sourceMappingURL=([^\s*'"]+)\s*\*\/\s*$)/;

/** Room for `//#` or `/*#` and the spaces before `sourceMappingURL=`. */
const COMMENT_OPENING_MAX = 32;

export interface InputMap {
  /** The map's sources, names and ignore list (its mappings are read from `mappings`, not from here). */
  trace: TraceMap;
  mappings: EncodedMappings;
  /** The original sources it carries, as JSON bytes. */
  sourcesContent: SourcesContent | null;
  /** Where the sourceMappingURL comment is, so the output can drop it. */
  commentStart: number;
  commentEnd: number;
  /** Directory that relative `sources` are resolved against. */
  baseDirectory: string;
}

function decodeDataUrl(url: string): Buffer | null {
  const comma = url.indexOf(',');
  if (comma < 0) return null;
  const header = url.slice(5, comma);
  const body = url.slice(comma + 1);
  return header.endsWith(';base64') ? Buffer.from(body, 'base64') : Buffer.from(decodeURIComponent(body));
}

/** The parts of a map's JSON the transform reads; null when it is no map it can compose with (an index map with `sections`, say). */
function readInputMap(bytes: Buffer): Pick<InputMap, 'trace' | 'mappings' | 'sourcesContent'> | null {
  const json = readMapJson(bytes);
  if (!json || typeof json.fields.mappings !== 'string' || !Array.isArray(json.fields.sources)) return null;
  const { mappings, ...rest } = json.fields;
  try {
    return { trace: new TraceMap({ ...rest, mappings: '' } as never), mappings: new EncodedMappings(mappings), sourcesContent: json.sourcesContent };
  } catch {
    return null;
  }
}

/** Finds the last sourceMappingURL comment and loads its map; null when there is none or it is unreadable. */
export function findInputMap(code: string, filename: string): InputMap | null {
  const lastComment = code.lastIndexOf('sourceMappingURL=');
  if (lastComment < 0) return null;
  // The comment's opening (`//# `, `/*@ `) is just before its name, whatever the length of the
  // URL after it (an inline map runs to many kilobytes); minified code may fill the rest of the line.
  const lineStart = Math.max(code.lastIndexOf('\n', lastComment) + 1, lastComment - COMMENT_OPENING_MAX);
  const match = SOURCE_MAPPING_URL.exec(code.slice(lineStart));
  if (!match) return null;
  const url = match[1] ?? match[2];
  const commentStart = lineStart + match.index;
  const commentEnd = lineStart + match.index + match[0].trimEnd().length;
  try {
    const mapFile = url.startsWith('data:') ? null : url.startsWith('file:') ? fileURLToPath(url) : resolve(dirname(filename), url);
    const bytes = mapFile === null ? decodeDataUrl(url) : readFileSync(mapFile);
    const map = bytes && readInputMap(bytes);
    return map && { ...map, commentStart, commentEnd, baseDirectory: dirname(mapFile ?? filename) };
  } catch {
    return null;
  }
}

export interface Position {
  line: number;
  column: number;
}

export interface OriginalLocator {
  /**
   * Where the code between `start` and `end` (1-based lines, 0-based columns)
   * came from: the first mapped position inside that span, which must be on the
   * span's first line. Null otherwise, i.e. code the compiler generated
   * (esbuild's `__name`, tsx's module wrapper, tsc's `__awaiter` …), which the
   * user never wrote and should not see.
   */
  locate(start: Position, end: Position): OriginalPlace | null;
  /** The file most of the code comes from (the map's first source). */
  firstSource(): string | null;
  /** Up to `length` characters of the original text at `place`, when the map carries its sources' text. */
  textAt(place: OriginalPlace, length: number): string | null;
}

export interface OriginalPlace {
  file: string;
  /** 1-based. */
  line: number;
  /** 0-based. */
  column: number;
  /** The map's index of the file, for textAt. */
  source: number;
}

export function originalLocator(input: InputMap): OriginalLocator {
  const { trace, mappings } = input;
  const sources = trace.sources;
  const fileOf = (index: number): string => {
    const raw = sources[index] ?? '';
    const source = raw.startsWith('file:') ? fileURLToPath(raw) : raw;
    return isAbsolute(source) ? source : resolve(input.baseDirectory, trace.sourceRoot ?? '', source);
  };
  return {
    locate(start, end) {
      const segments = mappings.decodedLine(start.line - 1);
      // The first segment at or after the start's column (segments are in column order).
      let low = 0;
      let high = segments.length / FIELDS;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if (segments[middle * FIELDS] < start.column) low = middle + 1;
        else high = middle;
      }
      for (let index = low * FIELDS; index < segments.length; index += FIELDS) {
        const source = segments[index + 1];
        if (source < 0) continue;
        if (start.line === end.line && segments[index] >= end.column) return null;
        return { file: fileOf(source), line: segments[index + 2] + 1, column: segments[index + 3], source };
      }
      return null;
    },
    firstSource: () => (sources.length > 0 ? fileOf(0) : null),
    textAt(place, length) {
      const content = input.sourcesContent?.text(place.source) ?? null;
      if (content === null) return null;
      let offset = 0;
      for (let line = 1; line < place.line; line++) {
        offset = content.indexOf('\n', offset) + 1;
        if (offset === 0) return null;
      }
      return content.slice(offset + place.column, offset + place.column + length);
    },
  };
}
