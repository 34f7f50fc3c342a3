import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { percentile, sortDecimals } from './percentile.ts';

const q = (values: readonly (string | number)[], p: string) => percentile(sortDecimals(values), p).toFixed();
const oneToTen = [10, 3, 1, 7, 2, 9, 4, 8, 6, 5];

describe('percentile (Hyndman–Fan type 7)', () => {
  it('matches R quantile(1:10, c(0.1, 0.25, 0.5, 0.75, 0.9))', () => {
    // R 4.x: 1.90 3.25 5.50 7.75 9.10
    assert.deepEqual(
      ['0.1', '0.25', '0.5', '0.75', '0.9'].map((p) => q(oneToTen, p)),
      ['1.9', '3.25', '5.5', '7.75', '9.1'],
    );
  });

  it('matches NumPy percentile([15, 20, 35, 40, 50], [10, 40, 90]) (linear method)', () => {
    // numpy: 17.0, 29.0, 46.0
    assert.deepEqual(
      ['0.1', '0.4', '0.9'].map((p) => q([15, 20, 35, 40, 50], p)),
      ['17', '29', '46'],
    );
  });

  it('gives the minimum at 0, the maximum at 1 and the middle value of an odd sample at 0.5', () => {
    assert.equal(q(oneToTen, '0'), '1');
    assert.equal(q(oneToTen, '1'), '10');
    assert.equal(q([3, 1, 2], '0.5'), '2');
    assert.equal(q(['42.5'], '0.9'), '42.5');
  });

  it('is exact on decimals that binary floating point cannot hold', () => {
    // In floats, 0.1 + 0.9 * (0.2 - 0.1) = 0.19000000000000003.
    assert.equal(q(['0.1', '0.2'], '0.9'), '0.19');
    assert.equal(q(['1234567890123.123456', '1234567890123.123457'], '0.5'), '1234567890123.1234565');
  });

  it('refuses an empty sample and a probability outside [0, 1]', () => {
    assert.throws(() => percentile([], '0.5'), RangeError);
    assert.throws(() => q([1, 2], '1.5'), RangeError);
    assert.throws(() => q([1, 2], '-0.1'), RangeError);
  });
});
