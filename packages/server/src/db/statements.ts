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
import { Placeholder, sql, type Query, type SQL } from 'drizzle-orm';
import { PgDialect, type PgColumn } from 'drizzle-orm/pg-core';
import type { Database } from './database.ts';

/**
 * A statement built with Drizzle (`db.insert(...)...`, `db.update(...)...`), not yet run; or a
 * template's (`insertJsonRows`): its SQL made once, with `values` for its placeholders, and
 * `standalone` to give it with its values in place when the same template runs twice in one
 * statement.
 */
export interface Statement {
  getSQL(): SQL;
  readonly values?: Readonly<Record<string, unknown>>;
  standalone?(): SQL;
}

/** Anything statements run on: the database, or a transaction. */
export type Executor = Pick<Database, 'execute' | '_'>;

const dialect = new PgDialect();
const names = new Map<string, string>();
const built = new WeakMap<SQL, { readonly query: Query; readonly name: string }>();

/**
 * Runs a query as a prepared statement named after its text, with `values` for its
 * placeholders. Its text must be one of a few (built from constants, lists passed with
 * `inList`): each name stays prepared on each connection for as long as it lives. A query
 * object run again (a template's, a combination of templates) is not built again.
 */
async function runPrepared(
  executor: Executor,
  query: SQL,
  values: Readonly<Record<string, unknown>> = {},
): Promise<unknown> {
  let prepared = built.get(query);
  if (prepared === undefined) {
    const text = dialect.sqlToQuery(query);
    let name = names.get(text.sql);
    if (name === undefined) {
      name = `anticipa_${createHash('sha256').update(text.sql).digest('hex').slice(0, 32)}`;
      names.set(text.sql, name);
    }
    prepared = { query: text, name };
    built.set(query, prepared);
  }
  return executor._.session.prepareQuery(prepared.query, undefined, prepared.name, false).execute(values);
}

let placeholders = 0;

/**
 * A query built once, with a placeholder (unique to it) for each of `names`, and the binding of
 * values to them for a run: the Drizzle tree and the text of a busy query are made once, not
 * on every batch. A list goes in as JSON text (`jsonList`), for `inList`.
 *
 * @example const ofFiles = template(['ids'], ({ ids }) => jsonRows(db.select()...where(inList(t.id, ids))));
 *          readTogether(db, { files: { ...ofFiles({ ids: jsonList(ids) }), read } });
 */
export function template<N extends string>(
  names: readonly N[],
  build: (params: Record<N, Placeholder>) => SQL,
): (values: Record<N, unknown>) => { readonly query: SQL; readonly values: Record<string, unknown> } {
  const params = Object.fromEntries(
    names.map((name) => [name, sql.placeholder(`t${String((placeholders += 1))}_${name}`)]),
  ) as Record<N, Placeholder>;
  const query = build(params);
  return (values) => ({
    query,
    values: Object.fromEntries(names.map((name) => [params[name].name, values[name]])),
  });
}

/** A list of values as a template takes it (see `inList`): JSON text, each value once. */
export function jsonList(values: Iterable<string | number>): string {
  return JSON.stringify([...new Set(values)]);
}

/**
 * `column` is one of `values`, with the list as one JSON parameter, so that the text of the
 * query does not depend on how many values there are (`inArray` writes one parameter each);
 * in a template, a placeholder bound to `jsonList(values)`.
 */
export function inList(column: PgColumn, values: readonly (string | number)[] | Placeholder): SQL {
  const list = values instanceof Placeholder ? values : JSON.stringify(values);
  return sql`${column} = any(array(select json_array_elements_text(${list}::json))::${sql.raw(column.getSQLType())}[])`;
}

/** The values of several parts of one query; a placeholder bound twice must be bound alike. */
function mergeValues(parts: readonly { readonly values?: Readonly<Record<string, unknown>> }[]) {
  const values: Record<string, unknown> = {};
  for (const part of parts) {
    for (const [name, value] of Object.entries(part.values ?? {})) {
      if (name in values && values[name] !== value) {
        throw new Error(`Placeholder ${name} bound to two values in one query`);
      }
      values[name] = value;
    }
  }
  return values;
}

interface Combination {
  readonly next: WeakMap<SQL, Combination>;
  query?: SQL;
}
const roots = new WeakMap<object, Combination>();

/**
 * The query combining `parts` as `combine` builds it, made once for the same parts in the same
 * order (kept as long as the parts live: templates' and constants' for the process).
 */
function combined(kind: object, parts: readonly SQL[], combine: () => SQL): SQL {
  let node: Combination | undefined = roots.get(kind);
  if (node === undefined) {
    node = { next: new WeakMap() };
    roots.set(kind, node);
  }
  for (const part of parts) {
    let child: Combination | undefined = node.next.get(part);
    if (child === undefined) {
      child = { next: new WeakMap() };
      node.next.set(part, child);
    }
    node = child;
  }
  return (node.query ??= combine());
}
const writesTogether = {};
const readsTogether = {};

/** The statements as one: `WITH s0 AS (...), s1 AS (...) <last>`, and the values they bind. */
export function together(statements: readonly Statement[]): {
  readonly query: SQL;
  readonly values: Record<string, unknown>;
} {
  if (statements.length === 0) throw new Error('No statement to run');
  // A template twice in one statement would bind its placeholders twice: the second goes whole.
  const seen = new Set<SQL>();
  const parts = statements.map((statement): { query: SQL; values?: Readonly<Record<string, unknown>> } => {
    const query = statement.getSQL();
    if (seen.has(query) && statement.standalone) return { query: statement.standalone() };
    seen.add(query);
    return statement.values ? { query, values: statement.values } : { query };
  });
  const queries = parts.map((part) => part.query);
  const query = combined(writesTogether, queries, () => {
    const last = queries.at(-1) as SQL;
    if (queries.length === 1) return last;
    const clauses = sql.join(
      queries.slice(0, -1).map((part, index) => sql`${sql.raw(`s${String(index)}`)} as (${part})`),
      sql`, `,
    );
    return sql`with ${clauses} ${last}`;
  });
  return { query, values: mergeValues(parts) };
}

/** Runs the statements as one (nothing when there are none). */
export async function executeTogether(executor: Executor, statements: readonly Statement[]): Promise<void> {
  if (statements.length === 0) return;
  const { query, values } = together(statements);
  await runPrepared(executor, query, values);
}

/**
 * A query answering one JSON value (`json_agg` of rows, say), and how to read that value;
 * `values` for its placeholders when it is a template's.
 */
export interface JsonRead<T> {
  readonly query: SQL;
  readonly values?: Readonly<Record<string, unknown>>;
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
  const queries = entries.map(([, read]) => read.query);
  const query = combined(readsTogether, queries, () => {
    const columns = sql.join(
      queries.map((part, index) => sql`(${part}) as ${sql.raw(`r${String(index)}`)}`),
      sql`, `,
    );
    return sql`select ${columns}`;
  });
  const result = (await runPrepared(executor, query, mergeValues(entries.map(([, read]) => read)))) as {
    rows: Record<string, unknown>[];
  };
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
