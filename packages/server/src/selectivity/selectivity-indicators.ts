/**
 * The derived indicators a declaration is assessed with, computed from what other services
 * know at the assessment instant:
 * - per item, how far its unit value falls below the P10 of its reference band (valuation);
 * - whether a B/L it cites is on no manifest, and the containers of those that are (write-off);
 * - the importer's past hit rate: controls of its files that found a discrepancy, over its
 *   controls with a recorded result, counting only results recorded by the instant;
 * - the score of the targeting model in force, with its explanation (targeting).
 *
 * A control's result is read from the `control_finished` event's data: `outcome` is
 * `compliant` or `non_compliant`, and `revenueRecovered` the duties and taxes it recovered
 * (a decimal string in the national currency). A control finished with no outcome recorded
 * counts in no hit rate.
 */
import { and, count, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Consignment, GoodsDeclaration, SubjectIndicators } from '@anticipa/core';
import type { Database } from '../db/database.ts';
import { consignments, declarations, events, manifests } from '../db/schema.ts';
import type { DeclarationScore, TargetingService } from '../targeting/targeting-service.ts';
import type { ValuationService } from '../valuation/valuation-service.ts';

/** What a declaration is assessed with besides its document. */
export interface DeclarationContext {
  readonly indicators: SubjectIndicators;
  /** The manifest consignments of the B/Ls it cites (their containers). */
  readonly consignments: readonly Consignment[];
  /** The targeting model's score and its reasons; undefined when no model is in force. */
  readonly model: DeclarationScore | undefined;
}

/** A declaration's current version, to gather its indicators. */
export interface IndicatorRequest {
  readonly declarationId: string;
  readonly document: GoodsDeclaration;
  readonly lodgedAt: Date;
}

export interface IndicatorSource {
  /** The indicators of a declaration's current version at an instant. */
  ofDeclaration(
    declarationId: string,
    document: GoodsDeclaration,
    lodgedAt: Date,
    at: Date,
  ): Promise<DeclarationContext>;
  /** The same for several declarations at one instant, with one query per indicator for them all. */
  ofDeclarations(requests: readonly IndicatorRequest[], at: Date): Promise<DeclarationContext[]>;
  /** The consignments (current manifest versions) carrying the given B/Ls, by B/L number. */
  consignmentsOf(billNumbers: readonly string[]): Promise<Map<string, Consignment>>;
  /** An importer's hit rate from results recorded before `at`; undefined without any. */
  importerHitRate(importer: string, at: Date): Promise<number | undefined>;
}

/** The outcome a control's result records, read from `control_finished` data. */
export const nonCompliantOutcome = 'non_compliant';

export function createIndicatorSource(deps: {
  readonly db: Database;
  readonly valuation: ValuationService;
  readonly targeting?: Pick<TargetingService, 'scoreDeclarations'>;
}): IndicatorSource {
  const { db } = deps;

  const consignmentsOf = async (billNumbers: readonly string[]): Promise<Map<string, Consignment>> => {
    const found = new Map<string, Consignment>();
    if (billNumbers.length === 0) return found;
    const rows = await db
      .select({ row: consignments })
      .from(consignments)
      .innerJoin(
        manifests,
        and(eq(manifests.id, consignments.manifestId), eq(manifests.currentVersion, consignments.version)),
      )
      .where(inArray(consignments.billNumber, [...billNumbers]));
    for (const { row } of rows) {
      found.set(row.billNumber, {
        number: row.billNumber,
        shipper: { name: row.shipperName },
        consignee: { name: row.consigneeName, ...(row.consigneeTaxId ? { taxId: row.consigneeTaxId } : {}) },
        description: row.description,
        ...(row.hsCode ? { hsCode: row.hsCode } : {}),
        packages: row.packages,
        packageKind: row.packageKind,
        grossMass: row.grossMass,
        containers: row.containers,
      });
    }
    return found;
  };

  /** Importers' hit rates from results recorded by `at`, by tax id; none for an importer without any. */
  const importerHitRates = async (importers: readonly string[], at: Date): Promise<Map<string, number>> => {
    const rates = new Map<string, number>();
    if (importers.length === 0) return rates;
    const rows = await db
      .select({
        importer: declarations.importerTaxId,
        controls: count(),
        hits: sql<number>`count(*) filter (where ${events.data}->>'outcome' = ${nonCompliantOutcome})`.mapWith(
          Number,
        ),
      })
      .from(events)
      .innerJoin(declarations, eq(declarations.id, events.subjectId))
      .where(
        and(
          eq(events.subjectType, 'declaration'),
          eq(events.type, 'control_finished'),
          inArray(declarations.importerTaxId, [...new Set(importers)]),
          lte(events.recordedAt, at),
          sql`${events.data} ? 'outcome'`,
        ),
      )
      .groupBy(declarations.importerTaxId);
    for (const row of rows) if (row.controls > 0) rates.set(row.importer, row.hits / row.controls);
    return rates;
  };

  const ofDeclarations: IndicatorSource['ofDeclarations'] = async (requests, at) => {
    if (requests.length === 0) return [];
    const documents = requests.map((request) => request.document);
    const [below, carried, hitRates, models] = await Promise.all([
      deps.valuation.percentBelowReference(documents),
      consignmentsOf(documents.flatMap((document) => document.billsOfLading)),
      importerHitRates(
        documents.map((document) => document.importer.taxId),
        at,
      ),
      deps.targeting?.scoreDeclarations(requests),
    ]);
    return requests.map(({ document }, index) => {
      const model = models?.[index];
      const own = document.billsOfLading.flatMap((bill) => {
        const consignment = carried.get(bill);
        return consignment ? [consignment] : [];
      });
      return {
        indicators: {
          unitValueBelowReference: below[index],
          billOnNoManifest: document.billsOfLading.some((bill) => !carried.has(bill)),
          importerHitRate: hitRates.get(document.importer.taxId),
          modelScore: model?.score,
        },
        consignments: [...new Map(own.map((consignment) => [consignment.number, consignment])).values()],
        model,
      };
    });
  };

  return {
    consignmentsOf,
    importerHitRate: async (importer, at) => (await importerHitRates([importer], at)).get(importer),
    ofDeclarations,
    async ofDeclaration(declarationId, document, lodgedAt, at) {
      const [context] = await ofDeclarations([{ declarationId, document, lodgedAt }], at);
      if (!context) throw new Error('ofDeclarations gave no context for one declaration');
      return context;
    },
  };
}
