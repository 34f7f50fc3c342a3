/**
 * The port through which intake stores documents, and its Drizzle implementation. A document
 * (declaration or manifest) has a head row (its latest state, for lists and filters), every
 * version whole in `document_versions`, rows projected from each version for queries, and
 * events. Each write is one transaction: all of it is stored, or nothing.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { EventType, SubjectType } from '@anticipa/core';
import type { Database } from '../db/database.ts';
import { documentVersions, events, idempotencyKeys } from '../db/schema.ts';

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

/** What the store needs to know of one kind of document: its head table and its projected rows. */
export interface DocumentProjection<D> {
  readonly subject: SubjectType;
  /** Inserts the head row; returns false when (sender, reference) is already taken. */
  insertHead(tx: Transaction, head: DocumentHead, document: D): Promise<boolean>;
  /** Moves the head to a new version; returns false when it is no longer at `expectedVersion`. */
  updateHead(tx: Transaction, head: DocumentHead, document: D, expectedVersion: number): Promise<boolean>;
  /** Inserts the query rows of one version (items, B/Ls...). */
  insertRows(tx: Transaction, id: string, version: number, document: D): Promise<void>;
  findHead(db: Database | Transaction, id: string): Promise<DocumentHead | undefined>;
  findHeadByReference(
    db: Database | Transaction,
    sender: string,
    reference: string,
  ): Promise<DocumentHead | undefined>;
}

export interface DocumentStore<D> {
  readonly subject: SubjectType;
  findHead(id: string): Promise<DocumentHead | undefined>;
  findHeadByReference(sender: string, reference: string): Promise<DocumentHead | undefined>;
  findIdempotencyKey(key: string): Promise<IdempotencyRecord | undefined>;
  /** Stores a new document as version 1 with its `lodged` event; 'conflict' when its reference or key is taken. */
  insert(entry: {
    head: DocumentHead;
    document: D;
    idempotencyKey: string | undefined;
  }): Promise<'inserted' | 'conflict'>;
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

/** The Drizzle implementation of a document store for one kind of document. */
export function createDocumentStore<D>(db: Database, projection: DocumentProjection<D>): DocumentStore<D> {
  const subject = projection.subject;

  const insertVersionAndKey = async (
    tx: Transaction,
    head: DocumentHead,
    document: D,
    idempotencyKey: string | undefined,
  ) => {
    await tx.insert(documentVersions).values({
      subjectType: subject,
      subjectId: head.id,
      version: head.currentVersion,
      document,
      contentHash: head.contentHash,
      recordedAt: head.updatedAt,
    });
    await projection.insertRows(tx, head.id, head.currentVersion, document);
    await tx.insert(events).values({
      subjectType: subject,
      subjectId: head.id,
      type: head.currentVersion === 1 ? 'lodged' : 'amended',
      occurredAt: head.updatedAt,
      recordedAt: head.updatedAt,
      version: head.currentVersion,
    });
    if (idempotencyKey !== undefined) {
      const stored = await tx
        .insert(idempotencyKeys)
        .values({
          key: idempotencyKey,
          requestHash: head.contentHash,
          resourceType: subject,
          resourceId: head.id,
          version: head.currentVersion,
          createdAt: head.updatedAt,
        })
        .onConflictDoNothing()
        .returning({ key: idempotencyKeys.key });
      if (stored.length === 0) throw new Conflict();
    }
  };

  const inTransaction = async (work: (tx: Transaction) => Promise<void>): Promise<boolean> => {
    try {
      await db.transaction(work);
      return true;
    } catch (error) {
      if (error instanceof Conflict) return false;
      throw error;
    }
  };

  return {
    subject,
    findHead: (id) => projection.findHead(db, id),
    findHeadByReference: (sender, reference) => projection.findHeadByReference(db, sender, reference),
    async findIdempotencyKey(key) {
      const [row] = await db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, key));
      return row;
    },
    async insert({ head, document, idempotencyKey }) {
      const done = await inTransaction(async (tx) => {
        if (!(await projection.insertHead(tx, head, document))) throw new Conflict();
        await insertVersionAndKey(tx, head, document, idempotencyKey);
      });
      return done ? 'inserted' : 'conflict';
    },
    async appendVersion({ head, document, idempotencyKey }) {
      const done = await inTransaction(async (tx) => {
        if (!(await projection.updateHead(tx, head, document, head.currentVersion - 1))) throw new Conflict();
        await insertVersionAndKey(tx, head, document, idempotencyKey);
      });
      return done ? 'appended' : 'conflict';
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
  /** The events of these subjects in the order they happened (then as recorded). */
  list(subjectType: SubjectType, subjectIds: readonly string[]): Promise<readonly StoredEvent[]>;
}

export function createEventStore(db: Database | Transaction): EventStore {
  return {
    async append(subjectType, subjectId, newEvents, recordedAt) {
      if (newEvents.length === 0) return;
      await db.insert(events).values(
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
    },
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
