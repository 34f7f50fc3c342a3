/**
 * Text output shared by the commands: tables with columns padded to their widest cell, and an
 * error with each of its problems on its own line (the JSON Pointer, the value, what was
 * expected), in the user's language.
 */
import { describeError, describeExpected, type AppError, type Locale, type Problem } from '@anticipa/core';

/**
 * Rows as lines of a table: each column padded to its widest cell; the first `textColumns`
 * columns aligned left, the others (numbers) right.
 */
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

/** One line per problem: where, the value given, and what was expected. */
export function problemLines(problems: readonly Problem[], locale: Locale): string[] {
  return problems.map(
    (problem) =>
      `  ${problem.path || '/'}: ${JSON.stringify(problem.value)}: ${describeExpected(problem, locale)}`,
  );
}

/** An error as lines: what happened, then each of its problems. */
export function errorLines(error: AppError, locale: Locale): string[] {
  return [describeError(error, locale), ...problemLines(error.problems ?? [], locale)];
}
