// `anticipa tariff` and `anticipa liquidate` end to end, as a user runs them: the real program
// (bin/anticipa.js) in its own process, on a PGlite data folder of its own (or a fresh database
// on the server of DATABASE_URL). A declaration is lodged in-process on the same database.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createCliSandbox, type CliRun, type CliSandbox } from '../test-support/cli-sandbox.ts';
import { aDeclaration, testOffices } from '@anticipa/core/testing';
import { loadConfig, openAnticipa } from '@anticipa/server';
import { exampleTariffFile } from '../../../server/src/tariff/example-tariffs.ts';
import { formatAmount, percentOf } from './tariff.ts';

describe('anticipa tariff and liquidate (end to end)', { timeout: 300_000 }, () => {
  let sandbox: CliSandbox;
  let folder: string;
  let env: NodeJS.ProcessEnv;

  const run = (...args: string[]): Promise<CliRun> => sandbox.run(...args);

  before(async () => {
    sandbox = await createCliSandbox('tariff-cli');
    folder = sandbox.folder;
    env = sandbox.env;
  });
  after(async () => {
    await sandbox.close();
  });

  it('imports the example tariff of Senegal, then changes nothing on a second run', async () => {
    const first = await run('tariff', 'import', exampleTariffFile('SN'));
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /Tariff of SN \(XOF\) imported/);
    assert.match(first.stdout, /lines: 150 received, 150 added, 0 earlier ranges closed/);
    assert.match(first.stdout, /EXAMPLE rates: to be confirmed/);
    const mismatch = await run('tariff', 'import', exampleTariffFile('GH'), '--country', 'SN');
    assert.equal(mismatch.code, 2);
    assert.match(mismatch.stderr, /The file is the tariff of GH, not of SN/);
  });

  it('imports lines from CSV, and reports a bad file by line and column, storing nothing', async () => {
    const bad = join(folder, 'bad.csv');
    await writeFile(bad, 'line,duty_rate,valid_from\n1006300000,5,2027-01-01\n1006400000,dix,2027-01-01\n');
    const refused = await run('tariff', 'import', bad, '--lang', 'fr');
    assert.equal(refused.code, 1, refused.stderr);
    assert.match(refused.stdout, /Rien n'a été importé : le fichier comporte 1 problème/);
    assert.match(refused.stdout, /ligne 3, colonne duty_rate : valeur « dix » : attendu un nombre décimal/);

    const good = join(folder, 'good.csv');
    await writeFile(
      good,
      'line,description,duty_rate,valid_from\n1006300000,Riz (taux réduit),5,2027-01-01\n',
    );
    const imported = await run('tariff', 'import', good);
    assert.equal(imported.code, 0, imported.stderr);
    assert.match(imported.stdout, /lines: 1 received, 1 added/);

    const shown = await run('tariff', 'show', '1006300000', '--at', '2027-06-01');
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, /entry 1006300000 \(Riz \(taux réduit\)\): duty 5 %, from 2027-01-01/);
    // 0.05 + 0.023 + 0.18 × 1.073 = 0.26614
    assert.match(shown.stdout, /effective rate: 0\.26614 \(26\.614 % of the customs value\)/);
  });

  it('liquidates a declaration, and names a missing one', async () => {
    const config = loadConfig(env);
    const anticipa = await openAnticipa(config);
    let id: string;
    try {
      await anticipa.offices.add(testOffices);
      const lodged = await anticipa.declarations.lodge(aDeclaration(), {
        at: new Date('2026-03-01T08:00:00Z'),
      });
      assert.ok(lodged.ok);
      id = lodged.value.head.id;
    } finally {
      await anticipa.close();
    }
    const result = await run('liquidate', id);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /rates of 2026-03-01 in the tariff of SN, amounts in XOF/);
    assert.match(
      result.stdout,
      /Item 1: line 0303890000 \(tariff entry 03\), customs value 12500\.5 EUR = 8,199,790 XOF/,
    );
    assert.match(result.stdout, /TVA +Value added tax +9,208,364 +18 % +1,657,506/);
    assert.match(result.stdout, /Total duties and taxes: 2,666,080 XOF/);
    const missing = await run('liquidate', '00000000-0000-4000-8000-000000000000', '--lang', 'fr');
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /Aucune déclaration n'a l'identifiant 00000000-0000-4000-8000-000000000000/);
  });
});

describe('tariff command helpers', () => {
  it('formats amounts and percentages from decimal strings, without floats', () => {
    assert.equal(formatAmount('2666080', 'en'), '2,666,080');
    assert.equal(formatAmount('2666080', 'fr'), '2\u202f666\u202f080');
    assert.equal(formatAmount('88175.89', 'fr'), '88\u202f175,89');
    assert.equal(percentOf('0.32514'), '32.514');
    assert.equal(percentOf('1.477008'), '147.7008');
    assert.equal(percentOf('0.000001'), '0.0001');
    assert.equal(percentOf('0'), '0');
  });
});
