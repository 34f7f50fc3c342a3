/**
 * Valuation reference bands: robust ranges of past unit values (P10, median, P90) per cell of
 * goods, the RISK INDICATOR of WCO guidance on valuation control. A band never sets a minimum
 * value, never replaces the declared value and no tax is computed from it: a price gap alone is
 * not proof, so every flag goes to an officer's decision (DOMAIN.md "Revenue").
 *
 * Cells, in the order the indicator falls back when a cell is thin:
 *   1. `line_origin`: the national tariff line (8 to 10 digits) and the origin;
 *   2. `hs6_origin`:  the HS 2022 subheading (first six digits) and the origin;
 *   3. `hs6`:         the HS subheading, any origin.
 * Each cell also has the unit its quantity counts (see unit-value.ts): kilograms are never
 * compared with units or litres. A cell gets a band only when at least `minimumSample`
 * observations remain after trimming; a wider cell pools more transactions of similar goods
 * (the WCO Valuation Agreement's "similar goods", art. 3, are the same idea) at the cost of
 * mixing national lines or origins.
 *
 * Outliers: the quantiles are robust by themselves, and each cell's sample is first trimmed
 * with Tukey's fences on the logarithmic scale (unit values are multiplicative: a price half
 * the usual is as far as one twice the usual). With Q1, Q3 the quartiles and k the fence
 * factor, a value is kept when Q1·(Q1/Q3)^k ≤ v ≤ Q3·(Q3/Q1)^k, i.e.
 * ln Q1 − k·(ln Q3 − ln Q1) ≤ ln v ≤ ln Q3 + k·(ln Q3 − ln Q1). When Q1 = Q3 the spread cannot be
 * measured and nothing is trimmed. Quantiles: Hyndman–Fan type 7 (percentile.ts), rounded
 * half-even to 6 decimal places.
 */
import type { Decimal } from 'decimal.js';
import { ExactDecimal, unitValueScale } from './exact-decimal.ts';
import { percentile, sortDecimals } from './percentile.ts';

/** The cell levels, in fallback order: the narrowest first. */
export const cellLevels = ['line_origin', 'hs6_origin', 'hs6'] as const;
export type CellLevel = (typeof cellLevels)[number];

export interface ValuationCell {
  readonly level: CellLevel;
  /** The national tariff line at level `line_origin`, the HS subheading at the other levels. */
  readonly code: string;
  /** ISO 3166-1 country of origin; null at level `hs6` (any origin). */
  readonly origin: string | null;
  /** The unit of the quantity: a supplementary unit, or 'KG'. */
  readonly unit: string;
}

export interface BandStatistics {
  /** Observations the quantiles were computed from, after trimming. */
  readonly sampleSize: number;
  /** Observations set aside by the fences. */
  readonly trimmed: number;
  /** Quantiles of the unit value, national currency per unit. */
  readonly p10: string;
  readonly median: string;
  readonly p90: string;
}

export interface ValuationBand extends ValuationCell, BandStatistics {}

/** One past item: its goods, origin, unit and unit value (national currency per unit). */
export interface UnitValueObservation {
  readonly tariffLine: string;
  readonly origin: string;
  readonly unit: string;
  readonly unitValue: string;
}

export interface ValuationPolicy {
  /** Fewest observations (after trimming) a cell needs for a band; a whole number ≥ 3. */
  readonly minimumSample: number;
  /** k of the logarithmic Tukey fences; 1.5 is Tukey's "outside", 3 his "far out". */
  readonly fenceFactor: string;
  /**
   * How far below P10, in percent of P10, a declared value must lie to be flagged: 0 flags any
   * value below P10; 20 flags values below 0.8·P10.
   */
  readonly flagMarginPercent: string;
}

/**
 * Defaults sized on the demo administration (about 2,000 declarations over 90 days, some 80
 * goods): 20 observations give every common line-and-origin cell a band, and the fallback
 * covers rarer origins. Officers see P10 as the flag threshold (margin 0).
 */
export const defaultValuationPolicy: ValuationPolicy = Object.freeze({
  minimumSample: 20,
  fenceFactor: '1.5',
  flagMarginPercent: '0',
});

/**
 * Checks a policy; throws a RangeError naming the bad setting (a configuration error, caught
 * at start-up by the configuration's own checks).
 */
export function checkValuationPolicy(policy: ValuationPolicy): ValuationPolicy {
  if (!Number.isInteger(policy.minimumSample) || policy.minimumSample < 3) {
    throw new RangeError(`minimumSample must be a whole number of at least 3, got ${policy.minimumSample}`);
  }
  const k = new ExactDecimal(policy.fenceFactor);
  if (!k.isFinite() || !k.greaterThan(0)) {
    throw new RangeError(`fenceFactor must be greater than 0, got ${policy.fenceFactor}`);
  }
  const margin = new ExactDecimal(policy.flagMarginPercent);
  if (!margin.isFinite() || margin.lessThan(0) || !margin.lessThan(100)) {
    throw new RangeError(`flagMarginPercent must lie in [0, 100), got ${policy.flagMarginPercent}`);
  }
  return policy;
}

/**
 * The cells an item belongs to, in fallback order (line and origin, HS6 and origin, HS6).
 * @example cellsOf({ tariffLine: '8703231900', origin: 'BE', unit: 'U' })
 *   // line_origin 8703231900/BE/U, hs6_origin 870323/BE/U, hs6 870323/*\/U
 */
export function cellsOf(item: {
  readonly tariffLine: string;
  readonly origin: string;
  readonly unit: string;
}): readonly ValuationCell[] {
  const hs6 = item.tariffLine.slice(0, 6);
  return [
    { level: 'line_origin', code: item.tariffLine, origin: item.origin, unit: item.unit },
    { level: 'hs6_origin', code: hs6, origin: item.origin, unit: item.unit },
    { level: 'hs6', code: hs6, origin: null, unit: item.unit },
  ];
}

/** A stable text key of a cell, for maps. */
export function cellKey(cell: ValuationCell): string {
  return `${cell.level}|${cell.code}|${cell.origin ?? '*'}|${cell.unit}`;
}

/**
 * Splits a sorted sample into what lies inside the logarithmic Tukey fences and the count
 * outside. Positive values only (unit values are). Returns the sample unchanged when it has
 * fewer than 4 values or no spread (Q1 = Q3).
 */
export function trimOutliers(
  sorted: readonly Decimal[],
  fenceFactor: Decimal.Value,
): { readonly kept: readonly Decimal[]; readonly trimmed: number } {
  if (sorted.length < 4) return { kept: sorted, trimmed: 0 };
  const q1 = percentile(sorted, '0.25');
  const q3 = percentile(sorted, '0.75');
  if (!q1.greaterThan(0) || q1.equals(q3)) return { kept: sorted, trimmed: 0 };
  const spread = q3.dividedBy(q1).pow(fenceFactor);
  const lower = q1.dividedBy(spread);
  const upper = q3.times(spread);
  const kept = sorted.filter((value) => value.greaterThanOrEqualTo(lower) && value.lessThanOrEqualTo(upper));
  return { kept, trimmed: sorted.length - kept.length };
}

/**
 * The band of one cell's sample: trimmed, then P10, median and P90 (type 7, 6 decimal places).
 * Undefined when fewer than `policy.minimumSample` values remain: a thin cell has no band.
 */
export function computeBandStatistics(
  unitValues: readonly string[],
  policy: ValuationPolicy,
): BandStatistics | undefined {
  const { kept, trimmed } = trimOutliers(sortDecimals(unitValues), policy.fenceFactor);
  if (kept.length < policy.minimumSample || kept.length === 0) return undefined;
  const at = (p: string) => percentile(kept, p).toDecimalPlaces(unitValueScale).toFixed();
  return { sampleSize: kept.length, trimmed, p10: at('0.1'), median: at('0.5'), p90: at('0.9') };
}

/**
 * The bands of every cell, at every level, that has enough observations. Pure and
 * deterministic: the same observations in any order give the same bands, sorted by level
 * (fallback order), code, origin and unit. A wider cell gets a band only when it pools two or
 * more narrower cells (two national lines, or two origins): otherwise its sample is exactly that
 * of the narrower cell, which is tried first. Observations may be given one HS subheading at a
 * time: every cell of an observation shares its first six digits, so the bands of a subheading
 * depend only on that subheading's observations. Throws a RangeError on a bad policy.
 */
export function buildValuationBands(
  observations: Iterable<UnitValueObservation>,
  policy: ValuationPolicy = defaultValuationPolicy,
): ValuationBand[] {
  checkValuationPolicy(policy);
  const samples = new Map<string, { cell: ValuationCell; values: string[]; narrower: Set<string> }>();
  for (const observation of observations) {
    let narrower = '';
    for (const cell of cellsOf(observation)) {
      const key = cellKey(cell);
      let sample = samples.get(key);
      if (!sample) {
        sample = { cell, values: [], narrower: new Set() };
        samples.set(key, sample);
      }
      sample.values.push(observation.unitValue);
      if (narrower) sample.narrower.add(narrower);
      narrower = key;
    }
  }
  const bands: ValuationBand[] = [];
  for (const { cell, values, narrower } of samples.values()) {
    // A wider cell that pools a single narrower cell holds the very same sample: it would
    // never serve (the narrower one is tried first and is as thin), so it is not stored.
    if (cell.level !== 'line_origin' && narrower.size < 2) continue;
    const statistics = computeBandStatistics(values, policy);
    if (statistics) bands.push({ ...cell, ...statistics });
  }
  return bands.sort(compareCells);
}

/** Orders cells by level (fallback order), then code, origin and unit. */
export function compareCells(a: ValuationCell, b: ValuationCell): number {
  return (
    cellLevels.indexOf(a.level) - cellLevels.indexOf(b.level) ||
    a.code.localeCompare(b.code) ||
    (a.origin ?? '').localeCompare(b.origin ?? '') ||
    a.unit.localeCompare(b.unit)
  );
}

/**
 * The band that serves an item: that of its narrowest cell with a band (line and origin, then
 * HS6 and origin, then HS6 any origin); undefined when none of its cells has one.
 */
export function selectBand<B extends ValuationCell>(
  item: { readonly tariffLine: string; readonly origin: string; readonly unit: string },
  bandOf: (cell: ValuationCell) => B | undefined,
): B | undefined {
  for (const cell of cellsOf(item)) {
    const band = bandOf(cell);
    if (band) return band;
  }
  return undefined;
}
