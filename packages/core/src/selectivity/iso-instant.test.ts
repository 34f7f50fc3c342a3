import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isoInstant } from './iso-instant.ts';
import { seededRandom } from './seeded-random.ts';

describe('isoInstant', () => {
  it('writes what toISOString writes, across four-digit years, leap days and millisecond edges', () => {
    const samples = [
      0,
      -1,
      951_782_400_000, // 2000-02-29
      1_709_164_800_000, // 2024-02-29
      1_773_532_800_999,
      Date.UTC(1000, 0, 1),
      Date.UTC(9999, 11, 31, 23, 59, 59, 999),
      Date.UTC(1900, 1, 28, 23, 59, 59, 999),
      Date.UTC(2100, 2, 1),
    ];
    for (const instant of samples)
      assert.equal(isoInstant(instant), new Date(instant).toISOString(), String(instant));
    const random = seededRandom('instants');
    for (let index = 0; index < 50_000; index += 1) {
      const instant = Math.floor((random() - 0.2) * 8.0e12);
      assert.equal(isoInstant(instant), new Date(instant).toISOString(), String(instant));
    }
  });

  it('falls back to toISOString outside four-digit years, and throws on NaN as it does', () => {
    const far = Date.UTC(12_000, 0, 1);
    assert.equal(isoInstant(far), new Date(far).toISOString());
    assert.equal(isoInstant(Date.UTC(999, 11, 31)), new Date(Date.UTC(999, 11, 31)).toISOString());
    assert.throws(() => isoInstant(Number.NaN), RangeError);
  });
});
