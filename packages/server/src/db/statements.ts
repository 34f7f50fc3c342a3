/**
 * Statements sent to the database together, one round trip instead of one each:
 * - writes: several INSERT, UPDATE or upsert statements built with Drizzle, run as one statement
 *   (each a data-modifying `WITH` clause of the next), atomic on its own: it stores all of its
 *   writes or, on any error (a unique violation, say), none. Every part runs on the same
 *   snapshot and none sees the rows another adds, so they must not depend on one another
 *   (PostgreSQL, "Data-Modifying Statements in WITH");
 * - reads: several queries, each answering one JSON value, read as the columns of one row.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Database } from './database.ts';

/** A statement built with Drizzle (`db.insert(...)...`, `db.update(...)...`), not yet run. */
export interface Statement {
  getSQL(): SQL;
}

/** Anything statements run on: the database, or a transaction. */
export type Executor = Pick<Database, 'execute'>;

/** The statements as one: `WITH s0 AS (...), s1 AS (...) <last>`. */
export function together(statements: readonly Statement[]): SQL {
  const last = statements.at(-1);
  if (!last) throw new Error('No statement to run');
  if (statements.length === 1) return last.getSQL();
  const clauses = sql.join(
    statements
      .slice(0, -1)
      .map((statement, index) => sql`${sql.raw(`s${String(index)}`)} as (${statement.getSQL()})`),
    sql`, `,
  );
  return sql`with ${clauses} ${last.getSQL()}`;
}

/** Runs the statements as one (nothing when there are none). */
export async function executeTogether(executor: Executor, statements: readonly Statement[]): Promise<void> {
  if (statements.length === 0) return;
  await executor.execute(together(statements));
}

/** A query answering one JSON value (`json_agg` of rows, say), and how to read that value. */
export interface JsonRead<T> {
  readonly query: SQL;
  read(value: unknown): T;
}

/** The query of `rows` as one JSON array (empty when there is none). */
export function jsonRows(rows: Statement): SQL {
  return sql`select coalesce(json_agg(r), '[]'::json) from (${rows.getSQL()}) r`;
}

/**
 * Runs the reads as one query, `select (q1) as r0, (q2) as r1...`, and reads each value. They
 * share one snapshot. Both drivers (PGlite, node-postgres) answer a raw query with `{ rows }`,
 * JSON parsed.
 */
export async function readTogether<R extends Record<string, JsonRead<unknown>>>(
  executor: Executor,
  reads: R,
): Promise<{ [K in keyof R]: ReturnType<R[K]['read']> }> {
  const entries = Object.entries(reads);
  const columns = sql.join(
    entries.map(([, read], index) => sql`(${read.query}) as ${sql.raw(`r${String(index)}`)}`),
    sql`, `,
  );
  const result = (await executor.execute(sql`select ${columns}`)) as { rows: Record<string, unknown>[] };
  const [row] = result.rows;
  return Object.fromEntries(
    entries.map(([key, read], index) => [key, read.read(row?.[`r${String(index)}`])]),
  ) as { [K in keyof R]: ReturnType<R[K]['read']> };
}

/** Whether an error (or its cause, as Drizzle wraps driver errors) is a unique violation (23505). */
export function isUniqueViolation(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 4; depth += 1) {
    if (typeof current === 'object' && (current as { code?: unknown }).code === '23505') return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
