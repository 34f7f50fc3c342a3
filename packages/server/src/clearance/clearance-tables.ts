/**
 * The tables of clearance (Drizzle, PostgreSQL):
 * - `officers`: the roster's inspectors, with their qualifications (control methods), weekly
 *   shifts (jsonb) and office; their status changes (active, on leave), the row is updated;
 * - `scanners`: an office's scanners, with their daily capacity and service status;
 * - `office_clearance_settings`: each office's rules for planning (scanner fallback, rotation
 *   depth, minutes per control, the method of red controls) and its release targets per lane;
 * - `control_plans` and `planned_controls`: each planning batch of an office's day with the
 *   seed it drew with, and the controls it planned (method, inspector, why moved or unassigned);
 * - `inspection_results` and `inspection_attachments`: each control's result as submitted from
 *   the quay (keyed by the client's result id, so that a retried submission is never recorded
 *   twice), with its discrepancies, corrections, re-assessed taxes, and its photos' bytes.
 * Plans and results are append-only, enforced by triggers (migration `clearance`): a plan or a
 * result is evidence, never rewritten.
 */
import {
  bigserial,
  boolean,
  customType,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
});

/** An inspector of the roster. */
export const officers = pgTable(
  'officers',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    office: text('office').notNull(),
    /** The control methods the officer is qualified for: physical, scanner, documentary. */
    qualifications: text('qualifications').array().notNull(),
    /** Weekly shifts: `{ days: [1..7] (ISO, Monday 1), start: 'HH:MM', end: 'HH:MM' }[]`, UTC. */
    shifts: jsonb('shifts').notNull(),
    /** `active`, or `on_leave` (never assigned). */
    status: text('status').notNull(),
    createdAt: instant('created_at').notNull(),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [index('officers_office').on(t.office)],
);

/** A scanner (non-intrusive inspection) of an office. */
export const scanners = pgTable(
  'scanners',
  {
    id: text('id').primaryKey(),
    office: text('office').notNull(),
    name: text('name').notNull(),
    controlsPerDay: integer('controls_per_day').notNull(),
    /** `in_service` or `out_of_service`. */
    status: text('status').notNull(),
    createdAt: instant('created_at').notNull(),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [index('scanners_office').on(t.office)],
);

/** An office's clearance settings; an office without a row uses the defaults. */
export const officeClearanceSettings = pgTable('office_clearance_settings', {
  office: text('office').primaryKey(),
  /** The settings as validated (see clearance-settings.ts). */
  settings: jsonb('settings').notNull(),
  updatedAt: instant('updated_at').notNull(),
  updatedBy: text('updated_by').notNull(),
});

/** One planning batch of an office's day: the first plans every expected control, later ones the newcomers. */
export const controlPlans = pgTable(
  'control_plans',
  {
    id: uuid('id').primaryKey(),
    office: text('office').notNull(),
    day: text('day').notNull(),
    batch: integer('batch').notNull(),
    /** What the draws were seeded with (salted with the administration's secret). */
    seed: text('seed').notNull(),
    /** The officers, scanners and rules the plan was made with, so that it can be replayed. */
    inputs: jsonb('inputs').notNull(),
    plannedAt: instant('planned_at').notNull(),
  },
  (t) => [uniqueIndex('control_plans_office_day_batch').on(t.office, t.day, t.batch)],
);

/** A control a plan set: its method, when, and its inspector (never shown to the trader). */
export const plannedControls = pgTable(
  'planned_controls',
  {
    planId: uuid('plan_id')
      .notNull()
      .references(() => controlPlans.id),
    declarationId: uuid('declaration_id').notNull(),
    importer: text('importer').notNull(),
    lane: text('lane').notNull(),
    method: text('method').notNull(),
    plannedAs: text('planned_as'),
    movedBecause: text('moved_because'),
    at: instant('at').notNull(),
    inspectorId: text('inspector_id'),
    unassignedBecause: text('unassigned_because'),
    rotationWaived: boolean('rotation_waived').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.planId, t.declarationId] }),
    index('planned_controls_declaration').on(t.declarationId),
  ],
);

/** The result of a control, as submitted. */
export const inspectionResults = pgTable(
  'inspection_results',
  {
    /** Chosen by the client (the phone), so that a retried submission is recognised. */
    id: uuid('id').primaryKey(),
    declarationId: uuid('declaration_id').notNull(),
    declarationVersion: integer('declaration_version').notNull(),
    /** SHA-256 of the canonical submission: the same id with other content is refused. */
    contentHash: text('content_hash').notNull(),
    outcome: text('outcome').notNull(),
    inspector: text('inspector').notNull(),
    method: text('method'),
    startedAt: instant('started_at'),
    finishedAt: instant('finished_at').notNull(),
    /** Discrepancies, seizure, corrected items and notes, as validated. */
    findings: jsonb('findings').notNull(),
    seized: boolean('seized').notNull(),
    declaredTotal: numeric('declared_total', { precision: 20, scale: 2 }),
    reassessedTotal: numeric('reassessed_total', { precision: 20, scale: 2 }),
    revenueRecovered: numeric('revenue_recovered', { precision: 20, scale: 2 }).notNull(),
    /** The liquidation of the corrected document, when items were corrected. */
    reassessment: jsonb('reassessment'),
    recordedAt: instant('recorded_at').notNull(),
  },
  (t) => [uniqueIndex('inspection_results_declaration').on(t.declarationId)],
);

/** A photo of a control, its bytes kept in the database beside the result. */
export const inspectionAttachments = pgTable(
  'inspection_attachments',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    resultId: uuid('result_id')
      .notNull()
      .references(() => inspectionResults.id),
    position: integer('position').notNull(),
    fileName: text('file_name').notNull(),
    mediaType: text('media_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    content: bytea('content').notNull(),
  },
  (t) => [uniqueIndex('inspection_attachments_result_position').on(t.resultId, t.position)],
);
