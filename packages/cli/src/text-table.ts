/**
 * Plain-text tables of the command line's reports: columns padded to their widest cell, the
 * first columns (labels) aligned left and the rest (numbers) aligned right, two spaces apart.
 */

/** The lines of a table; `textColumns` leading columns are left-aligned. */
export function textTable(rows: readonly (readonly string[])[], textColumns = 1): string[] {
  const widths: number[] = [];
  for (const row of rows)
    row.forEach((cell, column) => (widths[column] = Math.max(widths[column] ?? 0, cell.length)));
  return rows.map((row) =>
    row
      .map((cell, column) =>
        column < textColumns ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join('  ')
      .trimEnd(),
  );
}
