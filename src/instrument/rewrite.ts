import MagicString from 'magic-string';

/**
 * The text of a file as the transform rewrites it: magic-string does the
 * editing, and this log keeps where text went in and what came out, which is
 * all a source map of the rewrite needs (insertion-map.ts). The transform only
 * inserts (probes) and drops the file's own sourceMappingURL comment, whose
 * line breaks stay, so every line keeps its number and only columns move.
 */
const LINE_BREAK = /[\n\r\u2028\u2029]/;

export class Rewrite {
  private readonly text: MagicString;
  /** Input offsets with text inserted before the character there, and how much. */
  readonly insertedAt = new Map<number, number>();
  /** Input ranges [start, end) whose characters are gone (their line breaks stay). */
  readonly removed: [number, number][] = [];

  constructor(readonly original: string) {
    this.text = new MagicString(original);
  }

  private log(position: number, content: string): void {
    if (LINE_BREAK.test(content)) {
      throw new Error('tsprof inserts no line breaks'); // every line would move; the maps assume they do not
    }
    this.insertedAt.set(position, (this.insertedAt.get(position) ?? 0) + content.length);
  }

  /** Before the character at `position`, after anything already put there: closers (edits.ts). */
  appendLeft(position: number, content: string): void {
    this.log(position, content);
    this.text.appendLeft(position, content);
  }

  /** Before the character at `position`, before anything already put there: openers. */
  prependRight(position: number, content: string): void {
    this.log(position, content);
    this.text.prependRight(position, content);
  }

  prependLeft(position: number, content: string): void {
    this.log(position, content);
    this.text.prependLeft(position, content);
  }

  /** Drops the text from `start` to `end` but for its line breaks. */
  removeKeepingLines(start: number, end: number): void {
    let from = start;
    for (let index = start; index <= end; index++) {
      if (index < end && this.original[index] !== '\n' && this.original[index] !== '\r') continue;
      if (index > from) {
        this.text.remove(from, index);
        this.removed.push([from, index]);
      }
      from = index + 1;
    }
  }

  toString(): string {
    return this.text.toString();
  }
}
