// The port other services (valuation bands, manifest write-off ageing) use to
// estimate duties and taxes at stake without knowing the tariff's structure.

/**
 * Effective tax rates of the national tariff.
 *
 * `effectiveRate(tariffLine, at)` returns the total of all duties and taxes
 * due per unit of customs value (in national currency) for a declared
 * national tariff line, with the rates in force at `at`, as a decimal
 * string (e.g. '0.4521' for 45.21 %); `undefined` when no tariff line is in
 * force for that line at that date.
 */
export interface TaxRates {
  effectiveRate(tariffLine: string, at: Date): Promise<string | undefined>;
}
