/**
 * The ageing report of manifest write-off: the B/Ls not fully written off N days after their
 * means of transport arrived, goods that may have left without paying (DOMAIN.md "Manifest
 * write-off"), grouped per office, consignee or carrier, with the duties at stake.
 *
 * The duties at stake are an ESTIMATE: nobody declared the goods, so their value is unknown.
 * From what is known (the B/L's HS code, its remaining gross mass), the estimate is
 *
 *   remaining gross mass (kg) × reference value per kg × effective tax rate
 *
 * - Reference value per kg: the median customs value per kilogram, in national currency, of
 *   released declaration items under the B/L's HS subheading (at least `referenceMinimumSamples` items),
 *   else under its heading. The median, not the mean, so that a few under- or over-valued
 *   declarations do not move it. As WCO valuation guidance says of such databases, it is a
 *   risk indicator only: it sets no value for any declaration.
 * - Effective tax rate: the total of duties and taxes per unit of customs value for a national
 *   tariff line (the tariff service). A B/L gives an HS code of 4 or 6 digits, not a national
 *   line, so the lines tried are: the code padded with zeros to 10 digits (the ECOWAS CET's
 *   length: '<hs6>0000', or '<hs4>000000' for a heading), to 8 digits, then the line most used
 *   by the released items of the reference sample.
 * - Gross mass includes packaging while reference values are per kilogram of net mass, so the
 *   estimate leans high by the packaging's share (2 to 10% for most goods).
 *
 * An estimate that cannot be made (no HS code, no reference value, no rate, no tariff service)
 * is null with its reason, never 0. Pure: the server supplies reference values and rates.
 */
import currencyCodes from 'currency-codes';
import { Decimal } from 'decimal.js';
import type { BillWriteOff, WriteOffQuantities } from './write-off-ledger.ts';
import { writeOffMassScale } from './write-off-ledger.ts';

const Exact = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_EVEN });

export const ageingGroupings = ['office', 'consignee', 'carrier'] as const;
export type AgeingGrouping = (typeof ageingGroupings)[number];

/**
 * Days after arrival before a B/L not written off is reported: 21 by default. Three weeks is
 * the longest clearance the region's users quote as the norm they fought (Ghana's maximum
 * clearance time before its risk engine, DOMAIN.md "Indicators"), and of the order of the
 * time limits the region's customs codes set for declaring goods in temporary storage. It is
 * a per-request parameter: set it to the national code's time limit.
 */
export const defaultAgeingDays = 21;

/** The longest `days` a report accepts: ten years. */
export const maxAgeingDays = 3650;

/** Fewest released items for a median to serve as a reference value (a median of one or two is an anecdote). */
export const referenceMinimumSamples = 3;

/** Decimal places of a reference value per kilogram. */
export const referenceValueScale = 6;

const dayMs = 86_400_000;

/** A manifested B/L whose means of transport has arrived, with what the report shows of it. */
export interface AgeingCandidate {
  readonly bill: BillWriteOff;
  readonly manifestId: string;
  readonly manifestReference: string;
  readonly office: { readonly code: string; readonly name: string };
  readonly carrier: { readonly code: string; readonly name: string };
  readonly voyageNumber: string;
  readonly consignee: { readonly name: string; readonly taxId: string | null };
  readonly description: string;
  /** The HS heading or subheading the manifest gives, if any. */
  readonly hsCode: string | null;
  readonly arrivedAt: Date;
}

export interface OverdueBill extends AgeingCandidate {
  /** Whole days from the arrival to the report's date. */
  readonly daysSinceArrival: number;
}

/**
 * The candidates not fully written off (status `not_written_off` or `partial`) whose means of
 * transport arrived at least `days` whole days before `now`, the longest overdue first, then
 * by B/L number. Never throws.
 */
export function selectOverdueBills(
  candidates: readonly AgeingCandidate[],
  now: Date,
  days: number,
): OverdueBill[] {
  return candidates
    .filter((candidate) => candidate.bill.status === 'not_written_off' || candidate.bill.status === 'partial')
    .map((candidate) => ({
      ...candidate,
      daysSinceArrival: Math.floor((now.getTime() - candidate.arrivedAt.getTime()) / dayMs),
    }))
    .filter((bill) => bill.daysSinceArrival >= days)
    .sort(
      (a, b) => b.daysSinceArrival - a.daysSinceArrival || compareText(a.bill.billNumber, b.bill.billNumber),
    );
}

/** A median unit value over released items under one HS code. */
export interface AgeingReferenceSample {
  /** National currency per kilogram of net mass (exact decimal string). */
  readonly medianPerKg: string;
  readonly samples: number;
  /** The national tariff line most used in the sample. */
  readonly commonTariffLine: string | null;
}

export interface AgeingReferenceValue extends AgeingReferenceSample {
  /** The HS code whose items gave it. */
  readonly code: string;
  readonly level: 'subheading' | 'heading';
}

/**
 * The reference value for a B/L's HS code: its subheading's median when it has at least
 * `referenceMinimumSamples` items, else its heading's; undefined when neither has enough. `samples`
 * maps HS codes of 6 and 4 digits to their samples. The median is rounded half-even to
 * `referenceValueScale` places. Never throws.
 */
export function chooseReferenceValue(
  hsCode: string,
  samples: ReadonlyMap<string, AgeingReferenceSample>,
): AgeingReferenceValue | undefined {
  const levels: [string, AgeingReferenceValue['level']][] =
    hsCode.length === 6
      ? [
          [hsCode, 'subheading'],
          [hsCode.slice(0, 4), 'heading'],
        ]
      : [[hsCode, 'heading']];
  for (const [code, level] of levels) {
    const sample = samples.get(code);
    if (sample !== undefined && sample.samples >= referenceMinimumSamples) {
      // Rounded once here, so that the figure shown is the one the estimate multiplies.
      const medianPerKg = new Exact(sample.medianPerKg).toDecimalPlaces(referenceValueScale).toFixed();
      return { ...sample, medianPerKg, code, level };
    }
  }
  return undefined;
}

/** The HS codes whose samples `chooseReferenceValue` may read for these B/L codes. */
export function referenceCodesFor(hsCodes: readonly string[]): string[] {
  const codes = new Set<string>();
  for (const code of hsCodes) {
    codes.add(code);
    codes.add(code.slice(0, 4));
  }
  return [...codes].sort(compareText);
}

/**
 * The national tariff lines to try for an HS code, in order: padded with zeros to 10 digits
 * (ECOWAS CET length), to 8 digits, then the line most used in the reference sample.
 * @example tariffLineCandidates('870323', '8703231900') // ['8703230000', '87032300', '8703231900']
 */
export function tariffLineCandidates(hsCode: string, commonTariffLine: string | null): string[] {
  const lines = [hsCode.padEnd(10, '0'), hsCode.padEnd(8, '0')];
  if (commonTariffLine !== null) lines.push(commonTariffLine);
  return [...new Set(lines)];
}

export const estimateGaps = [
  'no_hs_code',
  'no_reference_value',
  'tariff_unavailable',
  'no_tax_rate',
] as const;
/** Why an estimate could not be made. */
export type EstimateGap = (typeof estimateGaps)[number];

/** The duties at stake on a B/L, and how the figure was obtained. Every figure here is an estimate. */
export interface DutyEstimate {
  /** In national currency, rounded to its minor unit; null when unknown. */
  readonly dutiesAtStake: string | null;
  /** Remaining gross mass × reference value, national currency; null when unknown. */
  readonly estimatedValue: string | null;
  readonly gap: EstimateGap | null;
  readonly reference: AgeingReferenceValue | null;
  /** The tariff line whose rate was used. */
  readonly tariffLine: string | null;
  /** Fraction of customs value. */
  readonly rate: string | null;
}

/** What the estimate of one B/L is made from. */
export interface EstimateInputs {
  readonly remaining: WriteOffQuantities;
  readonly hsCode: string | null;
  readonly reference: AgeingReferenceValue | undefined;
  /** False when no tariff service is available at all. */
  readonly tariffAvailable: boolean;
  /** The first tariff line of the candidates with a rate in force, and that rate. */
  readonly rated: { readonly tariffLine: string; readonly rate: string } | undefined;
  /** Decimal places of the national currency (ISO 4217 minor unit: 0 for XOF). */
  readonly currencyDigits: number;
}

/**
 * The duties at stake on a B/L: remaining gross mass × reference value per kg × effective
 * rate, rounded half-even to the currency's minor unit. Null with its reason when a factor is
 * missing, never 0. Never throws.
 * @example estimateDuties({ remaining: { packages: 10, grossMass: '1000' }, reference: { medianPerKg: '500', ... },
 *   rated: { tariffLine: '8703230000', rate: '0.45' }, currencyDigits: 0, ... }).dutiesAtStake // '225000'
 */
export function estimateDuties(inputs: EstimateInputs): DutyEstimate {
  const unknown = (gap: EstimateGap, reference: AgeingReferenceValue | null, value: string | null) => ({
    dutiesAtStake: null,
    estimatedValue: value,
    gap,
    reference,
    tariffLine: null,
    rate: null,
  });
  if (inputs.hsCode === null) return unknown('no_hs_code', null, null);
  if (inputs.reference === undefined) return unknown('no_reference_value', null, null);
  const value = new Exact(inputs.remaining.grossMass).times(inputs.reference.medianPerKg);
  const valueText = value.toDecimalPlaces(inputs.currencyDigits).toFixed(inputs.currencyDigits);
  if (!inputs.tariffAvailable) return unknown('tariff_unavailable', inputs.reference, valueText);
  if (inputs.rated === undefined) return unknown('no_tax_rate', inputs.reference, valueText);
  return {
    dutiesAtStake: value
      .times(inputs.rated.rate)
      .toDecimalPlaces(inputs.currencyDigits)
      .toFixed(inputs.currencyDigits),
    estimatedValue: valueText,
    gap: null,
    reference: inputs.reference,
    tariffLine: inputs.rated.tariffLine,
    rate: inputs.rated.rate,
  };
}

/** ISO 4217 minor unit of a currency (0 for XOF, 2 for GHS); 2 for a code the list lacks. */
export function currencyDigitsOf(currency: string): number {
  return currencyCodes.code(currency)?.digits ?? 2;
}

export interface AgeingLine extends OverdueBill {
  readonly estimate: DutyEstimate;
}

export interface AgeingTotals {
  readonly bills: number;
  readonly remainingPackages: number;
  /** Kilograms. */
  readonly remainingGrossMass: string;
  /** Sum of the lines whose estimate is known; null when none is. */
  readonly dutiesAtStake: string | null;
  readonly estimatedValue: string | null;
  /** Lines with a known estimate, and without one: a total over some lines is a lower bound. */
  readonly estimatedBills: number;
  readonly unestimatedBills: number;
}

export interface AgeingGroup extends AgeingTotals {
  /** Office code, carrier code, or consignee tax id (the name when the manifest gives none). */
  readonly key: string;
  readonly label: string;
  readonly lines: readonly AgeingLine[];
}

export interface AgeingReport {
  /** ISO 8601: the report's date. */
  readonly asOf: string;
  readonly days: number;
  readonly office: string | null;
  readonly groupBy: AgeingGrouping;
  /** National currency of the amounts. */
  readonly currency: string;
  readonly totals: AgeingTotals;
  /** The largest duties at stake first, then the most B/Ls, then by key. */
  readonly groups: readonly AgeingGroup[];
}

/** The key and label of a line's group. */
export function ageingGroupOf(
  line: AgeingCandidate,
  groupBy: AgeingGrouping,
): { key: string; label: string } {
  switch (groupBy) {
    case 'office':
      return { key: line.office.code, label: line.office.name };
    case 'carrier':
      return { key: line.carrier.code, label: line.carrier.name };
    case 'consignee':
      return { key: line.consignee.taxId ?? line.consignee.name, label: line.consignee.name };
  }
}

/**
 * Assembles the report: lines grouped, totals per group and overall, groups ordered by duties
 * at stake (unknown counts as less than any known amount), then number of B/Ls, then key.
 * Lines keep their order (see `selectOverdueBills`). Never throws.
 */
export function buildAgeingReport(input: {
  readonly asOf: Date;
  readonly days: number;
  readonly office: string | null;
  readonly groupBy: AgeingGrouping;
  readonly currency: string;
  readonly lines: readonly AgeingLine[];
}): AgeingReport {
  const grouped = new Map<string, { label: string; lines: AgeingLine[] }>();
  for (const line of input.lines) {
    const { key, label } = ageingGroupOf(line, input.groupBy);
    const group = grouped.get(key) ?? { label, lines: [] };
    group.lines.push(line);
    grouped.set(key, group);
  }
  const groups = [...grouped].map(([key, group]): AgeingGroup => ({
    key,
    label: group.label,
    ...totalsOf(group.lines),
    lines: group.lines,
  }));
  groups.sort(
    (a, b) =>
      compareAmounts(b.dutiesAtStake, a.dutiesAtStake) || b.bills - a.bills || compareText(a.key, b.key),
  );
  return {
    asOf: input.asOf.toISOString(),
    days: input.days,
    office: input.office,
    groupBy: input.groupBy,
    currency: input.currency,
    totals: totalsOf(input.lines),
    groups,
  };
}

function totalsOf(lines: readonly AgeingLine[]): AgeingTotals {
  let packages = 0;
  let mass = new Exact(0);
  let duties: Decimal | undefined;
  let value: Decimal | undefined;
  let estimated = 0;
  for (const line of lines) {
    packages += line.bill.remaining?.packages ?? 0;
    mass = mass.plus(line.bill.remaining?.grossMass ?? 0);
    if (line.estimate.estimatedValue !== null)
      value = (value ?? new Exact(0)).plus(line.estimate.estimatedValue);
    if (line.estimate.dutiesAtStake !== null) {
      duties = (duties ?? new Exact(0)).plus(line.estimate.dutiesAtStake);
      estimated += 1;
    }
  }
  return {
    bills: lines.length,
    remainingPackages: packages,
    remainingGrossMass: mass.toDecimalPlaces(writeOffMassScale).toFixed(),
    dutiesAtStake: duties === undefined ? null : duties.toFixed(),
    estimatedValue: value === undefined ? null : value.toFixed(),
    estimatedBills: estimated,
    unestimatedBills: lines.length - estimated,
  };
}

/** Orders decimal amounts, an unknown one below every known one. */
function compareAmounts(a: string | null, b: string | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  return new Exact(a).comparedTo(b);
}

/** Code-point order, the same in every locale. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
