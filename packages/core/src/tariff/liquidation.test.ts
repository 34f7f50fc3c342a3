import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aDeclaration } from '../testing/factories.ts';
import {
  effectiveRate,
  liquidate,
  viewTariffLine,
  type Liquidation,
  type LiquidationInput,
} from './liquidation.ts';
import type { Tariff, TariffLine, TaxRule } from './tariff-lookup.ts';

// Worked examples. Each tariff is written out here, with the arithmetic in comments, so that a
// reader can check every figure by hand. Amounts are rounded half-up to the currency's minor
// unit (XOF: none; GHS: 2 decimals) per item and per tax, and bases add rounded amounts.

const names = (code: string) => ({ fr: `Taxe ${code}`, en: `Tax ${code}` });

function tax(
  code: string,
  order: number,
  rate: string | { from: 'duty' | 'excise' },
  base: readonly string[],
  extra: Partial<TaxRule> = {},
): TaxRule {
  return {
    code,
    name: names(code),
    ...(typeof rate === 'string' ? { rate } : { rateFrom: rate.from }),
    base,
    order,
    validFrom: '2015-01-01',
    ...extra,
  };
}

function line(code: string, dutyRate: string, extra: Partial<TariffLine> = {}): TariffLine {
  return { line: code, dutyRate, validFrom: '2015-01-01', ...extra };
}

/** Côte d'Ivoire, as DOMAIN.md gives it: duty, statistical fee 1 %, PCS 0.8 %, AU levy 0.2 %, ECOWAS levy 0.5 %, VAT 18 %. */
const coteDIvoire: Tariff = {
  country: 'CI',
  currency: 'XOF',
  utcOffset: '+00:00',
  lines: [line('190531', '20'), line('100630', '10'), line('30', '5')],
  taxes: [
    tax('DD', 10, { from: 'duty' }, ['customsValue']),
    tax('RS', 20, '1', ['customsValue']),
    tax('PCS', 21, '0.8', ['customsValue']),
    tax('PUA', 22, '0.2', ['customsValue']),
    tax('PC', 23, '0.5', ['customsValue']),
    // UEMOA VAT directive: the import base is the customs value plus the duties and taxes of entry.
    tax('TVA', 90, '18', ['customsValue', 'DD', 'RS', 'PCS', 'PUA', 'PC'], { exempt: ['3004'] }),
  ],
};

const at = (iso: string) => ({ registeredAt: new Date(iso) });

function xofDeclaration(items: LiquidationInput['items']): LiquidationInput {
  return { invoice: { currency: 'XOF', exchangeRate: '1' }, items };
}

function taxesOf(liquidation: Liquidation, item = 0): Record<string, [string, string, string]> {
  const entries = liquidation.items[item]?.taxes.map(
    (t) => [t.code, [t.base, t.rate, t.amount]] as [string, [string, string, string]],
  );
  return Object.fromEntries(entries ?? []);
}

describe('liquidation: Côte d’Ivoire', () => {
  it('computes duty, the four levies on CIF and VAT on the duty-inclusive base', () => {
    const result = liquidate(
      xofDeclaration([{ tariffLine: '1905310000', customsValue: '10000000' }]),
      coteDIvoire,
      at('2026-03-01T08:00:00Z'),
    );
    assert.ok(result.ok);
    // Sweet biscuits, CET band 20 %, CIF 10,000,000 XOF:
    //   DD  20 % of 10,000,000 = 2,000,000
    //   RS   1 % of 10,000,000 =   100,000
    //   PCS 0.8 % of 10,000,000 =   80,000
    //   PUA 0.2 % of 10,000,000 =   20,000
    //   PC  0.5 % of 10,000,000 =   50,000
    //   TVA base 10,000,000 + 2,000,000 + 100,000 + 80,000 + 20,000 + 50,000 = 12,250,000
    //   TVA 18 % of 12,250,000 = 2,205,000
    //   total 2,000,000 + 250,000 + 2,205,000 = 4,455,000
    assert.deepEqual(taxesOf(result.value), {
      DD: ['10000000', '20', '2000000'],
      RS: ['10000000', '1', '100000'],
      PCS: ['10000000', '0.8', '80000'],
      PUA: ['10000000', '0.2', '20000'],
      PC: ['10000000', '0.5', '50000'],
      TVA: ['12250000', '18', '2205000'],
    });
    assert.equal(result.value.items[0]?.tariffEntry, '190531');
    assert.equal(result.value.total, '4455000');
    assert.equal(result.value.currency, 'XOF');
    assert.equal(result.value.tariffDate, '2026-03-01');
  });

  it('rounds each tax of each item half-up to the franc, and bases add the rounded amounts', () => {
    const result = liquidate(
      xofDeclaration([{ tariffLine: '1006300000', customsValue: '1234567' }]),
      coteDIvoire,
      at('2026-03-01T08:00:00Z'),
    );
    assert.ok(result.ok);
    // Rice, 10 %, CIF 1,234,567 XOF:
    //   DD  123,456.7   -> 123,457
    //   RS   12,345.67  ->  12,346
    //   PCS   9,876.536 ->   9,877
    //   PUA   2,469.134 ->   2,469
    //   PC    6,172.835 ->   6,173
    //   TVA base 1,234,567 + 123,457 + 12,346 + 9,877 + 2,469 + 6,173 = 1,388,889
    //   TVA 18 % = 250,000.02 -> 250,000
    //   total 123,457 + 12,346 + 9,877 + 2,469 + 6,173 + 250,000 = 404,322
    assert.deepEqual(taxesOf(result.value), {
      DD: ['1234567', '10', '123457'],
      RS: ['1234567', '1', '12346'],
      PCS: ['1234567', '0.8', '9877'],
      PUA: ['1234567', '0.2', '2469'],
      PC: ['1234567', '0.5', '6173'],
      TVA: ['1388889', '18', '250000'],
    });
    assert.equal(result.value.total, '404322');
  });

  it('sums per tax and per file over items, without rounding again', () => {
    const result = liquidate(
      xofDeclaration([
        { tariffLine: '1905310000', customsValue: '10000000' },
        { tariffLine: '1006300000', customsValue: '1234567' },
      ]),
      coteDIvoire,
      at('2026-03-01T08:00:00Z'),
    );
    assert.ok(result.ok);
    const totals = Object.fromEntries(result.value.totals.map((t) => [t.code, t.amount]));
    // 2,000,000 + 123,457; 2,205,000 + 250,000; 4,455,000 + 404,322
    assert.equal(totals['DD'], '2123457');
    assert.equal(totals['TVA'], '2455000');
    assert.deepEqual(
      result.value.totals.map((t) => t.code),
      ['DD', 'RS', 'PCS', 'PUA', 'PC', 'TVA'],
    );
    assert.equal(result.value.customsValueNational, '11234567');
    assert.equal(result.value.total, '4859322');
  });

  it('leaves out a tax whose scope exempts the line, and says so', () => {
    const result = liquidate(
      xofDeclaration([{ tariffLine: '3004900000', customsValue: '1000000' }]),
      coteDIvoire,
      at('2026-03-01T08:00:00Z'),
    );
    assert.ok(result.ok);
    // Medicines (chapter 30 default, 5 %), exempt from VAT: 50,000 + 10,000 + 8,000 + 2,000 + 5,000.
    assert.deepEqual(Object.keys(taxesOf(result.value)), ['DD', 'RS', 'PCS', 'PUA', 'PC']);
    assert.deepEqual(result.value.items[0]?.exempt, ['TVA']);
    assert.equal(result.value.total, '75000');
    assert.equal(result.value.items[0].tariffEntry, '30');
  });

  it('gives the effective rate of a line: total taxes per unit of customs value', () => {
    // 0.20 + 0.01 + 0.008 + 0.002 + 0.005 + 0.18 × 1.225 = 0.225 + 0.2205 = 0.4455
    assert.equal(effectiveRate(coteDIvoire, '1905310000', new Date('2026-03-01T00:00:00Z')), '0.4455');
    // 0.10 + 0.025 + 0.18 × 1.125 = 0.125 + 0.2025 = 0.3275
    assert.equal(effectiveRate(coteDIvoire, '1006300000', new Date('2026-03-01T00:00:00Z')), '0.3275');
    // Exempt from VAT: 0.05 + 0.025 = 0.075
    assert.equal(effectiveRate(coteDIvoire, '3004900000', new Date('2026-03-01T00:00:00Z')), '0.075');
    assert.equal(effectiveRate(coteDIvoire, '8703231900', new Date('2026-03-01T00:00:00Z')), undefined);
  });
});

/** Ghana, with the 2018 change (VAT Amendment Act 2018, Act 970) and the 2023 VAT rate. */
const ghana: Tariff = {
  country: 'GH',
  currency: 'GHS',
  utcOffset: '+00:00',
  lines: [line('190531', '20'), line('2402200000', '20', { exciseRate: '50' })],
  taxes: [
    tax('ID', 10, { from: 'duty' }, ['customsValue']),
    tax('EXCISE', 20, { from: 'excise' }, ['customsValue']),
    tax('ECOWAS', 30, '0.5', ['customsValue']),
    tax('AUL', 31, '0.2', ['customsValue']),
    // Before June 2018: NHIL, GETFund and VAT each on CIF + duty + excise + levies.
    tax('NHIL', 40, '2.5', ['customsValue', 'ID', 'EXCISE', 'ECOWAS', 'AUL']),
    tax('GETFUND', 41, '2.5', ['customsValue', 'ID', 'EXCISE', 'ECOWAS', 'AUL']),
    tax('VAT', 90, '12.5', ['customsValue', 'ID', 'EXCISE', 'ECOWAS', 'AUL'], { validTo: '2018-06-01' }),
    // From June 2018 VAT is on the value including NHIL and GETFund; 15 % from 2023.
    tax('VAT', 90, '12.5', ['customsValue', 'ID', 'EXCISE', 'ECOWAS', 'AUL', 'NHIL', 'GETFUND'], {
      validFrom: '2018-06-01',
      validTo: '2023-01-01',
    }),
    tax('VAT', 90, '15', ['customsValue', 'ID', 'EXCISE', 'ECOWAS', 'AUL', 'NHIL', 'GETFUND'], {
      validFrom: '2023-01-01',
    }),
  ],
};

const usdDeclaration: LiquidationInput = {
  invoice: { currency: 'USD', exchangeRate: '15.25' },
  items: [
    { tariffLine: '1905310000', customsValue: '8000.00' },
    { tariffLine: '2402200000', customsValue: '2000.00' },
  ],
};

describe('liquidation: Ghana', () => {
  it('converts a USD invoice into cedis and computes NHIL, GETFund and VAT on their own bases', () => {
    const result = liquidate(usdDeclaration, ghana, at('2026-02-10T09:00:00Z'));
    assert.ok(result.ok);
    // Item 1, biscuits: CIF 8,000.00 USD × 15.25 = 122,000.00 GHS
    //   ID 20 % = 24,400.00; no excise rate on this line, so no EXCISE
    //   ECOWAS 0.5 % = 610.00; AUL 0.2 % = 244.00
    //   NHIL base 122,000 + 24,400 + 610 + 244 = 147,254.00; 2.5 % = 3,681.35; GETFUND the same
    //   VAT base 147,254.00 + 3,681.35 + 3,681.35 = 154,616.70; 15 % = 23,192.505 -> 23,192.51
    //   total 24,400 + 610 + 244 + 3,681.35 × 2 + 23,192.51 = 55,809.21
    assert.deepEqual(taxesOf(result.value, 0), {
      ID: ['122000.00', '20', '24400.00'],
      ECOWAS: ['122000.00', '0.5', '610.00'],
      AUL: ['122000.00', '0.2', '244.00'],
      NHIL: ['147254.00', '2.5', '3681.35'],
      GETFUND: ['147254.00', '2.5', '3681.35'],
      VAT: ['154616.70', '15', '23192.51'],
    });
    assert.equal(result.value.items[0]?.total, '55809.21');
    // Item 2, cigarettes: CIF 2,000.00 × 15.25 = 30,500.00; ID 6,100.00; EXCISE 50 % = 15,250.00
    //   ECOWAS 152.50; AUL 61.00; NHIL base 52,063.50, 2.5 % = 1,301.5875 -> 1,301.59 (GETFUND too)
    //   VAT base 52,063.50 + 2,603.18 = 54,666.68; 15 % = 8,200.002 -> 8,200.00
    //   total 6,100 + 15,250 + 152.50 + 61 + 2,603.18 + 8,200 = 32,366.68
    assert.deepEqual(taxesOf(result.value, 1)['EXCISE'], ['30500.00', '50', '15250.00']);
    assert.deepEqual(taxesOf(result.value, 1)['NHIL'], ['52063.50', '2.5', '1301.59']);
    assert.deepEqual(taxesOf(result.value, 1)['VAT'], ['54666.68', '15', '8200.00']);
    assert.equal(result.value.items[1]?.total, '32366.68');
    assert.equal(result.value.total, '88175.89');
    assert.equal(result.value.customsValueNational, '152500.00');
  });

  it('takes the rates in force on the registration date: a later change never touches an earlier file', () => {
    const vatOf = (iso: string) => {
      const result = liquidate(usdDeclaration, ghana, at(iso));
      assert.ok(result.ok);
      return taxesOf(result.value, 0)['VAT'];
    };
    // Registered the day before Act 970: VAT 12.5 % of 147,254.00 = 18,406.75 (same base as NHIL).
    assert.deepEqual(vatOf('2018-05-31T23:59:59Z'), ['147254.00', '12.5', '18406.75']);
    // From 1 June 2018: 12.5 % of 154,616.70 = 19,327.0875 -> 19,327.09.
    assert.deepEqual(vatOf('2018-06-01T00:00:00Z'), ['154616.70', '12.5', '19327.09']);
    assert.deepEqual(vatOf('2022-12-31T18:00:00Z'), ['154616.70', '12.5', '19327.09']);
    // From 1 January 2023: 15 %.
    assert.deepEqual(vatOf('2023-01-01T00:00:00Z'), ['154616.70', '15', '23192.51']);
  });

  it('gives the effective rate with the chained bases of the date', () => {
    // 0.20 + 0.005 + 0.002 = 0.207; NHIL, GETFund 0.025 × 1.207 = 0.030175 each;
    // VAT 0.15 × (1.207 + 0.06035) = 0.1901025; total 0.207 + 0.06035 + 0.1901025 = 0.4574525 -> 0.457453
    assert.equal(effectiveRate(ghana, '1905310000', new Date('2026-01-01T00:00:00Z')), '0.457453');
    // Before June 2018: 0.207 + 0.06035 + 0.125 × 1.207 = 0.418225
    assert.equal(effectiveRate(ghana, '1905310000', new Date('2018-01-01T00:00:00Z')), '0.418225');
  });
});

/** Senegal: an EUR invoice converted at the fixed parity, VAT 18 % on the duty-inclusive base. */
const senegal: Tariff = {
  country: 'SN',
  currency: 'XOF',
  utcOffset: '+00:00',
  lines: [line('030389', '10'), line('0303891000', '5')],
  taxes: [
    tax('DD', 10, { from: 'duty' }, ['customsValue']),
    tax('RS', 20, '1', ['customsValue']),
    tax('PCS', 21, '0.8', ['customsValue']),
    tax('TVA', 90, '18', ['customsValue', 'DD', 'RS', 'PCS']),
  ],
};

describe('liquidation: Senegal', () => {
  const declaration = aDeclaration() as LiquidationInput; // frozen fish, 12,500.50 EUR at 655.957

  it('converts the EUR invoice at 655.957 and computes VAT 18 %', () => {
    const result = liquidate(declaration, senegal, at('2026-03-01T08:00:00Z'));
    assert.ok(result.ok);
    // CIF 12,500.50 EUR × 655.957 = 8,199,790.4785 -> 8,199,790 XOF
    //   DD 10 % = 819,979; RS 1 % = 81,997.90 -> 81,998; PCS 0.8 % = 65,598.32 -> 65,598
    //   TVA base 8,199,790 + 819,979 + 81,998 + 65,598 = 9,167,365; 18 % = 1,650,125.70 -> 1,650,126
    //   total 819,979 + 81,998 + 65,598 + 1,650,126 = 2,617,701
    const item = result.value.items[0];
    assert.equal(item?.customsValue, '12500.50');
    assert.equal(item.customsValueNational, '8199790');
    assert.equal(item.tariffEntry, '030389');
    assert.deepEqual(taxesOf(result.value), {
      DD: ['8199790', '10', '819979'],
      RS: ['8199790', '1', '81998'],
      PCS: ['8199790', '0.8', '65598'],
      TVA: ['9167365', '18', '1650126'],
    });
    assert.equal(result.value.total, '2617701');
    assert.equal(result.value.invoiceCurrency, 'EUR');
    assert.equal(result.value.exchangeRate, '655.957');
  });

  it('takes the exact national line before the longest listed prefix', () => {
    const exact = liquidate(
      { ...declaration, items: [{ tariffLine: '0303891000', customsValue: '1000' }] },
      senegal,
      at('2026-03-01T08:00:00Z'),
    );
    assert.ok(exact.ok);
    assert.equal(exact.value.items[0]?.tariffEntry, '0303891000');
    // 1,000 EUR = 655,957 XOF; DD 5 % = 32,797.85 -> 32,798
    assert.deepEqual(taxesOf(exact.value)['DD'], ['655957', '5', '32798']);
  });

  it('stays exact on large values, far beyond binary floating point', () => {
    const result = liquidate(
      {
        invoice: { currency: 'EUR', exchangeRate: '655.957' },
        items: [{ tariffLine: '0303890000', customsValue: '999999999999999.99' }],
      },
      senegal,
      at('2026-03-01T08:00:00Z'),
    );
    assert.ok(result.ok);
    // 999,999,999,999,999.99 × 655.957 = 655,956,999,999,999,993.44043 -> 655,956,999,999,999,993
    assert.equal(result.value.items[0]?.customsValueNational, '655956999999999993');
    // DD 10 % = 65,595,699,999,999,999.3 -> 65,595,699,999,999,999
    assert.equal(taxesOf(result.value)['DD']?.[2], '65595699999999999');
  });
});

describe('liquidation: effective dates, problems and provenance', () => {
  const changing: Tariff = {
    ...senegal,
    lines: [
      line('030389', '10', { validTo: '2026-04-01' }),
      line('030389', '20', { validFrom: '2026-04-01' }),
    ],
  };
  const item = { tariffLine: '0303890000', customsValue: '1000000' };

  it('applies a duty change from its first day, never before', () => {
    const dutyOn = (iso: string) => {
      const result = liquidate(xofDeclaration([item]), changing, at(iso));
      assert.ok(result.ok);
      return taxesOf(result.value)['DD'];
    };
    assert.deepEqual(dutyOn('2026-03-31T23:59:59Z'), ['1000000', '10', '100000']);
    assert.deepEqual(dutyOn('2026-04-01T00:00:00Z'), ['1000000', '20', '200000']);
  });

  it('reads the registration date in the country’s legal time', () => {
    const lagos: Tariff = { ...changing, utcOffset: '+01:00' };
    // 23:30 UTC on 31 March is 00:30 on 1 April in Lagos: the new rate applies.
    const result = liquidate(xofDeclaration([item]), lagos, at('2026-03-31T23:30:00Z'));
    assert.ok(result.ok);
    assert.equal(result.value.tariffDate, '2026-04-01');
    assert.deepEqual(taxesOf(result.value)['DD'], ['1000000', '20', '200000']);
  });

  it('reports every item whose line has no entry in force, by item and line, and computes nothing', () => {
    const result = liquidate(
      xofDeclaration([
        item,
        { tariffLine: '8703231900', customsValue: '5' },
        { tariffLine: '1006300000', customsValue: '5' },
      ]),
      senegal,
      at('2026-03-01T08:00:00Z'),
    );
    assert.ok(!result.ok);
    assert.equal(result.error.code, 'TARIFF_LINE_NOT_IN_FORCE');
    assert.deepEqual(result.error.details, { count: 2, date: '2026-03-01', country: 'SN' });
    assert.deepEqual(result.error.problems, [
      {
        path: '/items/1/tariffLine',
        value: '8703231900',
        code: 'tariff_line_in_force',
        params: { item: 2, line: '8703231900', date: '2026-03-01', country: 'SN' },
      },
      {
        path: '/items/2/tariffLine',
        value: '1006300000',
        code: 'tariff_line_in_force',
        params: { item: 3, line: '1006300000', date: '2026-03-01', country: 'SN' },
      },
    ]);
  });

  it('says when a line exists only outside the date', () => {
    const late: Tariff = { ...senegal, lines: [line('030389', '10', { validFrom: '2026-06-01' })] };
    const result = liquidate(xofDeclaration([item]), late, at('2026-03-01T08:00:00Z'));
    assert.ok(!result.ok);
    assert.equal(result.error.code, 'TARIFF_LINE_NOT_IN_FORCE');
  });

  it('refuses to liquidate when no tax is in force', () => {
    const empty: Tariff = {
      ...senegal,
      taxes: senegal.taxes.map((t) => ({ ...t, validFrom: '2030-01-01' })),
    };
    const result = liquidate(xofDeclaration([item]), empty, at('2026-03-01T08:00:00Z'));
    assert.ok(!result.ok);
    assert.equal(result.error.code, 'TARIFF_NOT_LOADED');
    assert.equal(effectiveRate(empty, '0303890000', new Date('2026-03-01T00:00:00Z')), undefined);
  });

  it('applies a tax only to the lines of its scope, and counts an absent component as zero', () => {
    const scoped: Tariff = {
      ...senegal,
      lines: [...senegal.lines, line('2402', '20', { exciseRate: '40' })],
      taxes: [
        ...senegal.taxes.filter((t) => t.code !== 'TVA'),
        tax('PROT', 30, '5', ['customsValue'], { appliesTo: ['0303', '1006'], exempt: ['03038910'] }),
        tax('EXCISE', 40, { from: 'excise' }, ['customsValue', 'DD']),
        tax('TVA', 90, '18', ['customsValue', 'DD', 'RS', 'PCS', 'PROT', 'EXCISE']),
      ],
    };
    const result = liquidate(
      xofDeclaration([
        item,
        { tariffLine: '0303891000', customsValue: '1000000' },
        { tariffLine: '2402200000', customsValue: '1000000' },
      ]),
      scoped,
      at('2026-03-01T08:00:00Z'),
    );
    assert.ok(result.ok);
    // Item 1: PROT applies (0303...); no excise rate on the line: no EXCISE row.
    //   TVA base 1,000,000 + 100,000 + 10,000 + 8,000 + 50,000 = 1,168,000; 18 % = 210,240
    assert.deepEqual(Object.keys(taxesOf(result.value, 0)), ['DD', 'RS', 'PCS', 'PROT', 'TVA']);
    assert.deepEqual(taxesOf(result.value, 0)['TVA'], ['1168000', '18', '210240']);
    // Item 2: the national line 0303891000 is exempt from PROT.
    assert.deepEqual(Object.keys(taxesOf(result.value, 1)), ['DD', 'RS', 'PCS', 'TVA']);
    assert.deepEqual(result.value.items[1]?.exempt, ['PROT']);
    // Item 3: PROT does not cover chapter 24 (out of scope, not exempt); excise 40 % of CIF + duty
    //   = 40 % of 1,200,000 = 480,000; TVA base 1,000,000 + 200,000 + 10,000 + 8,000 + 480,000 = 1,698,000
    assert.deepEqual(taxesOf(result.value, 2)['EXCISE'], ['1200000', '40', '480000']);
    assert.deepEqual(taxesOf(result.value, 2)['TVA'], ['1698000', '18', '305640']);
    assert.deepEqual(result.value.items[2]?.exempt, []);
  });

  it('refuses a base that names a tax computed after it', () => {
    const wrong: Tariff = {
      ...senegal,
      taxes: [
        ...senegal.taxes,
        tax('RS', 20, '1', ['customsValue', 'TVA'], { validFrom: '2026-01-01' }),
      ].filter((t) => !(t.code === 'RS' && t.validFrom === '2015-01-01')),
    };
    const result = liquidate(xofDeclaration([item]), wrong, at('2026-03-01T08:00:00Z'));
    assert.ok(!result.ok);
    assert.equal(result.error.code, 'TARIFF_INCONSISTENT');
    assert.equal(result.error.details?.['tax'], 'RS');
    assert.equal(result.error.details['component'], 'TVA');
  });

  it('marks a liquidation computed with example rates', () => {
    const examples: Tariff = { ...senegal, taxes: senegal.taxes.map((t) => ({ ...t, example: true })) };
    const marked = liquidate(xofDeclaration([item]), examples, at('2026-03-01T08:00:00Z'));
    const plain = liquidate(xofDeclaration([item]), senegal, at('2026-03-01T08:00:00Z'));
    assert.ok(marked.ok && plain.ok);
    assert.equal(marked.value.example, true);
    assert.equal(plain.value.example, false);
  });

  it('shows what is in force for a line: the entry, each tax with its rate, the exemptions', () => {
    const view = viewTariffLine(coteDIvoire, '3004900000', new Date('2026-03-01T12:00:00Z'));
    assert.ok(view);
    assert.equal(view.entry.line, '30');
    assert.deepEqual(
      view.taxes.map((t) => [t.code, t.rate]),
      [
        ['DD', '5'],
        ['RS', '1'],
        ['PCS', '0.8'],
        ['PUA', '0.2'],
        ['PC', '0.5'],
      ],
    );
    assert.deepEqual(view.exempt, ['TVA']);
    assert.equal(view.effectiveRate, '0.075');
    assert.equal(viewTariffLine(coteDIvoire, '8703231900', new Date('2026-03-01T12:00:00Z')), undefined);
  });
});
