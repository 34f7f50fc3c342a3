// `anticipa rule-sets` and `anticipa backtest` end to end, as an analyst runs them: files with
// known inspection results stored through the services in a database of the test's own, then
// the real program saves and activates the demonstration rule set and backtests a candidate
// beside it.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { aCriterionOn, aDeclaration, aRuleSet, testOffices } from '@anticipa/core/testing';
import { demoRuleSetFile, loadConfig, openAnticipa } from '@anticipa/server';
import { createCliSandbox, type CliRun, type CliSandbox } from '../test-support/cli-sandbox.ts';

/** A candidate sending every file of the port office to examination. */
const everythingRed = aRuleSet({
  name: 'Port examined',
  criteria: [aCriterionOn('C-PORT', { field: 'office', op: 'eq', value: 'SNDKR1' })],
});

describe('anticipa rule-sets and backtest (end to end)', { timeout: 180_000 }, () => {
  let sandbox: CliSandbox;
  const run = (...args: string[]): Promise<CliRun> => sandbox.run(...args);

  before(async () => {
    sandbox = await createCliSandbox('backtest-cli');
    const anticipa = await openAnticipa(loadConfig(sandbox.env));
    try {
      await anticipa.offices.add(testOffices);
      const day = 86_400_000;
      for (const [index, result] of [
        { outcome: 'non_compliant', revenueRecovered: '100000.00' },
        { outcome: 'compliant', revenueRecovered: '0.00' },
        undefined,
        undefined,
      ].entries()) {
        const lodged = await anticipa.declarations.lodge(aDeclaration(), {
          at: new Date(Date.now() - (10 - index) * day),
        });
        assert.ok(lodged.ok);
        if (result) {
          const recorded = await anticipa.declarations.appendEvents(lodged.value.head.id, [
            { type: 'control_started', occurredAt: new Date(Date.now() - (9 - index) * day) },
            { type: 'control_finished', occurredAt: new Date(Date.now() - (9 - index) * day), data: result },
          ]);
          assert.ok(recorded.ok);
        }
      }
    } finally {
      await anticipa.close();
    }
    await writeFile(join(sandbox.folder, 'candidate.json'), JSON.stringify(everythingRed));
    await writeFile(
      join(sandbox.folder, 'broken.json'),
      JSON.stringify({ ...everythingRed, laneParameters: { default: {}, offices: [] } }),
    );
  });
  after(async () => {
    await sandbox.close();
  });

  it('saves, activates and lists rule sets', async () => {
    const saved = await run('rule-sets', 'save', demoRuleSetFile('demo'), '--by', 'analyst.diop');
    assert.equal(saved.code, 0, saved.stderr);
    assert.match(saved.stdout, /Saved as version 1 \(not active until activated\)\./);
    const activated = await run('rule-sets', 'activate', '1', '--by', 'chief.ndiaye', '--lang', 'fr');
    assert.equal(activated.code, 0, activated.stderr);
    assert.match(activated.stdout, /La version 1 est désormais en vigueur\./);
    const listed = await run('rule-sets', 'list');
    assert.match(
      listed.stdout,
      /^1\s+Profil national 2026 \/ National profile 2026\s+2\s+7\s+1\s+demo|analyst/m,
    );
    assert.match(listed.stdout, /IN FORCE$/m);
    const unknown = await run('rule-sets', 'activate', '9', '--by', 'chief.ndiaye');
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /No rule set has the version 9\./);
  });

  it('backtests a candidate beside the rule set in force, with progress and a report', async () => {
    const result = await run('backtest', 'candidate.json', '--lang', 'en');
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /files: 4\/4 \(100%\)/);
    assert.match(result.stdout, /Backtest of “Port examined” \(version 2\), beside “Profil national 2026/);
    assert.match(
      result.stdout,
      /With a known inspection result: 2, of them non-compliant: 1, revenue recovered: 100,000 XOF/,
    );
    assert.match(result.stdout, /^red \(examination\)\s+\d+ \([\d.]+ %\)\s+4 \(100 %\)$/m);
    assert.match(result.stdout, /^hit rate \(known results\)\s+.*\s+50 % \(1\/2\)$/m);
    // Capacity: the 23 % the rule set in force expects of one file a day.
    assert.match(result.stdout, /^SNDKR1\s+candidate\s+4\s+1\s+1\s+0\.2\s+4$/m);

    const json = await run('backtest', 'candidate.json', '--json', '--capacity', 'SNDKR1=2');
    assert.equal(json.code, 0, json.stderr);
    const report = JSON.parse(json.stdout) as {
      files: number;
      candidate: { hits: number; revenueCaught: number; workload: { meanCapacity: number }[] };
    };
    assert.equal(report.files, 4);
    assert.equal(report.candidate.hits, 1);
    assert.equal(report.candidate.revenueCaught, 100_000);
    assert.equal(report.candidate.workload[0]?.meanCapacity, 2);
  });

  it('refuses a bad rule set with its problems, and bad options, in the user’s language', async () => {
    const broken = await run('backtest', 'broken.json', '--lang', 'fr');
    assert.equal(broken.code, 1);
    assert.match(broken.stderr, /\/laneParameters\/default\/greenDelayMinutes/);
    const missing = await run('backtest', 'missing.json');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /Cannot read missing\.json/);
    const capacity = await run('backtest', 'candidate.json', '--capacity', 'SNDKR1:2', '--lang', 'fr');
    assert.equal(capacity.code, 2);
    assert.match(capacity.stderr, /--capacity "SNDKR1:2" : des codes de bureau/);
  });
});
