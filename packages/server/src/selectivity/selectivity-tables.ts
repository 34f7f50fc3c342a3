/**
 * The tables of selectivity (Drizzle, PostgreSQL):
 * - `rule_sets`: each saved rule set, whole (the validated JSON), numbered by version;
 * - `rule_set_activations`: each activation; the active rule set is the latest one;
 * - `assessments`: each assessment of a declaration, with the full core assessment (jsonb).
 * All three are append-only, enforced by triggers (migration `selectivity_append_only`):
 * activating a rule set adds a row, it never updates one.
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
  },
  (t) => [index('assessments_declaration_sequence').on(t.declarationId, t.sequence)],
);
