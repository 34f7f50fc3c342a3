// `anticipa write-off` end to end, as a user runs it: documents stored through the services in
// a database of the test's own (a PGlite data folder, or a fresh database on the server of
// DATABASE_URL), then the real program (bin/anticipa.js) run in its own process over it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createCliSandbox, type CliRun, type CliSandbox } from '../test-support/cli-sandbox.ts';
import { aDeclaration, aManifest, testOffices } from '@anticipa/core/testing';
import { loadConfig, openAnticipa } from '@anticipa/server';
import { decimalText } from './write-off.ts';

const day = 86_400_000;

describe('decimalText', () => {
  it('groups digits the way each language writes them, without a float', () => {
    assert.equal(decimalText('10239915.86', 'en'), '10,239,915.86');
    assert.equal(decimalText('10239915.86', 'fr'), '10\u202f239\u202f915,86');
    assert.equal(decimalText('123456789012345678.125', 'en'), '123,456,789,012,345,678.125');
    assert.equal(decimalText('999', 'fr'), '999');
    assert.equal(decimalText('0', 'en'), '0');
  });
});

describe('anticipa write-off (end to end)', { timeout: 240_000 }, () => {
  let sandbox: CliSandbox;
  let env: NodeJS.ProcessEnv;
  let manifestId: string;
  let manifestReference: string;

  const run = (...args: string[]): Promise<CliRun> => sandbox.run(...args);

  before(async () => {
    sandbox = await createCliSandbox('write-off');
    env = sandbox.env;
    // The same configuration as the program's: the same database.
    const anticipa = await openAnticipa(loadConfig(env));
    try {
      await anticipa.offices.add(testOffices);
      const manifest = aManifest();
      const [bill] = manifest.billsOfLading;
      assert.ok(bill);
      const lodged = await anticipa.manifests.lodge({
        ...manifest,
        billsOfLading: [
          { ...bill, number: 'CLIA0001', packages: 400, grossMass: '10000' },
          { ...bill, number: 'CLIB0001', packages: 12, grossMass: '1234567.5', containers: [] },
          { ...bill, number: 'CLIC0001', packages: 5, grossMass: '50', containers: [] },
        ],
      });
      assert.ok(lodged.ok);
      manifestId = lodged.value.head.id;
      manifestReference = manifest.reference;
      const arrived = await anticipa.manifests.recordArrival(manifestId, {
        meansArrivedAt: new Date(Date.now() - 30 * day - 3_600_000),
      });
      assert.ok(arrived.ok);
      const declaration = aDeclaration({ billsOfLading: ['CLIA0001'] });
      const [item] = declaration.items;
      assert.ok(item);
      const declared = await anticipa.declarations.lodge({
        ...declaration,
        items: [{ ...item, packages: 100 }],
      });
      assert.ok(declared.ok);
      const whole = aDeclaration({ billsOfLading: ['CLIC0001'], items: [{ ...item, packages: 5 }] });
      assert.ok((await anticipa.declarations.lodge(whole)).ok);
    } finally {
      await anticipa.close();
    }
  });
  after(async () => {
    await sandbox.close();
  });

  it('prints the B/Ls left to write off 21 days after arrival, per consignee', async () => {
    const result = await run('write-off', 'ageing', '--group-by', 'consignee');
    assert.equal(result.code, 0, result.stderr);
    const out = result.stdout;
    assert.match(
      out,
      /^B\/Ls not fully written off 21 days after arrival, as of \d{4}-\d{2}-\d{2}, by consignee\n/,
    );
    assert.match(out, /Duties at stake are ESTIMATES in XOF/);
    // The group: two B/Ls, 300 + 12 packages, 7500 + 1234567.5 kg, duties unknown (no tariff loaded).
    assert.match(out, /\n004512345 +Sénégal Import SA +2 +312 +1,242,067\.5 +unknown +2\n/);
    assert.match(
      out,
      /004512345 +CLIA0001 +MAN-\d+ +\d{4}-\d{2}-\d{2} +30 +partly written off +300 +7,500 +0303 /,
    );
    assert.match(
      out,
      /004512345 +CLIB0001 +MAN-\d+ +\d{4}-\d{2}-\d{2} +30 +not written off +12 +1,234,567\.5 /,
    );
    assert.doesNotMatch(out, /CLIC0001/);
    assert.match(out, /Without an estimate:\n {2}2 B\/L\(s\): too few released declarations/);
  });

  it("prints a manifest's write-off ledger, in French when asked", async () => {
    const result = await run('write-off', 'manifest', manifestId, '--lang', 'fr');
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, new RegExp(`^Apurement du manifeste ${manifestReference} \\(bureau SNDKR1`));
    assert.match(result.stdout, /Connaissements : 1 non apuré, 1 apuré en partie, 1 apuré\n/);
    assert.match(
      result.stdout,
      /\nCLIA0001 +apuré en partie +400 +10\u202f000 +100 +300 +7\u202f500 +300 +DPI-\d+ \(100\)\n/,
    );
  });

  it('refuses an unknown office, and bad days, with exit code 2', async () => {
    // One process at a time: a PGlite data folder has one user.
    const office = await run('write-off', 'ageing', '--office', 'ZZZZ1', '--lang', 'fr');
    assert.equal(office.code, 2);
    assert.match(office.stderr, /Aucun bureau de douane n'a le code ZZZZ1\./);
    const days = await run('write-off', 'ageing', '--days', 'three');
    assert.equal(days.code, 2);
    assert.match(days.stderr, /Invalid --days "three": expected a whole number from 0 to 3650/);
  });
});
