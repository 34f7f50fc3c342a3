/**
 * The audit trail: every change that decides revenue or a file's fate (valuation decisions and
 * appeals, tariff imports, offices, cancellations, and the selectivity changes wired by their
 * service) is appended here with who, when, what, before and after, into a hash chain (core
 * `audit/audit-chain.ts`) that `verify` walks to find any edited, inserted, deleted or
 * reordered entry. Appends serialise on one advisory lock, inside the caller's transaction when
 * it has one, so the chain never forks and a change is never stored without its entry. A busy
 * writer (selectivity) appends the entries of many changes under one take of the lock, in the
 * transaction that stores those changes (`openBatch`).
 */
import { and, asc, count, desc, eq, gt, gte, lt, lte, sql, type SQL } from 'drizzle-orm';
import {
  chainEntry,
  verifyChain,
  type AuditChange,
  type AuditEntry,
  type AuditHead,
  type AuditJson,
  type ChainVerification,
} from '@anticipa/core';
import type { Database } from '../db/database.ts';
import { insertJsonRows } from '../db/json-rows.ts';
import { executeTogether, jsonRows, readTogether, type JsonRead, type Statement } from '../db/statements.ts';
import type { Transaction } from '../intake/document-store.ts';
import { sha256 } from '../shared/content-hash.ts';
import { auditEntries } from './audit-tables.ts';

export type AuditExecutor = Database | Transaction;

/** A change as services give it: `before` and `after` may be any JSON-serialisable value. */
export interface AuditRecord {
  readonly actor: string;
  readonly action: string;
  readonly subject: { readonly type: string; readonly id: string };
  readonly before: unknown;
  readonly after: unknown;
}

export interface AuditFilters {
  readonly subjectType?: string | undefined;
  readonly subjectId?: string | undefined;
  readonly action?: string | undefined;
  readonly actor?: string | undefined;
  readonly from?: Date | undefined;
  readonly to?: Date | undefined;
  /** Entries with a smaller sequence only (the cursor of the next page). */
  readonly before?: number | undefined;
  readonly limit?: number | undefined;
}

export interface AuditPage {
  /** Newest first. */
  readonly entries: readonly AuditEntry[];
  readonly total: number;
  /** Pass back as `before` for the next page; absent on the last page. */
  readonly nextBefore?: number;
}

export interface AuditLog {
  /**
   * Appends a change. Inside a transaction, pass it as `executor`: the entry then commits (or
   * rolls back) with the change, and waits for the lock there (on PGlite, a separate
   * transaction would wait for the caller's to end).
   */
  append(record: AuditRecord, executor?: AuditExecutor): Promise<AuditEntry>;
  /**
   * Takes the trail's lock in `tx` (held until it commits or rolls back) and reads the head:
   * what the caller reads in `tx` afterwards is read under the lock too. Entries added to the
   * batch chain after the head, in the order added; `write()` stores them in one statement.
   */
  openBatch(tx: Transaction): Promise<AuditBatch>;
  /**
   * `openBatch` with the caller's reads, in one round trip: `alongside`, reads that need not
   * wait for the lock (they may see the database as it was before the lock was granted), and
   * `guarded`, reads of what only writers holding the lock change, each change with an entry
   * on the trail. Both are made as of before the lock was granted; when an entry was appended
   * meanwhile, `guarded` is read again under the lock (one more round trip), so that it is
   * always as current as the head the batch chains after.
   */
  lockForBatch<A extends Reads, G extends Reads>(
    tx: AuditExecutor,
    reads: { readonly alongside: A; readonly guarded: G },
  ): Promise<{
    readonly batch: AuditBatch;
    readonly alongside: ReadValues<A>;
    readonly guarded: ReadValues<G>;
  }>;
  /** Walks the whole chain; `anchors` are heads kept elsewhere (the daily exports). */
  verify(anchors?: readonly Pick<AuditHead, 'sequence' | 'hash'>[]): Promise<ChainVerification>;
  /** The last entry, or null when the trail is empty. */
  head(): Promise<AuditHead | null>;
  list(filters?: AuditFilters): Promise<AuditPage>;
}

/** Changes chained under one take of the trail's lock, stored with the transaction that holds it. */
export interface AuditBatch {
  /** Chains a change after the last one added (the head at first) and returns its entry. */
  add(record: AuditRecord): AuditEntry;
  /**
   * The statement inserting the entries added since the last call (undefined when none), for the
   * caller to run in the transaction that holds the lock, with its own writes.
   */
  takeStatement(): Statement | undefined;
  /** Runs that statement now. */
  write(): Promise<void>;
}

type Reads = Record<string, JsonRead<unknown>>;
type ReadValues<R extends Reads> = { [K in keyof R]: ReturnType<R[K]['read']> };

/** What the next entry chains to: the last entry's place and hash. */
export type AuditLink = Pick<AuditEntry, 'sequence' | 'hash'>;

/** The port services record their changes through. */
export type AuditTrail = Pick<AuditLog, 'append'>;

export interface AuditLogDeps {
  readonly db: Database;
  readonly clock: () => Date;
}

/** Any JSON-serialisable value as stored: dates as ISO text, undefined properties dropped. */
export function auditJson(value: unknown): AuditJson {
  if (value === undefined || value === null) return null;
  return JSON.parse(JSON.stringify(value)) as AuditJson;
}

// One lock for the whole trail, taken by `anticipa_lock_audit_trail()` (migration 0013):
// `hashtext` of a fixed name (the tariff imports use their own).

const prefixed = (prefix: string, reads: Reads): Reads =>
  Object.fromEntries(Object.entries(reads).map(([key, read]) => [`${prefix}${key}`, read]));

const unprefixed = (prefix: string, values: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(values).flatMap(([key, value]) =>
      key.startsWith(prefix) ? [[key.slice(prefix.length), value]] : [],
    ),
  );
const verifyBatch = 5_000;

type Row = typeof auditEntries.$inferSelect;

const entryOf = (row: Row): AuditEntry => ({
  sequence: row.sequence,
  at: row.at.toISOString(),
  actor: row.actor,
  action: row.action,
  subject: { type: row.subjectType, id: row.subjectId },
  before: (row.before ?? null) as AuditJson,
  after: (row.after ?? null) as AuditJson,
  previousHash: row.previousHash,
  hash: row.hash,
});

export function createAuditLog(deps: AuditLogDeps): AuditLog {
  const { db } = deps;

  const headRead: JsonRead<AuditLink | undefined> = {
    query: jsonRows(
      db
        .select({ sequence: auditEntries.sequence, hash: auditEntries.hash })
        .from(auditEntries)
        .orderBy(desc(auditEntries.sequence))
        .limit(1),
    ),
    read: (value) => (value as AuditLink[])[0],
  };

  // The lock and the head as it is once granted (migration 0013); the lock's name is there.
  const lockedHead: JsonRead<AuditLink | undefined> = {
    query: sql`select anticipa_lock_audit_trail()`,
    read: (value) => (value as AuditLink[])[0],
  };

  const lockForBatch: AuditLog['lockForBatch'] = async (tx, { alongside, guarded }) => {
    const values = await readTogether(tx, {
      ...prefixed('alongside:', alongside),
      ...prefixed('guarded:', guarded),
      locked: lockedHead,
      before: headRead,
    });
    const { locked, before } = values;
    // An entry appended while the lock was awaited: what `guarded` read may have changed with it.
    const moved = locked?.sequence !== before?.sequence || locked?.hash !== before?.hash;
    return {
      batch: batchAfter(tx, locked),
      alongside: unprefixed('alongside:', values) as ReadValues<typeof alongside>,
      guarded: (moved && Object.keys(guarded).length > 0
        ? await readTogether(tx, guarded)
        : unprefixed('guarded:', values)) as ReadValues<typeof guarded>,
    };
  };

  const openBatch = async (tx: AuditExecutor): Promise<AuditBatch> =>
    (await lockForBatch(tx, { alongside: {}, guarded: {} })).batch;

  /** A batch chaining after `head`, read under the lock held by `tx`. */
  const batchAfter = (tx: AuditExecutor, head: AuditLink | undefined): AuditBatch => {
    let last: AuditLink | undefined = head;
    let pending: AuditEntry[] = [];
    const takeStatement = (): Statement | undefined => {
      if (pending.length === 0) return undefined;
      const entries = pending;
      pending = [];
      return insertJsonRows(
        auditEntries,
        entries.map((entry) => ({
          sequence: entry.sequence,
          at: new Date(entry.at),
          actor: entry.actor,
          action: entry.action,
          subjectType: entry.subject.type,
          subjectId: entry.subject.id,
          before: entry.before,
          after: entry.after,
          previousHash: entry.previousHash,
          hash: entry.hash,
        })),
      );
    };
    return {
      add(record) {
        const change: AuditChange = {
          actor: record.actor,
          action: record.action,
          subject: { type: record.subject.type, id: record.subject.id },
          before: auditJson(record.before),
          after: auditJson(record.after),
        };
        const entry = chainEntry(last, change, deps.clock(), sha256);
        pending.push(entry);
        last = entry;
        return entry;
      },
      takeStatement,
      async write() {
        const statement = takeStatement();
        if (statement) await executeTogether(tx, [statement]);
      },
    };
  };

  const appendIn = async (tx: AuditExecutor, record: AuditRecord): Promise<AuditEntry> => {
    const batch = await openBatch(tx);
    const entry = batch.add(record);
    await batch.write();
    return entry;
  };

  return {
    append(record, executor) {
      return executor ? appendIn(executor, record) : db.transaction((tx) => appendIn(tx, record));
    },
    openBatch,
    lockForBatch,
    async verify(anchors = []) {
      const entries: AuditEntry[] = [];
      for (let after = 0; ;) {
        const rows = await db
          .select()
          .from(auditEntries)
          .where(gt(auditEntries.sequence, after))
          .orderBy(asc(auditEntries.sequence))
          .limit(verifyBatch);
        for (const row of rows) entries.push(entryOf(row));
        const last = rows.at(-1);
        if (!last || rows.length < verifyBatch) break;
        after = last.sequence;
      }
      return verifyChain(entries, sha256, anchors);
    },
    async head() {
      const [row] = await db
        .select({ sequence: auditEntries.sequence, hash: auditEntries.hash, at: auditEntries.at })
        .from(auditEntries)
        .orderBy(desc(auditEntries.sequence))
        .limit(1);
      return row ? { sequence: row.sequence, hash: row.hash, at: row.at.toISOString() } : null;
    },
    async list(filters = {}) {
      const limit = Math.min(Math.max(filters.limit ?? 50, 1), 500);
      const conditions: (SQL | undefined)[] = [
        filters.subjectType ? eq(auditEntries.subjectType, filters.subjectType) : undefined,
        filters.subjectId ? eq(auditEntries.subjectId, filters.subjectId) : undefined,
        filters.action ? eq(auditEntries.action, filters.action) : undefined,
        filters.actor ? eq(auditEntries.actor, filters.actor) : undefined,
        filters.from ? gte(auditEntries.at, filters.from) : undefined,
        filters.to ? lte(auditEntries.at, filters.to) : undefined,
      ];
      const where = and(...conditions);
      const [rows, [counted]] = await Promise.all([
        db
          .select()
          .from(auditEntries)
          .where(
            and(where, filters.before === undefined ? undefined : lt(auditEntries.sequence, filters.before)),
          )
          .orderBy(desc(auditEntries.sequence))
          .limit(limit + 1),
        db.select({ total: count() }).from(auditEntries).where(where),
      ]);
      const page = rows.slice(0, limit).map(entryOf);
      const last = page.at(-1);
      return {
        entries: page,
        total: counted?.total ?? 0,
        ...(rows.length > limit && last ? { nextBefore: last.sequence } : {}),
      };
    },
  };
}
