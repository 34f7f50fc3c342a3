// `anticipa import` end to end, as a user runs it: the real program (bin/anticipa.js) in its own
// process, on a PGlite data folder of its own (or a fresh database on the server of
// DATABASE_URL), offices added with `anticipa offices add`, then a CSV file imported twice.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createCliSandbox, type CliRun, type CliSandbox } from '../test-support/cli-sandbox.ts';
import {
  csvLine,
  csvRowsOf,
  declarationCsvColumns,
  declarationCsvFormat,
  type CsvCells,
} from '@anticipa/core';
import { aDeclaration } from '@anticipa/core/testing';

const addDakar = ['offices', 'add', 'SNDKR1', '--name', 'Dakar Port', '--kind', 'port', '--country', 'SN'];

function csvOf(rows: readonly CsvCells[]): string {
  return (
    [
      csvLine(declarationCsvColumns),
      ...rows.map((row) => csvLine(declarationCsvColumns.map((c) => row[c] ?? ''))),
    ].join('\n') + '\n'
  );
}

describe('anticipa import (end to end)', { timeout: 180_000 }, () => {
  let sandbox: CliSandbox;
  let folder: string;

  const run = (...args: string[]): Promise<CliRun> => sandbox.run(...args);

  before(async () => {
    sandbox = await createCliSandbox('cli');
    folder = sandbox.folder;
    // Declarations name an office the administration configured: add it as a user would.
    const added = await run(...addDakar);
    assert.equal(added.code, 0, added.stderr);
    assert.match(added.stdout, /Office SNDKR1 added\./);
  });
  after(async () => {
    await sandbox.close();
  });

  it('adds an office once, refuses a bad code and lists the offices', async () => {
    const again = await run(...addDakar, '--lang', 'fr');
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /Le bureau SNDKR1 existe déjà/);
    const bad = await run('offices', 'add', 'dakar', '--name', 'Dakar', '--kind', 'port', '--country', 'SN');
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /Invalid office code "dakar"/);
    const listed = await run('offices', 'list');
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, /SNDKR1 +port +SN +Dakar Port/);
  });

  it('imports the good declarations, reports the bad rows by line, and stores nothing new on a re-run', async () => {
    const rows = [
      ...csvRowsOf(declarationCsvFormat, aDeclaration({ reference: 'E2E-1' })), // line 2
      ...csvRowsOf(declarationCsvFormat, aDeclaration({ reference: 'E2E-2' })).map((row) => ({
        ...row,
        origin: 'XX',
      })), // line 3
      ...csvRowsOf(declarationCsvFormat, aDeclaration({ reference: 'E2E-3' })), // line 4
      ...csvRowsOf(declarationCsvFormat, aDeclaration({ reference: 'E2E-4' })).map((row) => ({
        ...row,
        packages: 'douze',
      })), // line 5
      ...csvRowsOf(declarationCsvFormat, aDeclaration({ reference: 'E2E-5' })), // line 6
    ];
    const file = join(folder, 'declarations.csv');
    await writeFile(file, csvOf(rows));
    const reportFile = join(folder, 'report.json');

    const first = await run('import', 'declarations', file, '--report', reportFile);
    assert.equal(first.code, 1, first.stderr);
    assert.match(first.stdout, /rows read: +5\n/);
    assert.match(first.stdout, /created: +3\n/);
    assert.match(first.stdout, /already present: +0\n/);
    assert.match(first.stdout, /rejected: +2 \(2 rows not stored\)/);
    assert.match(
      first.stdout,
      /line 3, column origin: value "XX": expected an ISO 3166-1 alpha-2 country code/,
    );
    assert.match(first.stdout, /line 5, column packages: value "douze": expected a number/);
    assert.match(
      first.stderr,
      /Importing: 100% \| 5 rows read \| 3 stored/,
      'plain progress lines when stderr is no terminal',
    );
    const report = JSON.parse(await readFile(reportFile, 'utf8')) as {
      created: number;
      rejected: { lines: number[] }[];
    };
    assert.equal(report.created, 3);
    assert.deepEqual(
      report.rejected.map((entry) => entry.lines),
      [[3], [5]],
    );

    const second = await run('import', 'declarations', file, '--lang', 'fr');
    assert.equal(second.code, 1, second.stderr);
    assert.match(second.stdout, /créés : +0\n/);
    assert.match(second.stdout, /déjà présents : +3\n/);
    assert.match(second.stdout, /ligne 3, colonne origin : valeur « XX »/);
  });

  it('exits with 0 when every row is stored, and with 2 naming the file when it does not exist', async () => {
    const file = join(folder, 'good.csv');
    await writeFile(file, csvOf(csvRowsOf(declarationCsvFormat, aDeclaration({ reference: 'E2E-GOOD' }))));
    const good = await run('import', 'declarations', file);
    assert.equal(good.code, 0, good.stdout + good.stderr);
    assert.match(good.stdout, /created: +1\n/);
    assert.match(good.stdout, /Every row was stored or already present\./);

    const missing = join(folder, 'missing.csv');
    const absent = await run('import', 'declarations', missing);
    assert.equal(absent.code, 2);
    assert.equal(absent.stderr.trim(), `File not found: ${missing}`);

    const usage = await run('import', 'declarations', file, '--lang', 'de');
    assert.equal(usage.code, 2);
  });
});
