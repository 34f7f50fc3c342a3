/**
 * The goods declaration (WCO Data Model "DEC"; UN/EDIFACT CUSDEC; Senegal's DPI): what a broker
 * lodges before or at arrival. The schema is both the validation of intake and the type the
 * rest of the product works with; exact decimals travel as normalised strings.
 */
import { z } from 'zod';
import type { IntakeReferences } from '../reference/intake-references.ts';
import {
  countryCode,
  currencyCode,
  decimal,
  encodeExpectation,
  expect,
  integer,
  knownOffice,
  partyCode,
  reference,
  text,
  uniqueList,
} from '../shared/fields.ts';

export const declarationKinds = ['pre_arrival', 'at_arrival'] as const;
export type DeclarationKind = (typeof declarationKinds)[number];

/**
 * Modes of transport, named; the UN/ECE Recommendation 19 code of each is in
 * `transportModeCodes` for messages that need the digit.
 */
export const transportModes = [
  'sea',
  'rail',
  'road',
  'air',
  'postal',
  'fixed_installation',
  'inland_waterway',
  'own_propulsion',
  'unknown',
] as const;
export type TransportMode = (typeof transportModes)[number];
export const transportModeCodes: Readonly<Record<TransportMode, string>> = {
  sea: '1',
  rail: '2',
  road: '3',
  air: '4',
  postal: '5',
  fixed_installation: '7',
  inland_waterway: '8',
  own_propulsion: '9',
  unknown: '9',
};

/** Bill of lading (or air waybill) number as carriers write it. */
export const transportDocumentNumber = z
  .string()
  .regex(/^[A-Z0-9][A-Z0-9\-/]{2,34}$/, expect('reference', { kind: 'transport_document' }));

/** Builds the declaration item schema; the tariff line is checked against the HS nomenclature. */
function governmentAgencyGoodsItemSchema(refs: IntakeReferences) {
  return z
    .strictObject({
      tariffLine: z
        .string()
        .regex(/^\d{8,10}$/, expect('tariff_line'))
        .superRefine((line, ctx) => {
          const hs6 = line.slice(0, 6);
          if (/^\d{8,10}$/.test(line) && !refs.nomenclature.has(hs6)) {
            ctx.addIssue({
              code: 'custom',
              message: encodeExpectation('hs_subheading_known', { hs6 }),
              input: line,
            });
          }
        }),
      description: text(1, 512),
      origin: countryCode,
      customsValue: decimal({ digits: 15, scale: 2, positive: true }),
      netMass: decimal({ digits: 12, scale: 3, positive: true }),
      supplementaryQuantity: decimal({ digits: 12, scale: 3, positive: true }).optional(),
      supplementaryUnit: z
        .string()
        .regex(/^[A-Z0-9]{1,5}$/, expect('package_kind'))
        .optional(),
      packages: integer(0, 999_999),
    })
    .superRefine((item, ctx) => {
      if ((item.supplementaryQuantity === undefined) !== (item.supplementaryUnit === undefined)) {
        const missing =
          item.supplementaryQuantity === undefined ? 'supplementaryQuantity' : 'supplementaryUnit';
        ctx.addIssue({ code: 'custom', message: 'supplementary_pair', path: [missing], input: null });
      }
    });
}

/**
 * Builds the goods declaration schema against the administration's reference data.
 * `parse` never throws on bad input when called as `safeParse`.
 */
export function goodsDeclarationSchema(refs: IntakeReferences) {
  return z
    .strictObject({
      sender: partyCode,
      reference,
      kind: z.enum(declarationKinds),
      office: knownOffice(refs),
      procedure: z.string().regex(/^[A-Z0-9]{4,7}$/, expect('procedure_code')),
      declarant: z.strictObject({ code: partyCode, name: text(1, 140).optional() }),
      importer: z.strictObject({ taxId: partyCode, name: text(1, 140) }),
      seller: z.strictObject({ name: text(1, 140), country: countryCode.optional() }),
      departureCountry: countryCode,
      transportMode: z.enum(transportModes),
      billsOfLading: uniqueList(transportDocumentNumber, 0, 99),
      invoice: z.strictObject({
        currency: currencyCode,
        exchangeRate: decimal({ digits: 9, scale: 6, positive: true }),
      }),
      items: z
        .array(governmentAgencyGoodsItemSchema(refs))
        .min(1, expect('list_length', { min: 1, max: 999 }))
        .max(999, expect('list_length', { min: 1, max: 999 })),
    })
    .superRefine((declaration, ctx) => {
      // The exchange rate converts the invoice into the national currency: 1 when they are the same.
      if (
        declaration.invoice.currency === refs.nationalCurrency &&
        declaration.invoice.exchangeRate !== '1'
      ) {
        ctx.addIssue({
          code: 'custom',
          message: encodeExpectation('exchange_rate_national', { currency: refs.nationalCurrency }),
          path: ['invoice', 'exchangeRate'],
          input: declaration.invoice.exchangeRate,
        });
      }
    });
}

export type GoodsDeclaration = z.output<ReturnType<typeof goodsDeclarationSchema>>;
export type GoodsDeclarationInput = z.input<ReturnType<typeof goodsDeclarationSchema>>;
export type GovernmentAgencyGoodsItem = GoodsDeclaration['items'][number];
