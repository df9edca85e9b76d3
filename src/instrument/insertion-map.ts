import { basename } from 'node:path';
import { MappingsWriter } from './mappings';
import type { Rewrite } from './rewrite';
import type { InputMap } from './source-map';

/**
 * Source maps of a rewrite that only inserts text and never breaks a line
 * (rewrite.ts), written straight from its log of insertions: each input
 * character keeps its line, and its column moves by what was inserted before
 * it on that line.
 *
 * - With no input map, the map has magic-string's `hires: 'boundary'`
 *   segments (at each word's first character and at every other character, a
 *   chunk starting at each insertion) but for those on a space or a tab or
 *   inside a comment, so any column a stack trace names (a token's, never a
 *   blank's or a comment's) maps back exactly; test/instrument/insertion-map.test.mjs
 *   holds it equal to magic-string's own with those left out. Blanks were half
 *   the segments of an indented, commented file (commander's command.js:
 *   18,538 of 38,128), comments 42 % of the rest there (amqplib's: 12 %), and
 *   Node decodes each instrumented file's map as it loads it (tsprof turns its
 *   source-map support on), so they cost every load.
 * - With one (tsc, esbuild, a package's .map), it is that map with its
 *   generated columns moved: the same lookups as composing a hires map of ours
 *   with it (what @ampproject/remapping did, at many times the cost and
 *   garbage), checked against remapping in the same test.
 *
 * Either way the map comes as the pieces of its JSON text (`MapPieces`), so that
 * what is large in it (the mappings, the original sources an input map carries)
 * goes from bytes to the inline comment's base64 without being made a string.
 */

/** Offsets of the insertions, in order. */
function insertionOffsets(rewrite: Rewrite): number[] {
  return [...rewrite.insertedAt.keys()].sort((a, b) => a - b);
}

/** A space or a tab: no stack trace names a column on one, so the map has no segment there. */
function isBlankUnit(unit: number): boolean {
  return unit === 32 || unit === 9;
}

/** Whether a UTF-16 unit is `\w` (magic-string's word characters). */
function isWordUnit(unit: number): boolean {
  return (unit >= 97 && unit <= 122) || (unit >= 65 && unit <= 90) || (unit >= 48 && unit <= 57) || unit === 95;
}

/** Where a comment is in the input, as the parser gives it (offsets, in order). */
export interface SourceRange {
  start: number;
  end: number;
}

/** A source map's JSON text as consecutive pieces of UTF-8. */
export type MapPieces = Uint8Array[];

interface MapFields {
  file: string;
  sources: readonly (string | null)[];
  names: readonly string[];
  mappings: MappingsWriter;
  /** The `sourcesContent` array's JSON text. */
  sourcesContent: Uint8Array | null;
  ignoreList?: readonly number[];
}

/** `{"version":3,"file":…,"sources":…,"names":…,"mappings":…,"sourcesContent":…,"ignoreList":…}`, in pieces. */
function mapPieces(fields: MapFields): MapPieces {
  const head = JSON.stringify({ version: 3, file: fields.file, sources: fields.sources, names: fields.names });
  const pieces: MapPieces = [Buffer.from(`${head.slice(0, -1)},"mappings":"`), fields.mappings.bytes()];
  if (fields.sourcesContent) pieces.push(Buffer.from('","sourcesContent":'), fields.sourcesContent);
  else pieces.push(Buffer.from('"'));
  pieces.push(Buffer.from(fields.ignoreList?.length ? `,"ignoreList":${JSON.stringify(fields.ignoreList)}}` : '}'));
  return pieces;
}

/** The pieces as one JSON text (for tests and for whoever wants the map as an object). */
export function mapJsonText(pieces: MapPieces): string {
  return Buffer.concat(pieces).toString('utf8');
}

/**
 * The rewrite's map back to its own input, the file `source` (named by its base name, beside it, as
 * magic-string names it). Without the source in it (`sourcesContent`): the source is that very file,
 * where whoever reads the map finds it (Node's code frame of an uncaught error reads it from disk when
 * the map has none). Carried in the map, it was the file a second time in every instrumented file's
 * inline comment, base64 and all (19 files of amqplib: 805 KB of comments for 259 KB of source),
 * which Node decodes and scans as each file loads, once its source-map support is on (as tsprof turns it).
 */
export function mapOfRewrite(rewrite: Rewrite, source: string, comments: readonly SourceRange[] = []): MapPieces {
  const code = rewrite.original;
  const offsets = insertionOffsets(rewrite);
  const removed = [...rewrite.removed].sort((a, b) => a[0] - b[0]);
  let nextRemoved = 0;
  let nextComment = 0;
  const out = new MappingsWriter();
  let next = 0;
  let line = 0;
  let column = 0;
  let outColumn = 0;
  let inWord = false;
  for (let index = 0; index < code.length; index++) {
    while (next < offsets.length && offsets[next] < index) next++; // inside a removed range: gone with it
    if (next < offsets.length && offsets[next] === index) {
      outColumn += rewrite.insertedAt.get(index)!;
      next++;
      inWord = false;
    }
    if (nextRemoved < removed.length && removed[nextRemoved][0] === index) {
      const removedEnd = removed[nextRemoved++][1];
      column += removedEnd - index;
      index = removedEnd - 1;
      inWord = false;
      continue;
    }
    const unit = code.charCodeAt(index);
    if (unit === 10) {
      out.nextLine();
      line++;
      column = 0;
      outColumn = 0;
      inWord = false;
      continue;
    }
    const word = isWordUnit(unit);
    while (nextComment < comments.length && comments[nextComment].end <= index) nextComment++;
    const inComment = nextComment < comments.length && comments[nextComment].start <= index;
    if (!inComment && (word ? !inWord : !isBlankUnit(unit))) out.segment(outColumn, 0, line, column);
    inWord = word;
    column++;
    outColumn++;
  }
  return mapPieces({ file: basename(source), sources: [basename(source)], names: [], mappings: out, sourcesContent: null });
}

/** Offsets where each line of `code` starts. */
function lineStarts(code: string): number[] {
  const starts = [0];
  for (let index = code.indexOf('\n'); index >= 0; index = code.indexOf('\n', index + 1)) starts.push(index + 1);
  return starts;
}

/** The input's map with each generated column moved to where the rewrite put its character. */
export function composeWithInputMap(rewrite: Rewrite, input: Pick<InputMap, 'trace' | 'mappings' | 'sourcesContent'>, file: string): MapPieces {
  const starts = lineStarts(rewrite.original);
  const offsets = insertionOffsets(rewrite);
  const out = new MappingsWriter();
  const removed = rewrite.removed;
  const isRemoved = (offset: number): boolean => removed.some(([start, end]) => offset >= start && offset < end);
  const removedBetween = (from: number, to: number): number => removed.reduce((sum, [start, end]) => (end <= to && start >= from ? sum + end - start : sum), 0);
  let next = 0;
  for (let line = 0; line < starts.length; line++) {
    if (line > 0) out.nextLine();
    const lineStart = starts[line];
    const lineEnd = line + 1 < starts.length ? starts[line + 1] : rewrite.original.length + 1;
    while (next < offsets.length && offsets[next] < lineStart) next++;
    let cursor = next;
    let shift = 0;
    const removalOnLine = removed.length > 0 && removed.some(([start, end]) => start < lineEnd && end > lineStart);
    input.mappings.forEachSegment(line, (segment) => {
      const offset = lineStart + segment.column;
      if (offset >= lineEnd || (removalOnLine && isRemoved(offset))) return;
      while (cursor < offsets.length && offsets[cursor] <= offset) shift += rewrite.insertedAt.get(offsets[cursor++])!;
      const column = segment.column + shift - (removalOnLine ? removedBetween(lineStart, offset) : 0);
      if (segment.source < 0) out.sourceless(column);
      else out.segment(column, segment.source, segment.line, segment.originalColumn, segment.name);
    });
  }
  const { trace } = input;
  return mapPieces({ file: basename(file), sources: trace.resolvedSources, names: trace.names, mappings: out, sourcesContent: input.sourcesContent?.json ?? null, ignoreList: trace.ignoreList });
}
