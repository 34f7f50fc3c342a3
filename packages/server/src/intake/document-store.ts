/**
 * The port through which intake stores documents, and its Drizzle implementation. A document
 * (declaration or manifest) has a head row (its latest state, for lists and filters), every
 * version whole in `document_versions`, rows projected from each version for queries, and
 * events. Each write is atomic: all of it is stored, or nothing. New documents sent at the same
 * time are stored together, in one statement of multi-row inserts (see `shared/batcher.ts`),
 * and reads of whole documents by id are grouped the same way.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { EventType, SubjectType } from '@anticipa/core';
import type { Database } from '../db/database.ts';
import { documentVersions, events, idempotencyKeys } from '../db/schema.ts';
import { insertJsonRows } from '../db/json-rows.ts';
import {
  executeTogether,
  inList,
  isUniqueViolation,
  jsonRows,
  readTogether,
  type Statement,
} from '../db/statements.ts';
import { createBatcher } from '../shared/batcher.ts';

export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

export interface DocumentHead {
  readonly id: string;
  readonly sender: string;
  readonly reference: string;
  readonly status: string;
  readonly currentVersion: number;
  readonly contentHash: string;
  readonly lodgedAt: Date;
  readonly updatedAt: Date;
}

export interface StoredVersion<D> {
  readonly version: number;
  readonly document: D;
  readonly contentHash: string;
  readonly recordedAt: Date;
}

export interface IdempotencyRecord {
  readonly key: string;
  readonly requestHash: string;
  readonly resourceType: string;
  readonly resourceId: string;
  readonly version: number;
}

export interface NewEvent {
  readonly type: EventType;
  readonly occurredAt: Date;
  readonly version?: number;
  readonly data?: Readonly<Record<string, unknown>>;
}

export interface StoredEvent extends NewEvent {
  readonly id: number;
  readonly subjectType: SubjectType;
  readonly subjectId: string;
  readonly recordedAt: Date;
}

/** A document and the head it is stored under. */
export interface HeadEntry<D> {
  readonly head: DocumentHead;
  readonly document: D;
}

/** The head table of a kind of document, and its columns read as a `DocumentHead`. */
export interface HeadTable {
  readonly table: PgTable;
  readonly columns: { readonly [K in keyof DocumentHead]: PgColumn };
}

/** What the store needs to know of one kind of document: its head table and its projected rows. */
export interface DocumentProjection<D> {
  readonly subject: SubjectType;
  readonly heads: HeadTable;
  /** The statement inserting head rows (a unique violation when a sender and reference are taken). */
  insertHeads(entries: readonly HeadEntry<D>[]): Statement;
  /** Moves the head to a new version; returns false when it is no longer at `expectedVersion`. */
  updateHead(tx: Transaction, head: DocumentHead, document: D, expectedVersion: number): Promise<boolean>;
  /** How many rows a document stores besides its head, version and event (items, B/Ls...). */
  rowsOf(document: D): number;
  /** The statements inserting the query rows (items, B/Ls...) of each document under its head's id and version. */
  insertRows(entries: readonly HeadEntry<D>[]): Statement[];
  findHead(db: Database | Transaction, id: string): Promise<DocumentHead | undefined>;
  findHeadByReference(
    db: Database | Transaction,
    sender: string,
    reference: string,
  ): Promise<DocumentHead | undefined>;
}

export type StoredVersionDates = Omit<StoredVersion<unknown>, 'document'>;

/**
 * A document as read whole: its head, its current version's document (undefined only if that
 * version is missing), and every version's dates, oldest first.
 */
export interface StoredDocument<D> {
  readonly head: DocumentHead;
  readonly document: D | undefined;
  readonly versions: readonly StoredVersionDates[];
}

export interface DocumentStore<D> {
  readonly subject: SubjectType;
  findHead(id: string): Promise<DocumentHead | undefined>;
  /** The document whole (undefined when there is none of that id), read with others asked for at the same time. */
  read(id: string): Promise<StoredDocument<D> | undefined>;
  findHeadByReference(sender: string, reference: string): Promise<DocumentHead | undefined>;
  findIdempotencyKey(key: string): Promise<IdempotencyRecord | undefined>;
  /** Stores a new document as version 1 with its `lodged` event; 'conflict' when its reference or key is taken. */
  insert(entry: InsertEntry<D>): Promise<'inserted' | 'conflict'>;
  /**
   * The statements storing new documents as `insert` does, for a caller that stores them with
   * writes of its own in one statement (`executeTogether`): a reference or key taken makes that
   * statement fail with a unique violation. `after`: events that follow the `lodged` ones, stored
   * by the same insert after them (so that they keep their order on one instant).
   */
  insertStatements(entries: readonly InsertEntry<D>[], after?: readonly EventRow[]): Statement[];
  /** How many rows storing a new document writes, to bound a batch of them. */
  weightOf(entry: InsertEntry<D>): number;
  /**
   * Those of the entries whose reference or key is already stored: after a statement of
   * `insertStatements` failed with a unique violation, the ones to set aside as conflicts.
   */
  takenOf(entries: readonly InsertEntry<D>[]): Promise<Set<InsertEntry<D>>>;
  /** Stores the next version with its `amended` event; 'conflict' when another write got there first. */
  appendVersion(entry: {
    head: DocumentHead;
    document: D;
    idempotencyKey: string | undefined;
  }): Promise<'appended' | 'conflict'>;
  version(id: string, version: number): Promise<StoredVersion<D> | undefined>;
  versions(id: string): Promise<readonly Omit<StoredVersion<D>, 'document'>[]>;
}

class Conflict extends Error {}

/** An event row as inserted. */
export type EventRow = typeof events.$inferInsert;

/** A new document to store: its head (version 1), the document, the sender's Idempotency-Key. */
export type InsertEntry<D> = HeadEntry<D> & { readonly idempotencyKey: string | undefined };

/** The most rows one batch of new documents writes: one statement stays well within its bounds. */
export const maxBatchRows = 2_000;

/** The Drizzle implementation of a document store for one kind of document. */
export function createDocumentStore<D>(db: Database, projection: DocumentProjection<D>): DocumentStore<D> {
  const subject = projection.subject;

  /**
   * The statements storing versions with their query rows, events and keys (a key taken: a
   * unique violation); `after`: events that follow, stored by the same insert after the
   * versions' own, so that they keep their order on one instant.
   */
  const versionStatements = (
    entries: readonly InsertEntry<D>[],
    after: readonly EventRow[] = [],
  ): Statement[] => {
    const keys = entries.flatMap(({ head, idempotencyKey }) =>
      idempotencyKey === undefined
        ? []
        : [
            {
              key: idempotencyKey,
              requestHash: head.contentHash,
              resourceType: subject,
              resourceId: head.id,
              version: head.currentVersion,
              createdAt: head.updatedAt,
            },
          ],
    );
    return [
      ...(keys.length > 0 ? [insertJsonRows(idempotencyKeys, keys)] : []),
      insertJsonRows(
        documentVersions,
        entries.map(({ head, document }) => ({
          subjectType: subject,
          subjectId: head.id,
          version: head.currentVersion,
          document,
          contentHash: head.contentHash,
          recordedAt: head.updatedAt,
        })),
      ),
      ...projection.insertRows(entries),
      insertJsonRows(events, [
        ...entries.map(({ head }) => ({
          subjectType: subject,
          subjectId: head.id,
          type: head.currentVersion === 1 ? 'lodged' : 'amended',
          occurredAt: head.updatedAt,
          recordedAt: head.updatedAt,
          version: head.currentVersion,
          // Named, so that the rows after may carry data (the first row names the columns).
          data: null,
        })),
        ...after,
      ]),
    ];
  };

  const insertStatements = (entries: readonly InsertEntry<D>[], after?: readonly EventRow[]): Statement[] => [
    projection.insertHeads(entries),
    ...versionStatements(entries, after),
  ];
  const weightOf = (entry: InsertEntry<D>): number => projection.rowsOf(entry.document);

  /** Those of the entries whose reference or key is already stored. */
  const takenOf = async (entries: readonly InsertEntry<D>[]): Promise<Set<InsertEntry<D>>> => {
    const { table, columns } = projection.heads;
    const keys = entries.flatMap((entry) =>
      entry.idempotencyKey === undefined ? [] : [entry.idempotencyKey],
    );
    const [heads, usedKeys] = await Promise.all([
      db
        .select({ sender: columns.sender, reference: columns.reference })
        .from(table)
        .where(inArray(columns.reference, [...new Set(entries.map((entry) => entry.head.reference))])),
      keys.length > 0
        ? db
            .select({ key: idempotencyKeys.key })
            .from(idempotencyKeys)
            .where(inArray(idempotencyKeys.key, keys))
        : [],
    ]);
    const references = new Set(
      (heads as { sender: string; reference: string }[]).map((row) => `${row.sender}\u0000${row.reference}`),
    );
    const used = new Set(usedKeys.map((row) => row.key));
    return new Set(
      entries.filter(
        (entry) =>
          references.has(`${entry.head.sender}\u0000${entry.head.reference}`) ||
          (entry.idempotencyKey !== undefined && used.has(entry.idempotencyKey)),
      ),
    );
  };

  /**
   * Stores new documents, each with its version, rows, `lodged` event and key, in one statement.
   * A reference or key found taken makes the database refuse the statement whole: those taken
   * are then set aside as conflicts and the others stored again (one by one when two of the
   * same batch collide with each other).
   */
  const insertAll = async (
    entries: readonly InsertEntry<D>[],
    attempt = 1,
  ): Promise<('inserted' | 'conflict')[]> => {
    try {
      await executeTogether(db, insertStatements(entries));
      return entries.map(() => 'inserted');
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
    if (entries.length === 1) return ['conflict'];
    const taken = await takenOf(entries);
    const free = entries.filter((entry) => !taken.has(entry));
    const stored =
      taken.size > 0 && attempt < 3
        ? await insertAll(free, attempt + 1)
        : await (async () => {
            const outcomes: ('inserted' | 'conflict')[] = [];
            for (const entry of free) outcomes.push(...(await insertAll([entry])));
            return outcomes;
          })();
    const outcomeOf = new Map(free.map((entry, index) => [entry, stored[index] ?? 'conflict']));
    return entries.map((entry) => outcomeOf.get(entry) ?? 'conflict');
  };
  const inserts = createBatcher(insertAll, { weight: weightOf, maxWeight: maxBatchRows });

  const { table, columns } = projection.heads;
  const headKeys = Object.keys(columns) as (keyof DocumentHead)[];
  /** Heads with every version's dates and the current version's document, in one query. */
  const readAll = async (ids: readonly string[]): Promise<(StoredDocument<D> | undefined)[]> => {
    const { rows } = await readTogether(db, {
      rows: {
        query: jsonRows(
          db
            .select({
              ...columns,
              version: documentVersions.version,
              versionHash: sql`${documentVersions.contentHash}`.as('version_hash'),
              recordedAt: documentVersions.recordedAt,
              // Only the current version's document: earlier ones are read on demand.
              document:
                sql`case when ${documentVersions.version} = ${columns.currentVersion} then ${documentVersions.document} end`.as(
                  'current_document',
                ),
            })
            .from(table)
            .leftJoin(
              documentVersions,
              and(eq(documentVersions.subjectType, subject), eq(documentVersions.subjectId, columns.id)),
            )
            .where(inList(columns.id, [...new Set(ids)]))
            .orderBy(asc(documentVersions.version)),
        ),
        read: (value) => value as Record<string, unknown>[],
      },
    });
    const found = new Map<
      string,
      { head: DocumentHead; document: D | undefined; versions: StoredVersionDates[] }
    >();
    for (const row of rows) {
      const head = Object.fromEntries(
        headKeys.map((key) => {
          const value = row[columns[key].name];
          return [key, columns[key].dataType === 'date' ? new Date(value as string) : value];
        }),
      ) as unknown as DocumentHead;
      let entry = found.get(head.id);
      if (!entry) {
        entry = { head, document: undefined, versions: [] };
        found.set(head.id, entry);
      }
      const version = row['version'] as number | null;
      if (version === null) continue;
      entry.versions.push({
        version,
        contentHash: row['version_hash'] as string,
        recordedAt: new Date(row['recorded_at'] as string),
      });
      const document = row['current_document'] as D | null;
      if (version === head.currentVersion && document !== null) entry.document = document;
    }
    return ids.map((id) => found.get(id));
  };
  const reads = createBatcher(readAll);

  return {
    subject,
    findHead: (id) => projection.findHead(db, id),
    read: (id) => reads.run(id),
    findHeadByReference: (sender, reference) => projection.findHeadByReference(db, sender, reference),
    async findIdempotencyKey(key) {
      const [row] = await db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, key));
      return row;
    },
    async insert(entry) {
      return inserts.run(entry);
    },
    insertStatements,
    weightOf,
    takenOf,
    async appendVersion({ head, document, idempotencyKey }) {
      try {
        await db.transaction(async (tx) => {
          if (!(await projection.updateHead(tx, head, document, head.currentVersion - 1)))
            throw new Conflict();
          await executeTogether(tx, versionStatements([{ head, document, idempotencyKey }]));
        });
        return 'appended';
      } catch (error) {
        // Another amendment moved the head first, or the key is taken.
        if (error instanceof Conflict || isUniqueViolation(error)) return 'conflict';
        throw error;
      }
    },
    async version(id, version) {
      const [row] = await db
        .select()
        .from(documentVersions)
        .where(
          and(
            eq(documentVersions.subjectType, subject),
            eq(documentVersions.subjectId, id),
            eq(documentVersions.version, version),
          ),
        );
      return (
        row && {
          version: row.version,
          document: row.document as D,
          contentHash: row.contentHash,
          recordedAt: row.recordedAt,
        }
      );
    },
    async versions(id) {
      const rows = await db
        .select({
          version: documentVersions.version,
          contentHash: documentVersions.contentHash,
          recordedAt: documentVersions.recordedAt,
        })
        .from(documentVersions)
        .where(and(eq(documentVersions.subjectType, subject), eq(documentVersions.subjectId, id)))
        .orderBy(asc(documentVersions.version));
      return rows;
    },
  };
}

/** Appends events (never updates or deletes one) and reads timelines. */
export interface EventStore {
  append(
    subjectType: SubjectType,
    subjectId: string,
    newEvents: readonly NewEvent[],
    recordedAt: Date,
  ): Promise<void>;
  /** Appends the events of several subjects of one type, in one statement. */
  appendAll(
    subjectType: SubjectType,
    entries: readonly { readonly subjectId: string; readonly events: readonly NewEvent[] }[],
    recordedAt: Date,
  ): Promise<void>;
  /** The events of these subjects in the order they happened (then as recorded). */
  list(subjectType: SubjectType, subjectIds: readonly string[]): Promise<readonly StoredEvent[]>;
}

export function createEventStore(db: Database | Transaction): EventStore {
  const appendAll: EventStore['appendAll'] = async (subjectType, entries, recordedAt) => {
    const rows = entries.flatMap(({ subjectId, events: newEvents }) =>
      newEvents.map((event) => ({
        subjectType,
        subjectId,
        type: event.type,
        occurredAt: event.occurredAt,
        recordedAt,
        version: event.version ?? null,
        data: event.data ?? null,
      })),
    );
    if (rows.length > 0) await executeTogether(db, [insertJsonRows(events, rows)]);
  };
  return {
    append: (subjectType, subjectId, newEvents, recordedAt) =>
      appendAll(subjectType, [{ subjectId, events: newEvents }], recordedAt),
    appendAll,
    async list(subjectType, subjectIds) {
      if (subjectIds.length === 0) return [];
      const rows = await db
        .select()
        .from(events)
        .where(and(eq(events.subjectType, subjectType), inArray(events.subjectId, [...subjectIds])))
        .orderBy(asc(events.occurredAt), asc(events.recordedAt), asc(events.id));
      return rows.map((row) => ({
        id: row.id,
        subjectType: row.subjectType as SubjectType,
        subjectId: row.subjectId,
        type: row.type as EventType,
        occurredAt: row.occurredAt,
        recordedAt: row.recordedAt,
        ...(row.version === null ? {} : { version: row.version }),
        ...(row.data === null ? {} : { data: row.data as Record<string, unknown> }),
      }));
    },
  };
}
