/**
 * What is in force: the tariff as the liquidation reads it, and the rules that pick, for a
 * date, the tariff line of a declared line and the taxes that apply to it.
 *
 * - A date is in an entry's range when validFrom <= date < validTo (validTo open when absent):
 *   a new rate takes effect on its first day, the old one ends the day before.
 * - The date of an instant is the calendar date in the country's legal time (`utcOffset`), so
 *   that a declaration registered in Lagos at 00:30 on 1 February (23:30 UTC the day before)
 *   takes the rates of 1 February.
 * - A declared line (8 to 10 digits) takes the entry listed for exactly that line, else the
 *   entry of the longest listed code that is a prefix of it (national 8-digit line, then HS
 *   subheading, heading, chapter). An administration that lists every national line gets exact
 *   matches; example tariffs list subheadings and chapters as defaults.
 */
import type { LineRateSource, TariffLineEntry, TaxRuleEntry } from './tariff-document.ts';

/** Marks an entry that came from a tariff flagged as examples (rates to be confirmed). */
interface Provenance {
  readonly example?: boolean;
}

export type TariffLine = Omit<TariffLineEntry, 'description' | 'exciseRate' | 'validTo'> &
  Provenance & {
    readonly description?: string | undefined;
    readonly exciseRate?: string | undefined;
    readonly validTo?: string | undefined;
  };

export type TaxRule = Omit<TaxRuleEntry, 'rate' | 'rateFrom' | 'appliesTo' | 'exempt' | 'validTo' | 'base'> &
  Provenance & {
    readonly rate?: string | undefined;
    readonly rateFrom?: LineRateSource | undefined;
    readonly base: readonly string[];
    readonly appliesTo?: readonly string[] | undefined;
    readonly exempt?: readonly string[] | undefined;
    readonly validTo?: string | undefined;
  };

/**
 * A country's tariff as liquidation reads it: its lines and taxes with their date ranges (the
 * caller may pass only the entries that can matter, e.g. the lines that prefix the declared
 * ones), the national currency in which duties are owed, and the country's offset from UTC.
 */
export interface Tariff {
  readonly country: string;
  readonly currency: string;
  /** "+00:00" in Senegal, Côte d'Ivoire and Ghana; "+01:00" in Nigeria. */
  readonly utcOffset: string;
  readonly lines: readonly TariffLine[];
  readonly taxes: readonly TaxRule[];
}

/**
 * The calendar date (YYYY-MM-DD) of an instant in a legal time given by its offset from UTC.
 * @example tariffDateOf(new Date('2026-01-31T23:30:00Z'), '+01:00') // '2026-02-01'
 */
export function tariffDateOf(at: Date, utcOffset: string): string {
  const match = /^([+-])(\d{2}):(\d{2})$/.exec(utcOffset);
  const minutes = match ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) : 0;
  return new Date(at.getTime() + minutes * 60_000).toISOString().slice(0, 10);
}

/** True when `date` (YYYY-MM-DD) lies in [validFrom, validTo). */
export function isInForce(
  entry: { readonly validFrom: string; readonly validTo?: string | undefined },
  date: string,
): boolean {
  return entry.validFrom <= date && (entry.validTo === undefined || date < entry.validTo);
}

/**
 * The codes a tariff entry may be listed under for a declared line, longest first: the line
 * itself, then its prefixes of 8 and 9 digits (when shorter than the line), 6, 4 and 2.
 * @example tariffCodesFor('8703231900') // ['8703231900', '870323190', '87032319', '870323', '8703', '87']
 */
export function tariffCodesFor(declaredLine: string): string[] {
  const lengths = [declaredLine.length, 9, 8, 6, 4, 2].filter(
    (length, index, all) => length <= declaredLine.length && all.indexOf(length) === index,
  );
  return lengths.map((length) => declaredLine.slice(0, length));
}

/** The tariff line in force at `date` for a declared line (exact, else longest prefix), or undefined. */
export function findTariffLine(
  lines: readonly TariffLine[],
  declaredLine: string,
  date: string,
): TariffLine | undefined {
  const inForce = new Map<string, TariffLine>();
  for (const line of lines) if (isInForce(line, date)) inForce.set(line.line, line);
  for (const code of tariffCodesFor(declaredLine)) {
    const found = inForce.get(code);
    if (found) return found;
  }
  return undefined;
}

/** The taxes in force at `date`, in their order of computation (ties by code, for a stable order). */
export function taxesInForce(taxes: readonly TaxRule[], date: string): TaxRule[] {
  return taxes
    .filter((tax) => isInForce(tax, date))
    .sort((a, b) => a.order - b.order || a.code.localeCompare(b.code));
}

/** Whether a tax's scope covers a declared line: in `appliesTo` (when given) and not in `exempt`. */
export function taxScope(tax: TaxRule, declaredLine: string): 'applies' | 'out_of_scope' | 'exempt' {
  const within = (prefixes: readonly string[]) => prefixes.some((prefix) => declaredLine.startsWith(prefix));
  if (tax.appliesTo !== undefined && !within(tax.appliesTo)) return 'out_of_scope';
  if (tax.exempt !== undefined && within(tax.exempt)) return 'exempt';
  return 'applies';
}
