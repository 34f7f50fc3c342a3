/**
 * The catalogue of what a selectivity criterion may test: each field of the declaration, the
 * manifest or a derived indicator, the level it lives at (the file or one goods item), and the
 * operators and values it accepts. Validation (condition.ts) and compilation
 * (compile-condition.ts) both read this one table, so a field is declared once.
 *
 * The fields are those ASYCUDA selectivity criteria use (tariff line, origin, importer,
 * declarant, office, value per unit...; shared/DOMAIN.md) plus the manifest's B/L and container
 * numbers (WCO Cargo Targeting System) and the indicators other services compute.
 */
import { z } from 'zod';
import { transportDocumentNumber, transportModes } from '../declaration/goods-declaration.ts';
import { containerNumber, countryCode, expect, officeCode, partyCode, text } from '../shared/fields.ts';

/** The kinds of watchlist (ASYCUDA selectivity lists; WCO CTS watchlists). */
export const listKinds = [
  'importer',
  'declarant',
  'seller',
  'country',
  'tariff_line',
  'bill_of_lading',
  'container',
] as const;
export type ListKind = (typeof listKinds)[number];

/** The operators of a predicate. */
export const selectivityOperators = [
  'eq',
  'in',
  'prefix',
  'gt',
  'gte',
  'lt',
  'lte',
  'between',
  'words',
  'inList',
] as const;
export type SelectivityOperator = (typeof selectivityOperators)[number];

/** Where a field lives: on the file as a whole, or on each goods item. */
export type FieldLevel = 'file' | 'item';

interface FieldBase {
  readonly level: FieldLevel;
  readonly operators: readonly SelectivityOperator[];
}

/** A code or name compared exactly (after normalisation for names). */
export interface CodeFieldDefinition extends FieldBase {
  readonly kind: 'code';
  /** The schema of one value of the field, as found in documents. */
  readonly value: z.ZodType<string>;
  /** For `prefix`: what a beginning of the code looks like, and an example for messages. */
  readonly prefix?: { readonly pattern: RegExp; readonly example: string };
  /** The kind of list `inList` accepts on this field. */
  readonly listKind?: ListKind;
  /** The file carries several values (B/Ls, containers): a predicate holds if one value satisfies it. */
  readonly multiple?: boolean;
  /** Compared case- and accent-insensitively (free-text names). */
  readonly name?: boolean;
}

/** A number compared with gt, gte, lt, lte or between. */
export interface NumberFieldDefinition extends FieldBase {
  readonly kind: 'number';
  readonly min: number;
  readonly max: number;
  readonly unit: string;
}

export interface BooleanFieldDefinition extends FieldBase {
  readonly kind: 'boolean';
}

/** Free text searched for whole words. */
export interface WordsFieldDefinition extends FieldBase {
  readonly kind: 'words';
}

export type FieldDefinition =
  CodeFieldDefinition | NumberFieldDefinition | BooleanFieldDefinition | WordsFieldDefinition;

const comparisons = ['gt', 'gte', 'lt', 'lte', 'between'] as const;
const amount = { kind: 'number', operators: comparisons, min: 0, max: 1e15 } as const;

/**
 * Every field a criterion can test. Amounts are in the national currency (the customs value
 * converted at the declaration's exchange rate, DOMAIN.md "Revenue"); masses in kilograms.
 */
export const selectivityFields = {
  // The file: declaration header, parties, transport, manifest, indicators.
  office: { level: 'file', kind: 'code', operators: ['eq', 'in'], value: officeCode },
  procedure: {
    level: 'file',
    kind: 'code',
    operators: ['eq', 'in', 'prefix'],
    value: z.string().regex(/^[A-Z0-9]{4,7}$/, expect('procedure_code')),
    prefix: { pattern: /^[A-Z0-9]{1,7}$/, example: '40' },
  },
  transportMode: {
    level: 'file',
    kind: 'code',
    operators: ['eq', 'in'],
    value: z.enum(transportModes),
  },
  importer: {
    level: 'file',
    kind: 'code',
    operators: ['eq', 'in', 'inList'],
    value: partyCode,
    listKind: 'importer',
  },
  declarant: {
    level: 'file',
    kind: 'code',
    operators: ['eq', 'in', 'inList'],
    value: partyCode,
    listKind: 'declarant',
  },
  seller: {
    level: 'file',
    kind: 'code',
    operators: ['eq', 'in', 'inList'],
    value: text(1, 140),
    listKind: 'seller',
    name: true,
  },
  departureCountry: {
    level: 'file',
    kind: 'code',
    operators: ['eq', 'in', 'inList'],
    value: countryCode,
    listKind: 'country',
  },
  billOfLading: {
    level: 'file',
    kind: 'code',
    operators: ['eq', 'in', 'inList'],
    value: transportDocumentNumber,
    listKind: 'bill_of_lading',
    multiple: true,
  },
  container: {
    level: 'file',
    kind: 'code',
    operators: ['eq', 'in', 'prefix', 'inList'],
    value: containerNumber,
    prefix: { pattern: /^[A-Z]{1,4}[0-9]{0,7}$/, example: 'MSCU' },
    listKind: 'container',
    multiple: true,
  },
  billOnNoManifest: { level: 'file', kind: 'boolean', operators: ['eq'] },
  importerHitRate: { level: 'file', kind: 'number', operators: comparisons, min: 0, max: 1, unit: 'ratio' },
  modelScore: { level: 'file', kind: 'number', operators: comparisons, min: 0, max: 1, unit: 'ratio' },
  // Each goods item (WCO DM GovernmentAgencyGoodsItem).
  tariffLine: {
    level: 'item',
    kind: 'code',
    operators: ['eq', 'in', 'prefix', 'inList'],
    value: z.string().regex(/^\d{8,10}$/, expect('tariff_line')),
    prefix: { pattern: /^\d{2,10}$/, example: '8703' },
    listKind: 'tariff_line',
  },
  origin: {
    level: 'item',
    kind: 'code',
    operators: ['eq', 'in', 'inList'],
    value: countryCode,
    listKind: 'country',
  },
  description: { level: 'item', kind: 'words', operators: ['words'] },
  customsValue: { level: 'item', ...amount, unit: 'national currency' },
  unitValue: { level: 'item', ...amount, unit: 'national currency per supplementary unit' },
  valuePerKg: { level: 'item', ...amount, unit: 'national currency per kg' },
  quantity: { level: 'item', ...amount, unit: 'supplementary unit' },
  netMass: { level: 'item', ...amount, unit: 'kg' },
  unitValueBelowReference: {
    level: 'item',
    kind: 'number',
    operators: comparisons,
    min: 0,
    max: 100,
    unit: '% below the P10 of the reference band',
  },
} as const satisfies Readonly<Record<string, FieldDefinition>>;

export type SelectivityField = keyof typeof selectivityFields;

/** The names of every field, in catalogue order. */
export const selectivityFieldNames = Object.keys(selectivityFields) as SelectivityField[];

/** The definition of a field, widened to the union (for code that handles every kind). */
export function fieldDefinition(field: SelectivityField): FieldDefinition {
  return selectivityFields[field];
}

/** Whether a name is a field of the catalogue. */
export function isSelectivityField(name: string): name is SelectivityField {
  return Object.hasOwn(selectivityFields, name);
}
