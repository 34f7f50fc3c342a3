/**
 * A selectivity criterion, as an analyst saves it (ASYCUDA selectivity criteria; CBP's
 * weighted rules): a condition, the lane it selects for with a selection percentage, a weight
 * for the score, validity dates, the offices it applies in, the reason officers read (French
 * and English) and the analyst's confidential rationale, which no assessment ever carries.
 */
import { z } from 'zod';
import type { Problem } from '../shared/error-codes.ts';
import {
  dateTime,
  encodeExpectation,
  expect,
  officeCode,
  partyCode,
  text,
  uniqueList,
  refineAnyObject,
} from '../shared/fields.ts';
import { parseDocument } from '../shared/parse.ts';
import type { Result } from '../shared/result.ts';
import { conditionSchema, type Condition } from './condition.ts';
import { selectionLanes, type SelectionLane } from './lane.ts';
import type { ListKind } from './selectivity-fields.ts';

/** The reason an officer reads for a hit, in each language of the catalogue. */
export interface CriterionReason {
  readonly fr: string;
  readonly en: string;
}

/** What a hit does: the lane it selects for, and the share of hits selected (0 to 100). */
export interface LaneEffect {
  readonly lane: SelectionLane;
  /**
   * The selection percentage (ASYCUDA): each hit is selected when its draw falls below it, so
   * 100 always selects and 0 never does (the hit still counts toward the score and toward the
   * office's maximum of criteria hit without selection).
   */
  readonly percentage: number;
}

export interface Criterion {
  /** Unique in the rule set; officers and backtests refer to it. */
  readonly id: string;
  readonly name: string;
  readonly condition: Condition;
  readonly effect: LaneEffect;
  /** Added to the file's score when the criterion hits (CBP "weight sets"). */
  readonly weight: number;
  /** First instant the criterion applies (inclusive, ISO 8601 UTC). */
  readonly validFrom: string;
  /** First instant it no longer applies (exclusive); absent while it has no end. */
  readonly validTo?: string | undefined;
  /** The offices it applies in; absent: every office. */
  readonly offices?: readonly string[] | undefined;
  /** What officers read on a hit; never shown to the trader. */
  readonly reason: CriterionReason;
  /** Why the analyst wrote it: confidential, kept with the rule set, never copied into an assessment. */
  readonly rationale: string;
}

/** Bounds of a criterion's weight. */
export const maxWeight = 1000;

/**
 * The schema of a criterion, given the lists (id → kind) its condition may name with `inList`.
 */
export function criterionSchema(lists: ReadonlyMap<string, ListKind>): z.ZodType<Criterion> {
  return z
    .strictObject({
      id: partyCode,
      name: text(1, 140),
      condition: conditionSchema(lists),
      effect: z.strictObject({
        lane: z.enum(selectionLanes),
        percentage: z
          .number()
          .min(0, expect('selectivity_number_range', { min: 0, max: 100 }))
          .max(100, expect('selectivity_number_range', { min: 0, max: 100 })),
      }),
      weight: z
        .number()
        .min(0, expect('selectivity_number_range', { min: 0, max: maxWeight }))
        .max(maxWeight, expect('selectivity_number_range', { min: 0, max: maxWeight })),
      validFrom: dateTime,
      validTo: dateTime.optional(),
      offices: uniqueList(officeCode, 1, 500).optional(),
      reason: z.strictObject({ fr: text(1, 500), en: text(1, 500) }),
      rationale: text(1, 4000),
    })
    .superRefine((criterion, ctx) => {
      // Runs even when other fields have problems, so every problem is reported at once;
      // an unparsable date gives NaN, and no comparison with NaN holds.
      const { validFrom, validTo } = criterion as { validFrom?: unknown; validTo?: unknown };
      if (typeof validFrom !== 'string' || typeof validTo !== 'string') return;
      if (Date.parse(validTo) <= Date.parse(validFrom)) {
        ctx.addIssue({
          code: 'custom',
          message: encodeExpectation('selectivity_date_after', { from: validFrom }),
          path: ['validTo'],
          input: validTo,
        });
      }
    }, refineAnyObject);
}

/**
 * Validates one criterion on save, against the lists of the rule set it belongs to: the
 * criterion, or every problem with its JSON Pointer. Never throws.
 */
export function parseCriterion(
  input: unknown,
  lists: ReadonlyMap<string, ListKind>,
): Result<Criterion, Problem[]> {
  return parseDocument(criterionSchema(lists), input);
}
