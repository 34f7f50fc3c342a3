// Issue 8: "no feature uses a row dated after the row it scores". Each training row's features
// are checked against the history of the rows dated strictly before it, and shown blind to
// anything that changes in its own day or after.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  emptyHistory,
  featureSet,
  recordInspection,
  trainingFeatures,
  writeFeatures,
  type FeatureSet,
} from './history-features.ts';
import { inspectedRows } from './targeting-factories.ts';
import type { InspectedRow } from './targeting-row.ts';

const features = featureSet() as FeatureSet;
const width = features.names.length;

/** Row `index`'s features from a training run, as one array. */
function featuresOf(values: Float64Array, rows: number, index: number): number[] {
  return Array.from({ length: width }, (_, feature) => values[feature * rows + index] as number);
}

/** The same rows, with every row dated on or after `date` turned around: outcome flipped, value and parties changed. */
function rewriteFrom(rows: readonly InspectedRow[], date: string): InspectedRow[] {
  return rows.map((row) =>
    row.date >= date
      ? { ...row, fraud: !row.fraud, itemPrice: row.itemPrice * 3 + 1, importer: 'IMP-BAD', hs6: '870323' }
      : row,
  );
}

describe('history features', () => {
  // 600 items over 30 days, shuffled so that input order is not time order.
  const rows = inspectedRows(600, 'leakage', 30)
    .map((row, index) => ({ row, key: (index * 7919) % 600 }))
    .sort((a, b) => a.key - b.key)
    .map(({ row }) => row);
  const trained = trainingFeatures(features, rows);
  const count = trained.ordered.length;

  it('takes rows day by day', () => {
    const dates = trained.ordered.map((row) => row.date);
    assert.deepEqual(dates, [...dates].sort());
  });

  it('gives each row exactly the features of the history of the days before it', () => {
    for (const index of [0, 17, 150, 299, 421, 599]) {
      const row = trained.ordered[index] as InspectedRow;
      const history = emptyHistory(features);
      for (const earlier of trained.ordered)
        if (earlier.date < row.date) recordInspection(features, history, earlier);
      const expected = new Float64Array(width);
      writeFeatures(features, row, history, expected, 0);
      assert.deepEqual(
        featuresOf(trained.values, count, index),
        Array.from(expected),
        `row ${index} (${row.date})`,
      );
    }
  });

  it('uses no row dated after the row it scores, nor another row of its own day', () => {
    for (const cut of ['2025-01-02', '2025-01-10', '2025-01-21', '2025-01-30']) {
      const changed = trainingFeatures(features, rewriteFrom(rows, cut));
      trained.ordered.forEach((row, index) => {
        if (row.date > cut) return;
        // Rows dated before the cut keep their features; rows of the cut day itself too, though
        // every other row of that day changed.
        if (row.date === cut) {
          const alone = trainingFeatures(
            features,
            rows.map((other) =>
              other.date === cut && other !== row ? { ...other, fraud: !other.fraud } : other,
            ),
          );
          const position = alone.ordered.indexOf(row);
          assert.deepEqual(
            featuresOf(alone.values, count, position),
            featuresOf(trained.values, count, index),
          );
          return;
        }
        assert.deepEqual(featuresOf(changed.values, count, index), featuresOf(trained.values, count, index));
      });
    }
  });

  it('does notice the past: a row’s features change when an earlier row’s outcome does', () => {
    const last = trained.ordered[count - 1] as InspectedRow;
    const flipped = trainingFeatures(
      features,
      rows.map((row) =>
        row.importer === last.importer && row.date < last.date ? { ...row, fraud: !row.fraud } : row,
      ),
    );
    assert.notDeepEqual(
      featuresOf(flipped.values, count, count - 1),
      featuresOf(trained.values, count, count - 1),
    );
  });

  it('lists unknown history names instead of guessing', () => {
    assert.deepEqual(featureSet(['importer', 'ship name']), { unknown: ['ship name'] });
  });
});
