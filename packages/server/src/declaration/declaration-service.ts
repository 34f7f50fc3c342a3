/**
 * Goods declarations: intake (lodge, amend, read every version), lists with filters, and each
 * file's timeline of events, from which its status is derived. Routes and CLI commands call
 * this service; nothing here knows about HTTP.
 */
import { and, count, eq, gte, inArray, lte, ne, sql, type Placeholder, type SQL } from 'drizzle-orm';
import {
  appError,
  deriveDeclarationStatus,
  err,
  goodsDeclarationSchema,
  isEventApplicable,
  ok,
  parseDocument,
  sortTimeline,
  type AppError,
  type DeclarationStatus,
  type EventType,
  type GoodsDeclaration,
  type IntakeReferences,
  type Lane,
  type Result,
} from '@anticipa/core';
import type { AuditRecord, AuditTrail } from '../audit/audit-log.ts';
import type { Database } from '../db/database.ts';
import { insertJsonRows } from '../db/json-rows.ts';
import {
  executeTogether,
  inList,
  jsonList,
  jsonRows,
  readTogether,
  template,
  type JsonRead,
  type Statement,
} from '../db/statements.ts';
import {
  assessments,
  consignments,
  declarationBills,
  declarations,
  events,
  manifests,
} from '../db/schema.ts';
import {
  createDocumentIntake,
  type DocumentIntake,
  type IntakeResult,
  type LodgeOptions,
  type LodgeOutcome,
} from '../intake/document-intake.ts';
import {
  createDocumentStore,
  createEventStore,
  type InsertEntry,
  type NewEvent,
  type StoredEvent,
  type Transaction,
} from '../intake/document-store.ts';
import { createBatcher } from '../shared/batcher.ts';
import { sha256 } from '../shared/content-hash.ts';
import { readPage, type Page } from '../shared/pagination.ts';
import { declarationProjection } from './declaration-projection.ts';

export interface DeclarationFilters {
  readonly office?: string | undefined;
  /** Only these offices (the offices of the officer asking). */
  readonly offices?: readonly string[] | undefined;
  /** Only the files of this sender (a trader asking). */
  readonly sender?: string | undefined;
  readonly status?: DeclarationStatus | undefined;
  readonly importer?: string | undefined;
  readonly kind?: GoodsDeclaration['kind'] | undefined;
  /** The lane of the file's latest assessment (a supervisor's re-route is not an assessment). */
  readonly lane?: Lane | undefined;
  readonly lodgedFrom?: Date | undefined;
  readonly lodgedTo?: Date | undefined;
  readonly limit: number;
  readonly cursor?: string | undefined;
}

export interface DeclarationSummary {
  readonly id: string;
  readonly sender: string;
  readonly reference: string;
  readonly kind: string;
  readonly office: string;
  readonly importer: { readonly taxId: string; readonly name: string };
  readonly declarant: string;
  readonly status: string;
  readonly version: number;
  readonly lodgedAt: Date;
  readonly updatedAt: Date;
  /** The lane and score of the latest assessment; null while the file is not assessed. */
  readonly lane: Lane | null;
  readonly score: number | null;
}

/** Events ready to append, and the statuses they lead to (see `timelinesRead`). */
export interface PreparedEvents {
  readonly statuses: ReadonlyMap<string, DeclarationStatus>;
  readonly statements: readonly Statement[];
}

/** The files' timelines as read; `withEvents` adds the events to append to each (see `timelinesRead`). */
export interface EventPreparation {
  withEvents(
    entries: readonly { readonly id: string; readonly events: readonly NewEvent[] }[],
  ): Result<PreparedEvents, AppError>;
}

/**
 * The latest assessment's lane and score of the file on the row, as correlated subqueries: one
 * index lookup each (`assessments_declaration_sequence`), so that a list and its lane filter
 * cost one query instead of one read per file. Written out with its qualifiers because Drizzle
 * leaves columns unqualified in a select list, where `id` would name the assessment's own.
 */
const latestAssessment = <T>(column: 'lane' | 'score') =>
  sql<T>`(select ${sql.raw(`a.${column}`)} from ${assessments} a where a.declaration_id = ${sql.raw('"declarations"."id"')} order by a.sequence desc limit 1)`;

/** The events of a manifest that mark the arrival of the goods it carries. */
const arrivalEventTypes: EventType[] = ['means_arrived', 'manifest_registered'];

export interface ServiceContext {
  readonly db: Database;
  readonly references: IntakeReferences;
  readonly clock: () => Date;
  readonly newId: () => string;
}

/** A lodgement's options: the intake's, and who brings a new file's status up to date. */
export interface DeclarationLodgeOptions extends LodgeOptions<GoodsDeclaration> {
  /**
   * The caller updates the new file's status itself, after the lodgement has committed, with
   * what it stores next (the assessment derives it from the file's timeline), or by
   * `settleNewFile`. Without it the lodgement does it.
   */
  readonly statusByCaller?: boolean;
}

export interface DeclarationService extends DocumentIntake<GoodsDeclaration> {
  lodge(
    input: unknown,
    options?: DeclarationLodgeOptions,
  ): Promise<Result<IntakeResult<LodgeOutcome, GoodsDeclaration>, AppError>>;
  /**
   * Moves a file just lodged to the status the arrival of its means of transport gives it, when
   * that arrival was recorded before it was (what a lodgement does unless `statusByCaller`);
   * says whether its status moved. To be run after the file's commit, so that an arrival
   * recorded meanwhile is seen either here or by the arrival's own refresh. Files asking at the
   * same time are checked together.
   */
  settleNewFile(id: string): Promise<boolean>;
  /**
   * `timelinesRead` for new files, to store them inside the caller's transaction with what
   * follows from their lodgement (an assessment): the read of the arrivals of the manifests
   * carrying their B/Ls. Its `withEvents` gives the status each reaches with its `lodged` event
   * and the events given, and the statements storing the files (their heads at that status) and
   * those events; storing files whose reference or key is taken fails with a unique violation.
   */
  newFilesRead(entries: readonly InsertEntry<GoodsDeclaration>[]): JsonRead<EventPreparation>;
  /** Those of new files whose reference or key is already stored (see `DocumentStore.takenOf`). */
  takenOf(entries: readonly InsertEntry<GoodsDeclaration>[]): Promise<Set<InsertEntry<GoodsDeclaration>>>;
  list(filters: DeclarationFilters): Promise<Result<Page<DeclarationSummary>, AppError>>;
  /** The file's events and those of the manifests carrying its B/Ls, in the order they happened. */
  timeline(id: string): Promise<Result<readonly StoredEvent[], AppError>>;
  /**
   * Appends events to a file (never rewriting one) and updates its status. `record`, when
   * given, goes to the audit trail in the same transaction: the events are stored if and only
   * if their entry is.
   */
  appendEvents(
    id: string,
    newEvents: readonly NewEvent[],
    record?: AuditRecord,
  ): Promise<Result<DeclarationStatus, AppError>>;
  /**
   * As `appendEvents`, inside the caller's transaction `tx`: the events are stored with the
   * change they follow from (a valuation decision, say), or not at all. A caller that also
   * appends to the audit trail does so before this, since the trail's lock is taken before any
   * status row (as assessments take it).
   */
  appendEventsWithin(
    tx: Database,
    id: string,
    newEvents: readonly NewEvent[],
  ): Promise<Result<DeclarationStatus, AppError>>;
  /**
   * To append events to several existing files inside the caller's transaction, so that they are
   * stored with the change they follow from: the read of what the files' statuses derive from
   * (their timelines), for the caller to run in its transaction (`readTogether`, with its own
   * reads). Its `withEvents` then gives the status each file reaches with its events, and the
   * statements that append the events and write those statuses, for the caller to run with its
   * own writes; EVENT_NOT_APPLICABLE for an event of another subject.
   */
  timelinesRead(ids: readonly string[]): JsonRead<EventPreparation>;
  /**
   * Cancels a file before its release: a `cancelled` event with the reason. Cancelling a
   * cancelled file again changes nothing; a released or exited file cannot be cancelled.
   */
  cancel(
    id: string,
    cancellation: { readonly reason: string; readonly at?: Date; readonly actor?: string },
  ): Promise<Result<DeclarationStatus, AppError>>;
  /** Re-derives the status of files from their timelines (after a manifest's arrival, say). */
  refreshStatuses(ids: readonly string[]): Promise<void>;
}

/**
 * `audit`: where cancellations are recorded (who, the status before, the reason); lodgements
 * and amendments are kept whole in their versions and events already.
 */
export function createDeclarationService(context: ServiceContext, audit?: AuditTrail): DeclarationService {
  const { db } = context;
  const schema = goodsDeclarationSchema(context.references);
  const store = createDocumentStore(db, declarationProjection);
  const intake = createDocumentIntake<GoodsDeclaration>({
    store,
    parse: (input) => parseDocument(schema, input),
    clock: context.clock,
    newId: context.newId,
    hash: sha256,
    initialStatus: 'lodged',
    notFound: 'DECLARATION_NOT_FOUND',
    versionNotFound: 'DECLARATION_VERSION_NOT_FOUND',
  });

  /** For each file, the manifests whose current version carries one of its current B/Ls. */
  const manifestIdsOf = async (
    executor: Database | Transaction,
    ids: readonly string[],
  ): Promise<Map<string, string[]>> => {
    const rows = await executor
      .selectDistinct({ declarationId: declarationBills.declarationId, manifestId: consignments.manifestId })
      .from(declarationBills)
      .innerJoin(
        declarations,
        and(
          eq(declarations.id, declarationBills.declarationId),
          eq(declarations.currentVersion, declarationBills.version),
        ),
      )
      .innerJoin(consignments, eq(consignments.billNumber, declarationBills.billNumber))
      .innerJoin(
        manifests,
        and(eq(manifests.id, consignments.manifestId), eq(manifests.currentVersion, consignments.version)),
      )
      .where(inArray(declarationBills.declarationId, [...ids]));
    const found = new Map<string, string[]>();
    for (const row of rows)
      found.set(row.declarationId, [...(found.get(row.declarationId) ?? []), row.manifestId]);
    return found;
  };

  /** The timelines of files, by id: three queries however many files. */
  const timelinesOf = async (
    executor: Database | Transaction,
    ids: readonly string[],
  ): Promise<Map<string, StoredEvent[]>> => {
    const store = createEventStore(executor);
    const [own, carriers] = await Promise.all([store.list('declaration', ids), manifestIdsOf(executor, ids)]);
    const manifestEvents = (await store.list('manifest', [...new Set([...carriers.values()].flat())])).filter(
      (event) => event.type === 'means_arrived' || event.type === 'manifest_registered',
    );
    const timelines = new Map<string, StoredEvent[]>(ids.map((id) => [id, []]));
    for (const event of own) timelines.get(event.subjectId)?.push(event);
    for (const [id, manifestIds] of carriers) {
      const carried = new Set(manifestIds);
      timelines.get(id)?.push(...manifestEvents.filter((event) => carried.has(event.subjectId)));
    }
    for (const [id, timeline] of timelines) {
      const ordered = timeline.map((event) => ({
        event,
        occurredAt: event.occurredAt.toISOString(),
        recordedAt: event.recordedAt.toISOString(),
      }));
      timelines.set(
        id,
        sortTimeline(ordered).map((entry) => entry.event),
      );
    }
    return timelines;
  };

  const timelineOf = async (id: string): Promise<StoredEvent[]> =>
    (await timelinesOf(db, [id])).get(id) ?? [];

  /**
   * The query of the types of the events on the files' timelines (their own, and the arrival
   * events of the manifests carrying their B/Ls): all a status is derived from, as
   * `deriveDeclarationStatus` does not depend on the order of events.
   */
  const eventTypesQuery = (executor: Database | Transaction, files: readonly string[] | Placeholder) => {
    // Named `id` in both branches: read as JSON (`timelinesRead`), rows carry the names of the SQL.
    const own = executor
      .selectDistinct({ id: sql<string>`${events.subjectId}`.as('id'), type: events.type })
      .from(events)
      .where(and(eq(events.subjectType, 'declaration'), inList(events.subjectId, files)));
    return own.unionAll(arrivalTypesQuery(executor, files));
  };

  /**
   * The query of the arrival events (means arrived, manifest registered) of the manifests whose
   * current version carries a B/L of the files' current versions: a file's id with each type.
   */
  const arrivalTypesQuery = (executor: Database | Transaction, files: readonly string[] | Placeholder) =>
    executor
      .selectDistinct({ id: sql<string>`${declarationBills.declarationId}`.as('id'), type: events.type })
      .from(declarationBills)
      .innerJoin(
        declarations,
        and(
          eq(declarations.id, declarationBills.declarationId),
          eq(declarations.currentVersion, declarationBills.version),
        ),
      )
      .innerJoin(consignments, eq(consignments.billNumber, declarationBills.billNumber))
      .innerJoin(
        manifests,
        and(eq(manifests.id, consignments.manifestId), eq(manifests.currentVersion, consignments.version)),
      )
      .innerJoin(events, and(eq(events.subjectType, 'manifest'), eq(events.subjectId, manifests.id)))
      .where(and(inList(declarationBills.declarationId, files), inArray(events.type, arrivalEventTypes)));

  /** The event types of each file's timeline, by id (none: an empty list). */
  const typesById = (files: readonly string[], rows: readonly { id: string; type: string }[]) => {
    const types = new Map<string, { type: EventType }[]>(files.map((id) => [id, []]));
    for (const row of rows) types.get(row.id)?.push({ type: row.type as EventType });
    return types;
  };

  /**
   * The read of the event types of each file's timeline (`eventTypesQuery`), by id: a prepared
   * statement, which a server plans once, not on each call.
   */
  const eventTypesRead = (ids: readonly string[]): JsonRead<Map<string, { type: EventType }[]>> => {
    const files = [...new Set(ids)];
    return {
      ...timelinesQuery({ ids: jsonList(files) }),
      read: (value) => typesById(files, value as { id: string; type: string }[]),
    };
  };

  const eventTypesOf = async (executor: Database | Transaction, ids: readonly string[]) =>
    (await readTogether(executor, { types: eventTypesRead(ids) })).types;

  /** The statements writing statuses that changed: one per status reached. */
  const statusStatements = (statuses: ReadonlyMap<string, DeclarationStatus>): Statement[] => {
    const byStatus = new Map<DeclarationStatus, string[]>();
    for (const [id, status] of statuses) byStatus.set(status, [...(byStatus.get(status) ?? []), id]);
    return [...byStatus].map(([status, reached]) =>
      db
        .update(declarations)
        .set({ status })
        .where(and(inList(declarations.id, reached), ne(declarations.status, status))),
    );
  };

  /**
   * Re-derives the statuses of files from their timelines and writes those that changed;
   * returns each file's status by id.
   */
  const settleStatuses = async (
    executor: Database | Transaction,
    ids: readonly string[],
  ): Promise<Map<string, DeclarationStatus>> => {
    const statuses = new Map<string, DeclarationStatus>();
    if (ids.length === 0) return statuses;
    for (const [id, types] of await eventTypesOf(executor, ids))
      statuses.set(id, deriveDeclarationStatus(types));
    await executeTogether(executor, statusStatements(statuses));
    return statuses;
  };

  const refreshStatuses = async (ids: readonly string[]): Promise<void> => {
    await settleStatuses(db, [...new Set(ids)]);
  };

  /**
   * A new file's only own event is `lodged`, so its status moves only if a manifest carrying
   * one of its B/Ls has already arrived: one query finds out for the files lodged together, and
   * a head row is written only then (most files are lodged before arrival: DOMAIN.md
   * "Anticipated"). It reads after the file's commit, so that an arrival recorded meanwhile is
   * seen either here or by the arrival's own refresh of the files citing its B/Ls. Says, for
   * each file, whether its status moved.
   */
  const arrivedQuery = template(['files'], ({ files }) => jsonRows(arrivalTypesQuery(db, files)));
  const settleNewFiles = async (ids: readonly string[]): Promise<boolean[]> => {
    const { arrived } = await readTogether(db, {
      arrived: {
        ...arrivedQuery({ files: jsonList(ids) }),
        read: (value) => (value as { id: string }[]).map((row) => ({ id: row.id })),
      },
    });
    const moved = new Set(arrived.map((row) => row.id));
    if (moved.size > 0) await refreshStatuses([...moved]);
    return ids.map((id) => moved.has(id));
  };
  const newFiles = createBatcher(settleNewFiles);

  const timelinesQuery = template(['ids'], ({ ids }) => jsonRows(eventTypesQuery(db, ids)));
  const timelinesRead: DeclarationService['timelinesRead'] = (ids) => {
    const types = eventTypesRead(ids);
    return { ...types, read: (value) => preparation(types.read(value)) };
  };

  // The arrivals of the manifests carrying B/Ls: what a new file's timeline has besides its own
  // `lodged` (as `eventTypesQuery` finds them for a stored file).
  const arrivalsOfBillsQuery = template(['bills'], ({ bills }) =>
    jsonRows(
      db
        .selectDistinct({ bill: sql<string>`${consignments.billNumber}`.as('bill'), type: events.type })
        .from(consignments)
        .innerJoin(
          manifests,
          and(eq(manifests.id, consignments.manifestId), eq(manifests.currentVersion, consignments.version)),
        )
        .innerJoin(events, and(eq(events.subjectType, 'manifest'), eq(events.subjectId, manifests.id)))
        .where(and(inList(consignments.billNumber, bills), inArray(events.type, arrivalEventTypes))),
    ),
  );
  const newFilesRead: DeclarationService['newFilesRead'] = (entries) => {
    return {
      ...arrivalsOfBillsQuery({ bills: jsonList(entries.flatMap(({ document }) => document.billsOfLading)) }),
      read: (value) => {
        const arrivals = new Map<string, EventType[]>();
        for (const { bill, type } of value as { bill: string; type: EventType }[]) {
          arrivals.set(bill, [...(arrivals.get(bill) ?? []), type]);
        }
        const timelines = new Map<string, { type: EventType }[]>(
          entries.map(({ head, document }) => {
            const types = new Set(document.billsOfLading.flatMap((bill) => arrivals.get(bill) ?? []));
            return [head.id, [{ type: 'lodged' }, ...[...types].map((type) => ({ type }))]];
          }),
        );
        return preparation(timelines, entries);
      },
    };
  };

  /**
   * The files' timelines as read, and `unstored`: new files among them, stored by the statements
   * `withEvents` gives, their heads at the status they reach.
   */
  const preparation = (
    read: ReadonlyMap<string, readonly { type: EventType }[]>,
    unstored: readonly InsertEntry<GoodsDeclaration>[] = [],
  ): EventPreparation => {
    return {
      withEvents(entries) {
        for (const { events: newEvents } of entries) {
          const wrong = newEvents.find((event) => !isEventApplicable('declaration', event.type));
          if (wrong)
            return err(appError('EVENT_NOT_APPLICABLE', { subject: 'declaration', type: wrong.type }));
        }
        const types = new Map([...read].map(([id, timeline]) => [id, [...timeline]]));
        for (const { id, events: newEvents } of entries) {
          types.set(id, [...(types.get(id) ?? []), ...newEvents]);
        }
        const statuses = new Map([...types].map(([id, timeline]) => [id, deriveDeclarationStatus(timeline)]));
        const recordedAt = context.clock();
        const rows = entries.flatMap(({ id, events: newEvents }) =>
          newEvents.map((event) => ({
            subjectType: 'declaration',
            subjectId: id,
            type: event.type,
            occurredAt: event.occurredAt,
            recordedAt,
            version: event.version ?? null,
            data: event.data ?? null,
          })),
        );
        // A new file's events are stored by the insert of its `lodged` event, after it.
        const isNew = new Set(unstored.map(({ head }) => head.id));
        const stored = new Map([...statuses].filter(([id]) => !isNew.has(id)));
        const ofStored = rows.filter((row) => !isNew.has(row.subjectId));
        return ok({
          statuses,
          statements: [
            ...(unstored.length > 0
              ? store.insertStatements(
                  unstored.map((entry) => ({
                    ...entry,
                    head: { ...entry.head, status: statuses.get(entry.head.id) ?? entry.head.status },
                  })),
                  rows.filter((row) => isNew.has(row.subjectId)),
                )
              : []),
            ...(ofStored.length > 0 ? [insertJsonRows(events, ofStored)] : []),
            ...statusStatements(stored),
          ],
        });
      },
    };
  };

  /** Appends a file's events, with their audit entry when given, and settles its status, in `tx`. */
  const appendWithin = async (
    tx: Database,
    id: string,
    newEvents: readonly NewEvent[],
    record?: AuditRecord,
  ): Promise<Result<DeclarationStatus, AppError>> => {
    const head = await declarationProjection.findHead(tx, id);
    if (!head) return err(appError('DECLARATION_NOT_FOUND', { id }));
    const wrong = newEvents.find((event) => !isEventApplicable('declaration', event.type));
    if (wrong) return err(appError('EVENT_NOT_APPLICABLE', { subject: 'declaration', type: wrong.type }));
    await createEventStore(tx).append('declaration', id, newEvents, context.clock());
    // The trail's lock is taken before any status row, as assessments take it: no deadlock.
    if (record && audit) await audit.append(record, tx);
    return ok((await settleStatuses(tx, [id])).get(id) ?? 'lodged');
  };
  const appendEvents: DeclarationService['appendEvents'] = (id, newEvents, record) =>
    record && audit
      ? db.transaction((tx) => appendWithin(tx, id, newEvents, record))
      : appendWithin(db, id, newEvents);

  return {
    ...intake,
    async lodge(input, options = {}) {
      const { statusByCaller, ...intakeOptions } = options;
      const result = await intake.lodge(input, intakeOptions);
      if (result.ok && result.value.outcome === 'created' && !statusByCaller) {
        await newFiles.run(result.value.head.id);
      }
      return result;
    },
    settleNewFile: (id) => newFiles.run(id),
    newFilesRead,
    takenOf: (entries) => store.takenOf(entries),
    async amend(id, input, options) {
      const head = await declarationProjection.findHead(db, id);
      if (head?.status === 'cancelled') return err(appError('DECLARATION_CANCELLED', { id }));
      const result = await intake.amend(id, input, options);
      if (result.ok && result.value.outcome === 'amended') await refreshStatuses([id]);
      return result;
    },
    async list(filters) {
      const conditions: (SQL | undefined)[] = [
        filters.office ? eq(declarations.officeCode, filters.office) : undefined,
        filters.offices ? inArray(declarations.officeCode, [...filters.offices]) : undefined,
        filters.sender === undefined ? undefined : eq(declarations.sender, filters.sender),
        filters.status ? eq(declarations.status, filters.status) : undefined,
        filters.importer ? eq(declarations.importerTaxId, filters.importer) : undefined,
        filters.kind ? eq(declarations.kind, filters.kind) : undefined,
        filters.lane ? sql`${latestAssessment('lane')} = ${filters.lane}` : undefined,
        filters.lodgedFrom ? gte(declarations.lodgedAt, filters.lodgedFrom) : undefined,
        filters.lodgedTo ? lte(declarations.lodgedAt, filters.lodgedTo) : undefined,
      ];
      return readPage({
        cursor: filters.cursor,
        limit: filters.limit,
        conditions,
        timeColumn: declarations.lodgedAt,
        idColumn: declarations.id,
        rows: (where, orderBy, limit) =>
          db
            .select({
              row: declarations,
              lane: latestAssessment<Lane | null>('lane'),
              score: latestAssessment<number | null>('score'),
            })
            .from(declarations)
            .where(where)
            .orderBy(...orderBy)
            .limit(limit),
        total: async (where) =>
          (await db.select({ total: count() }).from(declarations).where(where))[0]?.total ?? 0,
        toItem: ({ row, lane, score }): DeclarationSummary => ({
          id: row.id,
          sender: row.sender,
          reference: row.reference,
          kind: row.kind,
          office: row.officeCode,
          importer: { taxId: row.importerTaxId, name: row.importerName },
          declarant: row.declarantCode,
          status: row.status,
          version: row.currentVersion,
          lodgedAt: row.lodgedAt,
          updatedAt: row.updatedAt,
          lane,
          score,
        }),
        position: (item) => ({ at: item.lodgedAt, id: item.id }),
      });
    },
    async timeline(id) {
      const head = await declarationProjection.findHead(db, id);
      if (!head) return err(appError('DECLARATION_NOT_FOUND', { id }));
      return ok(await timelineOf(id));
    },
    appendEvents,
    appendEventsWithin: (tx, id, newEvents) => appendWithin(tx, id, newEvents),
    timelinesRead,
    async cancel(id, cancellation) {
      const head = await declarationProjection.findHead(db, id);
      if (!head) return err(appError('DECLARATION_NOT_FOUND', { id }));
      if (head.status === 'cancelled') return ok('cancelled');
      if (head.status === 'released' || head.status === 'exited') {
        return err(appError('DECLARATION_NOT_CANCELLABLE', { id, status: head.status }));
      }
      const at = cancellation.at ?? context.clock();
      // The event and its audit entry are stored together, or neither is.
      const cancelled = await appendEvents(
        id,
        [{ type: 'cancelled', occurredAt: at, data: { reason: cancellation.reason } }],
        {
          actor: cancellation.actor ?? 'system',
          action: 'declaration.cancelled',
          subject: { type: 'declaration', id },
          before: { status: head.status, reference: head.reference, sender: head.sender },
          after: { status: 'cancelled', reason: cancellation.reason, at },
        },
      );
      return cancelled.ok ? ok('cancelled') : cancelled;
    },
    refreshStatuses,
  };
}

/** Ids of the files whose current version cites one of these B/L numbers. */
/** The declarations whose current version cites one of the B/Ls: each citation, with the file's status. */
export async function citationsOf(
  db: Database,
  billNumbers: readonly string[],
): Promise<{ readonly id: string; readonly billNumber: string; readonly status: string }[]> {
  if (billNumbers.length === 0) return [];
  return db
    .select({ id: declarations.id, billNumber: declarationBills.billNumber, status: declarations.status })
    .from(declarationBills)
    .innerJoin(
      declarations,
      and(
        eq(declarations.id, declarationBills.declarationId),
        eq(declarations.currentVersion, declarationBills.version),
      ),
    )
    .where(inArray(declarationBills.billNumber, [...billNumbers]));
}

export async function declarationIdsCiting(db: Database, billNumbers: readonly string[]): Promise<string[]> {
  return [...new Set((await citationsOf(db, billNumbers)).map((citation) => citation.id))];
}
