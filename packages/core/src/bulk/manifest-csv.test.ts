// The manifest CSV format: one row per B/L, rows become manifests that validate, and problems
// in a B/L (down to one container of its list) are placed at their line and column.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aManifest, testReferences } from '../testing/factories.ts';
import { cargoManifestSchema, type CargoManifestInput } from '../manifest/cargo-manifest.ts';
import { parseDocument } from '../shared/parse.ts';
import { csvRowsOf, formatCsvProblem } from './csv-format.ts';
import {
  checkManifestCsvHeader,
  groupManifestRecords,
  locateManifestProblems,
  manifestCsvColumns,
  manifestCsvFormat,
  manifestInputOf,
} from './manifest-csv.ts';

const schema = cargoManifestSchema(testReferences());

function twoBills(): CargoManifestInput {
  const manifest = aManifest();
  const [bill] = manifest.billsOfLading;
  assert.ok(bill);
  return {
    ...manifest,
    billsOfLading: [
      bill,
      { ...bill, number: 'MEDU87654321', hsCode: '1006', containers: ['CSQU3054383', 'MSCU1234566'] },
    ],
  };
}

describe('manifest CSV', () => {
  it('turns the rows of a manifest, one per B/L, into one manifest that validates', () => {
    const original = twoBills();
    const rows = csvRowsOf(manifestCsvFormat, original);
    assert.equal(rows[1]?.['containers'], 'CSQU3054383;MSCU1234566');
    const [document, ...others] = groupManifestRecords(
      rows.map((cells, index) => ({ line: 5 + index, cells })),
    );
    assert.equal(others.length, 0);
    assert.ok(document);
    assert.deepEqual(document.lines, [5, 6]);
    const parsed = parseDocument(schema, manifestInputOf(rows));
    const expected = parseDocument(schema, original);
    assert.ok(parsed.ok && expected.ok, JSON.stringify(parsed));
    assert.deepEqual(parsed.value, expected.value);
  });

  it('leaves out empty optional cells: no IMO number, no HS code, no containers, no actual arrival', () => {
    const [row] = csvRowsOf(manifestCsvFormat, aManifest());
    assert.ok(row);
    const input = manifestInputOf([
      { ...row, imo_number: '', hs_code: '', containers: '', consignee_tax_id: '' },
    ]);
    assert.deepEqual(input['conveyance'], { name: 'MSC AURORA' });
    assert.equal('actualArrival' in input, false);
    const parsed = parseDocument(schema, input);
    assert.ok(parsed.ok);
    const [bill] = parsed.value.billsOfLading;
    assert.ok(bill);
    assert.deepEqual(bill.containers, []);
    assert.equal(bill.hsCode, undefined);
  });

  it('places a bad container of a B/L at its line and the containers column, showing that container', () => {
    const rows = csvRowsOf(manifestCsvFormat, twoBills());
    rows[1] = {
      ...rows[1],
      containers: 'CSQU3054383;MSCU1234567',
      gross_mass: '-3',
      expected_arrival: '2026-03-10',
    };
    rows[0] = { ...rows[0], expected_arrival: '2026-03-10' };
    const parsed = parseDocument(schema, manifestInputOf(rows));
    assert.ok(!parsed.ok);
    const located = locateManifestProblems({ lines: [30, 31], rows }, parsed.error);
    assert.deepEqual(
      located.map((p) => [p.line, p.column, p.value, p.code]),
      [
        [30, 'expected_arrival', '2026-03-10', 'datetime'],
        [31, 'gross_mass', '-3', 'decimal_positive'],
        [31, 'containers', 'MSCU1234567', 'container_number'],
      ],
    );
    assert.match(
      formatCsvProblem(located[2]!, 'fr'),
      /^ligne 31, colonne containers : valeur « MSCU1234567 » : attendu un numéro de conteneur ISO 6346/,
    );
  });

  it('places a B/L number repeated within a manifest at the row that repeats it', () => {
    const rows = csvRowsOf(manifestCsvFormat, twoBills());
    rows[1] = { ...rows[1], bl_number: rows[0]?.['bl_number'] ?? '' };
    const parsed = parseDocument(schema, manifestInputOf(rows));
    assert.ok(!parsed.ok);
    const located = locateManifestProblems({ lines: [2, 3], rows }, parsed.error);
    assert.deepEqual(
      located.map((p) => [p.line, p.column, p.code]),
      [[3, 'bl_number', 'no_duplicates']],
    );
  });

  it('checks the header against the manifest columns', () => {
    assert.deepEqual(checkManifestCsvHeader(manifestCsvColumns), []);
    const problems = checkManifestCsvHeader(
      manifestCsvColumns.filter((name) => name !== 'bl_number' && name !== 'containers'),
    );
    assert.deepEqual(
      problems.map((p) => [p.column, p.code]),
      [['bl_number', 'csv_column']],
      'containers is optional',
    );
  });
});
