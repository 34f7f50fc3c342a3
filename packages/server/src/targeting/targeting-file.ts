/**
 * Reads the CSV files targeting trains on and scores: one row per declared item, in the columns
 * of the public customs-declarations data set (`targetingColumns` in the core), with the `Fraud`
 * column when the item was inspected. Every bad cell is reported with its line, column and
 * value; reading never stops at the first.
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import {
  fraudColumn,
  fraudFromRecord,
  targetingRowFromRecord,
  type RowProblem,
  type TargetingRow,
} from '@anticipa/core';

export interface TargetingFile {
  readonly rows: readonly TargetingRow[];
  /** Each row's outcome, `undefined` where the file has no `Fraud` column or an empty cell. */
  readonly frauds: readonly (boolean | undefined)[];
  /** Whether the file has a `Fraud` column. */
  readonly labelled: boolean;
  /** Rows that could not be read, by line (1 is the header); they are not in `rows`. */
  readonly badRows: readonly { readonly line: number; readonly problems: readonly RowProblem[] }[];
}

export type TargetingFileError =
  | { readonly code: 'FILE_UNREADABLE'; readonly reason: string }
  | { readonly code: 'CSV_INVALID'; readonly reason: string };

/**
 * Reads a targeting CSV file (UTF-8, with or without a byte-order mark). Never throws: an
 * unreadable file or broken CSV is an error value; bad cells are listed in `badRows`.
 */
export async function readTargetingFile(
  path: string,
): Promise<{ ok: true; value: TargetingFile } | { ok: false; error: TargetingFileError }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    return { ok: false, error: { code: 'FILE_UNREADABLE', reason: (error as Error).message } };
  }
  type Parsed = { record: Record<string, string>; info: { lines: number } };
  let records: Parsed[];
  try {
    records = parse<Parsed>(text, {
      columns: true,
      bom: true,
      skip_empty_lines: true,
      info: true,
    });
  } catch (error) {
    return { ok: false, error: { code: 'CSV_INVALID', reason: (error as Error).message } };
  }
  const rows: TargetingRow[] = [];
  const frauds: (boolean | undefined)[] = [];
  const badRows: { line: number; problems: readonly RowProblem[] }[] = [];
  const labelled = records.length > 0 && fraudColumn in (records[0]?.record ?? {});
  for (const { record, info } of records) {
    const row = targetingRowFromRecord(record);
    const fraud = labelled && (record[fraudColumn] ?? '').trim() !== '' ? fraudFromRecord(record) : undefined;
    const problems = [...(row.ok ? [] : row.error), ...(fraud && !fraud.ok ? [fraud.error] : [])];
    if (!row.ok || problems.length > 0) {
      badRows.push({ line: info.lines, problems });
      continue;
    }
    rows.push(row.value);
    frauds.push(fraud?.ok ? fraud.value : undefined);
  }
  return { ok: true, value: { rows, frauds, labelled, badRows } };
}
