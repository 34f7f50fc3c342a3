/**
 * Lane allocation for one file at one office, in ASYCUDA's order (shared/DOMAIN.md "How
 * selection works"): (a) each criterion hit selects for its lane with its selection
 * percentage; (d) a file that hits more than the office's maximum of criteria without being
 * selected is selected anyway; (b) the random quotas; (c) the top-up toward each lane's
 * expected rate, red before yellow before blue. A file goes green only after all of them.
 *
 * Pure: the office's running counters for the period come in and go out updated, and every
 * draw comes from the injected source, in a fixed order, and is returned for replay:
 *   draw 0          the random-sample draw, taken for every file;
 *   draws 1..n      one per criterion hit, in rule-set order;
 *   then            one per lane tried by the top-up while it has a deficit.
 */
import { laneRank, type Lane, type SelectionLane } from './lane.ts';
import type { LaneEffect } from './criterion.ts';
import type { LaneParameters } from './rule-set.ts';

/**
 * The running counts of an office over the current period (files assessed, files per lane).
 * The caller keeps one per office and period and passes it to each assessment in turn.
 */
export interface OfficeCounters {
  readonly assessed: number;
  readonly red: number;
  readonly yellow: number;
  readonly blue: number;
  readonly green: number;
}

/** The counters at the start of a period. */
export function emptyCounters(): OfficeCounters {
  return { assessed: 0, red: 0, yellow: 0, blue: 0, green: 0 };
}

/** Which step set the file's lane. */
export type SelectionStep = 'criteria' | 'max_hits' | 'random' | 'top_up' | 'none';

export interface LaneAllocation {
  readonly lane: Lane;
  readonly selectedBy: SelectionStep;
  /** Per hit, in the order given: whether its draw selected the file. */
  readonly selected: readonly boolean[];
  /** Every draw taken, in order (see the module header). */
  readonly draws: readonly number[];
  /**
   * The lane the random sample drew the file for, or null. Drawn for every file, whatever the
   * criteria say, so that the random sample stays an unbiased sample of all traffic.
   */
  readonly randomLane: SelectionLane | null;
  /** Whether the top-up selected the file. */
  readonly topUp: boolean;
  /** Whether the file hit more criteria without selection than the office allows. */
  readonly maxHitsExceeded: boolean;
  /** The counters with this file added. */
  readonly counters: OfficeCounters;
}

/**
 * Whether a still-green file is topped up into a lane: when the lane's count is short of
 * `expected% × files`, it is with a probability equal to the shortfall (one draw, recorded).
 */

/** The lanes by rank (`laneRank`): green 0, blue 1, yellow 2, red 3. */
const lanesByRank: readonly Lane[] = ['green', 'blue', 'yellow', 'red'];

/**
 * The allocation of `allocateLane`, on the lane effects of the hits laid out in typed arrays
 * and with its results in fields, so that an evaluator allocates the lanes of many files with
 * one allocator and no intermediate object (compile-rule-set.ts). Not for sharing across
 * threads; reused from file to file, it is never observable.
 */
export class LaneAllocator {
  /** Per hit, the rank of its lane (`laneRank`; -1: no hit there, skipped without a draw). */
  readonly ranks: Int32Array;
  /** Per hit, its selection percentage. */
  readonly percentages: Float64Array;
  /** Per hit, after `allocate`: 1 when its draw selected the file, 0 otherwise. */
  readonly selected: Uint8Array;
  /** After `allocate`: every draw taken, `drawn[0 .. drawCount)` (see the module header). */
  readonly drawn: Float64Array;
  /**
   * The draws as a list of numbers kept unboxed (scratch for `draws`), never handed out: a
   * slice of it is a list of exactly the draws, made in one allocation, where a list grown
   * from empty or made with holes and then given fractions is made twice over.
   */
  private readonly drawList: number[];
  drawCount = 0;
  lane: Lane = 'green';
  selectedBy: SelectionStep = 'none';
  randomLane: SelectionLane | null = null;
  topUp = false;
  maxHitsExceeded = false;

  /** An allocator for files of up to `capacity` hits. */
  constructor(capacity: number) {
    this.ranks = new Int32Array(capacity);
    this.percentages = new Float64Array(capacity);
    this.selected = new Uint8Array(capacity);
    // The random-sample draw, one per hit, at most three for the top-up.
    this.drawn = new Float64Array(capacity + 4);
    const drawList = [0.5];
    while (drawList.length < capacity + 4) drawList.push(0.5);
    this.drawList = drawList;
  }

  /**
   * Allocates a lane to a file of `count` hits (`ranks` and `percentages` filled in rule-set
   * order); the results are in the fields. See `allocateLane`.
   */
  allocate(count: number, parameters: LaneParameters, counters: OfficeCounters, random: () => number): void {
    const drawn = this.drawn;
    let drawCount = 0;
    // (b) drawn first, so that the random sample does not depend on how many criteria hit.
    const sampleDraw = random();
    drawn[drawCount++] = sampleDraw;
    const sample = sampleDraw * 100;
    const quota = parameters.minimumRandomRate;
    const randomRank =
      sample < quota.red
        ? 3
        : sample < quota.red + quota.yellow
          ? 2
          : sample < quota.red + quota.yellow + quota.blue
            ? 1
            : 0;

    // (a) each hit selects for its lane with its percentage.
    let lane = 0;
    let strictestHit = 0;
    let unselected = 0;
    for (let index = 0; index < count; index += 1) {
      const rank = this.ranks[index] as number;
      if (rank < 0) continue;
      const draw = random();
      drawn[drawCount++] = draw;
      const isSelected = draw * 100 < (this.percentages[index] as number);
      this.selected[index] = isSelected ? 1 : 0;
      if (isSelected) {
        if (rank > lane) lane = rank;
      } else unselected += 1;
      if (rank > strictestHit) strictestHit = rank;
    }
    let selectedBy: SelectionStep = lane === 0 ? 'none' : 'criteria';

    // (d) too many hits without selection: selected anyway, for the strictest lane hit.
    const maxHits = parameters.maxHitsWithoutSelection;
    const maxHitsExceeded = maxHits !== undefined && unselected > maxHits;
    if (maxHitsExceeded && strictestHit > lane) {
      lane = strictestHit;
      selectedBy = 'max_hits';
    }

    // (b) the random sample, applied after the criteria: the stricter lane wins.
    if (randomRank > lane) {
      lane = randomRank;
      selectedBy = 'random';
    }

    // (c) top-up of files still green toward each lane's expected rate, red first.
    let topUp = false;
    if (lane === 0) {
      const expected = parameters.expectedRate;
      const files = counters.assessed + 1;
      // A lane whose count is short of `expected% × files` takes the file with a probability
      // equal to the shortfall (one draw, recorded). Unrolled rather than looped over lane
      // names: keyed property reads are slow on the hot path.
      let shortfall = (expected.red / 100) * files - counters.red;
      if (shortfall > 0) {
        const draw = random();
        drawn[drawCount++] = draw;
        if (draw < shortfall) lane = 3;
      }
      if (lane === 0) {
        shortfall = (expected.yellow / 100) * files - counters.yellow;
        if (shortfall > 0) {
          const draw = random();
          drawn[drawCount++] = draw;
          if (draw < shortfall) lane = 2;
        }
      }
      if (lane === 0) {
        shortfall = (expected.blue / 100) * files - counters.blue;
        if (shortfall > 0) {
          const draw = random();
          drawn[drawCount++] = draw;
          if (draw < shortfall) lane = 1;
        }
      }
      if (lane !== 0) {
        topUp = true;
        selectedBy = 'top_up';
      }
    }

    this.lane = lanesByRank[lane] as Lane;
    this.selectedBy = selectedBy;
    this.randomLane = randomRank === 0 ? null : (lanesByRank[randomRank] as SelectionLane);
    this.topUp = topUp;
    this.maxHitsExceeded = maxHitsExceeded;
    this.drawCount = drawCount;
  }

  /** The draws of the last allocation, as a list of exactly their number. */
  draws(): number[] {
    const drawList = this.drawList;
    for (let index = 0; index < this.drawCount; index += 1) drawList[index] = this.drawn[index] as number;
    return drawList.slice(0, this.drawCount);
  }

  /** The counters with the file just allocated added. */
  countersAfter(counters: OfficeCounters): OfficeCounters {
    const lane = this.lane;
    return {
      assessed: counters.assessed + 1,
      red: counters.red + (lane === 'red' ? 1 : 0),
      yellow: counters.yellow + (lane === 'yellow' ? 1 : 0),
      blue: counters.blue + (lane === 'blue' ? 1 : 0),
      green: counters.green + (lane === 'green' ? 1 : 0),
    };
  }
}

/**
 * Allocates a lane to a file from its criterion hits (their lane effects, in rule-set order),
 * the office's lane parameters and period counters, and a uniform source on [0, 1).
 * Never throws; consumes 1 + hits.length + (0 to 3) draws.
 *
 * A hit is selected when `draw * 100 < percentage`. Random quotas partition one draw: below
 * red% → red, below red%+yellow% → yellow, below red%+yellow%+blue% → blue. The top-up picks
 * a still-green file for a lane whose count is short of `expected% × (assessed + 1)` with a
 * probability equal to the shortfall (capped at 1), so each lane's share stays within about
 * one file of its expected rate without selecting at fixed, foreseeable intervals.
 */
export function allocateLane(
  hits: readonly LaneEffect[],
  parameters: LaneParameters,
  counters: OfficeCounters,
  random: () => number,
): LaneAllocation {
  const allocator = new LaneAllocator(hits.length);
  for (let index = 0; index < hits.length; index += 1) {
    const hit = hits[index];
    allocator.ranks[index] = hit === undefined ? -1 : laneRank(hit.lane);
    allocator.percentages[index] = hit === undefined ? 0 : hit.percentage;
  }
  allocator.allocate(hits.length, parameters, counters, random);
  const selected: boolean[] = new Array<boolean>(hits.length);
  for (let index = 0; index < hits.length; index += 1) {
    if (hits[index] !== undefined) selected[index] = allocator.selected[index] === 1;
  }
  return {
    lane: allocator.lane,
    selectedBy: allocator.selectedBy,
    selected,
    draws: allocator.draws(),
    randomLane: allocator.randomLane,
    topUp: allocator.topUp,
    maxHitsExceeded: allocator.maxHitsExceeded,
    counters: allocator.countersAfter(counters),
  };
}
