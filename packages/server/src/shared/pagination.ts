/**
 * Keyset pagination for lists ordered newest first by (timestamp, id): a cursor names the last
 * row of a page, so pages stay stable while new documents arrive.
 */
import { and, desc, eq, lt, or, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { appError, err, ok, type AppError, type Result } from '@anticipa/core';

export interface Page<T> {
  readonly items: readonly T[];
  readonly total: number;
  /** Pass back as `cursor` to read the next page; absent on the last page. */
  readonly nextCursor?: string;
}

export interface Cursor {
  readonly at: Date;
  readonly id: string;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(`${cursor.at.toISOString()}|${cursor.id}`, 'utf8').toString('base64url');
}

/** Reads a cursor back; undefined when it is not one `encodeCursor` made. */
export function decodeCursor(text: string): Cursor | undefined {
  const [at = '', id = ''] = Buffer.from(text, 'base64url').toString('utf8').split('|');
  const date = new Date(at);
  if (Number.isNaN(date.getTime()) || !/^[0-9a-f-]{36}$/.test(id)) return undefined;
  return { at: date, id };
}

/** The condition "after this cursor" and the ordering, for a list newest first. */
export function keyset(
  timeColumn: PgColumn,
  idColumn: PgColumn,
  cursor: Cursor | undefined,
): { after: SQL | undefined; orderBy: SQL[] } {
  const after = cursor
    ? or(lt(timeColumn, cursor.at), and(eq(timeColumn, cursor.at), lt(idColumn, cursor.id)))
    : undefined;
  return { after, orderBy: [desc(timeColumn), desc(idColumn)] };
}

export interface PageQuery<Row, Item> {
  readonly cursor: string | undefined;
  readonly limit: number;
  /** Filters; undefined entries are ignored. */
  readonly conditions: readonly (SQL | undefined)[];
  readonly timeColumn: PgColumn;
  readonly idColumn: PgColumn;
  /** Reads up to `limit` rows matching `where`, in `orderBy` order. */
  readonly rows: (where: SQL | undefined, orderBy: SQL[], limit: number) => Promise<Row[]>;
  /** Counts the rows matching `where`. */
  readonly total: (where: SQL | undefined) => Promise<number>;
  readonly toItem: (row: Row) => Item;
  /** The position of an item in the order, for the next cursor. */
  readonly position: (item: Item) => Cursor;
}

/**
 * Reads one page of a list newest first, with its total and the cursor of the next page.
 * An unreadable cursor is an INVALID_CURSOR error, never a silent first page.
 */
export async function readPage<Row, Item>(
  query: PageQuery<Row, Item>,
): Promise<Result<Page<Item>, AppError>> {
  const cursor = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  if (query.cursor !== undefined && !cursor) return err(appError('INVALID_CURSOR', { cursor: query.cursor }));
  const page = keyset(query.timeColumn, query.idColumn, cursor);
  const [rows, total] = await Promise.all([
    query.rows(and(...query.conditions, page.after), page.orderBy, query.limit + 1),
    query.total(and(...query.conditions)),
  ]);
  const items = rows.slice(0, query.limit).map(query.toItem);
  const last = items.at(-1);
  return ok({
    items,
    total,
    ...(rows.length > query.limit && last !== undefined
      ? { nextCursor: encodeCursor(query.position(last)) }
      : {}),
  });
}
