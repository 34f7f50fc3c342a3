import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assessmentRandom, assessmentSeed, seededRandom } from './seeded-random.ts';

describe('seeded random source', () => {
  it('gives the same sequence for the same seed, and another for another seed', () => {
    const a = seededRandom('DPI-1|v1|#1');
    const b = seededRandom('DPI-1|v1|#1');
    const c = seededRandom('DPI-1|v1|#2');
    const first = Array.from({ length: 20 }, () => a());
    assert.deepEqual(
      Array.from({ length: 20 }, () => b()),
      first,
    );
    assert.notDeepEqual(
      Array.from({ length: 20 }, () => c()),
      first,
    );
  });

  it('draws uniformly on [0, 1)', () => {
    const random = seededRandom('uniformity');
    const buckets = new Array<number>(10).fill(0);
    const draws = 100_000;
    for (let index = 0; index < draws; index += 1) {
      const draw = random();
      assert.ok(draw >= 0 && draw < 1);
      buckets[Math.floor(draw * 10)]! += 1;
    }
    // Chi-squared with 9 degrees of freedom: 27.88 is its 99.9th percentile.
    const expected = draws / 10;
    const chiSquared = buckets.reduce((sum, count) => sum + (count - expected) ** 2 / expected, 0);
    assert.ok(chiSquared < 27.88, `chi-squared ${chiSquared}`);
  });

  it('first draws of consecutive seeds are not correlated', () => {
    let below = 0;
    for (let file = 0; file < 10_000; file += 1) {
      if (seededRandom(assessmentSeed(`F${file}`, 1, 1))() < 0.5) below += 1;
    }
    assert.ok(Math.abs(below - 5_000) <= 150, `below half: ${below}`);
  });

  it('names the file, the rule-set version and the sequence in the seed', () => {
    assert.equal(assessmentSeed('DPI-7', 3, 2), 'DPI-7|v3|#2');
  });

  it('gives an assessment the source of its seed, without building the seed', () => {
    for (const [file, version, sequence] of [
      ['DPI-7', 3, 2],
      ['', 1, 1],
      ['Déclaration n° 42', 120, 17],
    ] as const) {
      const viaSeed = seededRandom(assessmentSeed(file, version, sequence));
      const reusable = assessmentRandom(version);
      reusable.reseed(file, sequence);
      for (let draw = 0; draw < 10; draw += 1) assert.equal(reusable.next(), viaSeed());
    }
  });
});
