/**
 * Escaping for DOT strings. Function names and paths come from user code and
 * may hold anything: `<anonymous>`, quotes, backslashes from Windows paths,
 * template literals with newlines.
 *
 * Labels are plain double-quoted strings, not HTML-like `<...>` labels: the
 * Graphviz 5 that viz.js runs as WebAssembly (graphviz.ts) draws an HTML-like label as
 * the node's id instead. Mixed font sizes come from typography.ts instead.
 */

/** Control characters have no place in one label line; newlines become spaces. */
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/g;

/** A label of several lines; each line is kept on one line whatever it contains. */
export function quoteDotLabel(lines: string[]): string {
  return quoteDotString(lines.map((line) => line.replace(CONTROL_CHARACTERS, ' ')).join('\n'));
}

/**
 * A double-quoted DOT string, for attributes such as tooltips. A backslash is
 * doubled so that Graphviz's own escapes (`\N`, `\l`) are not triggered, and
 * newlines become `\n`, which Graphviz shows as a line break.
 */
export function quoteDotString(text: string): string {
  const escaped = text
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\r\n|\r|\n/g, '\\n')
    .replace(CONTROL_CHARACTERS, ' ');
  return `"${escaped}"`;
}

/** `name=value, …` for a DOT attribute list: values arrive already quoted; numbers and keywords need no quotes. */
export function attributeList(attributes: Record<string, string>): string {
  return Object.entries(attributes)
    .map(([name, value]) => `${name}=${value}`)
    .join(', ');
}

/**
 * Graphviz puts an edge label right against the edge and ignores its pen
 * width, so thick edges cover the first letters. Leading spaces widen the
 * label box and the centred text moves off the line.
 */
export const EDGE_LABEL_INDENT = '    ';
