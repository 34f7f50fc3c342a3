import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  dutyAtStake,
  inspectedRowFromRecord,
  targetingColumns,
  targetingRowFromRecord,
} from './targeting-row.ts';
import { aTargetingRow } from './targeting-factories.ts';

/** A CSV record of a row, in the public data set's columns. */
function recordOf(overrides: Record<string, string> = {}): Record<string, string> {
  const row = aTargetingRow();
  const record: Record<string, string> = {};
  for (const [field, column] of Object.entries(targetingColumns)) {
    record[column] = String(row[field as keyof typeof row]);
  }
  return { ...record, Fraud: '1', 'Critical Fraud': '2', ...overrides };
}

describe('targeting rows', () => {
  it('reads a record of the public data set’s columns, keeping codes as text', () => {
    const read = targetingRowFromRecord(recordOf({ 'HS6 Code': '30389' }));
    assert.deepEqual(read, { ok: true, value: aTargetingRow() });
  });

  it('reads the outcome of an inspected item', () => {
    const read = inspectedRowFromRecord(recordOf());
    assert.ok(read.ok);
    assert.equal(read.value.fraud, true);
  });

  it('reports every bad cell at once, with its column and value', () => {
    const read = inspectedRowFromRecord(
      recordOf({ Date: '10/03/2025', 'Item Price': 'abc', 'Importer ID': '', Fraud: 'yes' }),
    );
    assert.deepEqual(read, {
      ok: false,
      error: [
        { column: 'Date', value: '10/03/2025', expected: 'date' },
        { column: 'Importer ID', value: '', expected: 'text' },
        { column: 'Item Price', value: 'abc', expected: 'number' },
        { column: 'Fraud', value: 'yes', expected: 'fraud' },
      ],
    });
  });

  it('accepts an item with no courier and no seller', () => {
    assert.ok(targetingRowFromRecord(recordOf({ 'Courier ID': '', 'Seller ID': '' })).ok);
  });

  it('puts the duty at stake at item price x tax rate / 100', () => {
    assert.equal(dutyAtStake({ itemPrice: 500_000, taxRate: 8 }), 40_000);
  });
});
