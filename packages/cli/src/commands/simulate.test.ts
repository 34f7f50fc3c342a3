// `anticipa simulate` end to end, as a user runs it: the real program (bin/anticipa.js) in its own
// process prints, per pre-arrival share and lane, the median and P90 time from arrival to release.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createCliSandbox, type CliRun, type CliSandbox } from '../test-support/cli-sandbox.ts';
import { parseShares } from './simulate.ts';

describe('anticipa simulate (end to end)', { timeout: 120_000 }, () => {
  let sandbox: CliSandbox;
  const run = (...args: string[]): Promise<CliRun> => sandbox.run(...args);

  before(async () => {
    sandbox = await createCliSandbox('simulate-cli');
  });
  after(async () => {
    await sandbox.close();
  });

  it('prints the median and P90 per share and lane, in seconds and hours', async () => {
    const result = await run(
      'simulate',
      '--days',
      '3',
      '--pre-arrival-share',
      '0.2,0.9',
      '--seed',
      'cli',
      '--lang',
      'en',
    );
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^Simulation of office SNDKR over 3 days \(seed cli\): \d+ files/m);
    assert.match(
      result.stdout,
      /^pre-arrival share\s+lane\s+released\s+median \(s\)\s+P90 \(s\)\s+median \(h\)\s+P90 \(h\)$/m,
    );
    for (const share of ['20 %', '90 %']) {
      for (const lane of ['red', 'yellow', 'blue', 'green']) {
        assert.match(
          result.stdout,
          new RegExp(`^${share}\\s+${lane}\\s+\\d+\\s+\\d+\\s+\\d+\\s+[\\d.]+\\s+[\\d.]+$`, 'm'),
        );
      }
    }
    // With nine files in ten lodged before arrival, half the green files are released 10 minutes after it.
    assert.match(result.stdout, /^90 %\s+green\s+\d+\s+600\s/m);
    assert.match(result.stdout, /^90 %\s+\d+\.\d %\s+\d+\.\d %$/m);
    assert.match(result.stdout, /^Simulated in [\d.]+ s\.$/m);
    // The same seed prints the same table.
    const again = await run(
      'simulate',
      '--days',
      '3',
      '--pre-arrival-share',
      '0.2,0.9',
      '--seed',
      'cli',
      '--lang',
      'en',
    );
    assert.equal(again.stdout.replace(/Simulated in .*/, ''), result.stdout.replace(/Simulated in .*/, ''));
  });

  it('speaks French when asked', async () => {
    const result = await run('simulate', '--days', '2', '--pre-arrival-share', '0.5', '--lang', 'fr');
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^Délai de l’arrivée à la mainlevée, en secondes de temps écoulé/m);
    assert.match(result.stdout, /^50 %\s+vert\s+\d+/m);
  });

  it('exits with 2 and says what it expected for a bad share or a bad number of days', async () => {
    const share = await run('simulate', '--pre-arrival-share', '0.2,1.5', '--lang', 'en');
    assert.equal(share.code, 2);
    assert.match(share.stderr, /Invalid --pre-arrival-share "0\.2,1\.5": expected shares from 0 to 1/);
    const days = await run('simulate', '--days', '0', '--lang', 'fr');
    assert.equal(days.code, 2);
    assert.match(days.stderr, /--days invalide « 0 » : attendu un nombre entier de 1 à 366/);
  });

  it('reads shares from 0 to 1 only', () => {
    assert.deepEqual(parseShares('0.2, 0.5,1,0,.9'), [0.2, 0.5, 1, 0, 0.9]);
    assert.equal(parseShares('0.2,,0.5'), null);
    assert.equal(parseShares('-0.1'), null);
    assert.equal(parseShares('1.01'), null);
    assert.equal(parseShares('half'), null);
  });
});
