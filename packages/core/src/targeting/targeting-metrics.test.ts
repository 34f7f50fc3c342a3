import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { targetingMetrics } from './targeting-metrics.ts';

describe('targeting metrics', () => {
  // Ten items ranked 10 (best) to 1; frauds at ranks 10, 9 and 5 with duties 100, 0 and 300.
  const outcomes = Array.from({ length: 10 }, (_, index) => {
    const rank = 10 - index;
    const duty = rank === 10 ? 100 : rank === 5 ? 300 : 0;
    return { rank, fraud: rank === 10 || rank === 9 || rank === 5, dutyAtStake: duty };
  });

  it('counts precision, recall and revenue in the top share, computed by hand', () => {
    const [twenty, half, sixty] = targetingMetrics(outcomes, [0.2, 0.5, 0.6]);
    // Top 2: both frauds; 2 of 3 frauds; duty 100 of 400.
    assert.deepEqual(twenty, {
      share: 0.2,
      inspected: 2,
      frauds: 2,
      precision: 1,
      recall: 2 / 3,
      revenue: 0.25,
    });
    // Top 5 (ranks 10 to 6): still 2 frauds.
    assert.deepEqual(half, {
      share: 0.5,
      inspected: 5,
      frauds: 2,
      precision: 0.4,
      recall: 2 / 3,
      revenue: 0.25,
    });
    // Top 6 reaches rank 5: all 3 frauds and all the duty.
    assert.deepEqual(sixty, { share: 0.6, inspected: 6, frauds: 3, precision: 0.5, recall: 1, revenue: 1 });
  });

  it('inspects at least one item and breaks ties by input order', () => {
    const tied = [
      { rank: 1, fraud: false, dutyAtStake: 0 },
      { rank: 1, fraud: true, dutyAtStake: 5 },
    ];
    const [first] = targetingMetrics(tied, [0.01]);
    assert.equal(first?.inspected, 1);
    assert.equal(first.frauds, 0);
  });

  it('reports 0 recall and revenue when there is no fraud', () => {
    const [metric] = targetingMetrics([{ rank: 1, fraud: false, dutyAtStake: 10 }], [0.5]);
    assert.equal(metric?.recall, 0);
    assert.equal(metric.revenue, 0);
  });
});
