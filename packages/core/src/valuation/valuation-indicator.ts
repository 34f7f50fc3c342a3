/**
 * The valuation indicator of a declared item: where its unit value stands against the band of
 * past unit values of the same goods, and the revenue that would be at stake if the median were
 * the right value. A RISK INDICATOR only (WCO guidance on valuation control; DOMAIN.md
 * "Revenue"): it never sets a minimum value, never replaces the declared value, and the revenue
 * at risk is never an amount owed. A flag asks for an officer's decision, nothing more.
 */
import type { Decimal } from 'decimal.js';
import { ExactDecimal, moneyScale, percentScale } from './exact-decimal.ts';
import { nationalValue, quantityOf, unitValueOf, type ItemValueFacts } from './unit-value.ts';
import {
  checkValuationPolicy,
  selectBand,
  type ValuationBand,
  type ValuationCell,
  type ValuationPolicy,
} from './valuation-bands.ts';

/** A declared item as the indicator reads it. */
export interface DeclaredItemValue extends ItemValueFacts {
  readonly tariffLine: string;
  readonly origin: string;
}

export interface ValuationIndicator<B extends ValuationBand = ValuationBand> {
  readonly unit: string;
  readonly quantity: string;
  /** Customs value in the national currency (exact). */
  readonly declaredValue: string;
  /** National currency per unit, 6 decimal places. */
  readonly unitValue: string;
  /** The band that served (narrowest cell with one), or null when no cell of the item has a band. */
  readonly band: B | null;
  /**
   * (P10 − declared) ÷ P10 in percent, 2 places: positive when the declared unit value is below
   * P10, negative when above; null without a band.
   */
  readonly belowP10Percent: string | null;
  /** The same against the median. */
  readonly belowMedianPercent: string | null;
  /** The line's effective tax rate used (fraction of customs value), or null when unknown. */
  readonly effectiveRate: string | null;
  /**
   * (median × quantity − declared value) × effective rate, national currency, 2 places; '0'
   * when the declared value is not below the median; null without a band, or when the value
   * is below the median and the rate is unknown (unknown is never reported as 0).
   */
  readonly revenueAtRisk: string | null;
  /** Below P10 by more than the policy's margin: the item needs an officer's decision. */
  readonly flagged: boolean;
}

/**
 * Assesses one declared item against the bands. `bandOf` looks a cell up (the latest
 * generation of bands); the narrowest cell with a band serves (line and origin, HS6 and origin,
 * HS6). Comparisons are exact: the declared value is compared with P10 × quantity, so that no
 * rounding of the unit value can move an item across the threshold. Never throws on valid
 * intake data; throws a RangeError on a bad policy.
 */
export function assessItemValue<B extends ValuationBand>(
  item: DeclaredItemValue,
  context: {
    readonly exchangeRate: string;
    readonly bandOf: (cell: ValuationCell) => B | undefined;
    /** Effective tax rate of the line at the declaration's date; undefined when unknown. */
    readonly effectiveRate: string | undefined;
    readonly policy: ValuationPolicy;
  },
): ValuationIndicator<B> {
  checkValuationPolicy(context.policy);
  const own = unitValueOf(item, context.exchangeRate);
  const band = selectBand(
    { tariffLine: item.tariffLine, origin: item.origin, unit: own.unit },
    context.bandOf,
  );
  const base = {
    unit: own.unit,
    quantity: own.quantity,
    declaredValue: own.value,
    unitValue: own.unitValue,
    effectiveRate: context.effectiveRate ?? null,
  };
  if (!band) {
    return {
      ...base,
      band: null,
      belowP10Percent: null,
      belowMedianPercent: null,
      revenueAtRisk: null,
      flagged: false,
    };
  }
  const declared = new ExactDecimal(own.value);
  const atP10 = new ExactDecimal(band.p10).times(own.quantity);
  const atMedian = new ExactDecimal(band.median).times(own.quantity);
  const threshold = atP10.times(new ExactDecimal(100).minus(context.policy.flagMarginPercent).dividedBy(100));
  let revenueAtRisk: string | null;
  if (!declared.lessThan(atMedian)) revenueAtRisk = '0';
  else if (context.effectiveRate === undefined) revenueAtRisk = null;
  else {
    revenueAtRisk = atMedian
      .minus(declared)
      .times(context.effectiveRate)
      .toDecimalPlaces(moneyScale)
      .toFixed();
  }
  return {
    ...base,
    band,
    belowP10Percent: percentBelow(atP10, declared),
    belowMedianPercent: percentBelow(atMedian, declared),
    revenueAtRisk,
    flagged: declared.lessThan(threshold),
  };
}

/**
 * The revenue at risk of a declaration: the sum over its items that have a band. Null when an
 * item with a band has an unknown revenue at risk (its rate is unknown): a partial sum would
 * pass for the whole. Items without a band have no indicator and add nothing.
 */
export function totalRevenueAtRisk(
  indicators: readonly Pick<ValuationIndicator, 'band' | 'revenueAtRisk'>[],
): string | null {
  let total = new ExactDecimal(0);
  for (const indicator of indicators) {
    if (indicator.band === null) continue;
    if (indicator.revenueAtRisk === null) return null;
    total = total.plus(indicator.revenueAtRisk);
  }
  return total.toFixed();
}

/** (reference − declared) ÷ reference in percent, `percentScale` places; null when the reference is 0. */
function percentBelow(reference: Decimal, declared: Decimal): string | null {
  return reference.isZero()
    ? null
    : reference.minus(declared).dividedBy(reference).times(100).toDecimalPlaces(percentScale).toFixed();
}

/**
 * The `belowP10Percent` of `assessItemValue`, alone and computed the same exact way: what
 * selectivity reads of the indicator, for every item of every file it assesses or backtests.
 * Without the unit value, the median and the revenue at risk, it takes about 4 µs an item where
 * the whole indicator takes 20.
 */
export function belowP10PercentOf(
  item: DeclaredItemValue,
  context: {
    readonly exchangeRate: string;
    readonly bandOf: (cell: ValuationCell) => ValuationBand | undefined;
  },
): string | null {
  const { unit, quantity } = quantityOf(item);
  const band = selectBand({ tariffLine: item.tariffLine, origin: item.origin, unit }, context.bandOf);
  if (!band) return null;
  return percentBelow(
    new ExactDecimal(band.p10).times(quantity),
    nationalValue(item.customsValue, context.exchangeRate),
  );
}
