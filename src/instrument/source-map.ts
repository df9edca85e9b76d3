import { TraceMap, decodedMappings, type SourceMapInput } from '@jridgewell/trace-mapping';
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export { inlineSourceMapComment } from './inline-source-map';

/**
 * Input source maps (from tsc, tsx, esbuild, …) so that names, positions and
 * stack traces point at the file the user wrote, not the compiled JavaScript.
 */

const SOURCE_MAPPING_URL = /(?:\/\/[#@]\s*sourceMappingURL=([^\s'"]+)\s*$)|(?:\/\*[#@]\s*sourceMappingURL=([^\s*'"]+)\s*\*\/\s*$)/;

/** Room for `//#` or `/*#` and the spaces before `sourceMappingURL=`. */
const COMMENT_OPENING_MAX = 32;

export interface InputMap {
  map: SourceMapInput;
  /** Where the sourceMappingURL comment is, so the output can drop it. */
  commentStart: number;
  commentEnd: number;
  /** Directory that relative `sources` are resolved against. */
  baseDirectory: string;
}

function decodeDataUrl(url: string): string | null {
  const comma = url.indexOf(',');
  if (comma < 0) return null;
  const header = url.slice(5, comma);
  const body = url.slice(comma + 1);
  return header.endsWith(';base64') ? Buffer.from(body, 'base64').toString('utf8') : decodeURIComponent(body);
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
    if (url.startsWith('data:')) {
      const text = decodeDataUrl(url);
      if (text === null) return null;
      return { map: JSON.parse(text), commentStart, commentEnd, baseDirectory: dirname(filename) };
    }
    const mapFile = url.startsWith('file:') ? fileURLToPath(url) : resolve(dirname(filename), url);
    const text = readFileSync(mapFile, 'utf8');
    return { map: JSON.parse(text), commentStart, commentEnd, baseDirectory: dirname(mapFile) };
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

/** Each input map is decoded once, for the locator and for composing. */
const traces = new WeakMap<InputMap, TraceMap>();

export function traceOf(input: InputMap): TraceMap {
  let trace = traces.get(input);
  if (!trace) {
    trace = new TraceMap(input.map);
    traces.set(input, trace);
  }
  return trace;
}

export function originalLocator(input: InputMap): OriginalLocator {
  const trace = traceOf(input);
  const lines = decodedMappings(trace);
  const sources = trace.sources;
  const fileOf = (index: number): string => {
    const raw = sources[index] ?? '';
    const source = raw.startsWith('file:') ? fileURLToPath(raw) : raw;
    return isAbsolute(source) ? source : resolve(input.baseDirectory, trace.sourceRoot ?? '', source);
  };
  return {
    locate(start, end) {
      for (const segment of lines[start.line - 1] ?? []) {
        if (segment.length < 4 || segment[0] < start.column) continue;
        if (start.line === end.line && segment[0] >= end.column) break;
        return { file: fileOf(segment[1]!), line: segment[2]! + 1, column: segment[3]!, source: segment[1]! };
      }
      return null;
    },
    firstSource: () => (sources.length > 0 ? fileOf(0) : null),
    textAt(place, length) {
      const content = trace.sourcesContent?.[place.source];
      if (typeof content !== 'string') return null;
      let offset = 0;
      for (let line = 1; line < place.line; line++) {
        offset = content.indexOf('\n', offset) + 1;
        if (offset === 0) return null;
      }
      return content.slice(offset + place.column, offset + place.column + length);
    },
  };
}
