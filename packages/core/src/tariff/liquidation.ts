/**
 * Liquidation: the duties and taxes a goods declaration owes, per item and for the file, each
 * with its base, rate and amount, in exact decimals (decimal.js, never binary floats).
 *
 * How it computes (DOMAIN.md "Revenue"):
 * - The rates are those in force on the registration date (tariff-lookup.ts), so a rate change
 *   with a later effective date never changes the taxes of a file registered before it.
 * - Each item's customs value (CIF, in the invoice currency) is converted into the national
 *   currency at the declaration's exchange rate, which is the rate of the registration day that
 *   the declarant must use (WTO Valuation Agreement art. 9; FCFA pegged at 655.957 per euro).
 * - Taxes are computed item by item, in their order of computation. A tax's base is the sum of
 *   its components: the customs value and the amounts of taxes computed before it on the same
 *   item (a component not applicable to the item counts zero). This is how the Single
 *   Administrative Document assesses (box 47, "calculation of taxes": per item, one line per tax
 *   type with its base, rate and amount), and how UEMOA VAT is based on the customs value plus
 *   the duties and taxes of entry (UEMOA VAT directive 02/98/CM/UEMOA, as amended by
 *   02/2009/CM/UEMOA) or Ghana's VAT on CIF + duty + excise + levies (VAT Amendment Act 2018,
 *   Act 970).
 *
 * Rounding, chosen and applied in one place (`roundAmount`): every amount is rounded half-up
 * (0.5 goes up) to the minor unit of the national currency (ISO 4217: 0 decimals for XOF, 2 for
 * GHS and NGN) when it is computed: the item's customs value in national currency, then each
 * tax amount of each item. A base is the sum of amounts already rounded, so every figure of an
 * assessment can be checked by hand from the figures printed above it, as on box 47 of the SAD.
 * File totals are sums of the item amounts: they need no rounding. An administration whose law
 * rounds otherwise (per declaration, or down) changes `roundAmount` and these tests.
 */
import currencyCodes from 'currency-codes';
import { Decimal } from 'decimal.js';
import { appError, type AppError, type Problem } from '../shared/error-codes.ts';
import { err, ok, type Result } from '../shared/result.ts';
import {
  findTariffLine,
  tariffDateOf,
  taxesInForce,
  taxScope,
  type Tariff,
  type TariffLine,
  type TaxRule,
} from './tariff-lookup.ts';
import { customsValueComponent } from './tariff-document.ts';

/**
 * Decimal arithmetic wide enough to stay exact: a customs value of 17 digits times an exchange
 * rate of 15 times percentages chained over a few levels of bases stays far below 100 digits.
 */
const Exact = Decimal.clone({ precision: 100, rounding: Decimal.ROUND_HALF_UP });
type Exact = InstanceType<typeof Exact>;

const hundred = new Exact(100);

/** What liquidation reads of a declaration (a GoodsDeclaration fits). */
export interface LiquidationInput {
  readonly invoice: { readonly currency: string; readonly exchangeRate: string };
  readonly items: readonly { readonly tariffLine: string; readonly customsValue: string }[];
}

export interface TaxName {
  readonly fr: string;
  readonly en: string;
}

/** One tax of one item: SAD box 47's line (type, base, rate, amount). */
export interface TaxAssessment {
  readonly code: string;
  readonly name: TaxName;
  /** In national currency, at its minor unit ("8199955" XOF, "12070.00" GHS). */
  readonly base: string;
  /** In percent ("18" is 18 %). */
  readonly rate: string;
  readonly amount: string;
}

export interface ItemLiquidation {
  /** 1-based, as items are numbered on the declaration. */
  readonly itemNumber: number;
  readonly tariffLine: string;
  /** The code of the tariff entry applied (the line itself, or the longest listed prefix). */
  readonly tariffEntry: string;
  /** As declared, in the invoice currency. */
  readonly customsValue: string;
  /** Converted and rounded to the national currency's minor unit. */
  readonly customsValueNational: string;
  readonly taxes: readonly TaxAssessment[];
  /** Codes of taxes in force from which the item's line is exempt. */
  readonly exempt: readonly string[];
  readonly total: string;
}

export interface Liquidation {
  readonly country: string;
  /** The national currency, in which every amount is given. */
  readonly currency: string;
  readonly registeredAt: string;
  /** The date whose rates apply: the registration date in the country's legal time. */
  readonly tariffDate: string;
  readonly invoiceCurrency: string;
  readonly exchangeRate: string;
  /** True when any rate used comes from a tariff marked as examples, to be confirmed. */
  readonly example: boolean;
  readonly items: readonly ItemLiquidation[];
  /** Per tax code, the sum over items, in order of computation. */
  readonly totals: readonly { readonly code: string; readonly name: TaxName; readonly amount: string }[];
  readonly customsValueNational: string;
  readonly total: string;
}

/** Digits after the point of a currency's minor unit (ISO 4217). */
export function minorUnitDigits(currency: string): number {
  // Tariff currencies are validated as ISO 4217 codes at import; 2 is the common case otherwise.
  return currencyCodes.code(currency)?.digits ?? 2;
}

/** The one rounding rule of liquidation: half-up to the currency's minor unit (see the header). */
function roundAmount(value: Exact, digits: number): Exact {
  return value.toDecimalPlaces(digits, Decimal.ROUND_HALF_UP);
}

/** A percentage as written in the tariff, without trailing zeros ("18", "0.8"). */
function percentText(rate: string): string {
  return new Exact(rate).toFixed();
}

/** The rate of a tax for a tariff line, or undefined when the line has none (no excise rate). */
function rateOf(tax: TaxRule, line: TariffLine): string | undefined {
  if (tax.rate !== undefined) return tax.rate;
  return tax.rateFrom === 'excise' ? line.exciseRate : line.dutyRate;
}

interface ComputedTax {
  readonly tax: TaxRule;
  readonly base: Exact;
  readonly rate: string;
  readonly amount: Exact;
}

/**
 * Computes the taxes of one item of customs value `value` (national currency) in order.
 * `round` is applied to each amount. Returns the computed taxes, the exempt codes, or the
 * inconsistency found (a base naming a tax in force not yet computed).
 */
function computeTaxes(
  taxes: readonly TaxRule[],
  line: TariffLine,
  declaredLine: string,
  value: Exact,
  round: (amount: Exact) => Exact,
): Result<{ computed: ComputedTax[]; exempt: string[] }, { tax: string; component: string }> {
  const computed: ComputedTax[] = [];
  const exempt: string[] = [];
  const amounts = new Map<string, Exact>();
  const inForce = new Map(taxes.map((tax) => [tax.code, tax]));
  for (const tax of taxes) {
    const scope = taxScope(tax, declaredLine);
    if (scope === 'exempt') exempt.push(tax.code);
    if (scope !== 'applies') continue;
    const rate = rateOf(tax, line);
    if (rate === undefined) continue;
    let base = new Exact(0);
    for (const component of tax.base) {
      if (component === customsValueComponent) {
        base = base.plus(value);
        continue;
      }
      const amount = amounts.get(component);
      if (amount !== undefined) {
        base = base.plus(amount);
        continue;
      }
      // Not computed: fine when the tax does not apply to this item; an error when it comes later.
      const other = inForce.get(component);
      if (other && (other.order > tax.order || (other.order === tax.order && other.code >= tax.code))) {
        return err({ tax: tax.code, component });
      }
    }
    const amount = round(base.times(rate).dividedBy(hundred));
    amounts.set(tax.code, amount);
    computed.push({ tax, base, rate, amount });
  }
  return ok({ computed, exempt });
}

/**
 * Liquidates a declaration: the duties and taxes of each item and of the file, with the
 * tariff in force on the registration date, in the tariff's (national) currency. The
 * declaration's exchange rate must convert its invoice currency into that currency (intake
 * checks it is 1 when the invoice is in the national currency).
 *
 * Never throws. Fails with:
 * - TARIFF_NOT_LOADED when no tax is in force on that date;
 * - TARIFF_LINE_NOT_IN_FORCE when an item's line has no tariff entry in force: one problem per
 *   such item (`/items/2/tariffLine`, the line, the date), never a silent zero;
 * - TARIFF_INCONSISTENT when a tax's base names a tax computed after it.
 *
 * @example
 * const result = liquidate(declaration, tariff, { registeredAt: head.lodgedAt });
 * if (result.ok) console.log(result.value.total, result.value.currency); // e.g. '4455000' 'XOF'
 */
export function liquidate(
  declaration: LiquidationInput,
  tariff: Tariff,
  options: { readonly registeredAt: Date },
): Result<Liquidation, AppError> {
  const date = tariffDateOf(options.registeredAt, tariff.utcOffset);
  const taxes = taxesInForce(tariff.taxes, date);
  if (taxes.length === 0) return err(appError('TARIFF_NOT_LOADED', { country: tariff.country, date }));
  const digits = minorUnitDigits(tariff.currency);
  const round = (amount: Exact) => roundAmount(amount, digits);
  const text = (amount: Exact) => amount.toFixed(digits);

  const matched: TariffLine[] = [];
  const problems: Problem[] = [];
  declaration.items.forEach((item, index) => {
    const line = findTariffLine(tariff.lines, item.tariffLine, date);
    if (line) matched.push(line);
    else
      problems.push({
        path: `/items/${index}/tariffLine`,
        value: item.tariffLine,
        code: 'tariff_line_in_force',
        params: { item: index + 1, line: item.tariffLine, date, country: tariff.country },
      });
  });
  if (problems.length > 0) {
    return err(
      appError(
        'TARIFF_LINE_NOT_IN_FORCE',
        { count: problems.length, date, country: tariff.country },
        problems,
      ),
    );
  }

  const exchangeRate = new Exact(declaration.invoice.exchangeRate);
  const totals = new Map<string, { name: TaxName; amount: Exact }>();
  const items: ItemLiquidation[] = [];
  let example = taxes.some((tax) => tax.example === true);
  let totalValue = new Exact(0);
  let total = new Exact(0);
  for (const [index, item] of declaration.items.entries()) {
    const line = matched[index] as TariffLine;
    example ||= line.example === true;
    const value = round(new Exact(item.customsValue).times(exchangeRate));
    const result = computeTaxes(taxes, line, item.tariffLine, value, round);
    if (!result.ok)
      return err(appError('TARIFF_INCONSISTENT', { ...result.error, date, country: tariff.country }));
    let itemTotal = new Exact(0);
    for (const { tax, amount } of result.value.computed) {
      itemTotal = itemTotal.plus(amount);
      const sum = totals.get(tax.code);
      totals.set(tax.code, { name: tax.name, amount: (sum?.amount ?? new Exact(0)).plus(amount) });
    }
    totalValue = totalValue.plus(value);
    total = total.plus(itemTotal);
    items.push({
      itemNumber: index + 1,
      tariffLine: item.tariffLine,
      tariffEntry: line.line,
      customsValue: item.customsValue,
      customsValueNational: text(value),
      taxes: result.value.computed.map(({ tax, base, rate, amount }) => ({
        code: tax.code,
        name: tax.name,
        base: text(base),
        rate: percentText(rate),
        amount: text(amount),
      })),
      exempt: result.value.exempt,
      total: text(itemTotal),
    });
  }
  return ok({
    country: tariff.country,
    currency: tariff.currency,
    registeredAt: options.registeredAt.toISOString(),
    tariffDate: date,
    invoiceCurrency: declaration.invoice.currency,
    exchangeRate: declaration.invoice.exchangeRate,
    example,
    items,
    totals: taxes
      .filter((tax) => totals.has(tax.code))
      .map((tax) => {
        const sum = totals.get(tax.code);
        return { code: tax.code, name: tax.name, amount: text(sum?.amount ?? new Exact(0)) };
      }),
    customsValueNational: text(totalValue),
    total: text(total),
  });
}

/** What is in force for a declared line at a date: the entry, each tax with its rate, the effective rate. */
export interface TariffLineView {
  readonly country: string;
  readonly currency: string;
  readonly tariffDate: string;
  readonly declaredLine: string;
  readonly entry: TariffLine;
  readonly taxes: readonly {
    readonly code: string;
    readonly name: TaxName;
    readonly rate: string;
    readonly base: readonly string[];
    readonly order: number;
    readonly validFrom: string;
    readonly validTo?: string;
  }[];
  /** Codes of taxes in force from which the line is exempt. */
  readonly exempt: readonly string[];
  /** Total taxes per unit of customs value ("0.4521" for 45.21 %), rounded to 6 decimals. */
  readonly effectiveRate: string;
  readonly example: boolean;
}

/**
 * The tariff in force for a declared line at an instant, with the effective rate; undefined
 * when no line (or no tax) is in force. Never throws; a base inconsistency gives undefined too,
 * since no rate can be trusted then.
 */
export function viewTariffLine(tariff: Tariff, declaredLine: string, at: Date): TariffLineView | undefined {
  const date = tariffDateOf(at, tariff.utcOffset);
  const taxes = taxesInForce(tariff.taxes, date);
  const line = findTariffLine(tariff.lines, declaredLine, date);
  if (!line || taxes.length === 0) return undefined;
  // Per unit of customs value and without rounding: the rate itself, whatever the amount.
  const result = computeTaxes(taxes, line, declaredLine, new Exact(1), (amount) => amount);
  if (!result.ok) return undefined;
  const rate = result.value.computed.reduce((sum, { amount }) => sum.plus(amount), new Exact(0));
  return {
    country: tariff.country,
    currency: tariff.currency,
    tariffDate: date,
    declaredLine,
    entry: line,
    taxes: result.value.computed.map(({ tax, rate: taxRate }) => ({
      code: tax.code,
      name: tax.name,
      rate: percentText(taxRate),
      base: tax.base,
      order: tax.order,
      validFrom: tax.validFrom,
      ...(tax.validTo === undefined ? {} : { validTo: tax.validTo }),
    })),
    exempt: result.value.exempt,
    effectiveRate: rate.toDecimalPlaces(6, Decimal.ROUND_HALF_UP).toFixed(),
    example: line.example === true || taxes.some((tax) => tax.example === true),
  };
}

/**
 * Total duties and taxes per unit of customs value, in national currency, for a declared line
 * at an instant, as a decimal string rounded half-up to 6 decimals ('0.4521' for 45.21 %);
 * undefined when no tariff line or no tax is in force. Bases chain exactly as in `liquidate`
 * (rounding aside), so value × rate estimates the taxes of a value: valuation's revenue at risk,
 * write-off's duties at stake.
 * @example
 * // Duty 10 %, four levies of 2.5 % on CIF, VAT 18 % on CIF + duty + levies:
 * // 0.10 + 0.025 + 0.18 × 1.125 = 0.3275
 * effectiveRate(tariff, '1006300000', new Date('2026-03-01T00:00:00Z')) // '0.3275'
 */
export function effectiveRate(tariff: Tariff, declaredLine: string, at: Date): string | undefined {
  return viewTariffLine(tariff, declaredLine, at)?.effectiveRate;
}
