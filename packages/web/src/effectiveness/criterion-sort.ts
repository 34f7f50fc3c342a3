/**
 * The order of the criterion effectiveness table: by any column, either way, with criteria
 * never inspected (no hit rate) last whichever way, since "no figure" is neither high nor low.
 * Ties keep the profile and criterion order, so that a sort is stable from one load to the next.
 */
import type { CriterionHitRate } from '../api/api-types.ts';

export const sortKeys = [
  'name',
  'profileId',
  'selected',
  'inspections',
  'hits',
  'rate',
  'revenueRecovered',
] as const;
export type SortKey = (typeof sortKeys)[number];
export type SortDirection = 'ascending' | 'descending';

const valueOf = (row: CriterionHitRate, key: SortKey): string | number | null => {
  switch (key) {
    case 'name':
      return row.name;
    case 'profileId':
      return row.profileId;
    case 'revenueRecovered':
      return Number(row.revenueRecovered);
    case 'selected':
    case 'inspections':
    case 'hits':
    case 'rate':
      return row[key];
  }
};

/** A new array in the order asked. Never throws. */
export function sortCriteria(
  rows: readonly CriterionHitRate[],
  key: SortKey,
  direction: SortDirection,
): CriterionHitRate[] {
  const sign = direction === 'ascending' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = valueOf(a, key);
    const y = valueOf(b, key);
    if (x === null || y === null) {
      if (x !== y) return x === null ? 1 : -1;
    } else if (x !== y) {
      const order =
        typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
      if (order !== 0) return sign * order;
    }
    return a.profileId.localeCompare(b.profileId) || a.criterionId.localeCompare(b.criterionId);
  });
}

/** The direction a click on a column's header gives: figures start high, words start at A. */
export function nextDirection(
  current: { key: SortKey; direction: SortDirection },
  key: SortKey,
): SortDirection {
  if (current.key === key) return current.direction === 'ascending' ? 'descending' : 'ascending';
  return key === 'name' || key === 'profileId' ? 'ascending' : 'descending';
}
