import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seededRandom } from '../selectivity/seeded-random.ts';
import {
  assessItemValue,
  belowP10PercentOf,
  totalRevenueAtRisk,
  type DeclaredItemValue,
} from './valuation-indicator.ts';
import {
  cellKey,
  defaultValuationPolicy,
  type ValuationBand,
  type ValuationPolicy,
} from './valuation-bands.ts';

const riceBand: ValuationBand = {
  level: 'line_origin',
  code: '1006300000',
  origin: 'TH',
  unit: 'KG',
  sampleSize: 40,
  trimmed: 1,
  p10: '80',
  median: '100',
  p90: '130',
};
const carBand: ValuationBand = {
  level: 'hs6',
  code: '870323',
  origin: null,
  unit: 'U',
  sampleSize: 25,
  trimmed: 0,
  p10: '3000000',
  median: '4000000',
  p90: '5500000',
};
const bands = new Map([riceBand, carBand].map((band) => [cellKey(band), band]));

const rice = (customsValue: string, overrides: Partial<DeclaredItemValue> = {}): DeclaredItemValue => ({
  tariffLine: '1006300000',
  origin: 'TH',
  customsValue,
  netMass: '1000',
  ...overrides,
});

const assess = (
  item: DeclaredItemValue,
  options: { rate?: string | undefined; exchangeRate?: string; policy?: Partial<ValuationPolicy> } = {},
) =>
  assessItemValue(item, {
    exchangeRate: options.exchangeRate ?? '1',
    bandOf: (cell) => bands.get(cellKey(cell)),
    effectiveRate: 'rate' in options ? options.rate : '0.4521',
    policy: { ...defaultValuationPolicy, ...options.policy },
  });

describe('valuation indicator', () => {
  it('says how far below P10 and the median, and the revenue at risk at the median', () => {
    const indicator = assess(rice('50000'));
    assert.equal(indicator.band?.level, 'line_origin');
    assert.equal(indicator.unitValue, '50');
    assert.equal(indicator.belowP10Percent, '37.5'); // (80 − 50) / 80
    assert.equal(indicator.belowMedianPercent, '50'); // (100 − 50) / 100
    // (100 × 1000 − 50000) × 0.4521 = 22605
    assert.equal(indicator.revenueAtRisk, '22605');
    assert.equal(indicator.effectiveRate, '0.4521');
    assert.equal(indicator.flagged, true);
  });

  it('converts the invoice currency with the exchange rate before comparing', () => {
    // 100 EUR × 655.957 = 65595.7 XOF for 1000 kg: 65.5957 XOF/kg, below P10 = 80.
    const indicator = assess(rice('100'), { exchangeRate: '655.957', rate: '0.1' });
    assert.equal(indicator.declaredValue, '65595.7');
    assert.equal(indicator.unitValue, '65.5957');
    assert.equal(indicator.belowP10Percent, '18.01'); // (80000 − 65595.7) / 80000 = 18.005375 %
    assert.equal(indicator.revenueAtRisk, '3440.43'); // (100000 − 65595.7) × 0.1
  });

  it('reports no revenue at risk above the median, and negative gaps when above', () => {
    const indicator = assess(rice('120000'));
    assert.equal(indicator.revenueAtRisk, '0');
    assert.equal(indicator.belowMedianPercent, '-20');
    assert.equal(indicator.belowP10Percent, '-50');
    assert.equal(indicator.flagged, false);
  });

  it('reports an unknown rate as unknown revenue at risk, never as 0', () => {
    assert.equal(assess(rice('50000'), { rate: undefined }).revenueAtRisk, null);
    assert.equal(assess(rice('50000'), { rate: undefined }).effectiveRate, null);
    // Not below the median: nothing is at risk, whatever the rate.
    assert.equal(assess(rice('100000'), { rate: undefined }).revenueAtRisk, '0');
  });

  it('does not flag a value exactly at P10, and compares exactly (no rounding of the unit value)', () => {
    assert.equal(assess(rice('80000')).flagged, false);
    // 79999.99 / 1000 = 79.99999 per kg: below P10 by one hundredth of a franc in total.
    assert.equal(assess(rice('79999.99')).flagged, true);
    // 1,000 t at 79,999,999.99: 79.99999999 per kg, shown rounded as 80, yet below P10 × quantity.
    const bulk = assess(rice('79999999.99', { netMass: '1000000' }));
    assert.equal(bulk.unitValue, '80');
    assert.equal(bulk.flagged, true);
  });

  it('applies the flag margin below P10', () => {
    // 70 per kg is 12.5 % below P10: flagged with no margin, not with a 20 % margin.
    assert.equal(assess(rice('70000')).flagged, true);
    assert.equal(assess(rice('70000'), { policy: { flagMarginPercent: '20' } }).flagged, false);
    assert.equal(assess(rice('60000'), { policy: { flagMarginPercent: '20' } }).flagged, true);
  });

  it('counts supplementary units, falling back to the wider cell', () => {
    const car = assess(
      {
        tariffLine: '8703231900',
        origin: 'BE',
        customsValue: '4000',
        netMass: '2900',
        supplementaryQuantity: '2',
        supplementaryUnit: 'U',
      },
      { exchangeRate: '655.957', rate: '0.5' },
    );
    assert.equal(car.band?.level, 'hs6');
    assert.equal(car.unit, 'U');
    assert.equal(car.unitValue, '1311914'); // 4000 × 655.957 / 2
    assert.equal(car.flagged, true);
    // (4000000 × 2 − 2623828) × 0.5
    assert.equal(car.revenueAtRisk, '2688086');
  });

  it('has no indicator when no cell of the item has a band', () => {
    const indicator = assess(rice('50000', { origin: 'VN' }));
    assert.deepEqual(
      {
        band: indicator.band,
        belowP10Percent: indicator.belowP10Percent,
        belowMedianPercent: indicator.belowMedianPercent,
        revenueAtRisk: indicator.revenueAtRisk,
        flagged: indicator.flagged,
      },
      { band: null, belowP10Percent: null, belowMedianPercent: null, revenueAtRisk: null, flagged: false },
    );
    assert.equal(indicator.unitValue, '50');
  });

  it('sums a declaration revenue at risk, unknown when one item with a band is unknown', () => {
    const flagged = assess(rice('50000'));
    const above = assess(rice('150000'));
    const noBand = assess(rice('50000', { origin: 'VN' }));
    const unknown = assess(rice('50000'), { rate: undefined });
    assert.equal(totalRevenueAtRisk([flagged, above, noBand, flagged]), '45210');
    assert.equal(totalRevenueAtRisk([flagged, unknown]), null);
    assert.equal(totalRevenueAtRisk([noBand]), '0');
  });

  it('gives selectivity the same percentage below P10 as the whole indicator, or none without a band', () => {
    const random = seededRandom('below-p10');
    const decimal = (max: number, places: number) =>
      (random() * max + 10 ** -places).toFixed(places).replace(/\.?0+$/, '');
    for (let index = 0; index < 2_000; index += 1) {
      const car = random() < 0.5;
      const item: DeclaredItemValue = {
        tariffLine: car ? '8703231900' : '1006300000',
        origin: random() < 0.9 ? (car ? 'JP' : 'TH') : 'VN',
        customsValue: decimal(car ? 20_000 : 200_000, 2),
        netMass: decimal(5_000, 3),
        ...(car ? { supplementaryQuantity: decimal(5, 0), supplementaryUnit: 'U' } : {}),
      };
      const exchangeRate = random() < 0.5 ? '1' : '655.957';
      const whole = assess(item, { exchangeRate }).belowP10Percent;
      const alone = belowP10PercentOf(item, { exchangeRate, bandOf: (cell) => bands.get(cellKey(cell)) });
      assert.equal(alone, whole, JSON.stringify({ item, exchangeRate }));
    }
    assert.equal(
      belowP10PercentOf(rice('50000', { origin: 'VN' }), {
        exchangeRate: '1',
        bandOf: (cell) => bands.get(cellKey(cell)),
      }),
      null,
    );
    assert.equal(
      belowP10PercentOf(rice('100'), { exchangeRate: '655.957', bandOf: (cell) => bands.get(cellKey(cell)) }),
      '18.01',
    );
  });
});
