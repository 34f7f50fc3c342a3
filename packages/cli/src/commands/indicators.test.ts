// `anticipa indicators` end to end: two files with hand-computed figures, stored through the
// services (their events appended as a past system recorded them), then the real program run
// over the same database.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { aDeclaration, aManifest, testOffices } from '@anticipa/core/testing';
import { loadConfig, openAnticipa } from '@anticipa/server';
import { createCliSandbox, type CliSandbox } from '../test-support/cli-sandbox.ts';

const hour = 3_600_000;

describe('anticipa indicators (end to end)', { timeout: 240_000 }, () => {
  let sandbox: CliSandbox;

  before(async () => {
    sandbox = await createCliSandbox('indicators');
    const anticipa = await openAnticipa(loadConfig(sandbox.env));
    try {
      await anticipa.offices.add(testOffices);
      const [bill] = aManifest().billsOfLading;
      assert.ok(bill);
      const manifest = await anticipa.manifests.lodge(
        aManifest({
          billsOfLading: [
            { ...bill, number: 'INDG0001', containers: [] },
            { ...bill, number: 'INDR0001', containers: [] },
          ],
        }),
      );
      assert.ok(manifest.ok);
      const arrival = new Date('2026-02-02T06:00:00Z');
      const arrived = await anticipa.manifests.recordArrival(manifest.value.head.id, {
        meansArrivedAt: arrival,
      });
      assert.ok(arrived.ok);
      const at = (hours: number) => new Date(arrival.getTime() + hours * hour);
      // Green: paid before arrival, released one hour after it.
      const green = await anticipa.declarations.lodge(aDeclaration({ billsOfLading: ['INDG0001'] }));
      assert.ok(green.ok);
      await anticipa.declarations.appendEvents(green.value.head.id, [
        { type: 'lane_assigned', occurredAt: at(-2), data: { lane: 'green' } },
        { type: 'paid', occurredAt: at(-1) },
        { type: 'released', occurredAt: at(1) },
      ]);
      // Red: examined, 1 500 recovered, released ten hours after arrival.
      const red = await anticipa.declarations.lodge(aDeclaration({ billsOfLading: ['INDR0001'] }));
      assert.ok(red.ok);
      await anticipa.declarations.appendEvents(red.value.head.id, [
        { type: 'lane_assigned', occurredAt: at(-2), data: { lane: 'red' } },
        { type: 'control_planned', occurredAt: at(-1) },
        { type: 'control_started', occurredAt: at(2) },
        {
          type: 'control_finished',
          occurredAt: at(4),
          data: { outcome: 'non_compliant', revenueRecovered: '1500', seized: true },
        },
        { type: 'paid', occurredAt: at(5) },
        { type: 'released', occurredAt: at(10) },
      ]);
    } finally {
      await anticipa.close();
    }
  });

  after(async () => {
    await sandbox.close();
  });

  it('prints files per lane, revenue, seizures and release times per lane, as computed by hand', async () => {
    const run = await sandbox.run('indicators', '--group-by', 'lane', '--lang', 'en');
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout.split('\n');
    assert.match(lines[0] ?? '', /^Clearance indicators: 2 file\(s\)/);
    const redRow = lines.find((line) => /^red\s/.test(line));
    const greenRow = lines.find((line) => /^green\s/.test(line));
    // group, files, red, yellow, blue, green, targeted, random, revenue, seizures, released on arrival
    // (the share lodged before arrival depends on today's date: the files are lodged now)
    const cells = (row: string | undefined) => row?.split(/\s{2,}/).filter((_, index) => index !== 10);
    assert.deepEqual(cells(redRow), ['red', '1', '1', '0', '0', '0', '-', '-', '1500.00', '1', '0.0 %']);
    assert.deepEqual(cells(greenRow), ['green', '1', '0', '0', '0', '1', '-', '-', '0.00', '0', '100.0 %']);
    const release = lines.slice(lines.findIndex((line) => line.startsWith('Hours from arrival')));
    assert.match(
      release.find((line) => /^red\s/.test(line)) ?? '',
      /^red\s+10\.0 \/ 10\.0\s+- \/ -\s+- \/ -\s+- \/ -$/,
    );
    assert.match(release.find((line) => /^green\s/.test(line)) ?? '', /1\.0 \/ 1\.0$/);

    const french = await sandbox.run('indicators', '--lang', 'fr', '--group-by', 'office');
    assert.equal(french.code, 0, french.stderr);
    assert.match(french.stdout, /^Indicateurs de dédouanement : 2 dossier\(s\)/);
    const bad = await sandbox.run('indicators', '--group-by', 'ship');
    assert.equal(bad.code, 2);
  });
});
