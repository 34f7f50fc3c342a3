// `anticipa valuation` end to end, as a user runs it: released declarations stored through the
// services in a database of the test's own (a PGlite data folder, or a fresh database on the
// server of DATABASE_URL), then the real program (bin/anticipa.js) in its own process rebuilds
// the bands and shows a declaration's indicator.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createCliSandbox, type CliRun, type CliSandbox } from '../test-support/cli-sandbox.ts';
import { aDeclaration, testOffices } from '@anticipa/core/testing';
import { loadConfig, openAnticipa } from '@anticipa/server';

describe('anticipa valuation (end to end)', { timeout: 180_000 }, () => {
  let sandbox: CliSandbox;
  let env: NodeJS.ProcessEnv;
  let lowId = '';

  const run = (...args: string[]): Promise<CliRun> => sandbox.run(...args);

  before(async () => {
    sandbox = await createCliSandbox('valuation-cli');
    env = sandbox.env;
    // 20 released declarations of frozen fish at 60,000..79,000 XOF per tonne, and one at 30,000.
    const anticipa = await openAnticipa(loadConfig(env));
    try {
      await anticipa.offices.add(testOffices);
      const lodge = async (customsValue: string) => {
        const lodged = await anticipa.declarations.lodge(
          aDeclaration({
            invoice: { currency: 'XOF', exchangeRate: '1' },
            items: [
              {
                tariffLine: '0303890000',
                description: 'Frozen fish, other',
                origin: 'CN',
                customsValue,
                netMass: '1000',
                packages: 40,
              },
            ],
          }),
          { at: new Date(Date.now() - 10 * 86_400_000) },
        );
        assert.ok(lodged.ok);
        return lodged.value.head.id;
      };
      for (let step = 0; step < 20; step++) {
        const id = await lodge(String(60_000 + step * 1000));
        await anticipa.declarations.appendEvents(id, [{ type: 'released', occurredAt: new Date() }]);
      }
      lowId = await lodge('30000');
    } finally {
      await anticipa.close();
    }
  });
  after(async () => {
    await sandbox.close();
  });

  it('rebuilds the bands with a summary of cells and sample sizes', async () => {
    const result = await run('valuation', 'rebuild', '--lang', 'en');
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stdout,
      /Valuation bands rebuilt in [\d.]+ s: 1 bands from 20 items of 20 released declarations\./,
    );
    assert.match(result.stdout, /^tariff line \+ origin\s+1\s+20\s+0\s+20\s+20\s+20$/m);
    assert.match(result.stdout, /^HS6, any origin\s+0\s+0\s+0\s+0\s+0\s+0$/m);
    assert.match(result.stderr, /items: 20\/20 \(100%\)/);
  });

  it('shows the indicator of a declaration, in French when asked', async () => {
    const result = await run('valuation', 'show', lowId, '--lang', 'fr');
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Signalée ; 1 article\(s\) en attente de la décision d’un agent/);
    // Unit value 30 against P10 61.9, median 69.5, P90 77.1 (type 7 on 60..79): 51.53 % below P10.
    assert.match(
      result.stdout,
      /0303890000\s+CN\s+1000 KG\s+30\s+ligne tarifaire \+ origine\s+20\s+61\.9\s+69\.5\s+77\.1\s+51\.53\s+\S+\s+SIGNAL/,
    );
  });

  it('exits with 2 and says so for an unknown declaration', async () => {
    const unknown = randomUUID();
    const result = await run('valuation', 'show', unknown, '--lang', 'en');
    assert.equal(result.code, 2);
    assert.match(result.stderr, new RegExp(`No declaration has the id ${unknown}`));
  });
});
