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
import { laneRank, stricterLane, type Lane, type SelectionLane } from './lane.ts';
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
function topUpDraw(
  expectedPercent: number,
  files: number,
  count: number,
  random: () => number,
  draws: number[],
): boolean {
  const shortfall = (expectedPercent / 100) * files - count;
  if (shortfall <= 0) return false;
  const draw = random();
  draws.push(draw);
  return draw < shortfall;
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
  const draws: number[] = [];
  // (b) drawn first, so that the random sample does not depend on how many criteria hit.
  const sampleDraw = random();
  draws.push(sampleDraw);
  const sample = sampleDraw * 100;
  const quota = parameters.minimumRandomRate;
  const randomLane: SelectionLane | null =
    sample < quota.red
      ? 'red'
      : sample < quota.red + quota.yellow
        ? 'yellow'
        : sample < quota.red + quota.yellow + quota.blue
          ? 'blue'
          : null;

  // (a) each hit selects for its lane with its percentage.
  const selected: boolean[] = new Array<boolean>(hits.length);
  let lane: Lane = 'green';
  let strictestHit: Lane = 'green';
  let unselected = 0;
  for (let index = 0; index < hits.length; index += 1) {
    const hit = hits[index];
    if (hit === undefined) continue;
    const draw = random();
    draws.push(draw);
    const isSelected = draw * 100 < hit.percentage;
    selected[index] = isSelected;
    if (isSelected) lane = stricterLane(lane, hit.lane);
    else unselected += 1;
    strictestHit = stricterLane(strictestHit, hit.lane);
  }
  let selectedBy: SelectionStep = lane === 'green' ? 'none' : 'criteria';

  // (d) too many hits without selection: selected anyway, for the strictest lane hit.
  const maxHits = parameters.maxHitsWithoutSelection;
  const maxHitsExceeded = maxHits !== undefined && unselected > maxHits;
  if (maxHitsExceeded && laneRank(strictestHit) > laneRank(lane)) {
    lane = strictestHit;
    selectedBy = 'max_hits';
  }

  // (b) the random sample, applied after the criteria: the stricter lane wins.
  if (randomLane !== null && laneRank(randomLane) > laneRank(lane)) {
    lane = randomLane;
    selectedBy = 'random';
  }

  // (c) top-up of files still green toward each lane's expected rate, red first.
  let topUp = false;
  if (lane === 'green') {
    const expected = parameters.expectedRate;
    const files = counters.assessed + 1;
    // Unrolled rather than looped over lane names: keyed property reads are slow on the hot path.
    if (topUpDraw(expected.red, files, counters.red, random, draws)) lane = 'red';
    else if (topUpDraw(expected.yellow, files, counters.yellow, random, draws)) lane = 'yellow';
    else if (topUpDraw(expected.blue, files, counters.blue, random, draws)) lane = 'blue';
    if (lane !== 'green') {
      topUp = true;
      selectedBy = 'top_up';
    }
  }

  return {
    lane,
    selectedBy,
    selected,
    draws,
    randomLane,
    topUp,
    maxHitsExceeded,
    counters: {
      assessed: counters.assessed + 1,
      red: counters.red + (lane === 'red' ? 1 : 0),
      yellow: counters.yellow + (lane === 'yellow' ? 1 : 0),
      blue: counters.blue + (lane === 'blue' ? 1 : 0),
      green: counters.green + (lane === 'green' ? 1 : 0),
    },
  };
}
