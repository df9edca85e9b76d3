/**
 * A source map's JSON, read from its bytes without turning the sources it
 * carries into strings.
 *
 * A package's map often carries its original sources (`sourcesContent`: for
 * @babel/parser 1.4 MB of its 1.5 MB), which the transform only passes on into
 * the instrumented file's map. Decoding those bytes as UTF-8, parsing them,
 * writing them out again and encoding them back cost more than composing the
 * map (and on a machine slow to hand out fresh memory, far more); so every
 * other field is parsed, and the sources stay the bytes they were, with the
 * place of each one kept for the rare lookup of an original's text.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const NULL_BYTES = [0x6e, 0x75, 0x6c, 0x6c];
const U = 0x75;
/** What may follow a backslash in a JSON string, `u` aside. */
const ESCAPABLE = new Uint8Array(256);
for (const character of '"\\/bfnrt') ESCAPABLE[character.charCodeAt(0)] = 1;
const TAB = 0x09;
const LINE_FEED = 0x0a;
const CARRIAGE_RETURN = 0x0d;
/** `)]}'`, which the source map format allows before the JSON to keep it from running as script. */
const XSSI_PREFIX = [0x29, 0x5d, 0x7d, 0x27];

/** The `sourcesContent` array as JSON bytes, with where each element is. */
export class SourcesContent {
  private readonly texts = new Map<number, string | null>();

  private constructor(
    /** The array's JSON text. */
    readonly json: Uint8Array,
    /** Each element's [start, end) in `json`; null for a `null` element or one parsed already. */
    private readonly elements: readonly ([number, number] | null)[],
    parsed: readonly unknown[] | null,
  ) {
    parsed?.forEach((element, index) => this.texts.set(index, typeof element === 'string' ? element : null));
  }

  static ofBytes(json: Uint8Array, elements: readonly ([number, number] | null)[]): SourcesContent {
    return new SourcesContent(json, elements, null);
  }

  /** From a parsed array (a map that only JSON.parse could read). */
  static ofParsed(array: readonly unknown[]): SourcesContent {
    return new SourcesContent(Buffer.from(JSON.stringify(array)), [], array);
  }

  /** Source `index`'s text, or null when the map does not carry it. */
  text(index: number): string | null {
    let text = this.texts.get(index);
    if (text === undefined) {
      const range = this.elements[index];
      text = range ? parsedString(Buffer.from(this.json.buffer, this.json.byteOffset + range[0], range[1] - range[0]).toString('utf8')) : null;
      this.texts.set(index, text);
    }
    return text;
  }
}

/** A JSON string's value; null if it is none (the scan checked it, so this is only care). */
function parsedString(json: string): string | null {
  try {
    const value: unknown = JSON.parse(json);
    return typeof value === 'string' ? value : null;
  } catch {
    return null;
  }
}

export interface MapJson {
  /** Every top-level field but `sourcesContent`, parsed. */
  fields: Record<string, unknown>;
  sourcesContent: SourcesContent | null;
}

class MalformedJson extends Error {}

/** A reader of one JSON object's top level, over its bytes. */
class Scanner {
  position = 0;

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

  skipPrefix(prefix: readonly number[]): void {
    if (prefix.every((byte, index) => this.bytes[this.position + index] === byte)) this.position += prefix.length;
  }

  /** From an opening quote to after its closing one (the closing quote is the first not escaped by an odd run of backslashes). */
  skipString(): void {
    const { bytes } = this;
    this.expect(QUOTE);
    for (;;) {
      const quote = bytes.indexOf(QUOTE, this.position);
      if (quote < 0) this.fail();
      let backslashes = 0;
      while (bytes[quote - 1 - backslashes] === BACKSLASH) backslashes++;
      this.position = quote + 1;
      if (backslashes % 2 === 0) return;
    }
  }

  /**
   * skipString for a string that is passed on unparsed: each escape is checked
   * to be one JSON has (what JSON.parse would refuse must not reach the output).
   * The next quote and the next backslash are each looked for once as the
   * string is walked, so the walk stays linear however many escapes it holds.
   */
  skipCheckedString(): void {
    const { bytes } = this;
    this.expect(QUOTE);
    let quote = -1;
    let backslash = -1;
    for (;;) {
      if (quote < this.position) quote = bytes.indexOf(QUOTE, this.position);
      if (quote < 0) this.fail();
      if (backslash < this.position && backslash !== -2) {
        backslash = bytes.indexOf(BACKSLASH, this.position);
        if (backslash < 0) backslash = -2; // none left
      }
      if (backslash < 0 || backslash > quote) {
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
        this.skipCheckedString();
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
function hasControlCharacterInStrings(json: Uint8Array, elements: readonly ([number, number] | null)[]): boolean {
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

function text(bytes: Uint8Array, start: number, end: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('utf8');
}

/** The top-level fields, `sourcesContent` kept as bytes; throws MalformedJson, or SyntaxError from a field's value. */
function scan(bytes: Uint8Array): MapJson {
  const scanner = new Scanner(bytes);
  scanner.skipPrefix([0xef, 0xbb, 0xbf]); // a UTF-8 byte order mark
  scanner.skipPrefix(XSSI_PREFIX);
  scanner.skipWhitespace();
  scanner.expect(OPEN_BRACE);
  // As JSON.parse makes it: a "__proto__" key is a field like any other, not the object's prototype.
  const fields: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  let sourcesContent: SourcesContent | null = null;
  scanner.skipWhitespace();
  if (scanner.peek() === CLOSE_BRACE) scanner.position++;
  else {
    for (;;) {
      scanner.skipWhitespace();
      const keyStart = scanner.position;
      scanner.skipString();
      const key = JSON.parse(text(bytes, keyStart, scanner.position)) as string;
      scanner.skipWhitespace();
      scanner.expect(COLON);
      scanner.skipWhitespace();
      const valueStart = scanner.position;
      const elements = key === 'sourcesContent' && scanner.peek() === OPEN_BRACKET ? scanner.stringArray() : null;
      if (elements) {
        const json = bytes.subarray(valueStart, scanner.position);
        const ranges = elements.map((element) => element && ([element[0] - valueStart, element[1] - valueStart] as [number, number]));
        if (hasControlCharacterInStrings(json, ranges)) throw new MalformedJson();
        sourcesContent = SourcesContent.ofBytes(json, ranges);
        delete fields[key];
      } else {
        scanner.position = valueStart;
        scanner.skipValue();
        fields[key] = JSON.parse(text(bytes, valueStart, scanner.position));
        if (key === 'sourcesContent') sourcesContent = Array.isArray(fields[key]) ? SourcesContent.ofParsed(fields[key] as unknown[]) : null;
      }
      scanner.skipWhitespace();
      if (scanner.peek() === CLOSE_BRACE) {
        scanner.position++;
        break;
      }
      scanner.expect(COMMA);
    }
  }
  scanner.skipWhitespace();
  if (scanner.position !== bytes.length) throw new MalformedJson();
  delete fields.sourcesContent;
  return { fields, sourcesContent };
}

/**
 * A source map's JSON from its bytes; null when they are not a JSON object.
 * Strings in `sourcesContent` are found, not checked: a map whose sources hold a
 * raw control character or a bad escape (which JSON.parse would refuse) is passed
 * on as it came.
 */
export function readMapJson(bytes: Uint8Array): MapJson | null {
  try {
    return scan(bytes);
  } catch (error) {
    if (!(error instanceof MalformedJson) && !(error instanceof SyntaxError)) throw error;
  }
  // What the scanner could not follow, JSON.parse may (and then knows best).
  try {
    const parsed: unknown = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8').replace(/^\uFEFF?(?:\)\]\}')?/, ''));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
    const { sourcesContent, ...fields } = parsed as Record<string, unknown>;
    return { fields, sourcesContent: Array.isArray(sourcesContent) ? SourcesContent.ofParsed(sourcesContent) : null };
  } catch {
    return null;
  }
}
