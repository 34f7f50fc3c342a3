// Bulk intake from CSV against the real database (PGlite, or the server of DATABASE_URL): good
// documents are stored and bad ones reported at their lines and columns, a document with any
// bad row is stored not at all, and importing the same file again stores nothing new.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { count, inArray } from 'drizzle-orm';
import {
  csvLine,
  csvRowsOf,
  declarationCsvColumns,
  declarationCsvFormat,
  manifestCsvColumns,
  manifestCsvFormat,
  type CsvCells,
  type GoodsDeclarationInput,
} from '@anticipa/core';
import { aDeclaration, aManifest } from '@anticipa/core/testing';
import { declarationItems, declarations, manifests } from '../db/schema.ts';
import { createTestAnticipa, type TestAnticipa } from '../test-support/test-anticipa.ts';
import {
  importDeclarations,
  importManifests,
  type ImportProgress,
  type ImportReport,
  type RejectedDocument,
} from './bulk-import.ts';

/** The CSV rows of a declaration, with cells overridden per item index. */
function declarationRows(
  declaration: GoodsDeclarationInput,
  overrides: Record<number, Record<string, string>> = {},
): CsvCells[] {
  return csvRowsOf(declarationCsvFormat, declaration).map((row, index) => ({ ...row, ...overrides[index] }));
}

function csvText(columns: readonly string[], rows: readonly CsvCells[], eol = '\n'): string {
  return (
    [csvLine(columns), ...rows.map((row) => csvLine(columns.map((column) => row[column] ?? '')))].join(eol) +
    eol
  );
}

function twoItems(reference: string): GoodsDeclarationInput {
  const declaration = aDeclaration({ reference });
  const [item] = declaration.items;
  assert.ok(item);
  return {
    ...declaration,
    items: [
      item,
      {
        ...item,
        tariffLine: '1006300000',
        description: 'Rice, broken',
        origin: 'TH',
        supplementaryQuantity: undefined,
        supplementaryUnit: undefined,
      },
    ],
  };
}

function rejectedByReference(report: ImportReport): Map<string, RejectedDocument> {
  return new Map(report.rejected.map((entry) => [entry.reference, entry]));
}

function problemsOf(entry: RejectedDocument | undefined): [number, string, string, string][] {
  assert.ok(entry && 'problems' in entry, JSON.stringify(entry));
  return entry.problems.map((p) => [p.line, p.column, p.value, p.code]);
}

describe('bulk import of declarations', () => {
  let app: TestAnticipa;
  let folder: string;
  before(async () => {
    app = await createTestAnticipa();
    folder = await mkdtemp(join(tmpdir(), 'anticipa-bulk-'));
  });
  after(async () => {
    await app.close();
    await rm(folder, { recursive: true, force: true });
  });

  const storedCounts = async (references: readonly string[]) => {
    const [heads] = await app.db
      .select({ n: count() })
      .from(declarations)
      .where(inArray(declarations.reference, [...references]));
    const [items] = await app.db.select({ n: count() }).from(declarationItems);
    return { declarations: heads?.n, items: items?.n };
  };

  it('stores the good declarations, rejects the bad ones whole with their lines and columns, and stores nothing new on a second run', async () => {
    const ref = (name: string) => `CSV-${name}`;
    const rows: (CsvCells | string)[] = [
      ...declarationRows(aDeclaration({ reference: ref('ONE') })), // line 2
      ...declarationRows(twoItems(ref('MULTI'))), // lines 3-4
      ...declarationRows(aDeclaration({ reference: ref('ORIGIN') }), { 0: { origin: 'XX' } }), // line 5
      // Lines 6-7: a quoted cell over two lines (text fields refuse line breaks: reported too).
      ...declarationRows(aDeclaration({ reference: ref('TARIFF') }), {
        0: { tariff_line: '1234560000', description: 'Frozen\nfish' },
      }),
      ...declarationRows(aDeclaration({ reference: ref('MISSING') }), { 0: { importer_name: '' } }), // line 8
      ...declarationRows(twoItems(ref('NUMBER')), { 1: { customs_value: 'deux cents' } }), // lines 9-10: item 2 is bad, item 1 not stored either
      `BROKER01,${ref('SHORT')},pre_arrival,SNDKR1`, // line 11: 4 cells instead of 24
      ...declarationRows(aDeclaration({ reference: ref('LAST') })), // line 12
    ];
    const text = [
      csvLine(declarationCsvColumns),
      ...rows.map((row) =>
        typeof row === 'string' ? row : csvLine(declarationCsvColumns.map((column) => row[column] ?? '')),
      ),
    ].join('\n');
    const file = join(folder, 'declarations.csv');
    await writeFile(file, text + '\n');

    const seen: ImportProgress[] = [];
    const report = await importDeclarations(app, file, {
      locale: 'en',
      onProgress: (progress) => seen.push(progress),
    });
    assert.equal(report.rows, 10);
    assert.equal(report.documents, 8);
    assert.equal(report.created, 3);
    assert.equal(report.replayed, 0);
    assert.equal(report.rejectedRows, 6);
    const rejected = rejectedByReference(report);
    assert.deepEqual(
      [...rejected.keys()],
      [ref('ORIGIN'), ref('TARIFF'), ref('MISSING'), ref('NUMBER'), ref('SHORT')],
    );
    assert.deepEqual(problemsOf(rejected.get(ref('ORIGIN'))), [[5, 'origin', 'XX', 'country']]);
    assert.deepEqual(problemsOf(rejected.get(ref('TARIFF'))), [
      [6, 'tariff_line', '1234560000', 'hs_subheading_known'],
      [6, 'description', 'Frozen\nfish', 'text_length'],
    ]);
    assert.deepEqual(problemsOf(rejected.get(ref('MISSING'))), [[8, 'importer_name', '', 'required']]);
    assert.deepEqual(problemsOf(rejected.get(ref('NUMBER'))), [
      [10, 'customs_value', 'deux cents', 'decimal'],
    ]);
    assert.deepEqual(rejected.get(ref('NUMBER'))?.lines, [9, 10]);
    assert.deepEqual(problemsOf(rejected.get(ref('SHORT'))), [[11, '', '', 'csv_row_length']]);
    const origin = rejected.get(ref('ORIGIN'));
    assert.ok(origin && 'problems' in origin);
    assert.equal(origin.problems[0]?.expected, 'an ISO 3166-1 alpha-2 country code, such as "SN" or "CN"');

    const stored = await storedCounts([ref('ONE'), ref('MULTI'), ref('LAST'), ref('NUMBER'), ref('ORIGIN')]);
    assert.deepEqual(
      stored,
      { declarations: 3, items: 4 },
      'ONE, MULTI (2 items) and LAST; nothing of NUMBER',
    );
    const multi = await app.declarations.list({ limit: 10, importer: '004512345' });
    assert.ok(multi.ok);
    const multiId = multi.value.items.find((summary) => summary.reference === ref('MULTI'))?.id;
    assert.ok(multiId);
    const read = await app.declarations.get(multiId);
    assert.ok(read.ok);
    assert.deepEqual(
      read.value.document.items.map((item) => item.description),
      ['Frozen fish, other', 'Rice, broken'],
    );

    const last = seen.at(-1);
    assert.ok(last);
    assert.equal(last.totalBytes, Buffer.byteLength(text + '\n'));
    assert.equal(last.bytesRead, last.totalBytes);
    assert.deepEqual([last.rows, last.documents, last.created, last.rejected], [10, 8, 3, 5]);

    const again = await importDeclarations(app, file, { locale: 'fr' });
    assert.deepEqual(
      [again.rows, again.documents, again.created, again.replayed, again.rejected.length],
      [10, 8, 0, 3, 5],
    );
    assert.deepEqual(
      await storedCounts([ref('ONE'), ref('MULTI'), ref('LAST'), ref('NUMBER'), ref('ORIGIN')]),
      stored,
    );
    const frenchOrigin = again.rejected.find((entry) => entry.reference === ref('ORIGIN'));
    assert.ok(frenchOrigin && 'problems' in frenchOrigin);
    assert.equal(
      frenchOrigin.problems[0]?.expected,
      'un code pays ISO 3166-1 alpha-2, par exemple "SN" ou "CN"',
    );
  });

  it('lodges several documents at once when asked, and still reports the rejected ones in file order', async () => {
    const rows = Array.from({ length: 24 }, (_, index) =>
      declarationRows(
        aDeclaration({ reference: `MANY-${index}` }),
        index % 5 === 2 ? { 0: { origin: 'XX' } } : {},
      ),
    ).flat();
    const report = await importDeclarations(app, Readable.from([csvText(declarationCsvColumns, rows)]), {
      locale: 'en',
      concurrency: 4,
    });
    assert.deepEqual([report.documents, report.created, report.replayed], [24, 19, 0]);
    assert.deepEqual(
      report.rejected.map((entry) => entry.lines[0]),
      [4, 9, 14, 19, 24],
    );
    assert.deepEqual(await storedCounts(rows.map((row) => row['reference'] ?? '')), {
      declarations: 19,
      items: (await storedCounts([])).items,
    });
  });

  it('keeps line numbers right in a Windows (CRLF) file with a multi-line cell and blank lines', async () => {
    const rows = [
      ...declarationRows(twoItems('CRLF-A'), { 0: { description: 'Frozen\r\nfish' } }), // lines 2-3, 4
      ...declarationRows(aDeclaration({ reference: 'CRLF-B' }), { 0: { origin: 'ZZ' } }), // line 6 after a blank line
    ];
    const lines = csvText(declarationCsvColumns, rows, '\r\n').split('\r\n');
    lines.splice(4, 0, '');
    const report = await importDeclarations(
      app,
      Readable.from([Buffer.from('\uFEFF' + lines.join('\r\n'))]),
      { locale: 'en' },
    );
    assert.equal(report.created, 0);
    assert.deepEqual(problemsOf(rejectedByReference(report).get('CRLF-A')), [
      [2, 'description', 'Frozen\r\nfish', 'text_length'],
    ]);
    assert.deepEqual(rejectedByReference(report).get('CRLF-A')?.lines, [2, 4]);
    assert.deepEqual(problemsOf(rejectedByReference(report).get('CRLF-B')), [[6, 'origin', 'ZZ', 'country']]);
  });

  it('rejects a declaration from a file saved in Latin-1 rather than storing garbled names', async () => {
    const text = csvText(declarationCsvColumns, declarationRows(aDeclaration({ reference: 'LATIN-1' })));
    const report = await importDeclarations(app, Readable.from([Buffer.from(text, 'latin1')]), {
      locale: 'en',
    });
    assert.equal(report.created, 0);
    assert.deepEqual(
      problemsOf(report.rejected[0]).map(([line, column, , code]) => [line, column, code]),
      [[2, 'importer_name', 'csv_encoding']],
    );
  });

  it('rejects the rows of a declaration that disagree on its own fields, and a declaration whose rows are split', async () => {
    const rows = [
      ...declarationRows(twoItems('SPLIT-A'), { 1: { office: 'SNDSS1' } }), // lines 2-3
      ...declarationRows(aDeclaration({ reference: 'SPLIT-B' })), // line 4
      ...declarationRows(aDeclaration({ reference: 'SPLIT-B2' })), // line 5
      ...declarationRows(aDeclaration({ reference: 'SPLIT-B' })), // line 6: SPLIT-B again, after another document
    ];
    const report = await importDeclarations(app, Readable.from([csvText(declarationCsvColumns, rows)]), {
      locale: 'en',
    });
    assert.equal(report.created, 2);
    assert.deepEqual(problemsOf(report.rejected[0]), [[3, 'office', 'SNDSS1', 'csv_same_in_document']]);
    assert.deepEqual(problemsOf(report.rejected[1]), [[6, 'reference', 'SPLIT-B', 'csv_consecutive']]);
  });

  it('refuses a different declaration under a reference already used, as the API does', async () => {
    const declaration = aDeclaration({ reference: 'CHANGED-1' });
    await importDeclarations(
      app,
      Readable.from([csvText(declarationCsvColumns, declarationRows(declaration))]),
    );
    const changed = declarationRows(declaration, { 0: { procedure: '4071' } });
    const report = await importDeclarations(app, Readable.from([csvText(declarationCsvColumns, changed)]), {
      locale: 'en',
    });
    const [entry] = report.rejected;
    assert.ok(entry && 'error' in entry);
    assert.equal(entry.error.code, 'REFERENCE_IN_USE');
    assert.match(entry.error.message, /already lodged a different document under reference CHANGED-1/);
  });

  it('stores nothing when the header lacks required columns, and says which', async () => {
    const columns = declarationCsvColumns.filter((name) => name !== 'origin' && name !== 'packages');
    const report = await importDeclarations(
      app,
      Readable.from([csvText(columns, declarationRows(aDeclaration({ reference: 'NO-HEADER' })))]),
      { locale: 'en' },
    );
    assert.deepEqual([report.rows, report.created], [0, 0]);
    assert.deepEqual(problemsOf(report.rejected[0]), [
      [1, 'origin', '', 'csv_column'],
      [1, 'packages', '', 'csv_column'],
    ]);
    assert.deepEqual(await storedCounts(['NO-HEADER']), {
      declarations: 0,
      items: (await storedCounts([])).items,
    });
  });

  it('stops at a quote never closed, keeping what was stored before and saying where it stopped', async () => {
    const before = declarationRows(aDeclaration({ reference: 'QUOTE-A' }));
    const text =
      csvText(declarationCsvColumns, before) + 'BROKER01,QUOTE-B,"pre_arrival,SNDKR1\n' + 'more,rows\n';
    const report = await importDeclarations(app, Readable.from([text]), { locale: 'en' });
    assert.equal(report.created, 1);
    assert.equal(report.stoppedAt?.line, 3);
    assert.deepEqual(problemsOf(report.rejected.at(-1)), [[3, '', '', 'csv_unreadable']]);
    assert.equal(report.rejected.at(-1)?.reference, 'QUOTE-B');
  });
});

describe('the example of docs/csv-formats.md', () => {
  it('imports as documented: two declarations, the first of two items', async () => {
    const app = await createTestAnticipa();
    try {
      const docs = await readFile(new URL('../../../../docs/csv-formats.md', import.meta.url), 'utf8');
      const example = /```csv\n([\s\S]*?)```/.exec(docs)?.[1];
      assert.ok(example, 'docs/csv-formats.md has a csv example');
      const report = await importDeclarations(app, Readable.from([example]), { locale: 'en' });
      assert.deepEqual([report.rows, report.created, report.rejected], [3, 2, []]);
    } finally {
      await app.close();
    }
  });
});

describe('bulk import of manifests', () => {
  let app: TestAnticipa;
  before(async () => {
    app = await createTestAnticipa();
  });
  after(async () => {
    await app.close();
  });

  it('stores manifests of several B/Ls and places a bad container at its line', async () => {
    const good = aManifest({ reference: 'MCSV-1' });
    const [bill] = good.billsOfLading;
    assert.ok(bill);
    const twoBills = {
      ...good,
      billsOfLading: [bill, { ...bill, number: 'MEDU87654321', containers: ['MSCU1234566'] }],
    };
    const bad = aManifest({ reference: 'MCSV-2' });
    const rows = [
      ...csvRowsOf(manifestCsvFormat, twoBills), // lines 2-3
      ...csvRowsOf(manifestCsvFormat, bad).map((row) => ({ ...row, containers: 'CSQU3054383;MSCU1234567' })), // line 4
    ];
    const text = csvText(manifestCsvColumns, rows);
    const report = await importManifests(app, Readable.from([text]), { locale: 'en' });
    assert.deepEqual([report.rows, report.documents, report.created], [3, 2, 1]);
    assert.deepEqual(problemsOf(report.rejected[0]), [[4, 'containers', 'MSCU1234567', 'container_number']]);
    const again = await importManifests(app, Readable.from([text]), { locale: 'en' });
    assert.deepEqual([again.created, again.replayed, again.rejected.length], [0, 1, 1]);
    const [stored] = await app.db.select({ n: count() }).from(manifests);
    assert.equal(stored?.n, 1);
  });
});
