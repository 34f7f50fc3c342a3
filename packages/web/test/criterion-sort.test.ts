// The criterion effectiveness table's order: any column either way, never-inspected criteria
// last, ties in profile and criterion order.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CriterionHitRate } from '../src/api/api-types.ts';
import { nextDirection, sortCriteria } from '../src/effectiveness/criterion-sort.ts';

const row = (
  criterionId: string,
  rate: number | null,
  revenue: string,
  inspections = 4,
): CriterionHitRate => ({
  criterionId,
  profileId: 'P-1',
  name: `Criterion ${criterionId}`,
  selected: 10,
  inspections: rate === null ? 0 : inspections,
  hits: rate === null ? 0 : Math.round(rate * inspections),
  rate,
  revenueRecovered: revenue,
});

const rows = [
  row('C-A', 0.25, '1000'),
  row('C-B', null, '0'),
  row('C-C', 0.75, '250000.50'),
  row('C-D', 0.25, '9'),
];
const ids = (sorted: readonly CriterionHitRate[]) => sorted.map((item) => item.criterionId);

describe('criterion effectiveness order', () => {
  it('sorts by hit rate either way, the never-inspected criterion last both ways, ties by id', () => {
    assert.deepEqual(ids(sortCriteria(rows, 'rate', 'descending')), ['C-C', 'C-A', 'C-D', 'C-B']);
    assert.deepEqual(ids(sortCriteria(rows, 'rate', 'ascending')), ['C-A', 'C-D', 'C-C', 'C-B']);
  });

  it('sorts revenue as numbers, not as text', () => {
    assert.deepEqual(ids(sortCriteria(rows, 'revenueRecovered', 'descending')), ['C-C', 'C-A', 'C-D', 'C-B']);
  });

  it('starts figures high and words at A, and turns the order over on a second click', () => {
    assert.equal(nextDirection({ key: 'name', direction: 'ascending' }, 'rate'), 'descending');
    assert.equal(nextDirection({ key: 'rate', direction: 'descending' }, 'name'), 'ascending');
    assert.equal(nextDirection({ key: 'rate', direction: 'descending' }, 'rate'), 'ascending');
    assert.deepEqual(
      rows.map((item) => item.criterionId),
      ['C-A', 'C-B', 'C-C', 'C-D'],
      'the input is left as it was',
    );
  });
});
