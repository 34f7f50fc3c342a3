import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { logisticProbability, trainLogisticRegression } from './logistic-regression.ts';

describe('logistic regression', () => {
  it('finds the maximum-likelihood coefficients known in closed form', () => {
    // One binary feature: 3 positives in 10 rows at x = 0, 7 in 10 at x = 1. The maximum
    // likelihood fits each group's share exactly: intercept logit(0.3) = ln(3/7), slope
    // logit(0.7) - logit(0.3) = 2 ln(7/3).
    const x = [...Array<number>(10).fill(0), ...Array<number>(10).fill(1)];
    const y = [1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0];
    const model = trainLogisticRegression(
      { rows: 20, features: 1, values: Float64Array.from(x) },
      Uint8Array.from(y),
      { l2: 0, maxIterations: 50, tolerance: 1e-12 },
    );
    assert.ok(Math.abs(model.intercept - Math.log(3 / 7)) < 1e-9, String(model.intercept));
    assert.ok(Math.abs((model.coefficients[0] as number) - 2 * Math.log(7 / 3)) < 1e-9);
    assert.ok(Math.abs(logisticProbability(model, Float64Array.of(1)) - 0.7) < 1e-9);
  });

  it('brings coefficients back to the raw scale of each feature', () => {
    // The same data with x scaled by 1000 and shifted by 5: the slope divides by 1000.
    const x = [...Array<number>(10).fill(5), ...Array<number>(10).fill(1005)];
    const y = [1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0];
    const model = trainLogisticRegression(
      { rows: 20, features: 1, values: Float64Array.from(x) },
      Uint8Array.from(y),
      { l2: 0, maxIterations: 50, tolerance: 1e-12 },
    );
    assert.ok(Math.abs((model.coefficients[0] as number) - (2 * Math.log(7 / 3)) / 1000) < 1e-12);
    assert.ok(Math.abs(logisticProbability(model, Float64Array.of(5)) - 0.3) < 1e-9);
  });
});
