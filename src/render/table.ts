/** Tables as the reports print them: aligned text for logs, markdown for job summaries. */

export interface Table {
  columns: string[];
  /** Columns aligned right in text and markdown. */
  numeric: Set<string>;
  rows: string[][];
}

export function textTable(table: Table): string[] {
  const all = [table.columns, ...table.rows];
  const widths = table.columns.map((_, column) => Math.max(...all.map((row) => row[column].length)));
  const line = (row: string[]): string =>
    row
      .map((cell, column) => (table.numeric.has(table.columns[column]) ? cell.padStart(widths[column]) : cell.padEnd(widths[column])))
      .join('  ')
      .trimEnd();
  return all.map((row) => `  ${line(row)}`);
}

export function markdownTable(table: Table): string[] {
  const header = `| ${table.columns.join(' | ')} |`;
  const alignment = `|${table.columns.map((column) => (table.numeric.has(column) ? ' ---: ' : ' --- ')).join('|')}|`;
  const rows = table.rows.map((row) => `| ${row.map(escapeMarkdown).join(' | ')} |`);
  return [header, alignment, ...rows];
}

/** Names like `<anonymous>` or `a|b` must not turn into HTML or extra table cells. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|#]/g, (character) => `\\${character}`);
}
