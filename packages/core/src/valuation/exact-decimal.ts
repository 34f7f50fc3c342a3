/**
 * The decimal arithmetic of valuation: money and unit values never pass through binary floating
 * point (ARCHITECTURE.md "Decimals as strings"). A private decimal.js constructor with 40
 * significant digits, so that a division (value ÷ quantity) keeps far more digits than any
 * stored result, and with banker's rounding (half-even) where a result is rounded for storage.
 */
import { Decimal } from 'decimal.js';

export const ExactDecimal = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_EVEN });

/** Decimal places of unit values and band quantiles (national currency per unit). */
export const unitValueScale = 6;

/** Decimal places of amounts of money (customs values, revenue at risk), as customs values are lodged. */
export const moneyScale = 2;

/** Decimal places of percentages. */
export const percentScale = 2;
