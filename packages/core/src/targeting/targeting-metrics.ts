/**
 * How well a ranking targets inspections, as DATE (KDD 2020) and the WCO's BACUDA work measure
 * it: inspect the top k% of items and count Precision@k (share of the inspected items that are
 * frauds), Recall@k (share of all frauds found) and Revenue@k (share of all the frauds' duty at
 * stake found). Revenue alone is easy to game on data where a few frauds hold most of the duty,
 * so the three are always reported together.
 */

/** The inspection budgets reported, as shares of the items: 1, 2, 5 and 10%. */
export const reportedShares: readonly number[] = [0.01, 0.02, 0.05, 0.1];

/** An item as the metrics see it: its rank key, whether it was a fraud, and its duty at stake. */
export interface RankedOutcome {
  readonly rank: number;
  readonly fraud: boolean;
  readonly dutyAtStake: number;
}

export interface TargetingMetrics {
  /** The share of items inspected (0.05 for 5%). */
  readonly share: number;
  /** Items inspected: `floor(share x items)`, at least 1. */
  readonly inspected: number;
  readonly frauds: number;
  readonly precision: number;
  readonly recall: number;
  readonly revenue: number;
}

/**
 * Metrics of inspecting the top `share` of items by `rank` (highest first; ties keep input
 * order), for each share. A data set with no fraud gives recall and revenue 0. Never throws.
 */
export function targetingMetrics(
  outcomes: readonly RankedOutcome[],
  shares: readonly number[] = reportedShares,
): TargetingMetrics[] {
  const order = outcomes
    .map((outcome, index) => index)
    .sort((a, b) => (outcomes[b] as RankedOutcome).rank - (outcomes[a] as RankedOutcome).rank || a - b);
  let allFrauds = 0;
  let allRevenue = 0;
  for (const outcome of outcomes) {
    if (outcome.fraud) {
      allFrauds += 1;
      allRevenue += outcome.dutyAtStake;
    }
  }
  return shares.map((share) => {
    const inspected = Math.min(outcomes.length, Math.max(1, Math.floor(share * outcomes.length)));
    let frauds = 0;
    let revenue = 0;
    for (let position = 0; position < inspected; position++) {
      const outcome = outcomes[order[position] as number] as RankedOutcome;
      if (outcome.fraud) {
        frauds += 1;
        revenue += outcome.dutyAtStake;
      }
    }
    return {
      share,
      inspected,
      frauds,
      precision: inspected > 0 ? frauds / inspected : 0,
      recall: allFrauds > 0 ? frauds / allFrauds : 0,
      revenue: allRevenue > 0 ? revenue / allRevenue : 0,
    };
  });
}
