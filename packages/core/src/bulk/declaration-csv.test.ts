// The declaration CSV format: rows become declarations that validate, lines and columns are
// kept, and every validation problem is placed back at the line and column it came from.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aDeclaration, testReferences } from '../testing/factories.ts';
import { goodsDeclarationSchema, type GoodsDeclarationInput } from '../declaration/goods-declaration.ts';
import { parseDocument } from '../shared/parse.ts';
import { csvRowsOf, formatCsvProblem, type CsvCells, type CsvRecord } from './csv-format.ts';
import {
  checkDeclarationCsvHeader,
  declarationCsvColumns,
  declarationCsvFormat,
  declarationInputOf,
  groupDeclarationRecords,
  locateDeclarationProblems,
} from './declaration-csv.ts';

const schema = goodsDeclarationSchema(testReferences());

const threeItems = (overrides: Partial<GoodsDeclarationInput> = {}): GoodsDeclarationInput => {
  const declaration = aDeclaration(overrides);
  const [item] = declaration.items;
  assert.ok(item);
  return {
    ...declaration,
    billsOfLading: ['MEDU12345678', 'MEDU12345679'],
    items: [
      item,
      { ...item, tariffLine: '1006300000', description: 'Rice, broken', origin: 'TH' },
      { ...item, tariffLine: '8703231900', description: 'Cars', packages: 2 },
    ],
  };
};

/** The records of rows written from line `first` on (the header is line 1). */
function recordsOf(rows: readonly CsvCells[], first = 2): CsvRecord[] {
  return rows.map((cells, index) => ({ line: first + index, cells }));
}

describe('declaration CSV', () => {
  it('turns the consecutive rows of a declaration into one declaration that validates, keeping its lines', () => {
    const original = threeItems();
    const rows = csvRowsOf(declarationCsvFormat, original);
    assert.equal(rows.length, 3);
    const documents = groupDeclarationRecords(recordsOf(rows));
    assert.equal(documents.length, 1);
    const [document] = documents;
    assert.ok(document);
    assert.deepEqual(document.lines, [2, 3, 4]);
    assert.deepEqual(document.key, { sender: original.sender, reference: original.reference });
    assert.deepEqual(document.problems, []);
    const parsed = parseDocument(schema, declarationInputOf(rows));
    assert.ok(parsed.ok, JSON.stringify(parsed));
    const expected = parseDocument(schema, original);
    assert.ok(expected.ok);
    assert.deepEqual(parsed.value, expected.value);
  });

  it('leaves out the fields of empty optional cells and reads B/Ls separated by ;', () => {
    const [row] = csvRowsOf(declarationCsvFormat, aDeclaration());
    assert.ok(row);
    const input = declarationInputOf([
      {
        ...row,
        seller_country: '',
        declarant_name: ' ',
        supplementary_quantity: '',
        supplementary_unit: '',
        bills_of_lading: 'MEDU1; MEDU2;',
      },
    ]);
    assert.deepEqual(input['seller'], { name: 'Ningbo Trading Co' });
    assert.deepEqual(input['declarant'], { code: 'DECL042' });
    assert.deepEqual(input['billsOfLading'], ['MEDU1', 'MEDU2']);
    const items = input['items'] as Record<string, unknown>[];
    assert.equal('supplementaryQuantity' in (items[0] ?? {}), false);
    assert.equal(items[0]?.['packages'], 400);
    const none = declarationInputOf([{ ...row, bills_of_lading: '' }]);
    assert.deepEqual(none['billsOfLading'], []);
    assert.ok(parseDocument(schema, none).ok);
  });

  it('makes a number of a numeric packages cell only, so validation reports text and fractions', () => {
    const [row] = csvRowsOf(declarationCsvFormat, aDeclaration());
    assert.ok(row);
    const packagesOf = (cell: string) =>
      (declarationInputOf([{ ...row, packages: cell }])['items'] as Record<string, unknown>[])[0]?.[
        'packages'
      ];
    assert.equal(packagesOf('400'), 400);
    assert.equal(packagesOf('12 cartons'), '12 cartons');
    assert.equal(packagesOf('1e3'), '1e3');
    assert.equal(packagesOf('12.5'), 12.5);
    const parsed = parseDocument(schema, declarationInputOf([{ ...row, packages: '12.5' }]));
    assert.ok(!parsed.ok);
    assert.deepEqual(
      parsed.error.map((p) => [p.path, p.code]),
      [['/items/0/packages', 'integer_range']],
    );
  });

  it('places each validation problem at the line and column it came from, with the cell as written', () => {
    const rows = csvRowsOf(declarationCsvFormat, threeItems());
    rows[1] = { ...rows[1], origin: 'XX' };
    rows[2] = { ...rows[2], description: '', packages: 'beaucoup' };
    rows[0] = { ...rows[0], exchange_rate: 'abc' };
    for (const index of [1, 2]) rows[index] = { ...rows[index], exchange_rate: 'abc' };
    const [document] = groupDeclarationRecords(recordsOf(rows, 12));
    assert.ok(document);
    const parsed = parseDocument(schema, declarationInputOf(rows));
    assert.ok(!parsed.ok);
    const located = locateDeclarationProblems(document, parsed.error);
    const brief = located.map((p) => `${p.line} ${p.column} ${p.value} ${p.code}`).sort();
    assert.deepEqual(
      brief,
      [
        '12 exchange_rate abc decimal',
        '13 origin XX country',
        '14 description  required',
        '14 packages beaucoup type',
      ].sort(),
    );
    const origin = located.find((p) => p.column === 'origin');
    assert.ok(origin);
    assert.equal(
      formatCsvProblem(origin, 'en'),
      'line 13, column origin: value "XX": expected an ISO 3166-1 alpha-2 country code, such as "SN" or "CN"',
    );
    assert.equal(
      formatCsvProblem(origin, 'fr'),
      'ligne 13, colonne origin : valeur « XX » : attendu un code pays ISO 3166-1 alpha-2, par exemple "SN" ou "CN"',
    );
    const missing = located.find((p) => p.code === 'required');
    assert.ok(missing);
    assert.equal(
      formatCsvProblem(missing, 'en'),
      'line 14, column description: empty cell: expected a value: this field is required',
    );
  });

  it('places a bad B/L of the list at the bills_of_lading column, showing that B/L', () => {
    const [row] = csvRowsOf(declarationCsvFormat, aDeclaration());
    assert.ok(row);
    const rows = [{ ...row, bills_of_lading: 'MEDU12345678;bad bl' }];
    const parsed = parseDocument(schema, declarationInputOf(rows));
    assert.ok(!parsed.ok);
    const located = locateDeclarationProblems({ lines: [7], rows }, parsed.error);
    assert.deepEqual(
      located.map((p) => [p.line, p.column, p.value, p.code]),
      [[7, 'bills_of_lading', 'bad bl', 'reference']],
    );
  });

  it('reports an unknown tariff line and an unknown office at their columns', () => {
    const rows = csvRowsOf(declarationCsvFormat, threeItems({ office: 'XXDKR9' }));
    rows[2] = { ...rows[2], tariff_line: '9999990000' };
    const parsed = parseDocument(schema, declarationInputOf(rows));
    assert.ok(!parsed.ok);
    const located = locateDeclarationProblems({ lines: [2, 3, 4], rows }, parsed.error);
    assert.deepEqual(
      located.map((p) => [p.line, p.column, p.value, p.code]),
      [
        [2, 'office', 'XXDKR9', 'office_known'],
        [4, 'tariff_line', '9999990000', 'hs_subheading_known'],
      ],
    );
  });

  it('checks the header: one problem per missing required column, unknown and repeated columns', () => {
    assert.deepEqual(checkDeclarationCsvHeader(declarationCsvColumns), []);
    const required = declarationCsvFormat.columns.filter((c) => c.required).map((c) => c.name);
    assert.deepEqual(
      checkDeclarationCsvHeader([...required].reverse().map((name) => ` ${name.toUpperCase()} `)),
      [],
      'order, case and spaces do not matter; optional columns may be left out',
    );
    const header = declarationCsvColumns.filter((name) => name !== 'origin' && name !== 'net_mass');
    const problems = checkDeclarationCsvHeader([...header, 'orgin', 'sender']);
    assert.deepEqual(
      problems.map((p) => [p.line, p.column, p.code]),
      [
        [1, 'orgin', 'csv_unknown_column'],
        [1, 'sender', 'no_duplicates'],
        [1, 'origin', 'csv_column'],
        [1, 'net_mass', 'csv_column'],
      ],
    );
    assert.equal(
      formatCsvProblem(problems[2] ?? problems[0]!, 'en'),
      'line 1: expected a column named "origin"',
    );
    assert.deepEqual(
      checkDeclarationCsvHeader([]).map((p) => p.code),
      ['csv_header'],
    );
  });

  it('reports rows of one declaration that disagree on a declaration field, and nothing else', () => {
    const rows = csvRowsOf(declarationCsvFormat, threeItems());
    rows[2] = { ...rows[2], office: 'SNDSS1', importer_name: rows[2]?.['importer_name'] ?? '' };
    const [document] = groupDeclarationRecords(recordsOf(rows, 20));
    assert.ok(document);
    assert.deepEqual(document.problems, [
      {
        line: 22,
        column: 'office',
        value: 'SNDSS1',
        code: 'csv_same_in_document',
        params: { line: 20, value: 'SNDKR1' },
      },
    ]);
    assert.equal(
      formatCsvProblem(document.problems[0]!, 'en'),
      'line 22, column office: value "SNDSS1": expected the same value on every row of the document, as on its first row, line 20 ("SNDKR1")',
    );
  });
});
