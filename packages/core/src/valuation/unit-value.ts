/**
 * The unit value of a declared item, the quantity the valuation bands compare (WCO guidance on
 * valuation risk management: values are compared per unit of the same goods, never in total).
 *
 * - Quantity: the supplementary quantity in its unit when the item gives one (units of cars,
 *   litres of fuel: what the tariff line counts), else the net mass in kilograms, unit 'KG'.
 * - Value: the customs value (CIF, in the invoice currency) times the declaration's exchange
 *   rate, in the national currency (DOMAIN.md "Revenue").
 * - Unit value: value ÷ quantity, rounded half-even to `unitValueScale` decimal places.
 */
import type { Decimal } from 'decimal.js';
import { ExactDecimal, unitValueScale } from './exact-decimal.ts';

/** What an item says about its quantity and value (a declaration item, or a row projected from one). */
export interface ItemValueFacts {
  readonly customsValue: string;
  readonly netMass: string;
  readonly supplementaryQuantity?: string | null | undefined;
  readonly supplementaryUnit?: string | null | undefined;
}

/** The unit of net mass, used when an item gives no supplementary quantity. */
export const massUnit = 'KG';

export interface ItemUnitValue {
  /** The unit the quantity counts: the supplementary unit, or 'KG'. */
  readonly unit: string;
  readonly quantity: string;
  /** The customs value in the national currency, exact (not rounded). */
  readonly value: string;
  /** National currency per unit, rounded half-even to 6 decimal places. */
  readonly unitValue: string;
}

/**
 * The quantity, national-currency value and unit value of an item, exactly. Never throws on
 * valid intake data (quantities and values are positive); a zero or malformed quantity is a
 * programming error and throws a RangeError.
 * @example unitValueOf({ customsValue: '100', netMass: '8' }, '655.957')
 *   // { unit: 'KG', quantity: '8', value: '65595.7', unitValue: '8199.4625' }
 */
export function unitValueOf(item: ItemValueFacts, exchangeRate: string): ItemUnitValue {
  const { unit, quantity } = quantityOf(item);
  const value = nationalValue(item.customsValue, exchangeRate);
  return {
    unit,
    quantity: quantity.toFixed(),
    value: value.toFixed(),
    unitValue: value.dividedBy(quantity).toDecimalPlaces(unitValueScale).toFixed(),
  };
}

/**
 * The unit an item's quantity counts and that quantity, exactly (see the module header); a zero
 * or malformed quantity throws a RangeError, as in `unitValueOf`.
 */
export function quantityOf(item: ItemValueFacts): { readonly unit: string; readonly quantity: Decimal } {
  const hasSupplementary =
    item.supplementaryQuantity !== undefined &&
    item.supplementaryQuantity !== null &&
    item.supplementaryUnit !== undefined &&
    item.supplementaryUnit !== null;
  const quantity = new ExactDecimal(hasSupplementary ? item.supplementaryQuantity : item.netMass);
  if (!quantity.isFinite() || !quantity.greaterThan(0)) {
    throw new RangeError(`An item's quantity must be positive, got ${quantity.toString()}`);
  }
  return { unit: hasSupplementary ? (item.supplementaryUnit ?? massUnit) : massUnit, quantity };
}

/** A customs value in the invoice currency converted to the national currency: exact product. */
export function nationalValue(customsValue: string, exchangeRate: string): Decimal {
  return new ExactDecimal(customsValue).times(exchangeRate);
}
