import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allocateLane, emptyCounters, type OfficeCounters } from './lane-allocation.ts';
import type { LaneEffect } from './criterion.ts';
import { assessmentSeed, seededRandom } from './seeded-random.ts';
import { someLaneParameters } from './selectivity-factories.ts';

/** A source that returns the given draws in order, and fails the test if asked for more. */
function scripted(...draws: number[]): () => number {
  let next = 0;
  return () => {
    const draw = draws[next];
    next += 1;
    if (draw === undefined) throw new Error(`draw ${next} was not scripted`);
    return draw;
  };
}

const none = someLaneParameters();
const red = (percentage: number): LaneEffect => ({ lane: 'red', percentage });
const yellow = (percentage: number): LaneEffect => ({ lane: 'yellow', percentage });
const blue = (percentage: number): LaneEffect => ({ lane: 'blue', percentage });

describe('lane allocation: criteria', () => {
  it('selects a hit when its draw falls below its percentage', () => {
    assert.equal(allocateLane([red(30)], none, emptyCounters(), scripted(0.9, 0.29)).lane, 'red');
    assert.equal(allocateLane([red(30)], none, emptyCounters(), scripted(0.9, 0.3)).lane, 'green');
    assert.equal(allocateLane([red(100)], none, emptyCounters(), scripted(0.9, 0.999999)).lane, 'red');
    assert.equal(allocateLane([red(0)], none, emptyCounters(), scripted(0.9, 0)).lane, 'green');
  });

  it('takes the random-sample draw first, then one draw per hit in order, and reports them', () => {
    const allocation = allocateLane([yellow(50), blue(50)], none, emptyCounters(), scripted(0.7, 0.6, 0.1));
    assert.deepEqual(allocation.draws, [0.7, 0.6, 0.1]);
    assert.deepEqual(allocation.selected, [false, true]);
    assert.equal(allocation.lane, 'blue');
    assert.equal(allocation.selectedBy, 'criteria');
  });

  it('a file with no hit and no quota stays green, with the one random-sample draw', () => {
    const allocation = allocateLane([], none, emptyCounters(), scripted(0.5));
    assert.equal(allocation.lane, 'green');
    assert.equal(allocation.selectedBy, 'none');
    assert.deepEqual(allocation.draws, [0.5]);
  });
});

describe('lane allocation: precedence red > yellow > blue > green', () => {
  it('keeps the strictest selected lane', () => {
    const draws = () => scripted(0.99, 0, 0, 0);
    assert.equal(
      allocateLane([blue(100), red(100), yellow(100)], none, emptyCounters(), draws()).lane,
      'red',
    );
    assert.equal(
      allocateLane([blue(100), yellow(100), blue(100)], none, emptyCounters(), draws()).lane,
      'yellow',
    );
  });

  it('a random selection only ever makes the lane stricter', () => {
    const quota = someLaneParameters({ minimumRandomRate: { red: 1, yellow: 0, blue: 5 } });
    const randomBlue = allocateLane([yellow(100)], quota, emptyCounters(), scripted(0.03, 0));
    assert.equal(randomBlue.lane, 'yellow');
    assert.equal(randomBlue.selectedBy, 'criteria');
    assert.equal(randomBlue.randomLane, 'blue', 'still in the random sample');
    const randomRed = allocateLane([yellow(100)], quota, emptyCounters(), scripted(0.005, 0));
    assert.equal(randomRed.lane, 'red');
    assert.equal(randomRed.selectedBy, 'random');
  });

  it('the top-up applies only to files still green', () => {
    const topUp = someLaneParameters({ expectedRate: { red: 50, yellow: 0, blue: 0 } });
    const selectedBlue = allocateLane([blue(100)], topUp, emptyCounters(), scripted(0.5, 0));
    assert.equal(selectedBlue.lane, 'blue');
    assert.equal(selectedBlue.topUp, false);
    assert.deepEqual(selectedBlue.draws, [0.5, 0]);
  });
});

describe('lane allocation: maximum of criteria hit without selection', () => {
  const maxTwo = someLaneParameters({ maxHitsWithoutSelection: 2 });

  it('selects a file that hit more than N criteria without selection, for the strictest lane hit', () => {
    const allocation = allocateLane(
      [blue(10), yellow(10), blue(10)],
      maxTwo,
      emptyCounters(),
      scripted(0.9, 0.5, 0.5, 0.5),
    );
    assert.equal(allocation.lane, 'yellow');
    assert.equal(allocation.selectedBy, 'max_hits');
    assert.equal(allocation.maxHitsExceeded, true);
  });

  it('leaves a file that hit exactly N without selection', () => {
    const allocation = allocateLane([blue(10), yellow(10)], maxTwo, emptyCounters(), scripted(0.9, 0.5, 0.5));
    assert.equal(allocation.lane, 'green');
    assert.equal(allocation.maxHitsExceeded, false);
  });

  it('counts only the hits whose draw did not select', () => {
    // Two unselected red hits and one selected blue: 2 is not more than 2, so blue.
    const allocation = allocateLane(
      [red(10), blue(100), red(10)],
      maxTwo,
      emptyCounters(),
      scripted(0.9, 0.5, 0.1, 0.5),
    );
    assert.equal(allocation.lane, 'blue');
    const overLimit = allocateLane(
      [red(10), blue(100), red(10), yellow(10)],
      maxTwo,
      emptyCounters(),
      scripted(0.9, 0.5, 0.1, 0.5, 0.5),
    );
    assert.equal(overLimit.lane, 'red');
    assert.equal(overLimit.selectedBy, 'max_hits');
  });

  it('with no maximum, any number of unselected hits leaves the file green', () => {
    const hits = Array.from({ length: 50 }, () => red(0));
    const allocation = allocateLane(hits, none, emptyCounters(), scripted(0.9, ...hits.map(() => 0.5)));
    assert.equal(allocation.lane, 'green');
  });
});

describe('lane allocation: random quotas', () => {
  const quota = someLaneParameters({ minimumRandomRate: { red: 1, yellow: 2, blue: 3 } });

  it('partition one draw between the lanes', () => {
    const laneFor = (draw: number) => allocateLane([], quota, emptyCounters(), scripted(draw)).randomLane;
    assert.equal(laneFor(0), 'red');
    assert.equal(laneFor(0.0099), 'red');
    assert.equal(laneFor(0.01), 'yellow');
    assert.equal(laneFor(0.0299), 'yellow');
    assert.equal(laneFor(0.03), 'blue');
    assert.equal(laneFor(0.0599), 'blue');
    assert.equal(laneFor(0.06), null);
  });

  it('hold the minimum random rate over 10,000 files, within three standard deviations', () => {
    const rates = someLaneParameters({ minimumRandomRate: { red: 5, yellow: 10, blue: 0 } });
    const files = 10_000;
    const counts = { red: 0, yellow: 0, blue: 0 };
    let counters = emptyCounters();
    for (let file = 0; file < files; file += 1) {
      const random = seededRandom(assessmentSeed(`DPI-2026-${file}`, 7, 1));
      const allocation = allocateLane([], rates, counters, random);
      counters = allocation.counters;
      if (allocation.randomLane !== null) counts[allocation.randomLane] += 1;
    }
    for (const [lane, percent] of [
      ['red', 5],
      ['yellow', 10],
    ] as const) {
      const p = percent / 100;
      const sigma = Math.sqrt(files * p * (1 - p));
      assert.ok(Math.abs(counts[lane] - files * p) <= 3 * sigma, `${lane}: ${counts[lane]} of ${files}`);
    }
    assert.equal(counts.blue, 0);
    assert.equal(counters.red, counts.red);
    assert.equal(counters.yellow, counts.yellow);
  });
});

describe('lane allocation: top-up toward expected rates', () => {
  it('selects a green file with a probability equal to the shortfall of the lane, red first', () => {
    const expected = someLaneParameters({ expectedRate: { red: 10, yellow: 20, blue: 0 } });
    // First file: red short by 0.1 of a file, yellow by 0.2.
    const first = allocateLane([], expected, emptyCounters(), scripted(0.9, 0.05));
    assert.deepEqual([first.lane, first.topUp, first.selectedBy], ['red', true, 'top_up']);
    const notRed = allocateLane([], expected, emptyCounters(), scripted(0.9, 0.1, 0.15));
    assert.deepEqual([notRed.lane, notRed.topUp], ['yellow', true]);
    const neither = allocateLane([], expected, emptyCounters(), scripted(0.9, 0.1, 0.2));
    assert.deepEqual([neither.lane, neither.topUp, neither.draws.length], ['green', false, 3]);
    // A full file short: selected whatever the draw.
    const behind: OfficeCounters = { assessed: 19, red: 1, yellow: 4, blue: 0, green: 14 };
    assert.equal(allocateLane([], expected, behind, scripted(0.9, 0.999)).lane, 'red');
    // At its rate: no draw for red.
    const onTarget: OfficeCounters = { assessed: 19, red: 2, yellow: 3, blue: 0, green: 14 };
    const yellowOnly = allocateLane([], expected, onTarget, scripted(0.9, 0.999));
    assert.equal(yellowOnly.lane, 'yellow');
    assert.equal(yellowOnly.draws.length, 2);
  });

  it('meets every expected rate over a stream of files, alongside criteria and random quotas', () => {
    const parameters = someLaneParameters({
      expectedRate: { red: 5, yellow: 10, blue: 15 },
      minimumRandomRate: { red: 1, yellow: 1, blue: 1 },
    });
    let counters = emptyCounters();
    let topUps = 0;
    for (let file = 1; file <= 10_000; file += 1) {
      const random = seededRandom(assessmentSeed(`F${file}`, 1, 1));
      // One file in 40 hits a red criterion at 100%: 2.5% by criteria, the rest by top-up.
      const hits = file % 40 === 0 ? [red(100)] : [];
      const allocation = allocateLane(hits, parameters, counters, random);
      counters = allocation.counters;
      if (allocation.topUp) topUps += 1;
      for (const [lane, percent] of [
        ['red', 5],
        ['yellow', 10],
        ['blue', 15],
      ] as const) {
        // Never more than about one file behind the expected rate.
        assert.ok(
          counters[lane] >= (percent / 100) * file - 1.5,
          `${lane} behind at file ${file}: ${counters[lane]}`,
        );
      }
    }
    assert.equal(counters.assessed, 10_000);
    assert.equal(counters.red + counters.yellow + counters.blue + counters.green, 10_000);
    assert.ok(Math.abs(counters.red - 500) <= 2, `red ${counters.red}`);
    assert.ok(Math.abs(counters.yellow - 1000) <= 2, `yellow ${counters.yellow}`);
    assert.ok(Math.abs(counters.blue - 1500) <= 2, `blue ${counters.blue}`);
    assert.ok(topUps > 2000, `top-ups ${topUps}`);
  });

  it('never selects above the expected rate by top-up', () => {
    const parameters = someLaneParameters({ expectedRate: { red: 5, yellow: 0, blue: 0 } });
    let counters = emptyCounters();
    for (let file = 1; file <= 2_000; file += 1) {
      // Every file hits a red criterion at 100%: the lane is full, no top-up anywhere.
      const allocation = allocateLane([red(100)], parameters, counters, seededRandom(`G${file}`));
      assert.equal(allocation.topUp, false);
      counters = allocation.counters;
    }
    assert.equal(counters.red, 2_000);
  });
});
