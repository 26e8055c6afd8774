/** One column of a table: its heading and how a row shows in it. */
export interface Column<Row> {
  header: string;
  value(row: Row): string | number | boolean | null | undefined;
}

/**
 * Rows as a plain-text table: a heading line, then one line per row, columns padded to their
 * widest cell and two spaces apart; empty values show as `-`. No rows: the headings and `(none)`.
 */
export function formatTable<Row>(columns: Column<Row>[], rows: readonly Row[]): string {
  const cells = rows.map((row) => columns.map((c) => cellText(c.value(row))));
  const widths = columns.map((c, i) =>
    Math.max(displayWidth(c.header), ...cells.map((line) => displayWidth(line[i]!))),
  );
  const line = (texts: string[]) =>
    texts
      .map((text, i) => (i === texts.length - 1 ? text : pad(text, widths[i]!)))
      .join('  ')
      .trimEnd();
  const lines = [line(columns.map((c) => c.header)), ...cells.map(line)];
  if (rows.length === 0) lines.push('(none)');
  return `${lines.join('\n')}\n`;
}

function cellText(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined || value === '') return '-';
  // One row per line: a value's own line breaks and tabs would break the columns.
  return String(value).replace(/[\r\n\t]+/g, ' ');
}

/** Width in terminal columns, counting code points (an accented letter is one column). */
function displayWidth(text: string): number {
  return [...text].length;
}

function pad(text: string, width: number): string {
  return text + ' '.repeat(width - displayWidth(text));
}
