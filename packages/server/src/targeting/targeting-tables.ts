/**
 * The tables of targeting in the product (Drizzle, PostgreSQL):
 * - `targeting_models`: each model trained from the product's own inspection results, whole
 *   (the model JSON), with its metrics on a time-based hold-out beside those of the model in
 *   force at the time, so that whoever activates it sees what it would change;
 * - `targeting_model_activations`: each activation; the latest one is the model in force.
 * Both are append-only, enforced by triggers (migration `targeting`).
 */
import { bigserial, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** A trained model and how it did on the hold-out. */
export const targetingModels = pgTable('targeting_models', {
  id: uuid('id').primaryKey(),
  trainedAt: instant('trained_at').notNull(),
  trainedBy: text('trained_by').notNull(),
  /** Inspected items it was trained on, and the frauds among them. */
  rows: integer('rows').notNull(),
  frauds: integer('frauds').notNull(),
  /** The first day of the hold-out (YYYY-MM-DD): the evaluation model learnt nothing from it on. */
  holdoutFrom: text('holdout_from').notNull(),
  /** The candidate's and the model in force's metrics on the hold-out (see TargetingEvaluation). */
  evaluation: jsonb('evaluation').notNull(),
  model: jsonb('model').notNull(),
});

/** One activation of a model; the row with the highest id is the model in force. */
export const targetingModelActivations = pgTable(
  'targeting_model_activations',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    modelId: uuid('model_id')
      .notNull()
      .references(() => targetingModels.id),
    activatedAt: instant('activated_at').notNull(),
    activatedBy: text('activated_by').notNull(),
  },
  (t) => [index('targeting_model_activations_model').on(t.modelId)],
);
