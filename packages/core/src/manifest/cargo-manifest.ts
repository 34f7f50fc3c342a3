/**
 * The cargo manifest (WCO Data Model "cargo report"; UN/EDIFACT CUSCAR): the carrier's list of
 * the consignments a means of transport brings, lodged before it arrives, one entry per bill
 * of lading (or air waybill).
 */
import { z } from 'zod';
import { transportDocumentNumber } from '../declaration/goods-declaration.ts';
import type { IntakeReferences } from '../reference/intake-references.ts';
import {
  containerNumber,
  dateTime,
  decimal,
  encodeExpectation,
  expect,
  imoNumber,
  integer,
  knownOffice,
  packageKind,
  partyCode,
  reference,
  text,
  uniqueList,
  unLocode,
} from '../shared/fields.ts';

function consignmentSchema(refs: IntakeReferences) {
  return z.strictObject({
    number: transportDocumentNumber,
    shipper: z.strictObject({ name: text(1, 140) }),
    consignee: z.strictObject({ name: text(1, 140), taxId: partyCode.optional() }),
    description: text(1, 512),
    hsCode: z
      .string()
      .regex(/^(\d{4}|\d{6})$/, expect('hs_code'))
      .superRefine((code, ctx) => {
        if (/^(\d{4}|\d{6})$/.test(code) && !refs.nomenclature.has(code)) {
          ctx.addIssue({
            code: 'custom',
            message: encodeExpectation('hs_code_known', { code }),
            input: code,
          });
        }
      })
      .optional(),
    packages: integer(1, 9_999_999),
    packageKind,
    grossMass: decimal({ digits: 12, scale: 3, positive: true }),
    containers: uniqueList(containerNumber, 0, 999).default([]),
  });
}

/** Builds the cargo manifest schema against the administration's reference data. */
export function cargoManifestSchema(refs: IntakeReferences) {
  return z.strictObject({
    sender: partyCode,
    reference,
    carrier: z.strictObject({ code: partyCode, name: text(1, 140) }),
    conveyance: z.strictObject({ name: text(1, 140), imoNumber: imoNumber.optional() }),
    voyageNumber: z.string().regex(/^[A-Za-z0-9\-/]{1,17}$/, expect('reference', { kind: 'voyage' })),
    portOfLoading: unLocode,
    office: knownOffice(refs),
    expectedArrival: dateTime,
    actualArrival: dateTime.optional(),
    billsOfLading: z
      .array(consignmentSchema(refs))
      .min(1, expect('list_length', { min: 1, max: 9999 }))
      .max(9999, expect('list_length', { min: 1, max: 9999 }))
      .superRefine((bills, ctx) => {
        const seen = new Set<string>();
        bills.forEach((bill, index) => {
          if (seen.has(bill.number)) {
            ctx.addIssue({
              code: 'custom',
              message: encodeExpectation('no_duplicates', { duplicate: bill.number }),
              path: [index, 'number'],
              input: bill.number,
            });
          }
          seen.add(bill.number);
        });
      }),
  });
}

export type CargoManifest = z.output<ReturnType<typeof cargoManifestSchema>>;
export type CargoManifestInput = z.input<ReturnType<typeof cargoManifestSchema>>;
export type Consignment = CargoManifest['billsOfLading'][number];
