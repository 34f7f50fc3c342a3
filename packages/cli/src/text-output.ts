/**
 * Errors as the commands print them: what happened, then each problem on its own line (the
 * JSON Pointer, the value, what was expected), in the user's language. Tables are in
 * text-table.ts.
 */
import { describeError, describeExpected, type AppError, type Locale, type Problem } from '@anticipa/core';

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
