import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultSimulatedOffice, simulateClearance, type SimulationOptions } from './clearance-simulation.ts';

const options: SimulationOptions = {
  days: 5,
  preArrivalShares: [0, 0.5, 1],
  seed: 'test',
  start: new Date('2026-01-05T00:00:00Z'),
};

describe('clearance simulation', () => {
  const results = simulateClearance(options);
  const [none, half, all] = results;

  it('replays exactly for a seed, and differs for another', () => {
    assert.deepEqual(simulateClearance(options), results);
    assert.notDeepEqual(simulateClearance({ ...options, seed: 'other' }), results);
  });

  it('lodges before arrival the share asked, on the same ships and files for every share', () => {
    assert.ok(none && half && all);
    assert.equal(none.shareLodgedBeforeArrival, 0);
    assert.equal(all.shareLodgedBeforeArrival, 1);
    assert.ok(Math.abs((half.shareLodgedBeforeArrival ?? 0) - 0.5) < 0.05);
    assert.ok(none.files > 300, `${none.files} files in 5 days`);
    assert.deepEqual(
      results.map((result) => [result.files, result.released]),
      results.map(() => [none.files, none.files]),
    );
    // Every red or yellow file is controlled once.
    const controlled = none.releaseTime.red.released + none.releaseTime.yellow.released;
    assert.equal(none.controls.physical + none.controls.scanner + none.controls.documentary, controlled);
  });

  it('releases green files on arrival when all are lodged and paid before it, and later when none are', () => {
    assert.ok(none && all);
    // Released at arrival plus the release step (10 minutes) for at least half of them.
    assert.equal(all.releaseTime.green.medianSeconds, defaultSimulatedOffice.releaseMinutes * 60);
    assert.ok((none.releaseTime.green.medianSeconds ?? 0) > 6 * 3600);
    assert.ok((all.shareReleasedOnArrival ?? 0) > 0.7);
    assert.ok((none.shareReleasedOnArrival ?? 1) < 0.05);
  });

  it('shortens every lane’s release time as the pre-arrival share grows', () => {
    for (const lane of ['red', 'yellow', 'blue', 'green'] as const) {
      const medians = results.map((result) => result.releaseTime[lane].medianSeconds ?? Number.NaN);
      assert.ok(medians[0]! > medians[1]! && medians[1]! >= medians[2]!, `${lane}: ${medians.join(', ')}`);
    }
    // An examination still waits for the container to be positioned (4 h) after arrival.
    assert.ok((all?.releaseTime.red.medianSeconds ?? 0) > 4 * 3600);
  });

  it('reports progress up to the horizon of each share', () => {
    const seen: number[] = [];
    simulateClearance({
      ...options,
      preArrivalShares: [0.5],
      onProgress: (_, done, horizon) => seen.push(done / horizon),
    });
    assert.equal(seen.at(-1), 1);
  });
});
