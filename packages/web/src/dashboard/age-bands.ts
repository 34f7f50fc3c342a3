/**
 * Age bands of B/Ls not written off, for the ageing chart: from the report's threshold (N days
 * after arrival) to 30, 60 and 90 days, then beyond, the steps a write-off officer chases at.
 * Pure: the same lines always fall in the same bands.
 */

/** Days since arrival: from (inclusive) to (exclusive; null for no end). */
export interface AgeBand {
  readonly from: number;
  readonly to: number | null;
}

const steps = [30, 60, 90] as const;

/** The bands from `days` on; a step at or below `days` is left out. */
export function ageBands(days: number): readonly AgeBand[] {
  const edges = [days, ...steps.filter((step) => step > days)];
  return edges.map((from, index) => ({ from, to: edges[index + 1] ?? null }));
}

/** How many lines fall in each band, in the bands' order; a line younger than the first band counts nowhere. */
export function countByBand(
  lines: readonly { readonly daysSinceArrival: number }[],
  bands: readonly AgeBand[],
): number[] {
  return bands.map(
    (band) =>
      lines.filter(
        (line) => line.daysSinceArrival >= band.from && (band.to === null || line.daysSinceArrival < band.to),
      ).length,
  );
}
