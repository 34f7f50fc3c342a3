/**
 * Goods declarations: intake (lodge, amend, read every version), lists with filters, and each
 * file's timeline of events, from which its status is derived. Routes and CLI commands call
 * this service; nothing here knows about HTTP.
 */
import { and, count, eq, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
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
  type GoodsDeclaration,
  type IntakeReferences,
  type Lane,
  type Result,
} from '@anticipa/core';
import type { AuditTrail } from '../audit/audit-log.ts';
import type { Database } from '../db/database.ts';
import {
  assessments,
  consignments,
  declarationBills,
  declarations,
  events,
  manifests,
} from '../db/schema.ts';
import { createDocumentIntake, type DocumentIntake } from '../intake/document-intake.ts';
import {
  createDocumentStore,
  createEventStore,
  type NewEvent,
  type StoredEvent,
} from '../intake/document-store.ts';
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

/**
 * The latest assessment's lane and score of the file on the row, as correlated subqueries: one
 * index lookup each (`assessments_declaration_sequence`), so that a list and its lane filter
 * cost one query instead of one read per file. Written out with its qualifiers because Drizzle
 * leaves columns unqualified in a select list, where `id` would name the assessment's own.
 */
const latestAssessment = <T>(column: 'lane' | 'score') =>
  sql<T>`(select ${sql.raw(`a.${column}`)} from ${assessments} a where a.declaration_id = ${sql.raw('"declarations"."id"')} order by a.sequence desc limit 1)`;

export interface ServiceContext {
  readonly db: Database;
  readonly references: IntakeReferences;
  readonly clock: () => Date;
  readonly newId: () => string;
}

export interface DeclarationService extends DocumentIntake<GoodsDeclaration> {
  list(filters: DeclarationFilters): Promise<Result<Page<DeclarationSummary>, AppError>>;
  /** The file's events and those of the manifests carrying its B/Ls, in the order they happened. */
  timeline(id: string): Promise<Result<readonly StoredEvent[], AppError>>;
  /** Appends events to a file (never rewriting one) and updates its status. */
  appendEvents(id: string, newEvents: readonly NewEvent[]): Promise<Result<DeclarationStatus, AppError>>;
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
  const intake = createDocumentIntake<GoodsDeclaration>({
    store: createDocumentStore(db, declarationProjection),
    parse: (input) => parseDocument(schema, input),
    clock: context.clock,
    newId: context.newId,
    hash: sha256,
    initialStatus: 'lodged',
    notFound: 'DECLARATION_NOT_FOUND',
    versionNotFound: 'DECLARATION_VERSION_NOT_FOUND',
  });
  const eventStore = createEventStore(db);

  /** Ids of the manifests whose current version carries one of the file's current B/Ls. */
  const manifestIdsOf = async (id: string): Promise<string[]> => {
    const rows = await db
      .selectDistinct({ manifestId: consignments.manifestId })
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
      .where(eq(declarationBills.declarationId, id));
    return rows.map((row) => row.manifestId);
  };

  const timelineOf = async (id: string): Promise<StoredEvent[]> => {
    const own = await eventStore.list('declaration', [id]);
    const manifestEvents = (await eventStore.list('manifest', await manifestIdsOf(id))).filter(
      (event) => event.type === 'means_arrived' || event.type === 'manifest_registered',
    );
    const timeline = [...own, ...manifestEvents].map((event) => ({
      event,
      occurredAt: event.occurredAt.toISOString(),
      recordedAt: event.recordedAt.toISOString(),
    }));
    return sortTimeline(timeline).map((entry) => entry.event);
  };

  /**
   * A new file's only own event is `lodged`, so its status moves only if a manifest carrying
   * one of its B/Ls has already arrived: one query finds out, and the head row is written only
   * then (most files are lodged before arrival: DOMAIN.md "Anticipated").
   */
  const settleNewFile = async (id: string): Promise<void> => {
    const arrivals = await db
      .selectDistinct({ type: events.type })
      .from(declarationBills)
      .innerJoin(consignments, eq(consignments.billNumber, declarationBills.billNumber))
      .innerJoin(
        manifests,
        and(eq(manifests.id, consignments.manifestId), eq(manifests.currentVersion, consignments.version)),
      )
      .innerJoin(events, and(eq(events.subjectType, 'manifest'), eq(events.subjectId, manifests.id)))
      .where(
        and(
          eq(declarationBills.declarationId, id),
          inArray(events.type, ['means_arrived', 'manifest_registered']),
        ),
      );
    if (arrivals.length > 0) await refreshStatuses([id]);
  };

  const refreshStatuses = async (ids: readonly string[]): Promise<void> => {
    for (const id of ids) {
      const status = deriveDeclarationStatus(await timelineOf(id));
      await db.update(declarations).set({ status }).where(eq(declarations.id, id));
    }
  };

  return {
    ...intake,
    async lodge(input, options) {
      const result = await intake.lodge(input, options);
      if (result.ok && result.value.outcome === 'created') await settleNewFile(result.value.head.id);
      return result;
    },
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
    async appendEvents(id, newEvents) {
      const head = await declarationProjection.findHead(db, id);
      if (!head) return err(appError('DECLARATION_NOT_FOUND', { id }));
      const wrong = newEvents.find((event) => !isEventApplicable('declaration', event.type));
      if (wrong) return err(appError('EVENT_NOT_APPLICABLE', { subject: 'declaration', type: wrong.type }));
      await eventStore.append('declaration', id, newEvents, context.clock());
      await refreshStatuses([id]);
      const [row] = await db
        .select({ status: declarations.status })
        .from(declarations)
        .where(eq(declarations.id, id));
      return ok((row?.status ?? 'lodged') as DeclarationStatus);
    },
    async cancel(id, cancellation) {
      const head = await declarationProjection.findHead(db, id);
      if (!head) return err(appError('DECLARATION_NOT_FOUND', { id }));
      if (head.status === 'cancelled') return ok('cancelled');
      if (head.status === 'released' || head.status === 'exited') {
        return err(appError('DECLARATION_NOT_CANCELLABLE', { id, status: head.status }));
      }
      const at = cancellation.at ?? context.clock();
      await eventStore.append(
        'declaration',
        id,
        [{ type: 'cancelled', occurredAt: at, data: { reason: cancellation.reason } }],
        at,
      );
      await refreshStatuses([id]);
      await audit?.append({
        actor: cancellation.actor ?? 'system',
        action: 'declaration.cancelled',
        subject: { type: 'declaration', id },
        before: { status: head.status, reference: head.reference, sender: head.sender },
        after: { status: 'cancelled', reason: cancellation.reason, at },
      });
      return ok('cancelled');
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
