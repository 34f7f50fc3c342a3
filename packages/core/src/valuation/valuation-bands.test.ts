import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  buildValuationBands,
  cellKey,
  cellsOf,
  checkValuationPolicy,
  computeBandStatistics,
  defaultValuationPolicy,
  selectBand,
  trimOutliers,
  type UnitValueObservation,
  type ValuationBand,
  type ValuationPolicy,
} from './valuation-bands.ts';
import { sortDecimals } from './percentile.ts';

const policy = (overrides: Partial<ValuationPolicy> = {}): ValuationPolicy => ({
  ...defaultValuationPolicy,
  minimumSample: 20,
  ...overrides,
});

/** n observations of one cell with the given unit values. */
const observations = (
  values: readonly (string | number)[],
  cell: Partial<Omit<UnitValueObservation, 'unitValue'>> = {},
): UnitValueObservation[] =>
  values.map((value) => ({
    tariffLine: '8703231900',
    origin: 'BE',
    unit: 'U',
    ...cell,
    unitValue: String(value),
  }));

const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

/**
 * A log-normal-looking sample without a random source: 1000·exp(0.3·z) at the normal scores
 * z of 40 evenly spaced probabilities, written with 6 decimals (test input only).
 */
function priceSample(): string[] {
  const scores = [
    -2.241, -1.86, -1.645, -1.483, -1.352, -1.242, -1.146, -1.06, -0.982, -0.91, -0.842, -0.779, -0.719,
    -0.662, -0.607, -0.553, -0.502, -0.452, -0.403, -0.355, -0.308, -0.262, -0.217, -0.172, -0.128, -0.084,
    -0.04, 0.004, 0.048, 0.092, 0.136, 0.18, 0.224, 0.27, 0.316, 0.363, 0.41, 0.459, 0.509, 0.56,
  ];
  return scores.map((z) => (1000 * Math.exp(0.3 * z)).toFixed(6));
}

describe('valuation cells', () => {
  it('lists the cells of an item in fallback order: line and origin, HS6 and origin, HS6', () => {
    const cells = cellsOf({ tariffLine: '8703231900', origin: 'BE', unit: 'U' });
    assert.deepEqual(cells.map(cellKey), [
      'line_origin|8703231900|BE|U',
      'hs6_origin|870323|BE|U',
      'hs6|870323|*|U',
    ]);
  });
});

describe('valuation bands', () => {
  it('computes P10, median and P90 with type 7 interpolation (R quantile(100:119, c(.1,.5,.9)))', () => {
    const [band, ...others] = buildValuationBands(observations(range(100, 20)), policy());
    assert.equal(others.length, 0, 'a single line and origin: no wider cell stored');
    assert.deepEqual(band, {
      level: 'line_origin',
      code: '8703231900',
      origin: 'BE',
      unit: 'U',
      sampleSize: 20,
      trimmed: 0,
      p10: '101.9',
      median: '109.5',
      p90: '117.1',
    });
  });

  it('rounds quantiles half-even to 6 decimal places', () => {
    const stats = computeBandStatistics(['1', '1.0000001', '1.0000003'], policy({ minimumSample: 3 }));
    // median 1.0000001 → 1.000000 (the digit after the 6th place is 1); P90 = 1.00000026 → 1.
    assert.equal(stats?.median, '1');
    assert.equal(stats.p90, '1');
  });

  it('keeps extreme values from moving the bands: they are trimmed before the quantiles', () => {
    const sample = priceSample();
    const clean = computeBandStatistics(sample, policy());
    const polluted = computeBandStatistics([...sample, '0.5', '3', '2500000', '90000000'], policy());
    assert.ok(clean && polluted);
    assert.equal(clean.trimmed, 0);
    assert.equal(polluted.trimmed, 4);
    assert.deepEqual(
      { p10: polluted.p10, median: polluted.median, p90: polluted.p90, n: polluted.sampleSize },
      { p10: clean.p10, median: clean.median, p90: clean.p90, n: clean.sampleSize },
    );
    // Without the fences (a huge factor) the same values do move P10 and P90.
    const untrimmed = computeBandStatistics(
      [...sample, '0.5', '3', '2500000', '90000000'],
      policy({ fenceFactor: '1000' }),
    );
    assert.ok(untrimmed);
    assert.notEqual(untrimmed.p10, clean.p10);
    assert.notEqual(untrimmed.p90, clean.p90);
  });

  it('trims on the logarithmic scale: half the usual price is as far as twice the usual', () => {
    // Q1 = 100, Q3 = 100·1.2 → fences 100/1.2^1.5 ≈ 76.07 and 120·1.2^1.5 ≈ 157.74.
    const sorted = sortDecimals([
      ...Array<string>(10).fill('100'),
      ...Array<string>(10).fill('120'),
      '76',
      '77',
      '157',
      '158',
    ]);
    const { kept, trimmed } = trimOutliers(sorted, '1.5');
    assert.equal(trimmed, 2);
    assert.equal(kept[0]?.toFixed(), '77');
    assert.equal(kept.at(-1)?.toFixed(), '157');
  });

  it('trims nothing when the quartiles are equal: there is no spread to measure', () => {
    const sorted = sortDecimals([...Array<string>(20).fill('500'), '1', '90000']);
    assert.equal(trimOutliers(sorted, '1.5').trimmed, 0);
  });

  it('gives a thin cell no band, and falls back to the HS6 and origin, then to the HS6 of any origin', () => {
    const data = [
      ...observations(range(100, 5), { tariffLine: '8703231900', origin: 'BE' }), // thin line
      ...observations(range(100, 18), { tariffLine: '8703239000', origin: 'BE' }), // 23 BE with the above
      ...observations(range(105, 3), { tariffLine: '8703231900', origin: 'JP' }), // thin origin
    ];
    const bands = buildValuationBands(data, policy());
    assert.deepEqual(
      bands.map((band) => `${cellKey(band)} n=${band.sampleSize}`),
      ['hs6_origin|870323|BE|U n=23', 'hs6|870323|*|U n=26'],
    );
    const index = new Map(bands.map((band) => [cellKey(band), band]));
    const lookup = (cell: Parameters<typeof cellKey>[0]) => index.get(cellKey(cell));
    assert.equal(
      selectBand({ tariffLine: '8703231900', origin: 'BE', unit: 'U' }, lookup)?.level,
      'hs6_origin',
    );
    assert.equal(selectBand({ tariffLine: '8703231900', origin: 'JP', unit: 'U' }, lookup)?.level, 'hs6');
    assert.equal(selectBand({ tariffLine: '8703231900', origin: 'BE', unit: 'KG' }, lookup), undefined);
    assert.equal(selectBand({ tariffLine: '1006300000', origin: 'TH', unit: 'KG' }, lookup), undefined);
  });

  it('serves an item from its narrowest cell that has a band', () => {
    const data = [
      ...observations(range(100, 20), { tariffLine: '8703231900', origin: 'BE' }),
      ...observations(range(300, 20), { tariffLine: '8703239000', origin: 'BE' }),
    ];
    const bands = buildValuationBands(data, policy());
    assert.deepEqual(bands.map(cellKey), [
      'line_origin|8703231900|BE|U',
      'line_origin|8703239000|BE|U',
      'hs6_origin|870323|BE|U',
    ]);
    const index = new Map(bands.map((band) => [cellKey(band), band]));
    const band = selectBand({ tariffLine: '8703239000', origin: 'BE', unit: 'U' }, (cell) =>
      index.get(cellKey(cell)),
    );
    assert.equal(band?.level, 'line_origin');
    assert.equal(band.median, '309.5');
  });

  it('never mixes units: kilograms and units are separate cells', () => {
    const data = [
      ...observations(range(100, 20), { unit: 'U' }),
      ...observations(range(5, 20), { unit: 'KG' }),
    ];
    const bands = buildValuationBands(data, policy());
    assert.deepEqual(
      bands.map((band: ValuationBand) => [band.unit, band.median]),
      [
        ['KG', '14.5'],
        ['U', '109.5'],
      ],
    );
  });

  it('gives no band at all without enough observations, and the same bands in any order', () => {
    assert.deepEqual(buildValuationBands([], policy()), []);
    assert.deepEqual(buildValuationBands(observations(range(1, 19)), policy()), []);
    const data = [
      ...observations(range(100, 25), { origin: 'BE' }),
      ...observations(range(150, 25), { origin: 'DE' }),
    ];
    assert.deepEqual(buildValuationBands([...data].reverse(), policy()), buildValuationBands(data, policy()));
  });

  it('refuses a policy it cannot apply', () => {
    assert.throws(() => checkValuationPolicy(policy({ minimumSample: 2 })), RangeError);
    assert.throws(() => checkValuationPolicy(policy({ minimumSample: 20.5 })), RangeError);
    assert.throws(() => checkValuationPolicy(policy({ fenceFactor: '0' })), RangeError);
    assert.throws(() => checkValuationPolicy(policy({ flagMarginPercent: '100' })), RangeError);
    assert.throws(() => buildValuationBands([], policy({ flagMarginPercent: '-1' })), RangeError);
  });
});
