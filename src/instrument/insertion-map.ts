import { decodedMappings, type TraceMap } from '@jridgewell/trace-mapping';
import { basename } from 'node:path';
import type { Rewrite } from './rewrite';

/**
 * Source maps of a rewrite that only inserts text and never breaks a line
 * (rewrite.ts), written straight from its log of insertions: each input
 * character keeps its line, and its column moves by what was inserted before
 * it on that line.
 *
 * - With no input map, the map has magic-string's `hires: 'boundary'`
 *   segments (at each word's first character and at every other character, a
 *   chunk starting at each insertion), so any column a stack trace names maps
 *   back exactly; test/instrument/insertion-map.test.mjs holds it equal to
 *   magic-string's own, byte for byte.
 * - With one (tsc, esbuild, a package's .map), it is that map with its
 *   generated columns moved: the same lookups as composing a hires map of ours
 *   with it (what @ampproject/remapping did, at many times the cost and
 *   garbage), checked against remapping in the same test.
 */

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64_CODES = Uint8Array.from(BASE64, (character) => character.charCodeAt(0));
const SEMICOLON = 59;
const COMMA = 44;

/** The `mappings` string, written as bytes: a VLQ writer with the four or five running fields of the format. */
class MappingsWriter {
  private bytes = new Uint8Array(1 << 16);
  private length = 0;
  private column = 0;
  private source = 0;
  private line = 0;
  private originalColumn = 0;
  private name = 0;
  private segmentsOnLine = 0;

  private byte(value: number): void {
    if (this.length === this.bytes.length) {
      const grown = new Uint8Array(this.bytes.length * 2);
      grown.set(this.bytes);
      this.bytes = grown;
    }
    this.bytes[this.length++] = value;
  }

  private vlq(value: number): void {
    let rest = value < 0 ? (-value << 1) | 1 : value << 1;
    do {
      let digit = rest & 31;
      rest >>>= 5;
      if (rest > 0) digit |= 32;
      this.byte(BASE64_CODES[digit]);
    } while (rest > 0);
  }

  nextLine(): void {
    this.byte(SEMICOLON);
    this.column = 0;
    this.segmentsOnLine = 0;
  }

  /** Generated code from no source (a one-field segment). */
  sourceless(column: number): void {
    if (this.segmentsOnLine++ > 0) this.byte(COMMA);
    this.vlq(column - this.column);
    this.column = column;
  }

  segment(column: number, source: number, line: number, originalColumn: number, name = -1): void {
    if (this.segmentsOnLine++ > 0) this.byte(COMMA);
    this.vlq(column - this.column);
    this.vlq(source - this.source);
    this.vlq(line - this.line);
    this.vlq(originalColumn - this.originalColumn);
    if (name >= 0) {
      this.vlq(name - this.name);
      this.name = name;
    }
    this.column = column;
    this.source = source;
    this.line = line;
    this.originalColumn = originalColumn;
  }

  toString(): string {
    return Buffer.from(this.bytes.buffer, 0, this.length).toString('latin1');
  }
}

/** Offsets of the insertions, in order. */
function insertionOffsets(rewrite: Rewrite): number[] {
  return [...rewrite.insertedAt.keys()].sort((a, b) => a - b);
}

/** Whether a UTF-16 unit is `\w` (magic-string's word characters). */
function isWordUnit(unit: number): boolean {
  return (unit >= 97 && unit <= 122) || (unit >= 65 && unit <= 90) || (unit >= 48 && unit <= 57) || unit === 95;
}

export interface SourceMapV3 {
  version: 3;
  file?: string;
  sources: (string | null)[];
  sourcesContent?: (string | null)[];
  names: string[];
  mappings: string;
  ignoreList?: number[];
}

/** The rewrite's map back to its own input, the file `source` (named by its base name, beside it, as magic-string names it). */
export function mapOfRewrite(rewrite: Rewrite, source: string): SourceMapV3 {
  const code = rewrite.original;
  const offsets = insertionOffsets(rewrite);
  const removed = [...rewrite.removed].sort((a, b) => a[0] - b[0]);
  let nextRemoved = 0;
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
    if (!word || !inWord) out.segment(outColumn, 0, line, column);
    inWord = word;
    column++;
    outColumn++;
  }
  return { version: 3, file: basename(source), sources: [basename(source)], sourcesContent: [code], names: [], mappings: out.toString() };
}

/** Offsets where each line of `code` starts. */
function lineStarts(code: string): number[] {
  const starts = [0];
  for (let index = code.indexOf('\n'); index >= 0; index = code.indexOf('\n', index + 1)) starts.push(index + 1);
  return starts;
}

/** The input's map with each generated column moved to where the rewrite put its character. */
export function composeWithInputMap(rewrite: Rewrite, input: TraceMap, file: string): SourceMapV3 {
  const starts = lineStarts(rewrite.original);
  const offsets = insertionOffsets(rewrite);
  const inputLines = decodedMappings(input);
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
    for (const segment of inputLines[line] ?? []) {
      const offset = lineStart + segment[0];
      if (offset >= lineEnd || (removed.length > 0 && isRemoved(offset))) continue;
      while (cursor < offsets.length && offsets[cursor] <= offset) shift += rewrite.insertedAt.get(offsets[cursor++])!;
      const column = segment[0] + shift - (removed.length > 0 ? removedBetween(lineStart, offset) : 0);
      if (segment.length === 1) out.sourceless(column);
      else out.segment(column, segment[1]!, segment[2]!, segment[3]!, segment.length === 5 ? segment[4] : -1);
    }
  }
  const map: SourceMapV3 = { version: 3, file: basename(file), sources: input.resolvedSources, names: input.names, mappings: out.toString() };
  if (input.sourcesContent) map.sourcesContent = input.sourcesContent;
  if (input.ignoreList?.length) map.ignoreList = input.ignoreList;
  return map;
}
