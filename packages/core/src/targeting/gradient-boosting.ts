/**
 * Gradient-boosted decision trees for a yes/no outcome (logistic loss), written for targeting:
 * histogram-based and grown leaf by leaf, as LightGBM does. Feature values are cut into at most
 * 255 bins once (quantiles of the training values); each tree is fitted to the gradients of the
 * loss on a seeded sample of rows and features; a leaf's value is the Newton step
 * `-sum(gradient) / (sum(hessian) + l2)`, shrunk by the learning rate. A sibling's histogram is
 * the parent's minus the smaller child's, so each split reads only the smaller side's rows.
 *
 * Trees are plain JSON (arrays of numbers), so that a model is stored and audited as a file;
 * `compileTrees` packs them into typed arrays for scoring. Contributions follow the path of a
 * row through each tree (Saabas): each split is credited with the change in the expected value
 * it makes, so that the contributions plus the bias add up to the row's log-odds exactly.
 *
 * No npm library fitted: `ml-xgboost` 1.1.2 crashed on 40,000 rows and `ml-random-forest` is far
 * too slow (issue 8). Pure: the random source is the seeded one of selectivity.
 */
import { seededRandom } from '../selectivity/seeded-random.ts';

export interface BoostingOptions {
  /** Number of trees. */
  readonly trees: number;
  /** Shrinkage of each tree's values. */
  readonly learningRate: number;
  /** Leaves per tree at most. */
  readonly maxLeaves: number;
  /** Depth of a tree at most (the root is at depth 0). */
  readonly maxDepth: number;
  /** Training rows a leaf holds at least. */
  readonly minRowsInLeaf: number;
  /** Sum of hessians a leaf holds at least. */
  readonly minHessianInLeaf: number;
  /** L2 penalty on leaf values. */
  readonly l2: number;
  /** Bins per feature at most (2 to 256). */
  readonly maxBins: number;
  /** Share of rows each tree is fitted on, drawn anew per tree. */
  readonly rowSample: number;
  /** Share of features each tree may split on, drawn anew per tree. */
  readonly featureSample: number;
  /** The seed of the row and feature draws: the same seed and data give the same trees. */
  readonly seed: string;
}

export const defaultBoostingOptions: BoostingOptions = {
  trees: 300,
  learningRate: 0.05,
  maxLeaves: 31,
  maxDepth: 10,
  minRowsInLeaf: 20,
  minHessianInLeaf: 1e-3,
  l2: 1,
  maxBins: 255,
  rowSample: 0.8,
  featureSample: 0.8,
  seed: 'anticipa-targeting',
};

/**
 * One tree. Internal node `k` sends a row left when `value(feature[k]) <= threshold[k]`, else
 * right. A child reference `c >= 0` is internal node `c`; `c < 0` is leaf `-c - 1`. A tree with
 * no split has no internal node and one leaf.
 */
export interface Tree {
  readonly feature: readonly number[];
  readonly threshold: readonly number[];
  readonly left: readonly number[];
  readonly right: readonly number[];
  /** Expected value of each internal node (hessian-weighted mean of its leaves), for contributions. */
  readonly nodeValue: readonly number[];
  /** Gain of each internal node's split, for feature importance. */
  readonly gain: readonly number[];
  readonly leafValue: readonly number[];
}

/** A fitted ensemble: the log-odds of a row is `baseScore` plus the value of its leaf in each tree. */
export interface BoostedTrees {
  readonly baseScore: number;
  readonly trees: readonly Tree[];
}

/** Feature values column by column: feature `f` of row `i` is `values[f * rows + i]`. */
export interface FeatureColumns {
  readonly rows: number;
  readonly features: number;
  readonly values: Float64Array;
}

export type BoostingProgress = (treesDone: number, treesTotal: number) => void;

/** Bin upper bounds of one feature: bin `b` holds values `<= upper[b]`; the last bin holds the rest. */
function binUpperBounds(column: Float64Array, maxBins: number): Float64Array {
  const sorted = Float64Array.from(column).sort();
  const distinct: number[] = [];
  for (let index = 0; index < sorted.length; index++) {
    const value = sorted[index] as number;
    if (distinct.length === 0 || distinct[distinct.length - 1] !== value) distinct.push(value);
  }
  if (distinct.length <= maxBins) return Float64Array.from(distinct.slice(0, -1));
  const bounds: number[] = [];
  for (let bin = 1; bin < maxBins; bin++) {
    const value = sorted[Math.floor((bin * sorted.length) / maxBins) - 1] as number;
    if (bounds.length === 0 || value > (bounds[bounds.length - 1] as number)) bounds.push(value);
  }
  if (bounds[bounds.length - 1] === sorted[sorted.length - 1]) bounds.pop();
  return Float64Array.from(bounds);
}

function binOf(upper: Float64Array, value: number): number {
  let low = 0;
  let high = upper.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (value <= (upper[middle] as number)) high = middle;
    else low = middle + 1;
  }
  return low;
}

interface GrowingLeaf {
  start: number;
  end: number;
  depth: number;
  sumGradient: number;
  sumHessian: number;
  histogram: Float64Array;
  /** Where this leaf hangs: the internal node and side, or -1 for the root. */
  parent: number;
  isLeft: boolean;
  bestGain: number;
  bestFeature: number;
  bestBin: number;
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/**
 * Fits boosted trees to yes/no labels (1 for yes) by logistic loss. `onProgress` is called after
 * each tree. Throws only on inconsistent input (labels and rows of different lengths).
 */
export function trainBoostedTrees(
  data: FeatureColumns,
  labels: Uint8Array,
  options: BoostingOptions = defaultBoostingOptions,
  onProgress?: BoostingProgress,
): BoostedTrees {
  const { rows, features } = data;
  if (labels.length !== rows) throw new RangeError(`${labels.length} labels for ${rows} rows`);
  const maxBins = Math.max(2, Math.min(256, options.maxBins));

  // Bins, row by row (a row's features side by side, as a histogram pass reads them).
  const upper: Float64Array[] = [];
  const binOffset = new Int32Array(features + 1);
  const bins = new Uint8Array(rows * features);
  for (let feature = 0; feature < features; feature++) {
    const column = data.values.subarray(feature * rows, (feature + 1) * rows);
    const bounds = binUpperBounds(column, maxBins);
    upper.push(bounds);
    binOffset[feature + 1] = (binOffset[feature] as number) + bounds.length + 1;
    for (let row = 0; row < rows; row++)
      bins[row * features + feature] = binOf(bounds, column[row] as number);
  }
  const totalBins = binOffset[features] as number;

  let positives = 0;
  for (let row = 0; row < rows; row++) positives += labels[row] as number;
  const rate = Math.min(Math.max(positives / Math.max(rows, 1), 1e-6), 1 - 1e-6);
  const baseScore = Math.log(rate / (1 - rate));
  const raw = new Float64Array(rows).fill(baseScore);
  const gradient = new Float64Array(rows);
  const hessian = new Float64Array(rows);
  const indices = new Uint32Array(rows);
  const scratch = new Uint32Array(rows);
  const random = seededRandom(options.seed);
  const allFeatures = Int32Array.from({ length: features }, (_, index) => index);
  const trees: Tree[] = [];

  for (let treeIndex = 0; treeIndex < options.trees; treeIndex++) {
    for (let row = 0; row < rows; row++) {
      const p = sigmoid(raw[row] as number);
      gradient[row] = p - (labels[row] as number);
      hessian[row] = Math.max(p * (1 - p), 1e-16);
    }
    let sampled = 0;
    for (let row = 0; row < rows; row++) {
      if (options.rowSample >= 1 || random() < options.rowSample) indices[sampled++] = row;
    }
    // Fisher-Yates on the feature list, then keep the first share.
    for (let index = features - 1; index > 0; index--) {
      const other = Math.floor(random() * (index + 1));
      const kept = allFeatures[index] as number;
      allFeatures[index] = allFeatures[other] as number;
      allFeatures[other] = kept;
    }
    const usable = Math.max(1, Math.round(options.featureSample * features));
    const treeFeatures = allFeatures.slice(0, usable).sort();

    const { tree, splitBins } = growTree(
      {
        rows,
        features,
        bins,
        binOffset,
        totalBins,
        upper,
        gradient,
        hessian,
        indices,
        scratch,
        treeFeatures,
      },
      sampled,
      options,
    );
    trees.push(tree);
    for (let row = 0; row < rows; row++) {
      raw[row] = (raw[row] as number) + leafOfBins(tree, splitBins, bins, row * features);
    }
    onProgress?.(treeIndex + 1, options.trees);
  }
  return { baseScore, trees };
}

interface GrowContext {
  readonly rows: number;
  readonly features: number;
  readonly bins: Uint8Array;
  readonly binOffset: Int32Array;
  readonly totalBins: number;
  readonly upper: readonly Float64Array[];
  readonly gradient: Float64Array;
  readonly hessian: Float64Array;
  readonly indices: Uint32Array;
  readonly scratch: Uint32Array;
  readonly treeFeatures: Int32Array;
}

/** Histogram of a leaf's rows: per bin, sum of gradients, sum of hessians and count, interleaved. */
function buildHistogram(context: GrowContext, start: number, end: number): Float64Array {
  const { bins, binOffset, features, gradient, hessian, indices, treeFeatures } = context;
  const histogram = new Float64Array(context.totalBins * 3);
  const used = treeFeatures.length;
  for (let position = start; position < end; position++) {
    const row = indices[position] as number;
    const g = gradient[row] as number;
    const h = hessian[row] as number;
    const base = row * features;
    for (let k = 0; k < used; k++) {
      const feature = treeFeatures[k] as number;
      const slot = ((binOffset[feature] as number) + (bins[base + feature] as number)) * 3;
      histogram[slot] = (histogram[slot] as number) + g;
      histogram[slot + 1] = (histogram[slot + 1] as number) + h;
      histogram[slot + 2] = (histogram[slot + 2] as number) + 1;
    }
  }
  return histogram;
}

function findBestSplit(context: GrowContext, leaf: GrowingLeaf, options: BoostingOptions): void {
  leaf.bestGain = 0;
  leaf.bestFeature = -1;
  leaf.bestBin = -1;
  if (leaf.depth >= options.maxDepth || leaf.end - leaf.start < 2 * options.minRowsInLeaf) return;
  const { histogram } = leaf;
  const { binOffset, treeFeatures } = context;
  const l2 = options.l2;
  const total = leaf.end - leaf.start;
  const parentScore = (leaf.sumGradient * leaf.sumGradient) / (leaf.sumHessian + l2);
  for (let k = 0; k < treeFeatures.length; k++) {
    const feature = treeFeatures[k] as number;
    const first = binOffset[feature] as number;
    const last = (binOffset[feature + 1] as number) - 1;
    let leftGradient = 0;
    let leftHessian = 0;
    let leftCount = 0;
    for (let bin = first; bin < last; bin++) {
      leftGradient += histogram[bin * 3] as number;
      leftHessian += histogram[bin * 3 + 1] as number;
      leftCount += histogram[bin * 3 + 2] as number;
      if (leftCount < options.minRowsInLeaf || leftHessian < options.minHessianInLeaf) continue;
      const rightCount = total - leftCount;
      if (rightCount < options.minRowsInLeaf) break;
      const rightHessian = leaf.sumHessian - leftHessian;
      if (rightHessian < options.minHessianInLeaf) continue;
      const rightGradient = leaf.sumGradient - leftGradient;
      const gain =
        (leftGradient * leftGradient) / (leftHessian + l2) +
        (rightGradient * rightGradient) / (rightHessian + l2) -
        parentScore;
      if (gain > leaf.bestGain) {
        leaf.bestGain = gain;
        leaf.bestFeature = feature;
        leaf.bestBin = bin - first;
      }
    }
  }
}

interface BuildingNode {
  feature: number;
  bin: number;
  threshold: number;
  left: number;
  right: number;
  gain: number;
  sumHessian: number;
}

function growTree(
  context: GrowContext,
  sampled: number,
  options: BoostingOptions,
): { tree: Tree; splitBins: number[] } {
  const { bins, features, gradient, hessian, indices, scratch, upper } = context;
  let sumGradient = 0;
  let sumHessian = 0;
  for (let position = 0; position < sampled; position++) {
    const row = indices[position] as number;
    sumGradient += gradient[row] as number;
    sumHessian += hessian[row] as number;
  }
  const root: GrowingLeaf = {
    start: 0,
    end: sampled,
    depth: 0,
    sumGradient,
    sumHessian,
    histogram: buildHistogram(context, 0, sampled),
    parent: -1,
    isLeft: false,
    bestGain: 0,
    bestFeature: -1,
    bestBin: -1,
  };
  findBestSplit(context, root, options);
  const leaves: GrowingLeaf[] = [root];
  const nodes: BuildingNode[] = [];

  while (leaves.length < options.maxLeaves) {
    let chosen = -1;
    let chosenGain = 0;
    for (let index = 0; index < leaves.length; index++) {
      const leaf = leaves[index] as GrowingLeaf;
      if (leaf.bestFeature >= 0 && leaf.bestGain > chosenGain) {
        chosen = index;
        chosenGain = leaf.bestGain;
      }
    }
    if (chosen < 0) break;
    const leaf = leaves[chosen] as GrowingLeaf;
    const feature = leaf.bestFeature;
    const bin = leaf.bestBin;
    // Stable partition of the leaf's rows: left ones first, both sides in row order.
    let leftEnd = leaf.start;
    let rightCount = 0;
    let leftGradient = 0;
    let leftHessian = 0;
    for (let position = leaf.start; position < leaf.end; position++) {
      const row = indices[position] as number;
      if ((bins[row * features + feature] as number) <= bin) {
        indices[leftEnd++] = row;
        leftGradient += gradient[row] as number;
        leftHessian += hessian[row] as number;
      } else scratch[rightCount++] = row;
    }
    indices.set(scratch.subarray(0, rightCount), leftEnd);

    const nodeIndex = nodes.length;
    nodes.push({
      feature,
      bin,
      threshold: upper[feature]?.[bin] as number,
      left: -1,
      right: -1,
      gain: leaf.bestGain,
      sumHessian: leaf.sumHessian,
    });
    if (leaf.parent >= 0) {
      const parent = nodes[leaf.parent] as BuildingNode;
      if (leaf.isLeft) parent.left = nodeIndex;
      else parent.right = nodeIndex;
    }
    const left: GrowingLeaf = {
      start: leaf.start,
      end: leftEnd,
      depth: leaf.depth + 1,
      sumGradient: leftGradient,
      sumHessian: leftHessian,
      histogram: leaf.histogram,
      parent: nodeIndex,
      isLeft: true,
      bestGain: 0,
      bestFeature: -1,
      bestBin: -1,
    };
    const right: GrowingLeaf = {
      ...left,
      start: leftEnd,
      end: leaf.end,
      sumGradient: leaf.sumGradient - leftGradient,
      sumHessian: leaf.sumHessian - leftHessian,
      isLeft: false,
    };
    // Build the smaller side's histogram; the larger side's is the parent's minus it.
    const [small, large] = left.end - left.start <= right.end - right.start ? [left, right] : [right, left];
    small.histogram = buildHistogram(context, small.start, small.end);
    const parentHistogram = leaf.histogram;
    for (let slot = 0; slot < parentHistogram.length; slot++) {
      parentHistogram[slot] = (parentHistogram[slot] as number) - (small.histogram[slot] as number);
    }
    large.histogram = parentHistogram;
    findBestSplit(context, left, options);
    findBestSplit(context, right, options);
    leaves.splice(chosen, 1, left, right);
  }

  const leafValue: number[] = [];
  const leafHessian: number[] = [];
  for (const [index, leaf] of leaves.entries()) {
    leafValue.push((-leaf.sumGradient / (leaf.sumHessian + options.l2)) * options.learningRate);
    leafHessian.push(leaf.sumHessian);
    if (leaf.parent >= 0) {
      const parent = nodes[leaf.parent] as BuildingNode;
      if (leaf.isLeft) parent.left = -index - 1;
      else parent.right = -index - 1;
    }
  }
  // Expected value of each node: the hessian-weighted mean of its children's, bottom up
  // (children are always created after their parent, so a reverse pass sees them first).
  const nodeValue = new Array<number>(nodes.length).fill(0);
  const nodeHessian = new Array<number>(nodes.length).fill(0);
  for (let index = nodes.length - 1; index >= 0; index--) {
    const node = nodes[index] as BuildingNode;
    const [leftValue, leftWeight] =
      node.left < 0
        ? [leafValue[-node.left - 1] as number, leafHessian[-node.left - 1] as number]
        : [nodeValue[node.left] as number, nodeHessian[node.left] as number];
    const [rightValue, rightWeight] =
      node.right < 0
        ? [leafValue[-node.right - 1] as number, leafHessian[-node.right - 1] as number]
        : [nodeValue[node.right] as number, nodeHessian[node.right] as number];
    const weight = leftWeight + rightWeight;
    nodeHessian[index] = weight;
    nodeValue[index] = weight > 0 ? (leftValue * leftWeight + rightValue * rightWeight) / weight : 0;
  }
  const tree: Tree = {
    feature: nodes.map((node) => node.feature),
    threshold: nodes.map((node) => node.threshold),
    left: nodes.map((node) => node.left),
    right: nodes.map((node) => node.right),
    nodeValue,
    gain: nodes.map((node) => node.gain),
    leafValue,
  };
  return { tree, splitBins: nodes.map((node) => node.bin) };
}

/** The leaf value a training row reaches, read from its bins (the same path as its raw values). */
function leafOfBins(tree: Tree, splitBins: readonly number[], bins: Uint8Array, base: number): number {
  let node = tree.feature.length === 0 ? -1 : 0;
  while (node >= 0) {
    node =
      (bins[base + (tree.feature[node] as number)] as number) <= (splitBins[node] as number)
        ? (tree.left[node] as number)
        : (tree.right[node] as number);
  }
  return tree.leafValue[-node - 1] as number;
}

/** Trees packed into typed arrays for scoring: every tree's nodes and leaves end to end. */
export interface CompiledTrees {
  readonly baseScore: number;
  /** Per tree, its root: a node index, or `-leaf - 1` for a tree with no split. */
  readonly roots: Int32Array;
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly nodeValue: Float64Array;
  readonly leafValue: Float64Array;
}

/** Packs trees for scoring (see `CompiledTrees`). Never throws. */
export function compileTrees(model: BoostedTrees): CompiledTrees {
  let nodeCount = 0;
  let leafCount = 0;
  for (const tree of model.trees) {
    nodeCount += tree.feature.length;
    leafCount += tree.leafValue.length;
  }
  const roots = new Int32Array(model.trees.length);
  const feature = new Int32Array(nodeCount);
  const threshold = new Float64Array(nodeCount);
  const left = new Int32Array(nodeCount);
  const right = new Int32Array(nodeCount);
  const nodeValue = new Float64Array(nodeCount);
  const leafValue = new Float64Array(leafCount);
  let nodeBase = 0;
  let leafBase = 0;
  const relink = (child: number): number => (child >= 0 ? child + nodeBase : child - leafBase);
  model.trees.forEach((tree, index) => {
    roots[index] = tree.feature.length > 0 ? nodeBase : -leafBase - 1;
    for (let node = 0; node < tree.feature.length; node++) {
      feature[nodeBase + node] = tree.feature[node] as number;
      threshold[nodeBase + node] = tree.threshold[node] as number;
      left[nodeBase + node] = relink(tree.left[node] as number);
      right[nodeBase + node] = relink(tree.right[node] as number);
      nodeValue[nodeBase + node] = tree.nodeValue[node] as number;
    }
    leafValue.set(tree.leafValue, leafBase);
    nodeBase += tree.feature.length;
    leafBase += tree.leafValue.length;
  });
  return { baseScore: model.baseScore, roots, feature, threshold, left, right, nodeValue, leafValue };
}

/** The log-odds of one row whose features start at `values[offset]`. Never throws. */
export function predictLogOdds(model: CompiledTrees, values: Float64Array, offset = 0): number {
  const { roots, feature, threshold, left, right, leafValue } = model;
  let sum = model.baseScore;
  for (let tree = 0; tree < roots.length; tree++) {
    let node = roots[tree] as number;
    while (node >= 0) {
      node =
        (values[offset + (feature[node] as number)] as number) <= (threshold[node] as number)
          ? (left[node] as number)
          : (right[node] as number);
    }
    sum += leafValue[-node - 1] as number;
  }
  return sum;
}

/** The probability of a yes for one row (see `predictLogOdds`). */
export function predictProbability(model: CompiledTrees, values: Float64Array, offset = 0): number {
  return sigmoid(predictLogOdds(model, values, offset));
}

/**
 * Each feature's contribution to a row's log-odds (Saabas): along the row's path in each tree,
 * a split is credited with the change in expected value it makes. `bias + sum(contributions)`
 * equals `predictLogOdds` exactly. Never throws.
 */
export function contributions(
  model: CompiledTrees,
  values: Float64Array,
  featureCount: number,
  offset = 0,
): { readonly bias: number; readonly contributions: Float64Array } {
  const { roots, feature, threshold, left, right, nodeValue, leafValue } = model;
  const result = new Float64Array(featureCount);
  let bias = model.baseScore;
  for (let tree = 0; tree < roots.length; tree++) {
    let node = roots[tree] as number;
    if (node < 0) {
      bias += leafValue[-node - 1] as number;
      continue;
    }
    bias += nodeValue[node] as number;
    while (node >= 0) {
      const split = feature[node] as number;
      const next =
        (values[offset + split] as number) <= (threshold[node] as number)
          ? (left[node] as number)
          : (right[node] as number);
      const nextValue = next >= 0 ? (nodeValue[next] as number) : (leafValue[-next - 1] as number);
      result[split] = (result[split] as number) + nextValue - (nodeValue[node] as number);
      node = next;
    }
  }
  return { bias, contributions: result };
}

/** Total split gain per feature over all trees: which features the model leans on. */
export function featureGains(model: BoostedTrees, featureCount: number): Float64Array {
  const gains = new Float64Array(featureCount);
  for (const tree of model.trees) {
    tree.feature.forEach((feature, node) => {
      gains[feature] = (gains[feature] as number) + (tree.gain[node] as number);
    });
  }
  return gains;
}
