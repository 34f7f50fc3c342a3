/**
 * Field schemas shared by the intake documents. Each check carries the key of the expectation
 * it enforces (shared/messages.ts), so that a failure names the field, the value and what was
 * expected, in French or English, whatever the rule.
 */
import { Decimal } from 'decimal.js';
import { z } from 'zod';
import type { ExpectationCode } from './error-codes.ts';
import type { IntakeReferences } from '../reference/intake-references.ts';
import {
  isContainerNumber,
  isCountryCode,
  isCurrencyCode,
  isImoNumber,
  isUnLocode,
} from '../reference/codes.ts';

const noControlCharacters = /^[^\p{Cc}]*$/u;

/**
 * The error option of a check: the expectation key and its parameters, encoded in the issue's
 * message (`text_length?min=1&max=70`) because zod carries only a message for built-in checks.
 */
function expect(code: ExpectationCode, params?: Record<string, string | number>): { error: string } {
  return { error: encodeExpectation(code, params) };
}

export function encodeExpectation(code: ExpectationCode, params?: Record<string, string | number>): string {
  if (!params) return code;
  const query = new URLSearchParams(
    Object.entries(params).map(([key, value]): [string, string] => [key, String(value)]),
  );
  return `${code}?${query.toString()}`;
}

/** Free text of bounded length, trimmed, without control characters. */
export function text(min: number, max: number) {
  return z
    .string()
    .trim()
    .min(min, expect('text_length', { min, max }))
    .max(max, expect('text_length', { min, max }))
    .regex(noControlCharacters, expect('text_length', { min, max }));
}

/** A sender's reference for a document (WCO DM "LRN"-like). */
export const reference = z.string().regex(/^[^\p{Cc}]{1,70}$/u, expect('reference'));

/** A party or system identifier: tax id, declarant code, carrier code. */
export const partyCode = z.string().regex(/^[A-Za-z0-9._\-/]{1,35}$/, expect('party_code'));

export const officeCode = z.string().regex(/^[A-Z0-9]{2,10}$/, expect('office_code'));

/** An office code the administration has configured (checked once the code is well formed). */
export function knownOffice(refs: Pick<IntakeReferences, 'isOffice' | 'officeCodes'>) {
  return officeCode.superRefine((code, ctx) => {
    if (/^[A-Z0-9]{2,10}$/.test(code) && !refs.isOffice(code)) {
      const known = refs.officeCodes().join(', ') || '-';
      ctx.addIssue({ code: 'custom', message: encodeExpectation('office_known', { known }), input: code });
    }
  });
}

export const countryCode = z.string().refine(isCountryCode, expect('country'));

export const currencyCode = z.string().refine(isCurrencyCode, expect('currency'));

export const unLocode = z.string().refine(isUnLocode, expect('unlocode'));

export const imoNumber = z
  .string()
  .refine(isImoNumber, expect('imo_number'))
  .transform((value) => value.replace(/^IMO ?/, ''));

export const containerNumber = z.string().refine(isContainerNumber, expect('container_number'));

export const packageKind = z.string().regex(/^[A-Z0-9]{2}$/, expect('package_kind'));

/** ISO 8601 date-time with an offset or Z, kept as the instant it denotes (UTC ISO string). */
export const dateTime = z.iso
  .datetime({ offset: true, ...expect('datetime') })
  .transform((value) => new Date(value).toISOString());

/** A whole number in a range. */
export function integer(min: number, max: number) {
  return z
    .number()
    .int(expect('integer_range', { min, max }))
    .min(min, expect('integer_range', { min, max }))
    .max(max, expect('integer_range', { min, max }));
}

/**
 * An exact decimal, given as a JSON string ("12500.50") or number, returned as a normalised
 * string (no exponent, no trailing zeros) so that no binary floating point ever touches it.
 * `digits` bounds the integer part and `scale` the decimal places, as the database column does.
 */
export function decimal(options: { digits: number; scale: number; positive: boolean }) {
  return z.union([z.string(), z.number()], expect('decimal')).transform((input, ctx) => {
    const raw = typeof input === 'number' ? String(input) : input.trim();
    if (
      !/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(raw) ||
      (typeof input === 'number' && !Number.isFinite(input))
    ) {
      ctx.addIssue({ code: 'custom', message: 'decimal', input });
      return z.NEVER;
    }
    const value = new Decimal(raw);
    if (options.positive && !value.greaterThan(0)) {
      ctx.addIssue({ code: 'custom', message: 'decimal_positive', input });
      return z.NEVER;
    }
    if (value.decimalPlaces() > options.scale || value.abs().trunc().toFixed().length > options.digits) {
      ctx.addIssue({
        code: 'custom',
        message: encodeExpectation('decimal_scale', { scale: options.scale, digits: options.digits }),
        input,
      });
      return z.NEVER;
    }
    return value.toFixed();
  });
}

/** A list without repeated entries (B/L numbers, containers). */
export function uniqueList<T extends z.ZodType<string>>(item: T, min: number, max: number) {
  return z
    .array(item)
    .min(min, expect('list_length', { min, max }))
    .max(max, expect('list_length', { min, max }))
    .superRefine((values, ctx) => {
      const seen = new Set<string>();
      values.forEach((value, index) => {
        if (seen.has(value)) {
          ctx.addIssue({
            code: 'custom',
            message: encodeExpectation('no_duplicates', { duplicate: value }),
            path: [index],
            input: value,
          });
        }
        seen.add(value);
      });
    });
}

export { expect };

/**
 * Options for a refinement that runs even when other fields have problems (every problem at
 * once), but only on an object: on `null` or a scalar there is nothing to cross-check, and the
 * shape's own issue already says what was expected.
 */
export const refineAnyObject = {
  when: (payload: { readonly value: unknown }): boolean =>
    typeof payload.value === 'object' && payload.value !== null,
};
