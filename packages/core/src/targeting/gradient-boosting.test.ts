import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seededRandom } from '../selectivity/seeded-random.ts';
import {
  compileTrees,
  contributions,
  defaultBoostingOptions,
  predictLogOdds,
  trainBoostedTrees,
  type BoostingOptions,
} from './gradient-boosting.ts';

const oneSplit: BoostingOptions = {
  ...defaultBoostingOptions,
  trees: 1,
  learningRate: 1,
  maxLeaves: 2,
  minRowsInLeaf: 1,
  l2: 0,
  rowSample: 1,
  featureSample: 1,
};

describe('gradient-boosted trees', () => {
  it('makes the split and leaf values computed by hand on a tiny data set', () => {
    // x = 1, 2, 3, 4 with labels 0, 0, 1, 1. Base score logit(0.5) = 0, so p = 0.5 everywhere:
    // gradients p - y = 0.5, 0.5, -0.5, -0.5 and hessians p(1 - p) = 0.25. The best split is
    // x <= 2: left G = 1, H = 0.5, value -G/H = -2; right +2; gain 1/0.5 + 1/0.5 - 0 = 4.
    const model = trainBoostedTrees(
      { rows: 4, features: 1, values: Float64Array.of(1, 2, 3, 4) },
      Uint8Array.of(0, 0, 1, 1),
      oneSplit,
    );
    assert.equal(model.baseScore, 0);
    const [tree] = model.trees;
    assert.deepEqual(tree?.feature, [0]);
    assert.deepEqual(tree.threshold, [2]);
    assert.deepEqual(tree.leafValue, [-2, 2]);
    assert.deepEqual(tree.gain, [4]);
    const compiled = compileTrees(model);
    assert.equal(predictLogOdds(compiled, Float64Array.of(1.5)), -2);
    assert.equal(predictLogOdds(compiled, Float64Array.of(2)), -2);
    assert.equal(predictLogOdds(compiled, Float64Array.of(2.5)), 2);
  });

  it('shrinks leaf values by the learning rate and the L2 penalty', () => {
    // Same data, l2 = 0.5 and learning rate 0.1: left value -(1 / (0.5 + 0.5)) x 0.1 = -0.1.
    const model = trainBoostedTrees(
      { rows: 4, features: 1, values: Float64Array.of(1, 2, 3, 4) },
      Uint8Array.of(0, 0, 1, 1),
      { ...oneSplit, l2: 0.5, learningRate: 0.1 },
    );
    assert.deepEqual(
      model.trees[0]?.leafValue.map((value) => Number(value.toFixed(12))),
      [-0.1, 0.1],
    );
  });

  it('starts from the log-odds of the positive share', () => {
    const model = trainBoostedTrees(
      { rows: 4, features: 1, values: Float64Array.of(1, 1, 1, 1) },
      Uint8Array.of(1, 0, 0, 0),
      oneSplit,
    );
    assert.ok(Math.abs(model.baseScore - Math.log(1 / 3)) < 1e-12);
    // A constant feature offers no split: one leaf, no internal node.
    assert.deepEqual(model.trees[0]?.feature, []);
    assert.equal(model.trees[0].leafValue.length, 1);
  });

  it('learns an interaction no single feature shows (exclusive or), the same way for the same seed', () => {
    const random = seededRandom('xor');
    const rows = 2000;
    const values = new Float64Array(rows * 3);
    const labels = new Uint8Array(rows);
    for (let row = 0; row < rows; row++) {
      const a = random();
      const b = random();
      values[row] = a;
      values[rows + row] = b;
      values[2 * rows + row] = random();
      labels[row] = a < 0.5 !== b < 0.5 ? 1 : 0;
    }
    const options = { ...defaultBoostingOptions, trees: 60, learningRate: 0.3, seed: 'xor-fit' };
    const model = trainBoostedTrees({ rows, features: 3, values }, labels, options);
    const compiled = compileTrees(model);
    let correct = 0;
    for (const [a, b] of [
      [0.2, 0.2],
      [0.2, 0.8],
      [0.8, 0.2],
      [0.8, 0.8],
    ] as const) {
      const logOdds = predictLogOdds(compiled, Float64Array.of(a, b, 0.5));
      if (logOdds > 0 === (a < 0.5 !== b < 0.5)) correct += 1;
    }
    assert.equal(correct, 4);
    assert.deepEqual(trainBoostedTrees({ rows, features: 3, values }, labels, options), model);
  });

  it('splits a row’s log-odds exactly into a bias and per-feature contributions', () => {
    const random = seededRandom('contributions');
    const rows = 500;
    const values = new Float64Array(rows * 2);
    const labels = new Uint8Array(rows);
    for (let row = 0; row < rows; row++) {
      values[row] = random();
      values[rows + row] = random();
      labels[row] = random() < (values[row] as number) ? 1 : 0;
    }
    const compiled = compileTrees(
      trainBoostedTrees({ rows, features: 2, values }, labels, { ...defaultBoostingOptions, trees: 20 }),
    );
    for (const point of [Float64Array.of(0.1, 0.9), Float64Array.of(0.9, 0.1), Float64Array.of(0.5, 0.5)]) {
      const { bias, contributions: parts } = contributions(compiled, point, 2);
      const sum = bias + (parts[0] as number) + (parts[1] as number);
      assert.ok(Math.abs(sum - predictLogOdds(compiled, point)) < 1e-9);
    }
    // The label follows the first feature only: it carries most of the explanation.
    const far = contributions(compiled, Float64Array.of(0.95, 0.5), 2).contributions;
    assert.ok(Math.abs(far[0] as number) > Math.abs(far[1] as number));
    assert.ok((far[0] as number) > 0);
  });
});
