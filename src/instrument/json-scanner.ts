/**
 * Reading one JSON object's top level from its bytes (map-json.ts): where each
 * value starts and ends, strings found with the native indexOf, and the
 * strings passed on unparsed checked as JSON.parse would check them.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
export const COMMA = 0x2c;
export const COLON = 0x3a;
export const OPEN_BRACE = 0x7b;
export const CLOSE_BRACE = 0x7d;
export const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const NULL_BYTES = [0x6e, 0x75, 0x6c, 0x6c];
const U = 0x75;
/** What may follow a backslash in a JSON string, `u` aside. */
const ESCAPABLE = new Uint8Array(256);
for (const character of '"\\/bfnrt') ESCAPABLE[character.charCodeAt(0)] = 1;
const TAB = 0x09;
const LINE_FEED = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const NONE_LEFT = -2;
/** `)]}'`, which the source map format allows before the JSON to keep it from running as script. */
export const XSSI_PREFIX = [0x29, 0x5d, 0x7d, 0x27];

/** What is no JSON object as JSON.parse reads one. */
export class MalformedJson extends Error {}

/** A reader of one JSON object's top level, over its bytes. */
export class Scanner {
  position = 0;
  /** The first backslash at or after the last string walked; NONE_LEFT when the text has no more. */
  private nextBackslash = -1;

  constructor(private readonly bytes: Uint8Array) {}

  private fail(): never {
    throw new MalformedJson();
  }

  skipWhitespace(): void {
    const { bytes } = this;
    while (this.position < bytes.length) {
      const byte = bytes[this.position];
      if (byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09) return;
      this.position++;
    }
  }

  peek(): number {
    return this.position < this.bytes.length ? this.bytes[this.position] : -1;
  }

  expect(byte: number): void {
    if (this.peek() !== byte) this.fail();
    this.position++;
  }

  /** Back to `position`, to read what is there again (the cached backslash may lie past one there). */
  rewindTo(position: number): void {
    this.position = position;
    this.nextBackslash = -1;
  }

  skipPrefix(prefix: readonly number[]): void {
    if (prefix.every((byte, index) => this.bytes[this.position + index] === byte)) this.position += prefix.length;
  }

  /**
   * From an opening quote to after its closing one, each escape checked to be
   * one JSON has (a string passed on unparsed must be one JSON.parse takes).
   * The next backslash is looked for once for the whole text, not once a
   * string, so strings without escapes before a far one cost no rescans.
   */
  skipString(): void {
    const { bytes } = this;
    this.expect(QUOTE);
    let quote = -1;
    for (;;) {
      if (quote < this.position) quote = bytes.indexOf(QUOTE, this.position);
      if (quote < 0) this.fail();
      if (this.nextBackslash !== NONE_LEFT && this.nextBackslash < this.position) {
        const found = bytes.indexOf(BACKSLASH, this.position);
        this.nextBackslash = found < 0 ? NONE_LEFT : found;
      }
      const backslash = this.nextBackslash;
      if (backslash === NONE_LEFT || backslash > quote) {
        this.position = quote + 1;
        return;
      }
      const escaped = bytes[backslash + 1];
      if (escaped === U) {
        for (let digit = backslash + 2; digit < backslash + 6; digit++) if (!isHexDigit(bytes[digit])) this.fail();
        this.position = backslash + 6;
      } else if (ESCAPABLE[escaped] === 1) this.position = backslash + 2;
      else this.fail();
    }
  }

  /** Any value, its syntax checked only as far as finding its end (the caller parses what it keeps). */
  skipValue(): void {
    const first = this.peek();
    if (first === QUOTE) return this.skipString();
    if (first !== OPEN_BRACE && first !== OPEN_BRACKET) {
      // A number, true, false or null: up to the next delimiter.
      const start = this.position;
      while (this.position < this.bytes.length && !isDelimiter(this.bytes[this.position])) this.position++;
      if (this.position === start) this.fail();
      return;
    }
    let depth = 0;
    do {
      const byte = this.peek();
      if (byte < 0) this.fail();
      if (byte === QUOTE) this.skipString();
      else {
        if (byte === OPEN_BRACE || byte === OPEN_BRACKET) depth++;
        else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) depth--;
        this.position++;
      }
    } while (depth > 0);
  }

  /** Whether `null` is here (and skips it). */
  skipNull(): boolean {
    if (!NULL_BYTES.every((byte, index) => this.bytes[this.position + index] === byte)) return false;
    this.position += NULL_BYTES.length;
    return true;
  }

  /** An array of strings and nulls: each element's range; null when the array holds anything else. */
  stringArray(): ([number, number] | null)[] | null {
    const elements: ([number, number] | null)[] = [];
    this.expect(OPEN_BRACKET);
    this.skipWhitespace();
    if (this.peek() === CLOSE_BRACKET) {
      this.position++;
      return [];
    }
    for (;;) {
      this.skipWhitespace();
      const start = this.position;
      if (this.peek() === QUOTE) {
        this.skipString();
        elements.push([start, this.position]);
      } else if (this.skipNull()) elements.push(null);
      else return null;
      this.skipWhitespace();
      if (this.peek() === CLOSE_BRACKET) {
        this.position++;
        return elements;
      }
      this.expect(COMMA);
    }
  }
}

function isHexDigit(byte: number): boolean {
  return (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66);
}

/**
 * Whether a control character (below 0x20), which JSON allows only as
 * whitespace between tokens, stands inside one of the strings `elements`
 * (sorted [start, end) ranges of `json`). Each of the 32 is looked for
 * through the whole text natively; in JSON that JSON.stringify wrote there
 * are none, and in pretty-printed JSON only line breaks and tabs between the
 * elements.
 */
export function hasControlCharacterInStrings(json: Uint8Array, elements: readonly ([number, number] | null)[]): boolean {
  const ranges = elements.filter((element): element is [number, number] => element !== null);
  const insideString = (offset: number): boolean => {
    let low = 0;
    let high = ranges.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (ranges[middle][1] <= offset) low = middle + 1;
      else high = middle;
    }
    return low < ranges.length && ranges[low][0] <= offset;
  };
  for (let byte = 0; byte < 0x20; byte++) {
    const whitespace = byte === TAB || byte === LINE_FEED || byte === CARRIAGE_RETURN;
    for (let offset = json.indexOf(byte); offset >= 0; offset = json.indexOf(byte, offset + 1)) {
      if (!whitespace || insideString(offset)) return true;
    }
  }
  return false;
}

function isDelimiter(byte: number): boolean {
  return byte === COMMA || byte === CLOSE_BRACE || byte === CLOSE_BRACKET || byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}
