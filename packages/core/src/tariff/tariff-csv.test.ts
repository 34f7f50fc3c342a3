import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { testReferences } from '../testing/factories.ts';
import { formatCsvProblem } from '../bulk/csv-format.ts';
import { locateTariffCsvProblems, tariffInputFromCsv, type TariffCsvRows } from './tariff-csv.ts';
import { parseTariffDocument } from './tariff-document.ts';

const context = { country: 'SN', currency: 'XOF', utcOffset: '+00:00', example: false };
const refs = { nomenclature: testReferences().nomenclature };

describe('tariff lines from CSV', () => {
  it('builds a tariff document from rows, which the tariff schema validates', () => {
    const csv: TariffCsvRows = {
      header: ['line', 'description', 'duty_rate', 'excise_rate', 'valid_from', 'valid_to'],
      rows: [
        {
          line: 2,
          cells: {
            line: '1006300000',
            description: 'Riz',
            duty_rate: '10',
            excise_rate: '',
            valid_from: '2015-01-01',
            valid_to: '',
          },
        },
        {
          line: 3,
          cells: {
            line: '870323',
            description: '',
            duty_rate: '20',
            excise_rate: '2',
            valid_from: '2015-01-01',
            valid_to: '2027-01-01',
          },
        },
      ],
    };
    const built = tariffInputFromCsv(csv, context);
    assert.ok(built.ok);
    const parsed = parseTariffDocument(built.input, refs);
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.value.lines, [
      { line: '1006300000', description: 'Riz', dutyRate: '10', validFrom: '2015-01-01' },
      { line: '870323', dutyRate: '20', exciseRate: '2', validFrom: '2015-01-01', validTo: '2027-01-01' },
    ]);
    assert.equal(parsed.value.country, 'SN');
  });

  it('places each problem at its line and column of the file', () => {
    const csv: TariffCsvRows = {
      header: ['line', 'duty_rate', 'valid_from'],
      rows: [
        { line: 2, cells: { line: '1006300000', duty_rate: '10', valid_from: '2015-01-01' } },
        { line: 4, cells: { line: '10063', duty_rate: 'ten', valid_from: '2015-01-01' } },
      ],
    };
    const built = tariffInputFromCsv(csv, context);
    assert.ok(built.ok);
    const parsed = parseTariffDocument(built.input, refs);
    assert.ok(!parsed.ok);
    const located = locateTariffCsvProblems(csv, parsed.error);
    assert.deepEqual(
      located.map((p) => [p.line, p.column, p.value, p.code]),
      [
        [4, 'line', '10063', 'tariff_code'],
        [4, 'duty_rate', 'ten', 'decimal'],
      ],
    );
    assert.match(
      formatCsvProblem(located[0]!, 'en'),
      /^line 4, column line: value "10063": expected an HS chapter/,
    );
  });

  it('reports missing and unknown columns of the header', () => {
    const built = tariffInputFromCsv({ header: ['line', 'rate', 'valid_from'], rows: [] }, context);
    assert.ok(!built.ok);
    assert.deepEqual(
      built.problems.map((p) => [p.line, p.column, p.code]),
      [
        [1, 'rate', 'csv_unknown_column'],
        [1, 'duty_rate', 'csv_column'],
      ],
    );
  });
});
