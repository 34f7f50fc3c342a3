/**
 * Keyset pagination for lists ordered newest first by (timestamp, id): a cursor names the last
 * row of a page, so pages stay stable while new documents arrive.
 */
import { and, desc, eq, lt, or, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';

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
