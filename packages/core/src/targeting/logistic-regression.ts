/**
 * Logistic regression fitted by Newton's method (iteratively reweighted least squares) with a
 * small L2 penalty, on standardised features. Targeting's baseline: the benchmark reports it
 * beside the boosted trees, on the same features, so that the gain of the trees is measured,
 * not assumed. Exact enough to be tested against known maximum-likelihood coefficients.
 */
import type { FeatureColumns } from './gradient-boosting.ts';

export interface LogisticRegression {
  /** Intercept and coefficients on the raw (unstandardised) features. */
  readonly intercept: number;
  readonly coefficients: readonly number[];
}

export interface LogisticOptions {
  /** L2 penalty on the standardised coefficients (not on the intercept). */
  readonly l2: number;
  readonly maxIterations: number;
  /** Stop when no coefficient moves by more than this in a step. */
  readonly tolerance: number;
}

export const defaultLogisticOptions: LogisticOptions = { l2: 1e-4, maxIterations: 50, tolerance: 1e-9 };

/** Solves `a x = b` for a symmetric positive-definite `a` (n x n, row-major) by Cholesky. */
function solveSymmetric(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * n + j] as number;
      for (let k = 0; k < j; k++) sum -= (l[i * n + k] as number) * (l[j * n + k] as number);
      l[i * n + j] = i === j ? Math.sqrt(Math.max(sum, 1e-12)) : sum / (l[j * n + j] as number);
    }
  }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = b[i] as number;
    for (let k = 0; k < i; k++) sum -= (l[i * n + k] as number) * (y[k] as number);
    y[i] = sum / (l[i * n + i] as number);
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let sum = y[i] as number;
    for (let k = i + 1; k < n; k++) sum -= (l[k * n + i] as number) * (x[k] as number);
    x[i] = sum / (l[i * n + i] as number);
  }
  return x;
}

/**
 * Fits `P(yes) = sigmoid(intercept + sum(coefficients x features))` to yes/no labels (1 for yes).
 * Features are standardised for the fit and the coefficients brought back to the raw scale.
 * Throws only on inconsistent input (labels and rows of different lengths).
 */
export function trainLogisticRegression(
  data: FeatureColumns,
  labels: Uint8Array,
  options: LogisticOptions = defaultLogisticOptions,
): LogisticRegression {
  const { rows, features } = data;
  if (labels.length !== rows) throw new RangeError(`${labels.length} labels for ${rows} rows`);
  const mean = new Float64Array(features);
  const scale = new Float64Array(features);
  for (let f = 0; f < features; f++) {
    let sum = 0;
    let squares = 0;
    for (let i = 0; i < rows; i++) {
      const value = data.values[f * rows + i] as number;
      sum += value;
      squares += value * value;
    }
    const average = sum / rows;
    mean[f] = average;
    const deviation = Math.sqrt(Math.max(squares / rows - average * average, 0));
    scale[f] = deviation > 1e-12 ? deviation : 1;
  }
  const n = features + 1;
  // Standardised design, row by row, with the intercept's 1 first.
  const x = new Float64Array(rows * n);
  for (let i = 0; i < rows; i++) {
    x[i * n] = 1;
    for (let f = 0; f < features; f++) {
      x[i * n + f + 1] = ((data.values[f * rows + i] as number) - (mean[f] as number)) / (scale[f] as number);
    }
  }
  const beta = new Float64Array(n);
  for (let iteration = 0; iteration < options.maxIterations; iteration++) {
    const gradient = new Float64Array(n);
    const hessian = new Float64Array(n * n);
    for (let i = 0; i < rows; i++) {
      const base = i * n;
      let eta = 0;
      for (let j = 0; j < n; j++) eta += (beta[j] as number) * (x[base + j] as number);
      const p = 1 / (1 + Math.exp(-eta));
      const residual = p - (labels[i] as number);
      const weight = Math.max(p * (1 - p), 1e-12);
      for (let j = 0; j < n; j++) {
        const xj = x[base + j] as number;
        gradient[j] = (gradient[j] as number) + residual * xj;
        const wxj = weight * xj;
        for (let k = 0; k <= j; k++)
          hessian[j * n + k] = (hessian[j * n + k] as number) + wxj * (x[base + k] as number);
      }
    }
    for (let j = 1; j < n; j++) {
      gradient[j] = (gradient[j] as number) + options.l2 * (beta[j] as number);
      hessian[j * n + j] = (hessian[j * n + j] as number) + options.l2;
    }
    for (let j = 0; j < n; j++)
      for (let k = j + 1; k < n; k++) hessian[j * n + k] = hessian[k * n + j] as number;
    const step = solveSymmetric(hessian, gradient, n);
    let largest = 0;
    for (let j = 0; j < n; j++) {
      beta[j] = (beta[j] as number) - (step[j] as number);
      largest = Math.max(largest, Math.abs(step[j] as number));
    }
    if (largest < options.tolerance) break;
  }
  const coefficients = Array.from(
    { length: features },
    (_, f) => (beta[f + 1] as number) / (scale[f] as number),
  );
  let intercept = beta[0] as number;
  for (let f = 0; f < features; f++) intercept -= (coefficients[f] as number) * (mean[f] as number);
  return { intercept, coefficients };
}

/** The probability of a yes for one row whose features start at `values[offset]`. Never throws. */
export function logisticProbability(model: LogisticRegression, values: Float64Array, offset = 0): number {
  let eta = model.intercept;
  for (let f = 0; f < model.coefficients.length; f++) {
    eta += (model.coefficients[f] as number) * (values[offset + f] as number);
  }
  return 1 / (1 + Math.exp(-eta));
}
