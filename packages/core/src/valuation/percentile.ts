/**
 * Sample quantiles of exact decimals: the percentile definition of the valuation bands.
 *
 * Definition 7 of Hyndman and Fan, "Sample quantiles in statistical packages" (The American
 * Statistician 50(4), 1996): linear interpolation between the order statistics, with
 * h = (n − 1)·p, Q(p) = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋ + 1] − x[⌊h⌋]) on the sorted sample x[0..n−1].
 * It is the default of R's `quantile()`, NumPy's `percentile()` and spreadsheets' PERCENTILE.INC,
 * so an officer can reproduce any band with the tools at hand. Arithmetic is exact (decimal.js).
 */
import type { Decimal } from 'decimal.js';
import { ExactDecimal } from './exact-decimal.ts';

/**
 * The p-quantile (0 ≤ p ≤ 1) of a sample sorted in ascending order, Hyndman–Fan type 7.
 * Exact: no rounding happens here. Throws a RangeError on an empty sample or p outside [0, 1]
 * (a programming error, never bad input).
 * @example percentile([1, 2, ..., 10].map(d), 0.1) // 1.9, as R's quantile(1:10, 0.1)
 */
export function percentile(sorted: readonly Decimal[], p: Decimal.Value): Decimal {
  const probability = new ExactDecimal(p);
  if (sorted.length === 0) throw new RangeError('percentile of an empty sample');
  if (probability.isNaN() || probability.lessThan(0) || probability.greaterThan(1)) {
    throw new RangeError(`percentile: p must lie in [0, 1], got ${probability.toString()}`);
  }
  const h = probability.times(sorted.length - 1);
  const index = h.floor().toNumber();
  const lower = sorted[index];
  if (lower === undefined) throw new RangeError('percentile: index out of the sample');
  const upper = sorted[index + 1];
  const fraction = h.minus(index);
  if (upper === undefined || fraction.isZero()) return new ExactDecimal(lower);
  return new ExactDecimal(lower).plus(fraction.times(new ExactDecimal(upper).minus(lower)));
}

/** A sorted copy of decimals, ascending (exact comparison). */
export function sortDecimals(values: readonly Decimal.Value[]): Decimal[] {
  return values.map((value) => new ExactDecimal(value)).sort((a, b) => a.comparedTo(b));
}
