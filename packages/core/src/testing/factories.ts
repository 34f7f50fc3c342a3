/**
 * Small typed factories of valid intake documents for tests: each call gives a fresh document
 * that passes validation; a test overrides only the fields it is about.
 */
import type { CargoManifestInput } from '../manifest/cargo-manifest.ts';
import type { GoodsDeclarationInput } from '../declaration/goods-declaration.ts';
import { buildNomenclature, type Nomenclature } from '../reference/nomenclature.ts';
import type { IntakeReferences } from '../reference/intake-references.ts';

export const testOffices = [
  { code: 'SNDKR1', name: 'Dakar Port', kind: 'port', country: 'SN' },
  { code: 'SNDSS1', name: 'Aéroport Blaise Diagne', kind: 'airport', country: 'SN' },
] as const;

let sequence = 0;

/** A reference unique within the test process. */
export function uniqueReference(prefix = 'REF'): string {
  sequence += 1;
  return `${prefix}-${String(sequence).padStart(6, '0')}`;
}

/** A pre-arrival declaration of one item (frozen fish, Chinese origin) citing one B/L. */
export function aDeclaration(overrides: Partial<GoodsDeclarationInput> = {}): GoodsDeclarationInput {
  return {
    sender: 'BROKER01',
    reference: uniqueReference('DPI'),
    kind: 'pre_arrival',
    office: 'SNDKR1',
    procedure: '4000',
    declarant: { code: 'DECL042', name: 'Transit Sahel SARL' },
    importer: { taxId: '004512345', name: 'Sénégal Import SA' },
    seller: { name: 'Ningbo Trading Co', country: 'CN' },
    departureCountry: 'CN',
    transportMode: 'sea',
    billsOfLading: ['MEDU12345678'],
    invoice: { currency: 'EUR', exchangeRate: '655.957' },
    items: [
      {
        tariffLine: '0303890000',
        description: 'Frozen fish, other',
        origin: 'CN',
        customsValue: '12500.50',
        netMass: '10000',
        supplementaryQuantity: '10000',
        supplementaryUnit: 'KG',
        packages: 400,
      },
    ],
    ...overrides,
  };
}

/** A sea manifest of one B/L with one container, expected at the Dakar port office. */
export function aManifest(overrides: Partial<CargoManifestInput> = {}): CargoManifestInput {
  return {
    sender: 'CARRIER01',
    reference: uniqueReference('MAN'),
    carrier: { code: 'MSCU', name: 'Mediterranean Shipping Company' },
    conveyance: { name: 'MSC AURORA', imoNumber: '9074729' },
    voyageNumber: 'AX412R',
    portOfLoading: 'CNSHA',
    office: 'SNDKR1',
    expectedArrival: '2026-03-10T06:00:00Z',
    billsOfLading: [
      {
        number: 'MEDU12345678',
        shipper: { name: 'Ningbo Trading Co' },
        consignee: { name: 'Sénégal Import SA', taxId: '004512345' },
        description: 'Frozen fish',
        hsCode: '0303',
        packages: 400,
        packageKind: 'CT',
        grossMass: '10400.5',
        containers: ['CSQU3054383'],
      },
    ],
    ...overrides,
  };
}

/** Intake references over a tiny nomenclature, for core tests that need no file. */
export function testReferences(nomenclature: Nomenclature = smallNomenclature()): IntakeReferences {
  const codes = testOffices.map((office) => office.code);
  return {
    nomenclature,
    isOffice: (code) => codes.includes(code as (typeof codes)[number]),
    officeCodes: () => codes,
    nationalCurrency: 'XOF',
  };
}

function smallNomenclature(): Nomenclature {
  const rows = [
    ['03', 2],
    ['0303', 4],
    ['030389', 6],
    ['10', 2],
    ['1006', 4],
    ['100630', 6],
    ['87', 2],
    ['8703', 4],
    ['870323', 6],
  ] as const;
  return buildNomenclature(
    rows.map(([hscode, level]) => ({ section: 'I', hscode, description: hscode, parent: '', level })),
  );
}

/** Sets a value at a JSON Pointer in a copy of a document (undefined deletes the property). */
export function withValue(document: unknown, pointer: string, value: unknown): unknown {
  const copy = structuredClone(document) as Record<string, unknown>;
  const keys = pointer.split('/').slice(1);
  let target: Record<string, unknown> = copy;
  for (const key of keys.slice(0, -1)) target = target[key] as Record<string, unknown>;
  const last = keys.at(-1) ?? '';
  if (value === undefined) Reflect.deleteProperty(target, last);
  else target[last] = value;
  return copy;
}

// Rule sets, criteria and watchlists for tests of selectivity through the API and the command line.
export {
  aCriterion,
  aCriterionOn,
  aRuleSet,
  aWatchlist,
  anEntry,
  someLaneParameters,
} from '../selectivity/selectivity-factories.ts';
