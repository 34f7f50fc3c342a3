// The format-independent parts of CSV intake: grouping of records (consecutive rows, rows that
// could not be read, documents split in two places), JSON Pointer to column mapping, CSV
// writing, and the wording of CSV problems in both languages.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  csvCatalogueKeys,
  csvLine,
  describeCsvExpected,
  formatCsvProblem,
  groupCsvRecords,
  isBlankRow,
  locatePointer,
  type CsvProblem,
  type CsvRecord,
} from './csv-format.ts';
import { declarationCsvFormat } from './declaration-csv.ts';
import { manifestCsvFormat } from './manifest-csv.ts';

const row = (line: number, reference: string, more: Record<string, string> = {}): CsvRecord => ({
  line,
  cells: { sender: 'BROKER01', reference, ...more },
});

const rowLength = (line: number): CsvProblem => ({
  line,
  column: '',
  value: '',
  code: 'csv_row_length',
  params: { expected: 24, found: 23 },
});

describe('CSV grouping', () => {
  it('groups consecutive rows sharing sender and reference, in file order', () => {
    const documents = groupCsvRecords(declarationCsvFormat, [
      row(2, 'A'),
      row(3, 'A'),
      row(4, 'B'),
      row(6, 'C'),
      row(7, 'C'),
    ]);
    assert.deepEqual(
      documents.map((d) => [d.key.reference, d.lines]),
      [
        ['A', [2, 3]],
        ['B', [4]],
        ['C', [6, 7]],
      ],
    );
    assert.ok(documents.every((d) => d.problems.length === 0));
  });

  it('tells two senders using the same reference apart', () => {
    const documents = groupCsvRecords(declarationCsvFormat, [
      row(2, 'A'),
      { line: 3, cells: { sender: 'BROKER02', reference: 'A' } },
    ]);
    assert.equal(documents.length, 2);
  });

  it('rejects a document whose rows are not consecutive where it comes back, naming the first line', () => {
    const documents = groupCsvRecords(declarationCsvFormat, [row(2, 'A'), row(3, 'B'), row(4, 'A')]);
    assert.deepEqual(
      documents.map((d) => [
        d.key.reference,
        d.lines,
        d.problems.map((p) => [p.line, p.code, p.params?.['line']]),
      ]),
      [
        ['A', [2], []],
        ['B', [3], []],
        ['A', [4], [[4, 'csv_consecutive', 2]]],
      ],
    );
  });

  it('rejects the whole document when one of its rows could not be read, and keeps that row on its own when its document is unknown', () => {
    const documents = groupCsvRecords(declarationCsvFormat, [
      row(2, 'A'),
      { line: 3, problem: rowLength(3), key: { sender: 'BROKER01', reference: 'A' } },
      row(4, 'A'),
      { line: 5, problem: rowLength(5), key: undefined },
      row(6, 'B'),
    ]);
    assert.deepEqual(
      documents.map((d) => [
        d.key.reference,
        d.lines,
        d.rows.map((r) => r !== undefined),
        d.problems.map((p) => p.line),
      ]),
      [
        ['A', [2, 3, 4], [true, false, true], [3]],
        ['', [5], [false], [5]],
        ['B', [6], [true], []],
      ],
    );
  });

  it('rejects a document with a cell that was not UTF-8 (a Windows-1252 file), naming the cell', () => {
    const [document] = groupCsvRecords(declarationCsvFormat, [
      row(2, 'A', { importer_name: 'S\uFFFDn\uFFFDgal Import' }),
    ]);
    assert.deepEqual(document?.problems, [
      { line: 2, column: 'importer_name', value: 'S\uFFFDn\uFFFDgal Import', code: 'csv_encoding' },
    ]);
  });

  it('recognises blank rows', () => {
    assert.equal(isBlankRow({ a: '', b: '  ' }), true);
    assert.equal(isBlankRow({ a: '', b: 'x' }), false);
  });
});

describe('JSON Pointer to CSV column', () => {
  it('maps document fields, row fields and list entries', () => {
    const at = (pointer: string) => {
      const location = locatePointer(declarationCsvFormat, pointer);
      return [location.row, location.column?.name, location.entry];
    };
    assert.deepEqual(at('/items/1/origin'), [1, 'origin', undefined]);
    assert.deepEqual(at('/invoice/exchangeRate'), [0, 'exchange_rate', undefined]);
    assert.deepEqual(at('/declarant/code'), [0, 'declarant_code', undefined]);
    assert.deepEqual(at('/billsOfLading/3'), [0, 'bills_of_lading', 3]);
    assert.deepEqual(at('/items/4'), [4, undefined, undefined]);
    assert.deepEqual(at('/items/x/origin'), [0, undefined, undefined]);
    assert.deepEqual(at(''), [0, undefined, undefined]);
    const manifest = locatePointer(manifestCsvFormat, '/billsOfLading/2/consignee/taxId');
    assert.deepEqual([manifest.row, manifest.column?.name], [2, 'consignee_tax_id']);
    const container = locatePointer(manifestCsvFormat, '/billsOfLading/0/containers/1');
    assert.deepEqual([container.row, container.column?.name, container.entry], [0, 'containers', 1]);
  });
});

describe('CSV writing and wording', () => {
  it('quotes cells holding a comma, a quote or a line break (RFC 4180)', () => {
    assert.equal(csvLine(['a', 'b,c', 'say "hi"', 'two\nlines', '']), 'a,"b,c","say ""hi""","two\nlines",');
  });

  it('words every CSV rule in French and English', () => {
    assert.deepEqual([...csvCatalogueKeys.fr].sort(), [...csvCatalogueKeys.en].sort());
    for (const code of csvCatalogueKeys.en) {
      const problem = {
        line: 3,
        column: '',
        value: '',
        code,
        params: {
          name: 'x',
          line: 2,
          value: 'v',
          sender: 's',
          expected: 2,
          found: 3,
          reason: 'quote_not_closed',
        },
      } as CsvProblem;
      assert.notEqual(describeCsvExpected(problem, 'fr'), describeCsvExpected(problem, 'en'), code);
      assert.doesNotMatch(describeCsvExpected(problem, 'fr'), /undefined/, code);
    }
  });

  it('says where a row could not be read, without a value to show', () => {
    assert.equal(
      formatCsvProblem(rowLength(9), 'en'),
      'line 9: expected a row of 24 cells, as many as the header has columns (this row has 23)',
    );
    assert.equal(
      formatCsvProblem(
        { line: 40, column: '', value: '', code: 'csv_unreadable', params: { reason: 'quote_not_closed' } },
        'fr',
      ),
      "ligne 40 : attendu une ligne CSV lisible (un guillemet est ouvert et jamais fermé) : l'import s'est arrêté ici, les lignes suivantes n'ont pas été lues",
    );
  });
});
