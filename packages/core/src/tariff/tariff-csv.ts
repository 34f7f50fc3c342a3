/**
 * Tariff lines from a CSV file (the way administrations export their schedules from a
 * spreadsheet): one row per line and date range, columns in docs/tariff-format.md. Taxes, with
 * their names in two languages, bases and scopes, are loaded as JSON. The CSV rows become the
 * `lines` of a tariff document, validated by the same schema as JSON; each problem's pointer
 * maps back to a line and column of the file (core/bulk).
 */
import {
  checkCsvHeader,
  documentInputOf,
  locateProblems,
  type CsvCells,
  type CsvColumn,
  type CsvFormat,
  type CsvProblem,
} from '../bulk/csv-format.ts';
import type { Problem } from '../shared/error-codes.ts';
import { tariffFormat } from './tariff-document.ts';

const lineColumn = (name: string, field: string, required: boolean): CsvColumn => ({
  name,
  path: ['lines', '*', field],
  required,
  kind: 'text',
});

export const tariffCsvFormat: CsvFormat = {
  documentKind: 'tariff',
  rowList: ['lines'],
  columns: [
    lineColumn('line', 'line', true),
    lineColumn('description', 'description', false),
    lineColumn('duty_rate', 'dutyRate', true),
    lineColumn('excise_rate', 'exciseRate', false),
    lineColumn('valid_from', 'validFrom', true),
    lineColumn('valid_to', 'validTo', false),
  ],
};

/** What a CSV file does not say about its tariff: the country, currency and legal time it belongs to. */
export interface TariffCsvContext {
  readonly country: string;
  readonly currency: string;
  readonly utcOffset: string;
  readonly example: boolean;
}

/** A CSV file read into rows: the header's cells and each data row with its line in the file. */
export interface TariffCsvRows {
  readonly header: readonly string[];
  readonly rows: readonly { readonly line: number; readonly cells: CsvCells }[];
}

/**
 * Builds the input of a tariff document from CSV rows, or the header's problems (a missing
 * required column, an unknown or repeated one) placed at line 1. Never throws.
 */
export function tariffInputFromCsv(
  csv: TariffCsvRows,
  context: TariffCsvContext,
): { ok: true; input: Record<string, unknown> } | { ok: false; problems: CsvProblem[] } {
  const headerProblems = checkCsvHeader(tariffCsvFormat, csv.header);
  if (headerProblems.length > 0) return { ok: false, problems: headerProblems };
  const built = documentInputOf(
    tariffCsvFormat,
    csv.rows.map((row) => row.cells),
  );
  return {
    ok: true,
    input: {
      format: tariffFormat,
      country: context.country,
      currency: context.currency,
      example: context.example,
      utcOffset: context.utcOffset,
      lines: built['lines'],
    },
  };
}

/** Places validation problems of a document built from CSV rows at their line and column. Never throws. */
export function locateTariffCsvProblems(csv: TariffCsvRows, problems: readonly Problem[]): CsvProblem[] {
  return locateProblems(
    tariffCsvFormat,
    { lines: csv.rows.map((row) => row.line), rows: csv.rows.map((row) => row.cells) },
    problems,
  );
}
