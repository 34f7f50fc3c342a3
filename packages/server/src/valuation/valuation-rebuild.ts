/**
 * Rebuilds the valuation reference bands from past released declarations, as a new generation.
 *
 * Source: the current version's items of every declaration whose status is `released` or
 * `exited` (customs let the goods go at that value) and that was lodged within the window
 * (default: the last 365 days, so that bands follow prices). The customs value is converted to
 * the national currency with the declaration's own exchange rate (its invoice, in its document
 * version). Items are read in pages ordered by HS subheading, and the bands of each subheading
 * are computed as soon as its items are all read (every cell of an item shares its first six
 * digits), so memory holds one subheading's unit values at a time, not the whole history.
 *
 * Storage: the generation row and all its bands in one transaction, so readers see the old
 * generation or the new one, never half of one. Older generations are pruned in the same
 * transaction, keeping the newest `keepGenerations` (default 7): bands are derived data,
 * recomputable at will, and each officer's decision keeps a copy of the band it was shown.
 */
import { and, count, countDistinct, desc, eq, gte, inArray, lt, notInArray, sql } from 'drizzle-orm';
import {
  buildValuationBands,
  cellLevels,
  unitValueOf,
  type CellLevel,
  type UnitValueObservation,
  type ValuationBand,
  type ValuationPolicy,
} from '@anticipa/core';
import type { Database } from '../db/database.ts';
import { declarationItems, declarations, documentVersions } from '../db/schema.ts';
import { valuationBandGenerations, valuationBands } from './valuation-tables.ts';

/** Statuses whose values customs accepted by letting the goods go. */
export const referenceStatuses = ['released', 'exited'] as const;

export interface RebuildProgress {
  readonly stage: 'items' | 'bands';
  readonly done: number;
  readonly total: number;
}

export interface LevelSummary {
  readonly cells: number;
  /** Observations across the level's bands (an item counts once per level). */
  readonly observations: number;
  readonly trimmed: number;
  /** Smallest, median (lower middle) and largest sample size of the level's bands; 0 without bands. */
  readonly minSample: number;
  readonly medianSample: number;
  readonly maxSample: number;
}

export interface RebuildReport {
  readonly generationId: string;
  readonly builtAt: Date;
  readonly windowFrom: Date;
  readonly windowTo: Date;
  readonly declarations: number;
  readonly items: number;
  /** Items skipped because their exchange rate could not be read (none when documents are valid). */
  readonly skipped: number;
  readonly bands: number;
  readonly byLevel: Readonly<Record<CellLevel, LevelSummary>>;
  readonly policy: ValuationPolicy;
  /** Generations removed by this rebuild. */
  readonly pruned: number;
}

export interface RebuildDeps {
  readonly db: Database;
  readonly clock: () => Date;
  readonly newId: () => string;
  readonly policy: ValuationPolicy;
  readonly windowDays: number;
  readonly keepGenerations: number;
  readonly pageSize?: number;
}

const DAY = 86_400_000;
const insertChunk = 500;

/**
 * Computes and stores a new generation of bands. Throws only on database failure (nothing is
 * stored then). `onProgress` is called after each page of items and once the bands are stored.
 */
export async function rebuildBands(
  deps: RebuildDeps,
  onProgress: (progress: RebuildProgress) => void = () => undefined,
): Promise<RebuildReport> {
  const { db } = deps;
  const windowTo = deps.clock();
  const windowFrom = new Date(windowTo.getTime() - deps.windowDays * DAY);
  const sourceConditions = and(
    inArray(declarations.status, [...referenceStatuses]),
    gte(declarations.lodgedAt, windowFrom),
    lt(declarations.lodgedAt, windowTo),
  );
  const currentItems = and(
    eq(declarations.id, declarationItems.declarationId),
    eq(declarations.currentVersion, declarationItems.version),
  );
  const [totals] = await db
    .select({ items: count(), declarations: countDistinct(declarations.id) })
    .from(declarationItems)
    .innerJoin(declarations, currentItems)
    .where(sourceConditions);
  const total = totals?.items ?? 0;
  onProgress({ stage: 'items', done: 0, total });

  const pageSize = deps.pageSize ?? 5000;
  const bands: ValuationBand[] = [];
  let subheading: UnitValueObservation[] = [];
  let subheadingCode = '';
  let after: { hs6: string; declarationId: string; itemNumber: number } | undefined;
  let done = 0;
  let skipped = 0;
  for (;;) {
    const rows = await db
      .select({
        declarationId: declarationItems.declarationId,
        itemNumber: declarationItems.itemNumber,
        hs6: declarationItems.hs6,
        tariffLine: declarationItems.tariffLine,
        origin: declarationItems.origin,
        customsValue: declarationItems.customsValue,
        netMass: declarationItems.netMass,
        supplementaryQuantity: declarationItems.supplementaryQuantity,
        supplementaryUnit: declarationItems.supplementaryUnit,
        exchangeRate: sql<string | null>`${documentVersions.document}->'invoice'->>'exchangeRate'`,
      })
      .from(declarationItems)
      .innerJoin(declarations, currentItems)
      .innerJoin(
        documentVersions,
        and(
          eq(documentVersions.subjectType, 'declaration'),
          eq(documentVersions.subjectId, declarations.id),
          eq(documentVersions.version, declarations.currentVersion),
        ),
      )
      .where(
        and(
          sourceConditions,
          after &&
            sql`(${declarationItems.hs6}, ${declarationItems.declarationId}, ${declarationItems.itemNumber}) > (${after.hs6}, ${after.declarationId}, ${after.itemNumber})`,
        ),
      )
      .orderBy(declarationItems.hs6, declarationItems.declarationId, declarationItems.itemNumber)
      .limit(pageSize);
    for (const row of rows) {
      if (row.hs6 !== subheadingCode) {
        bands.push(...buildValuationBands(subheading, deps.policy));
        subheading = [];
        subheadingCode = row.hs6;
      }
      if (row.exchangeRate === null || !/^\d+(\.\d+)?$/.test(row.exchangeRate)) {
        skipped += 1;
        continue;
      }
      const { unit, unitValue } = unitValueOf(row, row.exchangeRate);
      subheading.push({ tariffLine: row.tariffLine, origin: row.origin, unit, unitValue });
    }
    done += rows.length;
    onProgress({ stage: 'items', done, total: Math.max(total, done) });
    const last = rows.at(-1);
    if (!last || rows.length < pageSize) break;
    after = { hs6: last.hs6, declarationId: last.declarationId, itemNumber: last.itemNumber };
  }
  bands.push(...buildValuationBands(subheading, deps.policy));

  const generationId = deps.newId();
  const builtAt = deps.clock();
  const pruned = await db.transaction(async (tx) => {
    await tx.insert(valuationBandGenerations).values({
      id: generationId,
      builtAt,
      windowFrom,
      windowTo,
      declarations: totals?.declarations ?? 0,
      items: done - skipped,
      minimumSample: deps.policy.minimumSample,
      fenceFactor: deps.policy.fenceFactor,
    });
    for (let start = 0; start < bands.length; start += insertChunk) {
      await tx
        .insert(valuationBands)
        .values(bands.slice(start, start + insertChunk).map((band) => ({ generationId, ...band })));
    }
    const kept = tx
      .select({ id: valuationBandGenerations.id })
      .from(valuationBandGenerations)
      .orderBy(desc(valuationBandGenerations.number))
      .limit(deps.keepGenerations);
    const removed = await tx
      .delete(valuationBandGenerations)
      .where(notInArray(valuationBandGenerations.id, kept))
      .returning({ id: valuationBandGenerations.id });
    return removed.length;
  });
  onProgress({ stage: 'bands', done: bands.length, total: bands.length });
  return {
    generationId,
    builtAt,
    windowFrom,
    windowTo,
    declarations: totals?.declarations ?? 0,
    items: done - skipped,
    skipped,
    bands: bands.length,
    byLevel: summariseLevels(bands),
    policy: deps.policy,
    pruned,
  };
}

/** Cells and sample sizes per level. */
export function summariseLevels(
  bands: readonly Pick<ValuationBand, 'level' | 'sampleSize' | 'trimmed'>[],
): Record<CellLevel, LevelSummary> {
  const summary = {} as Record<CellLevel, LevelSummary>;
  for (const level of cellLevels) {
    const sizes = bands
      .filter((band) => band.level === level)
      .map((band) => band.sampleSize)
      .sort((a, b) => a - b);
    const trimmed = bands.filter((band) => band.level === level).reduce((sum, band) => sum + band.trimmed, 0);
    summary[level] = {
      cells: sizes.length,
      observations: sizes.reduce((sum, size) => sum + size, 0),
      trimmed,
      minSample: sizes[0] ?? 0,
      medianSample: sizes[Math.floor((sizes.length - 1) / 2)] ?? 0,
      maxSample: sizes.at(-1) ?? 0,
    };
  }
  return summary;
}
