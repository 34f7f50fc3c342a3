/**
 * The national tariff as data: the document an administration loads (format
 * "anticipa-tariff/1", docs/tariff-format.md) and its validation. A tariff holds, per country,
 * national lines with their duty (ECOWAS Common External Tariff bands 0, 5, 10, 20, 35 %) and
 * optional excise rate, and the taxes and levies computed beside the duty, each over its own
 * BASE (the customs value and the amounts of other taxes), in an order of computation, within
 * a scope of lines. Every entry has an effective date range [validFrom, validTo): levies change
 * often, so they are data with dates, never code (DOMAIN.md "Revenue").
 *
 * Rates are percentages, as tariffs print them ("20" is 20 %), kept as exact decimal strings.
 */
import { Decimal } from 'decimal.js';
import { z } from 'zod';
import type { Problem } from '../shared/error-codes.ts';
import {
  countryCode,
  currencyCode,
  decimal,
  encodeExpectation,
  expect,
  integer,
  text,
} from '../shared/fields.ts';
import { parseDocument } from '../shared/parse.ts';
import type { Result } from '../shared/result.ts';
import type { Nomenclature } from '../reference/nomenclature.ts';

export const tariffFormat = 'anticipa-tariff/1';

/** A tax's rate is its own (`rate`), or taken from the matched tariff line (`rateFrom`). */
export const lineRateSources = ['duty', 'excise'] as const;
export type LineRateSource = (typeof lineRateSources)[number];

/** The base component that stands for the item's customs value (CIF) in national currency. */
export const customsValueComponent = 'customsValue';

/**
 * A tariff code: an HS chapter (2 digits), heading (4), subheading (6) or national line (8 to
 * 10). Entries may be listed at any of these levels: a declared line takes the entry of the
 * longest code that is a prefix of it (tariff-lookup.ts).
 */
const tariffCodePattern = /^(\d{2}|\d{4}|\d{6}|\d{8,10})$/;

const taxCodePattern = /^[A-Z][A-Z0-9_]{0,15}$/;

/** What validation checks tariff data against. */
export interface TariffReferences {
  readonly nomenclature: Pick<Nomenclature, 'has'>;
  /**
   * The order of computation of the taxes already stored for the document's country, by code,
   * so that a document that changes only one tax may base it on the others.
   */
  readonly storedTaxOrders?: ReadonlyMap<string, number>;
}

/** A date (ISO 8601 calendar date, "2026-03-01"), compared as text. */
const calendarDate = z.iso.date(expect('date'));

/** A rate in percent, from 0 to 1000, with at most 4 decimals. */
const ratePercent = decimal({ digits: 4, scale: 4, positive: false }).refine(
  (value) => !value.startsWith('-') && new Decimal(value).lte(1000),
  expect('rate_percent'),
);

function tariffCode(refs: TariffReferences) {
  return z
    .string()
    .regex(tariffCodePattern, expect('tariff_code'))
    .superRefine((code, ctx) => {
      if (!tariffCodePattern.test(code)) return;
      // The HS part must exist in HS 2022: chapter, heading or subheading, whichever the code reaches.
      const hs = code.slice(0, Math.min(code.length, 6));
      if (!refs.nomenclature.has(hs)) {
        ctx.addIssue({
          code: 'custom',
          message: encodeExpectation('hs_code_known', { code: hs }),
          input: code,
        });
      }
    });
}

const range = {
  validFrom: calendarDate,
  validTo: calendarDate.optional(),
};

function tariffLineSchema(refs: TariffReferences) {
  return z.strictObject({
    line: tariffCode(refs),
    description: text(1, 512).optional(),
    dutyRate: ratePercent,
    exciseRate: ratePercent.optional(),
    ...range,
  });
}

function taxRuleSchema(refs: TariffReferences) {
  return z.strictObject({
    code: z.string().regex(taxCodePattern, expect('tax_code')),
    name: z.strictObject({ fr: text(1, 140), en: text(1, 140) }),
    rate: ratePercent.optional(),
    rateFrom: z.enum(lineRateSources).optional(),
    base: z
      .array(z.string().regex(/^(customsValue|[A-Z][A-Z0-9_]{0,15})$/, expect('tax_base_known')))
      .min(1, expect('list_length', { min: 1, max: 20 }))
      .max(20, expect('list_length', { min: 1, max: 20 })),
    appliesTo: z
      .array(tariffCode(refs))
      .max(500, expect('list_length', { min: 0, max: 500 }))
      .optional(),
    exempt: z
      .array(tariffCode(refs))
      .max(500, expect('list_length', { min: 0, max: 500 }))
      .optional(),
    order: integer(1, 999),
    ...range,
  });
}

/**
 * Builds the schema of a tariff document. Beyond each field's own rule it checks, with every
 * problem reported at once: validTo after validFrom; no two entries of the same line (or tax
 * code) in force on the same day; each tax has exactly one of `rate` and `rateFrom`; each base
 * component is the customs value or a tax computed earlier (lower `order`), in the document or
 * already stored; the document has at least one entry.
 */
export function tariffDocumentSchema(refs: TariffReferences) {
  return z
    .strictObject({
      format: z.literal(tariffFormat),
      country: countryCode,
      currency: currencyCode,
      /** True when the rates are examples an administration must confirm before relying on them. */
      example: z.boolean(),
      notice: z.strictObject({ fr: text(1, 2000), en: text(1, 2000) }).optional(),
      source: text(1, 1000).optional(),
      /** Offset of the country's legal time from UTC: the registration date is read in it. */
      utcOffset: z
        .string()
        .regex(/^[+-](0\d|1[0-4]):[0-5]\d$/, expect('utc_offset'))
        .default('+00:00'),
      lines: z
        .array(tariffLineSchema(refs))
        .max(100_000, expect('list_length', { min: 0, max: 100_000 }))
        .default([]),
      taxes: z
        .array(taxRuleSchema(refs))
        .max(500, expect('list_length', { min: 0, max: 500 }))
        .default([]),
    })
    .superRefine((document, ctx) => {
      const issue = (path: PropertyKey[], message: string, input: unknown) => {
        ctx.addIssue({ code: 'custom', message, path, input });
      };
      if (document.lines.length === 0 && document.taxes.length === 0) {
        issue([], 'tariff_entries', null);
      }
      checkRanges('lines', document.lines, (entry) => entry.line, issue);
      checkRanges('taxes', document.taxes, (entry) => entry.code, issue);
      checkTaxRules(document.taxes, refs.storedTaxOrders ?? new Map(), issue);
    });
}

type Issue = (path: PropertyKey[], message: string, input: unknown) => void;

/** validTo after validFrom, and no two entries of one key in force on the same day. */
function checkRanges<E extends { validFrom: string; validTo?: string | undefined }>(
  list: 'lines' | 'taxes',
  entries: readonly E[],
  keyOf: (entry: E) => string,
  issue: Issue,
): void {
  const byKey = new Map<string, number[]>();
  entries.forEach((entry, index) => {
    if (entry.validTo !== undefined && entry.validTo <= entry.validFrom) {
      issue(
        [list, index, 'validTo'],
        encodeExpectation('date_range', { from: entry.validFrom }),
        entry.validTo,
      );
      return;
    }
    const indexes = byKey.get(keyOf(entry)) ?? [];
    indexes.push(index);
    byKey.set(keyOf(entry), indexes);
  });
  for (const [key, indexes] of byKey) {
    const sorted = indexes
      .map((index) => ({ index, entry: entries[index] as E }))
      .sort((a, b) => a.entry.validFrom.localeCompare(b.entry.validFrom) || a.index - b.index);
    for (let i = 1; i < sorted.length; i++) {
      const previous = sorted[i - 1];
      const current = sorted[i];
      if (!previous || !current) continue;
      const previousEnd = previous.entry.validTo;
      if (previousEnd === undefined || current.entry.validFrom < previousEnd) {
        issue(
          [list, current.index, 'validFrom'],
          encodeExpectation('no_overlap', { key, other: `/${list}/${previous.index}` }),
          current.entry.validFrom,
        );
      }
    }
  }
}

interface TaxRuleShape {
  readonly code: string;
  readonly rate?: string | undefined;
  readonly rateFrom?: LineRateSource | undefined;
  readonly base: readonly string[];
  readonly order: number;
}

/** One rate source per tax; bases made of the customs value and taxes computed before. */
function checkTaxRules(
  taxes: readonly TaxRuleShape[],
  stored: ReadonlyMap<string, number>,
  issue: Issue,
): void {
  const orders = new Map<string, number>(stored);
  for (const tax of taxes) orders.set(tax.code, Math.max(orders.get(tax.code) ?? 0, tax.order));
  taxes.forEach((tax, index) => {
    if ((tax.rate === undefined) === (tax.rateFrom === undefined)) {
      issue(['taxes', index, 'rate'], 'tax_rate_source', tax.rate ?? null);
    }
    tax.base.forEach((component, position) => {
      // Customs value, or a name that is no tax code at all (its own rule reported it).
      if (component === customsValueComponent || !taxCodePattern.test(component)) return;
      const order = orders.get(component);
      if (order === undefined || order >= tax.order) {
        issue(['taxes', index, 'base', position], 'tax_base_known', component);
      }
    });
  });
}

export type TariffDocument = z.output<ReturnType<typeof tariffDocumentSchema>>;
export type TariffDocumentInput = z.input<ReturnType<typeof tariffDocumentSchema>>;
export type TariffLineEntry = TariffDocument['lines'][number];
export type TaxRuleEntry = TariffDocument['taxes'][number];

/**
 * Validates a tariff document whole: the typed document, or every problem found (JSON Pointer,
 * value, expectation). Never throws.
 */
export function parseTariffDocument(
  input: unknown,
  refs: TariffReferences,
): Result<TariffDocument, Problem[]> {
  return parseDocument(tariffDocumentSchema(refs), input);
}
