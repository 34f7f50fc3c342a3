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
import { and, count, eq, inArray, lte, sql, type Placeholder } from 'drizzle-orm';
import type { Consignment, GoodsDeclaration, SubjectIndicators } from '@anticipa/core';
import type { Database } from '../db/database.ts';
import { inList, jsonList, jsonRows, readTogether, template, type JsonRead } from '../db/statements.ts';
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
  /**
   * The same for several declarations at one instant, in one query for them all (which band
   * generation and model are in force, the consignments, the importers' results), with the
   * caller's own reads `alongside` in the same round trip.
   */
  ofDeclarations<R extends Record<string, JsonRead<unknown>>>(
    requests: readonly IndicatorRequest[],
    at: Date,
    alongside: R,
  ): Promise<{
    readonly contexts: DeclarationContext[];
    readonly alongside: { [K in keyof R]: ReturnType<R[K]['read']> };
  }>;
  /** The consignments (current manifest versions) carrying the given B/Ls, by B/L number. */
  consignmentsOf(billNumbers: readonly string[]): Promise<Map<string, Consignment>>;
  /** An importer's hit rate from results recorded before `at`; undefined without any. */
  importerHitRate(importer: string, at: Date): Promise<number | undefined>;
}

/** The outcome a control's result records, read from `control_finished` data. */
export const nonCompliantOutcome = 'non_compliant';

export function createIndicatorSource(deps: {
  readonly db: Database;
  readonly valuation: Pick<ValuationService, 'newestGenerationRead' | 'percentBelowReferenceIn'>;
  readonly targeting?: Pick<TargetingService, 'modelInForceRead' | 'scoreDeclarationsWith'>;
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
    for (const { row } of rows) found.set(row.billNumber, consignmentOf(row));
    return found;
  };

  /** The query of importers' results recorded by `at`: controls with an outcome, and hits, by tax id. */
  const resultsQuery = (importers: readonly string[] | Placeholder, at: Date | Placeholder) =>
    db
      .select({
        importer: declarations.importerTaxId,
        controls: count().as('controls'),
        hits: sql<number>`count(*) filter (where ${events.data}->>'outcome' = ${nonCompliantOutcome})`
          .mapWith(Number)
          .as('hits'),
      })
      .from(events)
      .innerJoin(declarations, eq(declarations.id, events.subjectId))
      .where(
        and(
          eq(events.subjectType, 'declaration'),
          eq(events.type, 'control_finished'),
          inList(declarations.importerTaxId, Array.isArray(importers) ? [...new Set(importers)] : importers),
          lte(events.recordedAt, at),
          sql`${events.data} ? 'outcome'`,
        ),
      )
      .groupBy(declarations.importerTaxId);

  /** Hit rates by tax id from rows of `resultsQuery`; none for an importer without any result. */
  const hitRatesOf = (rows: readonly { importer: string; controls: number; hits: number }[]) =>
    new Map(rows.filter((row) => row.controls > 0).map((row) => [row.importer, row.hits / row.controls]));

  /** The read of the consignments carrying B/Ls (current manifest versions), by B/L number. */
  const consignmentsQuery = template(['bills'], ({ bills }) =>
    jsonRows(
      db
        .select({
          billNumber: consignments.billNumber,
          shipperName: consignments.shipperName,
          consigneeName: consignments.consigneeName,
          consigneeTaxId: consignments.consigneeTaxId,
          description: consignments.description,
          hsCode: consignments.hsCode,
          packages: consignments.packages,
          packageKind: consignments.packageKind,
          // As text, the decimal as stored: a JSON number would lose its digits.
          grossMass: sql<string>`${consignments.grossMass}::text`.as('gross_mass'),
          containers: consignments.containers,
        })
        .from(consignments)
        .innerJoin(
          manifests,
          and(eq(manifests.id, consignments.manifestId), eq(manifests.currentVersion, consignments.version)),
        )
        .where(inList(consignments.billNumber, bills)),
    ),
  );
  const consignmentsRead = (billNumbers: readonly string[]): JsonRead<Map<string, Consignment>> => ({
    ...consignmentsQuery({ bills: jsonList(billNumbers) }),
    read: (value) =>
      new Map(
        (value as ConsignmentJson[]).map((row) => [
          row.bill_number,
          consignmentOf({
            billNumber: row.bill_number,
            shipperName: row.shipper_name,
            consigneeName: row.consignee_name,
            consigneeTaxId: row.consignee_tax_id,
            description: row.description,
            hsCode: row.hs_code,
            packages: row.packages,
            packageKind: row.package_kind,
            grossMass: row.gross_mass,
            containers: row.containers,
          }),
        ]),
      ),
  });

  const resultsTemplate = template(['importers', 'at'], ({ importers, at }) =>
    jsonRows(resultsQuery(importers, at)),
  );
  const resultsRead = (importers: readonly string[], at: Date): JsonRead<Map<string, number>> => ({
    ...resultsTemplate({ importers: jsonList(importers), at: at.toISOString() }),
    read: (value) =>
      hitRatesOf(
        (value as { importer_tax_id: string; controls: number; hits: number }[]).map((row) => ({
          importer: row.importer_tax_id,
          controls: row.controls,
          hits: row.hits,
        })),
      ),
  });

  const none: JsonRead<undefined> = { query: sql`select null`, read: () => undefined };

  const ofDeclarations: IndicatorSource['ofDeclarations'] = async (requests, at, alongside) => {
    const documents = requests.map((request) => request.document);
    const read = await readTogether(db, {
      ...alongside,
      generation: deps.valuation.newestGenerationRead,
      model: deps.targeting?.modelInForceRead ?? none,
      carried: consignmentsRead(documents.flatMap((document) => document.billsOfLading)),
      hitRates: resultsRead(
        documents.map((document) => document.importer.taxId),
        at,
      ),
    });
    const { generation, model: modelId, carried, hitRates, ...own } = read;
    const [below, models] = await Promise.all([
      deps.valuation.percentBelowReferenceIn(generation, documents),
      deps.targeting?.scoreDeclarationsWith(modelId, requests),
    ]);
    const contexts = requests.map(({ document }, index): DeclarationContext => {
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
    return {
      contexts,
      alongside: own as { [K in keyof typeof alongside]: ReturnType<(typeof alongside)[K]['read']> },
    };
  };

  return {
    consignmentsOf,
    importerHitRate: async (importer, at) => hitRatesOf(await resultsQuery([importer], at)).get(importer),
    ofDeclarations,
    async ofDeclaration(declarationId, document, lodgedAt, at) {
      const {
        contexts: [context],
      } = await ofDeclarations([{ declarationId, document, lodgedAt }], at, {});
      if (!context) throw new Error('ofDeclarations gave no context for one declaration');
      return context;
    },
  };
}

/** A consignment row as `json_agg` gives it. */
interface ConsignmentJson {
  readonly bill_number: string;
  readonly shipper_name: string;
  readonly consignee_name: string;
  readonly consignee_tax_id: string | null;
  readonly description: string;
  readonly hs_code: string | null;
  readonly packages: number;
  readonly package_kind: string;
  readonly gross_mass: string;
  readonly containers: string[];
}

/** A consignment as the core reads it, from its stored row. */
function consignmentOf(row: {
  readonly billNumber: string;
  readonly shipperName: string;
  readonly consigneeName: string;
  readonly consigneeTaxId: string | null;
  readonly description: string;
  readonly hsCode: string | null;
  readonly packages: number;
  readonly packageKind: string;
  readonly grossMass: string;
  readonly containers: string[];
}): Consignment {
  return {
    number: row.billNumber,
    shipper: { name: row.shipperName },
    consignee: { name: row.consigneeName, ...(row.consigneeTaxId ? { taxId: row.consigneeTaxId } : {}) },
    description: row.description,
    ...(row.hsCode ? { hsCode: row.hsCode } : {}),
    packages: row.packages,
    packageKind: row.packageKind,
    grossMass: row.grossMass,
    containers: row.containers,
  };
}
