/**
 * Cargo manifests: intake (lodge, amend, read every version), lists with filters, arrival of
 * the means of transport and registration of the manifest. Arrival is an event on the manifest
 * that every file citing one of its B/Ls sees in its own timeline.
 */
import { and, count, eq, gte, inArray, lte, type SQL } from 'drizzle-orm';
import {
  appError,
  cargoManifestSchema,
  deriveManifestStatus,
  err,
  ok,
  parseDocument,
  type AppError,
  type CargoManifest,
  type ManifestStatus,
  type Result,
} from '@anticipa/core';
import { consignments, manifests } from '../db/schema.ts';
import {
  declarationIdsCiting,
  type DeclarationService,
  type ServiceContext,
} from '../declaration/declaration-service.ts';
import { createDocumentIntake, type DocumentIntake } from '../intake/document-intake.ts';
import {
  createDocumentStore,
  createEventStore,
  type NewEvent,
  type StoredEvent,
} from '../intake/document-store.ts';
import { sha256 } from '../shared/content-hash.ts';
import { readPage, type Page } from '../shared/pagination.ts';
import { manifestProjection } from './manifest-projection.ts';

export interface ManifestFilters {
  readonly office?: string | undefined;
  /** Only these offices (the offices of the officer asking). */
  readonly offices?: readonly string[] | undefined;
  /** Only the files of this sender (a trader asking). */
  readonly sender?: string | undefined;
  readonly status?: ManifestStatus | undefined;
  readonly carrier?: string | undefined;
  readonly expectedFrom?: Date | undefined;
  readonly expectedTo?: Date | undefined;
  readonly limit: number;
  readonly cursor?: string | undefined;
}

export interface ManifestSummary {
  readonly id: string;
  readonly sender: string;
  readonly reference: string;
  readonly carrier: { readonly code: string; readonly name: string };
  readonly conveyance: { readonly name: string; readonly imoNumber: string | null };
  readonly voyageNumber: string;
  readonly portOfLoading: string;
  readonly office: string;
  readonly expectedArrival: Date;
  readonly actualArrival: Date | null;
  readonly status: string;
  readonly version: number;
  readonly lodgedAt: Date;
}

export interface Arrival {
  readonly meansArrivedAt?: Date | undefined;
  readonly registeredAt?: Date | undefined;
}

export interface ManifestService extends DocumentIntake<CargoManifest> {
  list(filters: ManifestFilters): Promise<Result<Page<ManifestSummary>, AppError>>;
  timeline(id: string): Promise<Result<readonly StoredEvent[], AppError>>;
  /**
   * Records the arrival of the means of transport and/or the registration of the manifest.
   * Recording the same time again changes nothing; a different time for an event already
   * recorded is refused, since events are never rewritten.
   */
  recordArrival(
    id: string,
    arrival: Arrival,
  ): Promise<Result<{ status: ManifestStatus; recorded: number }, AppError>>;
}

export function createManifestService(
  context: ServiceContext,
  declarationsService: DeclarationService,
): ManifestService {
  const { db } = context;
  const schema = cargoManifestSchema(context.references);
  const intake = createDocumentIntake<CargoManifest>({
    store: createDocumentStore(db, manifestProjection),
    parse: (input) => parseDocument(schema, input),
    clock: context.clock,
    newId: context.newId,
    hash: sha256,
    initialStatus: 'expected',
    notFound: 'MANIFEST_NOT_FOUND',
    versionNotFound: 'MANIFEST_VERSION_NOT_FOUND',
  });
  const eventStore = createEventStore(db);

  const billsOf = async (id: string): Promise<string[]> => {
    const rows = await db
      .select({ billNumber: consignments.billNumber })
      .from(consignments)
      .innerJoin(
        manifests,
        and(eq(manifests.id, consignments.manifestId), eq(manifests.currentVersion, consignments.version)),
      )
      .where(eq(consignments.manifestId, id));
    return rows.map((row) => row.billNumber);
  };

  /**
   * A manifest lodged or amended with its actual arrival time records the arrival event, once:
   * the head's arrival time always comes from the events, which are never rewritten.
   */
  const recordDeclaredArrival = async (id: string, document: CargoManifest): Promise<void> => {
    if (document.actualArrival === undefined) return;
    const recorded = await eventStore.list('manifest', [id]);
    if (recorded.some((event) => event.type === 'means_arrived')) return;
    await service.recordArrival(id, { meansArrivedAt: new Date(document.actualArrival) });
  };

  /** Files citing the manifest's B/Ls see its arrival in their timeline: their status follows. */
  const refreshCitingFiles = async (id: string): Promise<void> => {
    await declarationsService.refreshStatuses(await declarationIdsCiting(db, await billsOf(id)));
  };

  const afterWrite = async (id: string): Promise<void> => {
    const stored = await intake.get(id);
    if (stored.ok) await recordDeclaredArrival(id, stored.value.document);
    await refreshCitingFiles(id);
  };

  const service: ManifestService = {
    ...intake,
    async lodge(input, options) {
      const result = await intake.lodge(input, options);
      if (result.ok && result.value.outcome === 'created') await afterWrite(result.value.head.id);
      return result;
    },
    async amend(id, input, options) {
      const result = await intake.amend(id, input, options);
      if (result.ok && result.value.outcome === 'amended') await afterWrite(id);
      return result;
    },
    async list(filters) {
      const conditions: (SQL | undefined)[] = [
        filters.office ? eq(manifests.officeCode, filters.office) : undefined,
        filters.offices ? inArray(manifests.officeCode, [...filters.offices]) : undefined,
        filters.sender === undefined ? undefined : eq(manifests.sender, filters.sender),
        filters.status ? eq(manifests.status, filters.status) : undefined,
        filters.carrier ? eq(manifests.carrierCode, filters.carrier) : undefined,
        filters.expectedFrom ? gte(manifests.expectedArrival, filters.expectedFrom) : undefined,
        filters.expectedTo ? lte(manifests.expectedArrival, filters.expectedTo) : undefined,
      ];
      return readPage({
        cursor: filters.cursor,
        limit: filters.limit,
        conditions,
        timeColumn: manifests.lodgedAt,
        idColumn: manifests.id,
        rows: (where, orderBy, limit) =>
          db
            .select()
            .from(manifests)
            .where(where)
            .orderBy(...orderBy)
            .limit(limit),
        total: async (where) =>
          (await db.select({ total: count() }).from(manifests).where(where))[0]?.total ?? 0,
        toItem: (row): ManifestSummary => ({
          id: row.id,
          sender: row.sender,
          reference: row.reference,
          carrier: { code: row.carrierCode, name: row.carrierName },
          conveyance: { name: row.conveyanceName, imoNumber: row.imoNumber },
          voyageNumber: row.voyageNumber,
          portOfLoading: row.portOfLoading,
          office: row.officeCode,
          expectedArrival: row.expectedArrival,
          actualArrival: row.actualArrival,
          status: row.status,
          version: row.currentVersion,
          lodgedAt: row.lodgedAt,
        }),
        position: (item) => ({ at: item.lodgedAt, id: item.id }),
      });
    },
    async timeline(id) {
      const head = await manifestProjection.findHead(db, id);
      if (!head) return err(appError('MANIFEST_NOT_FOUND', { id }));
      return ok(await eventStore.list('manifest', [id]));
    },
    async recordArrival(id, arrival) {
      const head = await manifestProjection.findHead(db, id);
      if (!head) return err(appError('MANIFEST_NOT_FOUND', { id }));
      const existing = await eventStore.list('manifest', [id]);
      const wanted: NewEvent[] = [];
      const requested: [NewEvent['type'], Date | undefined][] = [
        ['means_arrived', arrival.meansArrivedAt],
        ['manifest_registered', arrival.registeredAt],
      ];
      for (const [type, at] of requested) {
        if (!at) continue;
        const recorded = existing.find((event) => event.type === type);
        if (recorded && recorded.occurredAt.getTime() !== at.getTime()) {
          return err(
            appError('ARRIVAL_ALREADY_RECORDED', { id, type, at: recorded.occurredAt.toISOString() }),
          );
        }
        if (!recorded) wanted.push({ type, occurredAt: at });
      }
      await eventStore.append('manifest', id, wanted, context.clock());
      const status = deriveManifestStatus([...existing, ...wanted]);
      const arrivedAt =
        [...existing, ...wanted].find((event) => event.type === 'means_arrived')?.occurredAt ?? null;
      await db.update(manifests).set({ status, actualArrival: arrivedAt }).where(eq(manifests.id, id));
      if (wanted.length > 0) await refreshCitingFiles(id);
      return ok({ status, recorded: wanted.length });
    },
  };
  return service;
}
