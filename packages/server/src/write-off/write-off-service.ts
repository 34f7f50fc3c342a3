/**
 * Manifest write-off (DOMAIN.md "Manifest write-off"): the ledger of a manifest's B/Ls, the
 * B/Ls a declaration writes off, and the ageing report of the B/Ls not fully written off N days
 * after their means of transport arrived, with the duties at stake estimated. The rules live in
 * the core (`write-off/`); this service reads the facts, asks the tariff for rates and hands
 * both to the core. Computed on read: nothing is stored.
 */
import {
  appError,
  buildAgeingReport,
  chooseReferenceValue,
  currencyDigitsOf,
  defaultAgeingDays,
  err,
  estimateDuties,
  maxAgeingDays,
  ok,
  referenceCodesFor,
  selectOverdueBills,
  tariffLineCandidates,
  type AgeingCandidate,
  type AgeingGrouping,
  type AgeingReport,
  type AppError,
  type BillWriteOff,
  type Result,
  type WriteOffStatus,
} from '@anticipa/core';
import { eq } from 'drizzle-orm';
import type { Database } from '../db/database.ts';
import { manifests } from '../db/schema.ts';
import type { Office } from '../office/office-directory.ts';
import type { TaxRates } from '../tariff/tax-rates.ts';
import { readReferenceSamples } from './reference-values.ts';
import {
  arrivedBy,
  billsOfManifests,
  completeLedger,
  readCitations,
  readLedger,
  type ManifestLine,
} from './write-off-reader.ts';

export interface WriteOffContext {
  readonly db: Database;
  readonly clock: () => Date;
  /** ISO 4217: the currency of duties (amounts are rounded to its minor unit). */
  readonly nationalCurrency: string;
  readonly offices: { isOffice(code: string): boolean; list(): readonly Office[] };
  /**
   * The tariff's effective rates. Undefined while no tariff is wired: estimates of duties are
   * then unknown (`tariff_unavailable`), never 0.
   */
  readonly taxRates: TaxRates | undefined;
}

/** A B/L of a manifest with its ledger. */
export interface ManifestBillWriteOff extends BillWriteOff {
  readonly consignee: { readonly name: string; readonly taxId: string | null };
  readonly description: string;
  readonly hsCode: string | null;
  /** Each declaration citing it, with its reference. */
  readonly declarations: readonly (BillWriteOff['declarations'][number] & { readonly reference: string })[];
}

export interface ManifestWriteOff {
  readonly manifestId: string;
  readonly reference: string;
  readonly office: string;
  readonly carrier: { readonly code: string; readonly name: string };
  readonly voyageNumber: string;
  readonly version: number;
  readonly actualArrival: Date | null;
  /** B/Ls by number. */
  readonly bills: readonly ManifestBillWriteOff[];
  /** How many B/Ls are in each status. */
  readonly statusCounts: Readonly<Record<WriteOffStatus, number>>;
}

export interface DeclarationBillWriteOff {
  readonly billNumber: string;
  /** What this declaration writes off the B/L (0 when cancelled). */
  readonly packages: number;
  /** Null when the B/L is not manifested. */
  readonly grossMass: string | null;
  /** The whole ledger of the B/L, every declaration citing it counted. */
  readonly ledger: BillWriteOff;
}

export interface DeclarationWriteOff {
  readonly declarationId: string;
  readonly reference: string;
  readonly version: number;
  readonly status: string;
  /** A cancelled declaration writes nothing off. */
  readonly cancelled: boolean;
  /** The sum of its items' packages. */
  readonly packagesDeclared: number;
  /** In the order the declaration cites them. */
  readonly bills: readonly DeclarationBillWriteOff[];
}

export interface AgeingQuery {
  readonly office?: string | undefined;
  /** Whole days after arrival; default `defaultAgeingDays` (21). */
  readonly days?: number | undefined;
  readonly groupBy?: AgeingGrouping | undefined;
  /** The report's date; default now. */
  readonly at?: Date | undefined;
}

export interface WriteOffService {
  /** The ledger of each B/L of a manifest's current version. MANIFEST_NOT_FOUND if none. */
  manifest(id: string): Promise<Result<ManifestWriteOff, AppError>>;
  /** The B/Ls a declaration's current version writes off, and how much. DECLARATION_NOT_FOUND if none. */
  declaration(id: string): Promise<Result<DeclarationWriteOff, AppError>>;
  /**
   * The B/Ls not fully written off `days` after their arrival, grouped, with estimated duties
   * at stake. VALIDATION_FAILED for days outside 0..3650; OFFICE_NOT_FOUND for an unknown office.
   */
  ageing(query: AgeingQuery): Promise<Result<AgeingReport, AppError>>;
}

const dayMs = 86_400_000;

export function createWriteOffService(context: WriteOffContext): WriteOffService {
  const { db } = context;
  const currencyDigits = currencyDigitsOf(context.nationalCurrency);

  return {
    async manifest(id) {
      if (!isUuid(id)) return err(appError('MANIFEST_NOT_FOUND', { id }));
      const [head] = await db.select().from(manifests).where(eq(manifests.id, id));
      if (!head) return err(appError('MANIFEST_NOT_FOUND', { id }));
      const data = await readLedger(db, billsOfManifests(db, eq(manifests.id, id)));
      const references = new Map(data.declarations.map((d) => [d.declarationId, d.reference]));
      const own = data.lines.filter((line) => line.manifestId === id);
      const statusCounts: Record<WriteOffStatus, number> = {
        not_written_off: 0,
        partial: 0,
        written_off: 0,
        excess: 0,
        not_manifested: 0,
      };
      const bills = own.flatMap((line): ManifestBillWriteOff[] => {
        const ledger = data.ledger.get(line.billNumber);
        if (ledger === undefined) return [];
        statusCounts[ledger.status] += 1;
        return [
          {
            ...ledger,
            consignee: line.consignee,
            description: line.description,
            hsCode: line.hsCode,
            declarations: ledger.declarations.map((share) => ({
              ...share,
              reference: references.get(share.declarationId) ?? '',
            })),
          },
        ];
      });
      return ok({
        manifestId: head.id,
        reference: head.reference,
        office: head.officeCode,
        carrier: { code: head.carrierCode, name: head.carrierName },
        voyageNumber: head.voyageNumber,
        version: head.currentVersion,
        actualArrival: head.actualArrival,
        bills,
        statusCounts,
      });
    },

    async declaration(id) {
      if (!isUuid(id)) return err(appError('DECLARATION_NOT_FOUND', { id }));
      const [own] = await readCitations(db, { id });
      if (!own) return err(appError('DECLARATION_NOT_FOUND', { id }));
      const bills = [...new Set(own.billsOfLading)];
      // Everyone citing its B/Ls, itself included (unless cancelled: the ledger leaves it out).
      const others = await readCitations(db, { citing: bills });
      const data = await completeLedger(db, [], others);
      return ok({
        declarationId: own.declarationId,
        reference: own.reference,
        version: own.version,
        status: own.status,
        cancelled: own.cancelled,
        packagesDeclared: own.packages,
        bills: bills.flatMap((billNumber): DeclarationBillWriteOff[] => {
          const ledger = data.ledger.get(billNumber);
          if (ledger === undefined) return [];
          const share = ledger.declarations.find((entry) => entry.declarationId === id);
          return [
            {
              billNumber,
              packages: share?.packages ?? 0,
              grossMass: share?.grossMass ?? (ledger.manifested === null ? null : '0'),
              ledger,
            },
          ];
        }),
      });
    },

    async ageing(query) {
      const days = query.days ?? defaultAgeingDays;
      if (!Number.isInteger(days) || days < 0 || days > maxAgeingDays) {
        const problems = [
          {
            path: '/days',
            value: days,
            code: 'integer_range' as const,
            params: { min: 0, max: maxAgeingDays },
          },
        ];
        return err(appError('VALIDATION_FAILED', { count: 1 }, problems));
      }
      if (query.office !== undefined && !context.offices.isOffice(query.office)) {
        return err(appError('OFFICE_NOT_FOUND', { code: query.office }));
      }
      const groupBy = query.groupBy ?? 'office';
      const at = query.at ?? context.clock();
      const cutoff = new Date(at.getTime() - days * dayMs);
      const data = await readLedger(db, billsOfManifests(db, arrivedBy(cutoff, query.office)));

      const officeNames = new Map(context.offices.list().map((office) => [office.code, office.name]));
      const candidates: AgeingCandidate[] = [];
      for (const [billNumber, lines] of linesByBill(data.lines)) {
        if (!data.requested.has(billNumber)) continue;
        const bill = data.ledger.get(billNumber);
        const line = latestArrival(lines);
        if (bill === undefined || line?.actualArrival == null) continue;
        if (query.office !== undefined && line.office !== query.office) continue;
        candidates.push({
          bill,
          manifestId: line.manifestId,
          manifestReference: line.manifestReference,
          office: { code: line.office, name: officeNames.get(line.office) ?? line.office },
          carrier: line.carrier,
          voyageNumber: line.voyageNumber,
          consignee: line.consignee,
          description: line.description,
          hsCode: lines.find((entry) => entry.hsCode !== null)?.hsCode ?? null,
          arrivedAt: line.actualArrival,
        });
      }
      const overdue = selectOverdueBills(candidates, at, days);

      const hsCodes = [...new Set(overdue.flatMap((bill) => (bill.hsCode === null ? [] : [bill.hsCode])))];
      const samples = await readReferenceSamples(db, referenceCodesFor(hsCodes), at);
      const rateOf = ratesReader(context.taxRates);
      const lines = await Promise.all(
        overdue.map(async (bill) => {
          const reference = bill.hsCode === null ? undefined : chooseReferenceValue(bill.hsCode, samples);
          const rated =
            bill.hsCode === null || reference === undefined
              ? undefined
              : await rateOf(tariffLineCandidates(bill.hsCode, reference.commonTariffLine), bill.arrivedAt);
          const estimate = estimateDuties({
            remaining: bill.bill.remaining ?? { packages: 0, grossMass: '0' },
            hsCode: bill.hsCode,
            reference,
            tariffAvailable: context.taxRates !== undefined,
            rated,
            currencyDigits,
          });
          return { ...bill, estimate };
        }),
      );
      return ok(
        buildAgeingReport({
          asOf: at,
          days,
          office: query.office ?? null,
          groupBy,
          currency: context.nationalCurrency,
          lines,
        }),
      );
    },
  };
}

/** Ids are UUIDs: anything else names no document (and would be a type error in SQL). */
function isUuid(id: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
}

function linesByBill(lines: readonly ManifestLine[]): Map<string, ManifestLine[]> {
  const byBill = new Map<string, ManifestLine[]>();
  for (const line of lines) {
    const list = byBill.get(line.billNumber) ?? [];
    list.push(line);
    byBill.set(line.billNumber, list);
  }
  return byBill;
}

/**
 * The line a B/L is reported under: the manifest that arrived last. A B/L split over two
 * voyages is complete only once both have arrived, so its age counts from the later; while one
 * has not arrived, the B/L has no arrival (undefined).
 */
function latestArrival(lines: readonly ManifestLine[]): ManifestLine | undefined {
  let latest: ManifestLine | undefined;
  for (const line of lines) {
    if (line.actualArrival === null) return undefined;
    if (latest?.actualArrival == null || line.actualArrival > latest.actualArrival) latest = line;
  }
  return latest;
}

/**
 * The first tariff line with a rate in force at the arrival, and its rate (the tariff takes
 * the date in the country's legal time); asked once per line and arrival, as the B/Ls of one
 * manifest share their arrival and often their goods.
 */
function ratesReader(taxRates: TaxRates | undefined) {
  const cache = new Map<string, Promise<string | undefined>>();
  return async (
    lines: readonly string[],
    at: Date,
  ): Promise<{ tariffLine: string; rate: string } | undefined> => {
    if (taxRates === undefined) return undefined;
    for (const tariffLine of lines) {
      const key = `${tariffLine}@${at.toISOString()}`;
      let rate = cache.get(key);
      if (rate === undefined) {
        rate = taxRates.effectiveRate(tariffLine, at);
        cache.set(key, rate);
      }
      const found = await rate;
      if (found !== undefined) return { tariffLine, rate: found };
    }
    return undefined;
  };
}
