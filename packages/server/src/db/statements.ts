/**
 * Statements sent to the database together, one round trip instead of one each:
 * - writes: several INSERT, UPDATE or upsert statements built with Drizzle, run as one statement
 *   (each a data-modifying `WITH` clause of the next), atomic on its own: it stores all of its
 *   writes or, on any error (a unique violation, say), none. Every part runs on the same
 *   snapshot and none sees the rows another adds, so they must not depend on one another
 *   (PostgreSQL, "Data-Modifying Statements in WITH");
 * - reads: several queries, each answering one JSON value, read as the columns of one row.
 * Both run as named prepared statements: where the driver keeps them (node-postgres, per
 * connection) the database parses and plans each text once, not on every batch, which is why
 * their text must not depend on the number of values (lists travel as one JSON parameter,
 * `inList`).
 */
import { createHash } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import { PgDialect, type PgColumn } from 'drizzle-orm/pg-core';
import type { Database } from './database.ts';

/** A statement built with Drizzle (`db.insert(...)...`, `db.update(...)...`), not yet run. */
export interface Statement {
  getSQL(): SQL;
}

/** Anything statements run on: the database, or a transaction. */
export type Executor = Pick<Database, 'execute' | '_'>;

const dialect = new PgDialect();
const names = new Map<string, string>();

/**
 * Runs a query as a prepared statement named after its text. Its text must be one of a few
 * (built from constants, lists passed with `inList`): each name stays prepared on each
 * connection for as long as it lives.
 */
async function runPrepared(executor: Executor, query: SQL): Promise<unknown> {
  const built = dialect.sqlToQuery(query);
  let name = names.get(built.sql);
  if (name === undefined) {
    name = `anticipa_${createHash('sha256').update(built.sql).digest('hex').slice(0, 32)}`;
    names.set(built.sql, name);
  }
  return executor._.session.prepareQuery(built, undefined, name, false).execute();
}

/**
 * `column` is one of `values`, with the list as one JSON parameter, so that the text of the
 * query does not depend on how many values there are (`inArray` writes one parameter each).
 */
export function inList(column: PgColumn, values: readonly (string | number)[]): SQL {
  return sql`${column} = any(array(select json_array_elements_text(${JSON.stringify(values)}::json))::${sql.raw(column.getSQLType())}[])`;
}

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
  await runPrepared(executor, together(statements));
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
  const result = (await runPrepared(executor, sql`select ${columns}`)) as { rows: Record<string, unknown>[] };
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
