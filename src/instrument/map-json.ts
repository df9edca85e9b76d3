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
      const value: unknown = range ? JSON.parse(Buffer.from(this.json.buffer, this.json.byteOffset + range[0], range[1] - range[0]).toString('utf8')) : null;
      text = typeof value === 'string' ? value : null;
      this.texts.set(index, text);
    }
    return text;
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
  const fields: Record<string, unknown> = {};
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
        sourcesContent = SourcesContent.ofBytes(json, elements.map((element) => element && [element[0] - valueStart, element[1] - valueStart]));
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
