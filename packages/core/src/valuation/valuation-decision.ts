/**
 * Officers' valuation decisions and the appeals against them: the documents an officer, an
 * importer or an appeal body sends, validated field by field. WCO guidance: a valuation flag is
 * a risk indicator, never proof; the officer decides, states the legal basis and the reason, and
 * the importer may appeal (Côte d'Ivoire's 2013 re-valuation disputes ended before an
 * arbitration commission for want of such a trail). Decisions and appeals are never rewritten:
 * a new decision supersedes the previous one.
 */
import { z } from 'zod';
import { countryCode, decimal, encodeExpectation, expect, partyCode, text } from '../shared/fields.ts';

/** What the officer decided about the declared value of an item. */
export const valuationDecisionKinds = [
  'accepted_as_declared',
  'value_adjusted',
  'referred_to_post_clearance_audit',
] as const;
export type ValuationDecisionKind = (typeof valuationDecisionKinds)[number];

/**
 * The basis of a decision. The six methods of the WTO Customs Valuation Agreement (WCO
 * Technical Committee on Customs Valuation), to be applied in this order: 1 transaction value
 * (art. 1), 2 identical goods (art. 2), 3 similar goods (art. 3), 4 deductive value (art. 5),
 * 5 computed value (art. 6), 6 fall-back (art. 7). Or a comparable transaction, or a document
 * (contract, price list, proof of payment), each named by `basisReference`. The valuation band
 * itself is deliberately not a basis: it is a risk indicator and may not set a value (art. 7.2
 * forbids minimum and arbitrary values).
 */
export const valuationBases = [
  'method_1_transaction_value',
  'method_2_identical_goods',
  'method_3_similar_goods',
  'method_4_deductive_value',
  'method_5_computed_value',
  'method_6_fallback',
  'comparable_transaction',
  'document',
] as const;
export type ValuationBasis = (typeof valuationBases)[number];

/** Bases that name what they rest on: the comparable declaration, or the document. */
const basesNeedingReference: readonly ValuationBasis[] = ['comparable_transaction', 'document'];

export const appealOutcomes = ['upheld', 'dismissed'] as const;
export type AppealOutcome = (typeof appealOutcomes)[number];
/** An appeal is lodged until its outcome is recorded; upheld means the appellant is right. */
export type AppealStatus = 'lodged' | AppealOutcome;

/**
 * An officer's valuation decision on one declaration item. Rules across fields: a
 * `value_adjusted` decision gives the adjusted customs value (national currency), the others
 * give none; a `comparable_transaction` or `document` basis names it in `basisReference`.
 * Every problem is reported at once, the rules across fields too.
 */
export const valuationDecisionSchema = z
  .strictObject({
    decision: z.enum(valuationDecisionKinds),
    /** The adjusted customs value of the item, in the national currency. */
    adjustedValue: decimal({ digits: 15, scale: 2, positive: true }).optional(),
    basis: z.enum(valuationBases),
    basisReference: text(1, 140).optional(),
    /** Why: a price gap alone is not proof, so the reason is required and must say something. */
    reason: text(10, 2000),
    /** The officer's identifier (until user accounts exist). */
    officer: partyCode,
  })
  .superRefine(
    (raw, ctx) => {
      const input = raw as Record<string, unknown>;
      if (input['decision'] === 'value_adjusted' && input['adjustedValue'] === undefined) {
        ctx.addIssue({ code: 'custom', message: 'required', path: ['adjustedValue'], input: null });
      }
      if (
        typeof input['decision'] === 'string' &&
        input['decision'] !== 'value_adjusted' &&
        input['adjustedValue'] !== undefined
      ) {
        ctx.addIssue({
          code: 'custom',
          message: encodeExpectation('valuation_adjusted_value_only'),
          path: ['adjustedValue'],
          input: input['adjustedValue'],
        });
      }
      if (
        (basesNeedingReference as readonly unknown[]).includes(input['basis']) &&
        input['basisReference'] === undefined
      ) {
        ctx.addIssue({ code: 'custom', message: 'required', path: ['basisReference'], input: null });
      }
    },
    // Run the rules across fields even when a field is wrong, so every problem comes at once.
    { when: (payload) => typeof payload.value === 'object' && payload.value !== null },
  );
export type ValuationDecisionInput = z.input<typeof valuationDecisionSchema>;
export type ValuationDecisionDocument = z.output<typeof valuationDecisionSchema>;

/** An appeal against a decision, by the importer or the declarant on its behalf. */
export const valuationAppealSchema = z.strictObject({
  lodgedBy: partyCode,
  grounds: text(10, 4000),
});
export type ValuationAppealInput = z.input<typeof valuationAppealSchema>;
export type ValuationAppealDocument = z.output<typeof valuationAppealSchema>;

/** The outcome of an appeal, decided once. */
export const valuationAppealOutcomeSchema = z.strictObject({
  outcome: z.enum(appealOutcomes),
  reason: text(10, 2000),
  decidedBy: partyCode,
});
export type ValuationAppealOutcomeInput = z.input<typeof valuationAppealOutcomeSchema>;
export type ValuationAppealOutcomeDocument = z.output<typeof valuationAppealOutcomeSchema>;

/** The filters of a look-up of bands: a national tariff line, an HS subheading, an origin. */
export const valuationBandQuerySchema = z.strictObject({
  line: z
    .string()
    .regex(/^\d{8,10}$/, expect('tariff_line'))
    .optional(),
  hs6: z
    .string()
    .regex(/^\d{6}$/, expect('hs_subheading'))
    .optional(),
  origin: countryCode.optional(),
});
export type ValuationBandQuery = z.output<typeof valuationBandQuerySchema>;
