/**
 * The rows targeting learns from and scores: one declared item with the facts known at lodgement
 * (codes, parties, values) and, for an inspected item, its outcome. The CSV layout is that of the
 * public customs-declarations data set (one row per item, English column names), so that files
 * exported from a clearance system in the same columns can be used as they are.
 */
import { err, ok, type Result } from '../shared/result.ts';

/** A declared item as targeting sees it. Codes are text (HS codes keep their leading zeros). */
export interface TargetingRow {
  readonly declarationId: string;
  /** The lodgement date, `YYYY-MM-DD`: history features use only rows dated strictly before it. */
  readonly date: string;
  readonly office: string;
  readonly processType: string;
  readonly importType: string;
  readonly importUse: string;
  readonly paymentType: string;
  readonly transportMode: string;
  readonly declarant: string;
  readonly importer: string;
  /** Empty when not declared. */
  readonly seller: string;
  /** Empty when the item came by no courier. */
  readonly courier: string;
  readonly hs6: string;
  readonly departure: string;
  readonly origin: string;
  /** Percent. */
  readonly taxRate: number;
  readonly taxType: string;
  readonly originIndicator: string;
  /** Kilograms. */
  readonly netMass: number;
  /** The assessed value, in the national currency. */
  readonly itemPrice: number;
}

/** An item whose inspection result is known: the outcome targeting learns from. */
export interface InspectedRow extends TargetingRow {
  /** True when the inspection found an attempt to reduce the duty. */
  readonly fraud: boolean;
}

/** The duty at stake on an item, `Item Price x Tax Rate / 100`: what an inspection can recover. */
export function dutyAtStake(row: Pick<TargetingRow, 'itemPrice' | 'taxRate'>): number {
  return (row.itemPrice * row.taxRate) / 100;
}

/** The CSV columns of a row, in the order of the public data set. */
export const targetingColumns = {
  declarationId: 'Declaration ID',
  date: 'Date',
  office: 'Office ID',
  processType: 'Process Type',
  importType: 'Import Type',
  importUse: 'Import Use',
  paymentType: 'Payment Type',
  transportMode: 'Mode of Transport',
  declarant: 'Declarant ID',
  importer: 'Importer ID',
  seller: 'Seller ID',
  courier: 'Courier ID',
  hs6: 'HS6 Code',
  departure: 'Country of Departure',
  origin: 'Country of Origin',
  taxRate: 'Tax Rate',
  taxType: 'Tax Type',
  originIndicator: 'Country of Origin Indicator',
  netMass: 'Net Mass',
  itemPrice: 'Item Price',
} as const satisfies Record<keyof TargetingRow, string>;

/** The outcome column: `1` for a fraud, `0` otherwise. */
export const fraudColumn = 'Fraud';

/** A cell that could not be read, with what was expected there. */
export interface RowProblem {
  readonly column: string;
  readonly value: string;
  readonly expected: 'text' | 'date' | 'number' | 'fraud';
}

const isoDate = /^\d{4}-\d{2}-\d{2}$/;
const optionalColumns = new Set<keyof TargetingRow>(['courier', 'seller']);

/**
 * Reads one CSV record (column name → cell) into a row, reporting every bad cell at once. An HS
 * code read as a number lost its leading zeros: codes shorter than six digits are padded back.
 * Never throws.
 */
export function targetingRowFromRecord(
  record: Readonly<Record<string, string | undefined>>,
): Result<TargetingRow, readonly RowProblem[]> {
  const problems: RowProblem[] = [];
  const text = (field: keyof TargetingRow): string => {
    const column = targetingColumns[field];
    const cell = (record[column] ?? '').trim();
    if (cell === '' && !optionalColumns.has(field)) problems.push({ column, value: cell, expected: 'text' });
    return cell;
  };
  const number = (field: keyof TargetingRow): number => {
    const column = targetingColumns[field];
    const cell = (record[column] ?? '').trim();
    const value = Number(cell);
    if (cell === '' || !Number.isFinite(value) || value < 0)
      problems.push({ column, value: cell, expected: 'number' });
    return value;
  };
  const date = (record[targetingColumns.date] ?? '').trim();
  if (!isoDate.test(date)) problems.push({ column: targetingColumns.date, value: date, expected: 'date' });
  const hs6 = text('hs6');
  // One object literal, every field in one order: rows share one shape, which scoring reads fast.
  const row: TargetingRow = {
    declarationId: text('declarationId'),
    date,
    office: text('office'),
    processType: text('processType'),
    importType: text('importType'),
    importUse: text('importUse'),
    paymentType: text('paymentType'),
    transportMode: text('transportMode'),
    declarant: text('declarant'),
    importer: text('importer'),
    seller: text('seller'),
    courier: text('courier'),
    hs6: /^\d{1,5}$/.test(hs6) ? hs6.padStart(6, '0') : hs6,
    departure: text('departure'),
    origin: text('origin'),
    taxRate: number('taxRate'),
    taxType: text('taxType'),
    originIndicator: text('originIndicator'),
    netMass: number('netMass'),
    itemPrice: number('itemPrice'),
  };
  return problems.length > 0 ? err(problems) : ok(row);
}

/** An inspected row from a CSV record: the row and its `Fraud` column. Never throws. */
export function inspectedRowFromRecord(
  record: Readonly<Record<string, string | undefined>>,
): Result<InspectedRow, readonly RowProblem[]> {
  const row = targetingRowFromRecord(record);
  const fraud = fraudFromRecord(record);
  if (row.ok && fraud.ok) return ok({ ...row.value, fraud: fraud.value });
  return err([...(row.ok ? [] : row.error), ...(fraud.ok ? [] : [fraud.error])]);
}

/** Reads the outcome of a record: `1` or `0` in the `Fraud` column, else a problem. Never throws. */
export function fraudFromRecord(
  record: Readonly<Record<string, string | undefined>>,
): Result<boolean, RowProblem> {
  const cell = (record[fraudColumn] ?? '').trim();
  if (cell === '1' || cell === '1.0') return ok(true);
  if (cell === '0' || cell === '0.0') return ok(false);
  return err({ column: fraudColumn, value: cell, expected: 'fraud' });
}
