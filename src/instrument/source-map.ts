import remapping from '@ampproject/remapping';
import { TraceMap, originalPositionFor, type SourceMapInput } from '@jridgewell/trace-mapping';
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Input source maps (from tsc, tsx, esbuild, …) so that names, positions and
 * stack traces point at the file the user wrote, not the compiled JavaScript.
 */

const SOURCE_MAPPING_URL = /(?:\/\/[#@]\s*sourceMappingURL=([^\s'"]+)\s*$)|(?:\/\*[#@]\s*sourceMappingURL=([^\s*'"]+)\s*\*\/\s*$)/;

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
  const tailStart = Math.max(0, code.length - 4096);
  const lastComment = code.lastIndexOf('sourceMappingURL=');
  if (lastComment < 0) return null;
  const lineStart = Math.max(code.lastIndexOf('\n', lastComment) + 1, Math.min(tailStart, lastComment));
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

export interface OriginalLocator {
  locate(line: number, column: number): { file: string; line: number; column: number } | null;
}

export function originalLocator(input: InputMap): OriginalLocator {
  const trace = new TraceMap(input.map);
  return {
    locate(line, column) {
      const position = originalPositionFor(trace, { line, column });
      if (position.source === null || position.line === null) return null;
      const source = position.source.startsWith('file:') ? fileURLToPath(position.source) : position.source;
      const file = isAbsolute(source) ? source : resolve(input.baseDirectory, source);
      return { file, line: position.line, column: position.column ?? 0 };
    },
  };
}

/** Our map (instrumented → input) composed with the input's map (input → original). */
export function composeMaps(ours: SourceMapInput, input: InputMap | null): object {
  if (!input) return ours as object;
  return remapping([ours, input.map] as never, () => null);
}

export function inlineSourceMapComment(map: object): string {
  return `//# sourceMappingURL=data:application/json;charset=utf-8;base64,${Buffer.from(JSON.stringify(map)).toString('base64')}`;
}
