import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { testReferences, withValue } from '../testing/factories.ts';
import { describeExpected } from '../shared/messages.ts';
import {
  parseTariffDocument,
  tariffFormat,
  type TariffDocumentInput,
  type TariffReferences,
} from './tariff-document.ts';

const refs: TariffReferences = { nomenclature: testReferences().nomenclature };

function aTariff(overrides: Partial<TariffDocumentInput> = {}): TariffDocumentInput {
  return {
    format: tariffFormat,
    country: 'SN',
    currency: 'XOF',
    example: true,
    lines: [
      { line: '0303890000', description: 'Frozen fish', dutyRate: '10', validFrom: '2015-01-01' },
      { line: '100630', dutyRate: 10, validFrom: '2015-01-01', validTo: '2026-04-01' },
      { line: '100630', dutyRate: '5', validFrom: '2026-04-01' },
      { line: '87', dutyRate: '20', exciseRate: '5.5', validFrom: '2015-01-01' },
    ],
    taxes: [
      {
        code: 'DD',
        name: { fr: 'Droit de douane', en: 'Customs duty' },
        rateFrom: 'duty',
        base: ['customsValue'],
        order: 10,
        validFrom: '2015-01-01',
      },
      {
        code: 'TVA',
        name: { fr: 'Taxe sur la valeur ajoutée', en: 'Value added tax' },
        rate: '18',
        base: ['customsValue', 'DD'],
        exempt: ['1006'],
        order: 90,
        validFrom: '2015-01-01',
      },
    ],
    ...overrides,
  };
}

function problemsOf(input: unknown) {
  const parsed = parseTariffDocument(input, refs);
  assert.ok(!parsed.ok, 'expected the document to be refused');
  return parsed.error.map((p) => [p.path, p.code]);
}

describe('tariff document', () => {
  it('accepts a valid tariff, normalising rates to exact decimal strings and defaulting the UTC offset', () => {
    const parsed = parseTariffDocument(aTariff(), refs);
    assert.ok(parsed.ok);
    assert.equal(parsed.value.utcOffset, '+00:00');
    assert.equal(parsed.value.lines[1]?.dutyRate, '10');
    assert.equal(parsed.value.lines[3]?.exciseRate, '5.5');
    assert.equal(parsed.value.taxes[1]?.rate, '18');
  });

  it('reports field problems with their pointers, all at once', () => {
    const input = aTariff({
      lines: [
        { line: '12345', dutyRate: '10', validFrom: '2015-01-01' },
        { line: '9999990000', dutyRate: '10', validFrom: '2015-01-01' },
        { line: '0303890000', dutyRate: '1001', validFrom: '2015-13-01' },
        { line: '0303890000', dutyRate: '-1', validFrom: '2015-01-01' },
      ],
    });
    assert.deepEqual(problemsOf(input), [
      ['/lines/0/line', 'tariff_code'],
      ['/lines/1/line', 'hs_code_known'],
      ['/lines/2/dutyRate', 'rate_percent'],
      ['/lines/2/validFrom', 'date'],
      ['/lines/3/dutyRate', 'rate_percent'],
      // Checks across entries run too: lines 2 and 3 give 0303890000 twice.
      ['/lines/2/validFrom', 'no_overlap'],
    ]);
  });

  it('refuses an end date not after the start, and two entries of a line in force on the same day', () => {
    const input = aTariff({
      lines: [
        { line: '100630', dutyRate: '10', validFrom: '2015-01-01', validTo: '2015-01-01' },
        { line: '0303890000', dutyRate: '10', validFrom: '2015-01-01', validTo: '2026-06-01' },
        { line: '0303890000', dutyRate: '20', validFrom: '2026-05-01' },
      ],
    });
    const parsed = parseTariffDocument(input, refs);
    assert.ok(!parsed.ok);
    assert.deepEqual(
      parsed.error.map((p) => [p.path, p.code, p.params]),
      [
        ['/lines/0/validTo', 'date_range', { from: '2015-01-01' }],
        ['/lines/2/validFrom', 'no_overlap', { key: '0303890000', other: '/lines/1' }],
      ],
    );
    assert.match(describeExpected(parsed.error[1]!, 'fr'), /ne chevauche pas une autre entrée de 0303890000/);
  });

  it('requires exactly one rate source per tax and bases made of taxes computed before', () => {
    const input = aTariff({
      taxes: [
        {
          code: 'DD',
          name: { fr: 'DD', en: 'DD' },
          rate: '5',
          rateFrom: 'duty',
          base: ['customsValue'],
          order: 10,
          validFrom: '2015-01-01',
        },
        {
          code: 'RS',
          name: { fr: 'RS', en: 'RS' },
          base: ['customsValue'],
          order: 20,
          validFrom: '2015-01-01',
        },
        {
          code: 'TVA',
          name: { fr: 'TVA', en: 'VAT' },
          rate: '18',
          base: ['customsValue', 'DD', 'XYZ', 'TVA', 'cif'],
          order: 5,
          validFrom: '2015-01-01',
        },
      ],
    });
    assert.deepEqual(problemsOf(input), [
      // "cif" is no component name at all; the others are codes, but not of taxes computed before.
      ['/taxes/2/base/4', 'tax_base_known'],
      ['/taxes/0/rate', 'tax_rate_source'],
      ['/taxes/1/rate', 'tax_rate_source'],
      ['/taxes/2/base/1', 'tax_base_known'],
      ['/taxes/2/base/2', 'tax_base_known'],
      ['/taxes/2/base/3', 'tax_base_known'],
    ]);
  });

  it('lets a document base a tax on taxes already stored for the country', () => {
    const vatOnly = aTariff({
      lines: [],
      taxes: [
        {
          code: 'TVA',
          name: { fr: 'TVA', en: 'VAT' },
          rate: '20',
          base: ['customsValue', 'DD'],
          order: 90,
          validFrom: '2027-01-01',
        },
      ],
    });
    assert.deepEqual(problemsOf(vatOnly), [['/taxes/0/base/1', 'tax_base_known']]);
    const withStored = parseTariffDocument(vatOnly, { ...refs, storedTaxOrders: new Map([['DD', 10]]) });
    assert.ok(withStored.ok);
  });

  it('refuses a document without entries, an unknown format, a bad offset and unknown properties', () => {
    assert.deepEqual(problemsOf(aTariff({ lines: [], taxes: [] })), [['', 'tariff_entries']]);
    const problems = problemsOf({ ...aTariff(), format: 'other', utcOffset: 'GMT', rates: [] });
    assert.deepEqual(
      problems.sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
      [
        ['/format', 'one_of'],
        ['/rates', 'unknown_property'],
        ['/utcOffset', 'utc_offset'],
      ],
    );
  });

  it('checks scope prefixes against the nomenclature', () => {
    const input = withValue(aTariff(), '/taxes/1/exempt', ['1006', '9999']);
    assert.deepEqual(problemsOf(input), [['/taxes/1/exempt/1', 'hs_code_known']]);
  });
});
