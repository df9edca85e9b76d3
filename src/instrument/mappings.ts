/**
 * The `mappings` field of a source map, read and written as the text it is.
 *
 * Decoding a large map into an array per segment (what @jridgewell/sourcemap-codec
 * does) allocates some hundred thousand small arrays, which the transform reads
 * once and drops: for @babel/parser's 0.6 MB of mappings that was a fifth of the
 * file's transform, most of it garbage collection. Here an index of where each
 * generated line starts (and the running fields there) lets a line be decoded on
 * its own, straight into the caller's hands, as often as it is asked for.
 *
 * Decoding follows sourcemap-codec's rules (segments of one, four or five fields,
 * a line's segments sorted by generated column when they were not), so the
 * positions read are the ones @jridgewell/trace-mapping reads.
 */

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64_CODES = Uint8Array.from(BASE64, (character) => character.charCodeAt(0));
/** A base64 digit's value by character code; 0 for anything else, as sourcemap-codec reads it. */
const DIGIT_VALUES = new Uint8Array(128);
for (let index = 0; index < BASE64.length; index++) DIGIT_VALUES[BASE64.charCodeAt(index)] = index;
const SEMICOLON = 59;
const COMMA = 44;

/** One decoded segment; `source` is -1 for generated code from no source, `name` -1 for none. */
export interface Segment {
  column: number;
  source: number;
  line: number;
  originalColumn: number;
  name: number;
}

/** Fields carried from one line to the next: source, original line, original column, name. */
const CARRIED = 4;
/** Numbers per segment in a decoded line (EncodedMappings.decodedLine). */
export const FIELDS = 5;

export class EncodedMappings {
  /** Offset in `text` where each generated line's segments start. */
  private readonly lineStarts: Int32Array;
  /** The carried fields as they stand at the start of each line. */
  private readonly startFields: Int32Array;
  /** Lines whose segments are not in generated-column order. */
  private readonly unsorted: Set<number>;
  private position = 0;
  private readonly fields = new Int32Array(CARRIED);
  /** The segment being read, handed to visitors and reused. */
  private readonly segment: Segment = { column: 0, source: -1, line: 0, originalColumn: 0, name: -1 };

  constructor(readonly text: string) {
    let lines = 1;
    for (let index = text.indexOf(';'); index >= 0; index = text.indexOf(';', index + 1)) lines++;
    this.lineStarts = new Int32Array(lines);
    this.startFields = new Int32Array(lines * CARRIED);
    this.unsorted = new Set();
    // One pass over every segment: the fields carry across lines, so a line's start
    // is only known by reading all before it.
    for (let line = 0; line < lines; line++) {
      this.lineStarts[line] = this.position;
      this.startFields.set(this.fields, line * CARRIED);
      const semicolon = text.indexOf(';', this.position);
      const end = semicolon < 0 ? text.length : semicolon;
      let previousColumn = -1;
      let column = 0;
      while (this.position < end) {
        column += this.readSegmentFields(end);
        if (column < previousColumn) this.unsorted.add(line);
        previousColumn = column;
      }
      this.position = end + 1;
    }
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** Where line `line`'s segments end: at its semicolon, or the text's end. */
  private lineEnd(line: number): number {
    return line + 1 < this.lineStarts.length ? this.lineStarts[line + 1] - 1 : this.text.length;
  }

  private readInteger(): number {
    let value = 0;
    let shift = 0;
    let digit: number;
    do {
      const code = this.text.charCodeAt(this.position++);
      digit = code < 128 ? DIGIT_VALUES[code] : 0;
      value |= (digit & 31) << shift;
      shift += 5;
    } while (digit & 32);
    return value & 1 ? -0x80000000 | -(value >>> 1) : value >>> 1;
  }

  private hasMore(end: number): boolean {
    return this.position < end && this.text.charCodeAt(this.position) !== COMMA;
  }

  /**
   * Reads one segment's fields at `position` (up to `end`), adding the carried ones
   * into `fields` and setting `segment.source`/`name` (-1 when absent); returns the
   * generated column's delta. Leaves `position` after the segment's comma.
   */
  private readSegmentFields(end: number): number {
    const columnDelta = this.readInteger();
    const { fields, segment } = this;
    segment.source = -1;
    segment.name = -1;
    if (this.hasMore(end)) {
      segment.source = fields[0] += this.readInteger();
      segment.line = fields[1] += this.readInteger();
      segment.originalColumn = fields[2] += this.readInteger();
      if (this.hasMore(end)) segment.name = fields[3] += this.readInteger();
    }
    this.position++; // the comma, or the line's end
    return columnDelta;
  }

  /**
   * Calls `visit` with each segment of generated line `line` (0-based) in
   * generated-column order; the segment object is reused between calls. Stops
   * early when `visit` returns true.
   */
  forEachSegment(line: number, visit: (segment: Segment) => boolean | void): void {
    if (line < 0 || line >= this.lineStarts.length) return;
    this.position = this.lineStarts[line];
    this.fields.set(this.startFields.subarray(line * CARRIED, line * CARRIED + CARRIED));
    const end = this.lineEnd(line);
    const { segment } = this;
    if (this.unsorted.has(line)) {
      for (const sorted of this.sortedSegments(end)) if (visit(sorted)) return;
      return;
    }
    segment.column = 0;
    while (this.position < end) {
      segment.column += this.readSegmentFields(end);
      if (visit(segment)) return;
    }
  }

  /**
   * Line `line`'s segments decoded, in generated-column order, as FIELDS
   * numbers each (column, source, original line, original column, name; -1
   * for an absent source or name). The last line asked for is kept: the
   * locator asks for one line again and again in a minified file, where most
   * functions share one line of thousands of segments.
   */
  decodedLine(line: number): Int32Array {
    if (line === this.keptLine) return this.keptSegments;
    const values: number[] = [];
    this.forEachSegment(line, (segment) => {
      values.push(segment.column, segment.source, segment.line, segment.originalColumn, segment.name);
    });
    this.keptLine = line;
    this.keptSegments = Int32Array.from(values);
    return this.keptSegments;
  }

  private keptLine = -1;
  private keptSegments = new Int32Array(0);

  /** A line whose segments are out of order, read into objects and sorted (a stable sort, as sourcemap-codec's). */
  private sortedSegments(end: number): Segment[] {
    const segments: Segment[] = [];
    let column = 0;
    while (this.position < end) {
      column += this.readSegmentFields(end);
      segments.push({ ...this.segment, column });
    }
    return segments.sort((a, b) => a.column - b.column);
  }
}

/** The `mappings` text, written as bytes: a VLQ writer with the four or five running fields of the format. */
export class MappingsWriter {
  private buffer = new Uint8Array(1 << 16);
  private length = 0;
  private column = 0;
  private source = 0;
  private line = 0;
  private originalColumn = 0;
  private name = 0;
  private segmentsOnLine = 0;

  /** The most bytes one segment takes: five fields of up to seven digits, and a separator. */
  private static readonly SEGMENT_BYTES = 36;

  /** Room for one more segment, so that its bytes go in unchecked. */
  private reserve(): void {
    if (this.length + MappingsWriter.SEGMENT_BYTES <= this.buffer.length) return;
    const grown = new Uint8Array(this.buffer.length * 2);
    grown.set(this.buffer);
    this.buffer = grown;
  }

  private vlq(value: number): void {
    let rest = value < 0 ? (-value << 1) | 1 : value << 1;
    do {
      let digit = rest & 31;
      rest >>>= 5;
      if (rest > 0) digit |= 32;
      this.buffer[this.length++] = BASE64_CODES[digit];
    } while (rest > 0);
  }

  nextLine(): void {
    this.reserve();
    this.buffer[this.length++] = SEMICOLON;
    this.column = 0;
    this.segmentsOnLine = 0;
  }

  /** Generated code from no source (a one-field segment). */
  sourceless(column: number): void {
    this.reserve();
    if (this.segmentsOnLine++ > 0) this.buffer[this.length++] = COMMA;
    this.vlq(column - this.column);
    this.column = column;
  }

  segment(column: number, source: number, line: number, originalColumn: number, name = -1): void {
    this.reserve();
    if (this.segmentsOnLine++ > 0) this.buffer[this.length++] = COMMA;
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

  /** The text written so far, as ASCII bytes (a view, not a copy). */
  bytes(): Uint8Array {
    return this.buffer.subarray(0, this.length);
  }

  toString(): string {
    return Buffer.from(this.buffer.buffer, 0, this.length).toString('latin1');
  }
}
