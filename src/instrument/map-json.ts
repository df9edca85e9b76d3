import { CLOSE_BRACE, COLON, COMMA, MalformedJson, OPEN_BRACE, OPEN_BRACKET, Scanner, XSSI_PREFIX, hasControlCharacterInStrings } from './json-scanner';

/**
 * A source map's JSON, read from its bytes without turning the sources it
 * carries into strings.
 *
 * A package's map often carries its original sources (`sourcesContent`: for
 * @babel/parser 0.9 MB of its 1.5 MB, as JSON), which the transform only passes on into
 * the instrumented file's map. Decoding those bytes as UTF-8, parsing them,
 * writing them out again and encoding them back cost more than composing the
 * map (and on a machine slow to hand out fresh memory, far more); so every
 * other field is parsed, and the sources stay the bytes they were, with the
 * place of each one kept for the rare lookup of an original's text.
 */

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
      text = range ? parsedString(utf8(this.json, range[0], range[1])) : null;
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

/** `bytes` from `start` to `end` as UTF-8 text, read where they lie. */
function utf8(bytes: Uint8Array, start = 0, end = bytes.length): string {
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
      const key = JSON.parse(utf8(bytes, keyStart, scanner.position)) as string;
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
        scanner.rewindTo(valueStart);
        scanner.skipValue();
        fields[key] = JSON.parse(utf8(bytes, valueStart, scanner.position));
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
    const parsed: unknown = JSON.parse(utf8(bytes).replace(/^\uFEFF?(?:\)\]\}')?/, ''));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
    const { sourcesContent, ...fields } = parsed as Record<string, unknown>;
    return { fields, sourcesContent: Array.isArray(sourcesContent) ? SourcesContent.ofParsed(sourcesContent) : null };
  } catch {
    return null;
  }
}
