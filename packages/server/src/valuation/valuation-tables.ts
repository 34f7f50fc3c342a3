/**
 * The tables of valuation control (Drizzle, PostgreSQL):
 * - `valuation_band_generations` and `valuation_bands`: the reference bands of past unit values,
 *   rebuilt as a whole into a new generation; derived data, recomputable at any time.
 * - `valuation_decisions`, `valuation_appeals`, `valuation_appeal_outcomes`: officers'
 *   decisions on flagged values and the appeal trail (WCO guidance; Côte d'Ivoire's 2013
 *   disputes). Append-only, enforced by triggers (migration `valuation_append_only`): a
 *   decision is never rewritten, a new one supersedes it; an appeal's outcome is a row of its own.
 */
import { sql } from 'drizzle-orm';
import {
  bigserial,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** One rebuild of the bands: when, from which declarations, under which policy. */
export const valuationBandGenerations = pgTable(
  'valuation_band_generations',
  {
    id: uuid('id').primaryKey(),
    /** Increases with each rebuild: the newest generation is the one in use (clocks may tie). */
    number: bigserial('number', { mode: 'number' }).notNull(),
    builtAt: instant('built_at').notNull(),
    /** Released declarations lodged in [windowFrom, windowTo) fed the bands. */
    windowFrom: instant('window_from').notNull(),
    windowTo: instant('window_to').notNull(),
    declarations: integer('declarations').notNull(),
    items: integer('items').notNull(),
    minimumSample: integer('minimum_sample').notNull(),
    fenceFactor: numeric('fence_factor').notNull(),
  },
  (t) => [
    index('valuation_band_generations_built').on(t.builtAt),
    uniqueIndex('valuation_band_generations_number').on(t.number),
  ],
);

/** The band of one cell (level, code, origin, unit) in one generation. */
export const valuationBands = pgTable(
  'valuation_bands',
  {
    generationId: uuid('generation_id')
      .notNull()
      .references(() => valuationBandGenerations.id, { onDelete: 'cascade' }),
    level: text('level').notNull(),
    /** National tariff line (level line_origin) or HS subheading. */
    code: text('code').notNull(),
    /** Null at level hs6: any origin. */
    origin: text('origin'),
    unit: text('unit').notNull(),
    sampleSize: integer('sample_size').notNull(),
    trimmed: integer('trimmed').notNull(),
    /** National currency per unit; unbounded numeric, as unit values span many magnitudes. */
    p10: numeric('p10').notNull(),
    median: numeric('median').notNull(),
    p90: numeric('p90').notNull(),
  },
  (t) => [
    unique('valuation_bands_cell').on(t.generationId, t.level, t.code, t.origin, t.unit).nullsNotDistinct(),
    index('valuation_bands_hs6').on(t.generationId, sql`left(${t.code}, 6)`),
  ],
);

/**
 * An officer's decision on the declared value of one item. Append-only; `supersedes` chains
 * the decisions of an item, and the two unique indexes keep the chain linear even when two
 * officers decide at once (one of the two inserts finds the slot taken and retries).
 */
export const valuationDecisions = pgTable(
  'valuation_decisions',
  {
    id: uuid('id').primaryKey(),
    declarationId: uuid('declaration_id').notNull(),
    /** The version of the declaration the officer assessed. */
    declarationVersion: integer('declaration_version').notNull(),
    itemNumber: integer('item_number').notNull(),
    decision: text('decision').notNull(),
    /** The adjusted customs value, national currency, for `value_adjusted` only. */
    adjustedValue: numeric('adjusted_value', { precision: 17, scale: 2 }),
    currency: text('currency').notNull(),
    basis: text('basis').notNull(),
    basisReference: text('basis_reference'),
    reason: text('reason').notNull(),
    officer: text('officer').notNull(),
    decidedAt: instant('decided_at').notNull(),
    supersedes: uuid('supersedes'),
    /** The indicator the officer saw (band, gaps, revenue at risk), kept as evidence for appeals. */
    indicator: jsonb('indicator'),
  },
  (t) => [
    index('valuation_decisions_item').on(t.declarationId, t.itemNumber, t.decidedAt),
    uniqueIndex('valuation_decisions_first')
      .on(t.declarationId, t.itemNumber)
      .where(sql`${t.supersedes} IS NULL`),
    uniqueIndex('valuation_decisions_supersedes')
      .on(t.supersedes)
      .where(sql`${t.supersedes} IS NOT NULL`),
  ],
);

/** An appeal against a decision; one per decision. Append-only. */
export const valuationAppeals = pgTable(
  'valuation_appeals',
  {
    id: uuid('id').primaryKey(),
    decisionId: uuid('decision_id')
      .notNull()
      .references(() => valuationDecisions.id),
    declarationId: uuid('declaration_id').notNull(),
    lodgedBy: text('lodged_by').notNull(),
    grounds: text('grounds').notNull(),
    lodgedAt: instant('lodged_at').notNull(),
  },
  (t) => [
    uniqueIndex('valuation_appeals_decision').on(t.decisionId),
    index('valuation_appeals_declaration').on(t.declarationId),
  ],
);

/** The outcome of an appeal (upheld or dismissed), recorded once. Append-only. */
export const valuationAppealOutcomes = pgTable('valuation_appeal_outcomes', {
  appealId: uuid('appeal_id')
    .primaryKey()
    .references(() => valuationAppeals.id),
  outcome: text('outcome').notNull(),
  reason: text('reason').notNull(),
  decidedBy: text('decided_by').notNull(),
  decidedAt: instant('decided_at').notNull(),
});
