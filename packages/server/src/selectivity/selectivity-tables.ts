/**
 * The tables of selectivity (Drizzle, PostgreSQL):
 * - `rule_sets`: each saved rule set, whole (the validated JSON), numbered by version;
 * - `rule_set_activations`: each activation; the active rule set is the latest one;
 * - `assessments`: each assessment of a declaration, with the full core assessment (jsonb),
 *   numbered per declaration (unique), and the event that caused it;
 * - `consignment_assessments`: each assessment of a manifest's B/L before any declaration
 *   covers it (advisory: it counts in no office counter);
 * - `selectivity_counters`: the running lane counts of each office per day, which the lane
 *   allocation's random quotas and top-up read (a tally, updated in place);
 * - `selectivity_settings`: the secret that salts the seeds of the draws, when the
 *   configuration gives none (generated once, so that assessments replay after a restart).
 * The first four are append-only, enforced by triggers (migrations `selectivity_append_only`
 * and `selectivity_events`): activating a rule set adds a row, it never updates one.
 */
import {
  bigserial,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  primaryKey,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** A saved rule set: criteria, watchlists and lane parameters, as validated by the core. */
export const ruleSets = pgTable('rule_sets', {
  version: integer('version').primaryKey(),
  name: text('name').notNull(),
  document: jsonb('document').notNull(),
  createdAt: instant('created_at').notNull(),
  createdBy: text('created_by').notNull(),
});

/** One activation of a rule set; the row with the highest id is the active rule set. */
export const ruleSetActivations = pgTable(
  'rule_set_activations',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    ruleSetVersion: integer('rule_set_version')
      .notNull()
      .references(() => ruleSets.version),
    activatedAt: instant('activated_at').notNull(),
    activatedBy: text('activated_by').notNull(),
  },
  (t) => [index('rule_set_activations_version').on(t.ruleSetVersion)],
);

/** One assessment of a declaration's version under a rule set. */
export const assessments = pgTable(
  'assessments',
  {
    id: uuid('id').primaryKey(),
    declarationId: uuid('declaration_id').notNull(),
    declarationVersion: integer('declaration_version').notNull(),
    ruleSetVersion: integer('rule_set_version')
      .notNull()
      .references(() => ruleSets.version),
    sequence: integer('sequence').notNull(),
    lane: text('lane').notNull(),
    score: doublePrecision('score').notNull(),
    assessment: jsonb('assessment').notNull(),
    assessedAt: instant('assessed_at').notNull(),
    /** What caused it: lodged, amended or arrival (the means of transport arrived). */
    trigger: text('trigger').notNull().default('lodged'),
    /** The derived indicators and containers it was assessed with, so that it can be replayed. */
    inputs: jsonb('inputs'),
  },
  (t) => [uniqueIndex('assessments_declaration_sequence').on(t.declarationId, t.sequence)],
);

/** One assessment of a manifest's B/L (consignment) under a rule set, before any declaration. */
export const consignmentAssessments = pgTable(
  'consignment_assessments',
  {
    id: uuid('id').primaryKey(),
    manifestId: uuid('manifest_id').notNull(),
    manifestVersion: integer('manifest_version').notNull(),
    billNumber: text('bill_number').notNull(),
    ruleSetVersion: integer('rule_set_version')
      .notNull()
      .references(() => ruleSets.version),
    lane: text('lane').notNull(),
    score: doublePrecision('score').notNull(),
    assessment: jsonb('assessment').notNull(),
    assessedAt: instant('assessed_at').notNull(),
  },
  (t) => [
    uniqueIndex('consignment_assessments_bill_version').on(t.manifestId, t.manifestVersion, t.billNumber),
  ],
);

/** The lane counts of an office on one day (UTC), as the lane allocation reads them. */
export const selectivityCounters = pgTable(
  'selectivity_counters',
  {
    office: text('office').notNull(),
    day: text('day').notNull(),
    assessed: integer('assessed').notNull(),
    red: integer('red').notNull(),
    yellow: integer('yellow').notNull(),
    blue: integer('blue').notNull(),
    green: integer('green').notNull(),
  },
  (t) => [primaryKey({ columns: [t.office, t.day] })],
);

/** Settings of selectivity kept in the database: the generated seed secret. */
export const selectivitySettings = pgTable('selectivity_settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});
