/**
 * Multi-row INSERT statements whose rows travel as one JSON parameter, unpacked by the database
 * (`json_to_recordset`), instead of one bound parameter per value. Building a statement of a
 * few thousand values with Drizzle's query builder, and binding them one by one, costs more
 * processor time than the database spends storing them; here a batch of rows costs one
 * `JSON.stringify` and its text is the same for every batch. Columns and their types come from
 * the Drizzle table, values are converted by its columns as Drizzle converts them (dates to ISO
 * text, arrays to array literals), and JSON columns keep their value as is, so that what is
 * stored is what `db.insert(table).values(rows)` stores.
 */
import { getTableColumns, getTableName, sql, type Placeholder, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { template, type Statement } from './statements.ts';

const isJson = (column: PgColumn): boolean => column.dataType === 'json';

/** A column's type in a record definition: serials are their integer types there. */
const recordType = (column: PgColumn): string =>
  ({ serial: 'integer', bigserial: 'bigint', smallserial: 'smallint' })[column.getSQLType()] ??
  column.getSQLType();

/**
 * `INSERT INTO table (columns) SELECT columns FROM json_to_recordset($1)`, for `rows` that all
 * give the same columns (those the first row gives: the others take their defaults). `suffix`
 * follows, an `ON CONFLICT` clause say. Throws on an empty `rows`.
 *
 * @example insertJsonRows(events, newEvents) // one parameter however many events
 */
export function insertJsonRows<T extends PgTable>(
  table: T,
  rows: readonly T['$inferInsert'][],
  suffix?: SQL,
): Statement {
  const first = rows[0] as Record<string, unknown> | undefined;
  if (!first) throw new Error('insertJsonRows: no row to insert');
  const columns = Object.entries(getTableColumns(table) as Record<string, PgColumn>).filter(
    ([key]) => first[key] !== undefined,
  );
  const json = JSON.stringify(
    rows.map((row) => {
      const values = row as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const [key, column] of columns) {
        const value = values[key];
        out[column.name] =
          value === null || value === undefined || isJson(column)
            ? (value ?? null)
            : column.mapToDriverValue(value);
      }
      return out;
    }),
  );
  const bind = templateOf(table, columns, suffix);
  const bound = bind({ rows: json });
  return {
    getSQL: () => bound.query,
    values: bound.values,
    standalone: () => statementOf(table, columns, suffix, json),
  };
}

/** The statement inserting rows given as JSON (a placeholder, or the JSON text itself). */
function statementOf(
  table: PgTable,
  columns: readonly (readonly [string, PgColumn])[],
  suffix: SQL | undefined,
  rows: Placeholder | string,
): SQL {
  const names = sql.join(
    columns.map(([, column]) => sql.identifier(column.name)),
    sql`, `,
  );
  const types = sql.raw(columns.map(([, column]) => `"${column.name}" ${recordType(column)}`).join(', '));
  const statement = sql`insert into ${table} (${names}) select ${names} from json_to_recordset(${rows}::json) as rows(${types})`;
  return suffix ? sql`${statement} ${suffix}` : statement;
}

type Bind = ReturnType<typeof template<'rows'>>;
// By suffix (or table, without one), then by table and columns: a suffix made once keeps its
// templates for the process; one made for each statement lets them go with it.
const templates = new WeakMap<object, Map<string, Bind>>();

/** The statement's template for this table, these columns and this suffix. */
function templateOf(
  table: PgTable,
  columns: readonly (readonly [string, PgColumn])[],
  suffix: SQL | undefined,
): Bind {
  const owner = suffix ?? table;
  let byShape = templates.get(owner);
  if (byShape === undefined) {
    byShape = new Map();
    templates.set(owner, byShape);
  }
  const key = `${getTableName(table)}(${columns.map(([key]) => key).join(',')})`;
  let bind = byShape.get(key);
  if (bind === undefined) {
    bind = template(['rows'], ({ rows }) => statementOf(table, columns, suffix, rows));
    byShape.set(key, bind);
  }
  return bind;
}
