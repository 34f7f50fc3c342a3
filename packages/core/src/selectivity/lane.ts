/**
 * Lanes (channels) of ASYCUDA's selectivity scheme, which most of the region runs
 * (shared/DOMAIN.md "The flow", step 4), and their precedence: red > yellow > blue > green.
 */

/** Every lane, strictest first: red (physical examination), yellow (documentary check), blue (release now, post-clearance audit), green (release). */
export const lanes = ['red', 'yellow', 'blue', 'green'] as const;
export type Lane = (typeof lanes)[number];

/** The lanes a criterion, a random quota or a top-up can select a file for; green is what remains. */
export const selectionLanes = ['red', 'yellow', 'blue'] as const;
export type SelectionLane = (typeof selectionLanes)[number];

const ranks: Readonly<Record<Lane, number>> = { red: 3, yellow: 2, blue: 1, green: 0 };

/** The strictness of a lane: red 3, yellow 2, blue 1, green 0. */
export function laneRank(lane: Lane): number {
  return ranks[lane];
}

/** The stricter of two lanes (ASYCUDA precedence red > yellow > blue > green). */
export function stricterLane(a: Lane, b: Lane): Lane {
  return ranks[a] >= ranks[b] ? a : b;
}
