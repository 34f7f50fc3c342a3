// The age bands of the write-off ageing chart: from the threshold to 30, 60, 90 days and beyond.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ageBands, countByBand } from '../src/dashboard/age-bands.ts';

describe('write-off age bands', () => {
  it('start at the threshold and step at 30, 60 and 90 days', () => {
    assert.deepEqual(ageBands(21), [
      { from: 21, to: 30 },
      { from: 30, to: 60 },
      { from: 60, to: 90 },
      { from: 90, to: null },
    ]);
    assert.deepEqual(ageBands(60), [
      { from: 60, to: 90 },
      { from: 90, to: null },
    ]);
    assert.deepEqual(ageBands(120), [{ from: 120, to: null }]);
  });

  it('count each line once, in the band of its age', () => {
    const lines = [21, 29, 30, 59, 60, 89, 90, 400, 5].map((daysSinceArrival) => ({ daysSinceArrival }));
    assert.deepEqual(countByBand(lines, ageBands(21)), [2, 2, 2, 2]);
  });
});
