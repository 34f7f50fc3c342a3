/**
 * The HS 2022 nomenclature as reference data: which codes exist at the chapter (2 digits),
 * heading (4) and subheading (6) levels. The rows are read by the server from the copy shipped
 * in the repository; the core only indexes them.
 */

export interface NomenclatureRow {
  readonly section: string;
  readonly hscode: string;
  readonly description: string;
  readonly parent: string;
  readonly level: number;
}

export interface Nomenclature {
  /** True when `code` (2, 4 or 6 digits) is a code of the nomenclature at its level. */
  has(code: string): boolean;
  /** The English description of a code, or undefined when unknown. */
  describe(code: string): string | undefined;
  /** Every 6-digit subheading, in code order. */
  subheadings(): readonly string[];
  readonly size: number;
}

/**
 * Indexes nomenclature rows. Rows of other levels (the `TOTAL` row, level 5) are skipped.
 * @example buildNomenclature(rows).has('870323') // true
 */
export function buildNomenclature(rows: Iterable<NomenclatureRow>): Nomenclature {
  const descriptions = new Map<string, string>();
  for (const row of rows) {
    if (row.level === 2 || row.level === 4 || row.level === 6) {
      if (/^\d+$/.test(row.hscode) && row.hscode.length === row.level)
        descriptions.set(row.hscode, row.description);
    }
  }
  const subheadings = [...descriptions.keys()].filter((code) => code.length === 6).sort();
  return {
    has: (code) => descriptions.has(code),
    describe: (code) => descriptions.get(code),
    subheadings: () => subheadings,
    size: descriptions.size,
  };
}
