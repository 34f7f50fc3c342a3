/**
 * Parses an input document with a schema into a Result: the typed document, or every problem
 * found (never only the first). Never throws.
 */
import type { z } from 'zod';
import type { Problem } from './error-codes.ts';
import { problemsFromIssues } from './problems.ts';
import { err, ok, type Result } from './result.ts';

export function parseDocument<S extends z.ZodType>(
  schema: S,
  input: unknown,
): Result<z.output<S>, Problem[]> {
  const parsed = schema.safeParse(input, { reportInput: true });
  return parsed.success ? ok(parsed.data) : err(problemsFromIssues(parsed.error.issues));
}
