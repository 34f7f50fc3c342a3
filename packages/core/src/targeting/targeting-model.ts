/**
 * Targeting's model: trained on inspected items, it gives each new item the probability that
 * an inspection finds a fraud (`score`) and the duty an inspection can expect to recover
 * (`expectedRevenue = score x duty at stake`), as DATE (KDD 2020) ranks by expected revenue.
 * Rank by `score` where the budget is counted in controls, by `expectedRevenue` where it is
 * counted in revenue. `explain` gives the largest contributions behind a score.
 *
 * The model is one JSON document: the histories learnt from the training rows and the boosted
 * trees, so that it can be stored, compared and audited as a file. Training is deterministic:
 * the same rows and seed give the same model.
 */
import { err, ok, type Result } from '../shared/result.ts';
import {
  compileTrees,
  contributions as treeContributions,
  defaultBoostingOptions,
  predictLogOdds,
  trainBoostedTrees,
  type BoostedTrees,
  type BoostingOptions,
  type CompiledTrees,
} from './gradient-boosting.ts';
import {
  featureSet,
  historyKeys,
  keyValue,
  trainingFeatures,
  writeFeatures,
  type FeatureSet,
  type History,
  type KeyPart,
} from './history-features.ts';
import { dutyAtStake, type InspectedRow, type TargetingRow } from './targeting-row.ts';

export const targetingModelFormat = 'anticipa-targeting-model';

/**
 * One key's history in a model file: per slot, rows, frauds and the sum of log unit values; for
 * a pair, `pairs` lists `first, second, slot` triples of field value numbers.
 */
export interface HistoryTable {
  readonly rows: readonly number[];
  readonly frauds: readonly number[];
  readonly logUnitValues: readonly number[];
  readonly pairs?: readonly number[];
}

/** A trained model, as stored (plain JSON). */
export interface TargetingModel {
  readonly format: typeof targetingModelFormat;
  readonly version: 1;
  readonly trainedOn: {
    readonly rows: number;
    readonly frauds: number;
    readonly firstDate: string;
    readonly lastDate: string;
  };
  /** The histories kept (names from `historyKeys`). */
  readonly historyKeys: readonly string[];
  /** The features, in model order. */
  readonly features: readonly string[];
  readonly history: {
    readonly rows: number;
    readonly frauds: number;
    /** Per field the histories read, its values in the order of their numbers. */
    readonly values: readonly (readonly KeyPart[])[];
    /** Per history key, in `historyKeys` order. */
    readonly tables: readonly HistoryTable[];
  };
  readonly boosting: BoostingOptions;
  readonly trees: BoostedTrees;
}

export type TrainingStage = 'features' | 'trees';

export interface TrainOptions {
  /** Overrides of the boosting options (trees, learning rate, seed...). */
  readonly boosting?: Partial<BoostingOptions>;
  /** The histories to keep (names from `historyKeys`); all of them by default. */
  readonly historyKeys?: readonly string[];
  readonly onProgress?: (stage: TrainingStage, done: number, total: number) => void;
}

/** The options targeting trains with unless told otherwise: tuned on the public data set's split. */
export const defaultTrainingBoosting: BoostingOptions = {
  ...defaultBoostingOptions,
  trees: 80,
  learningRate: 0.15,
};

export type TrainingProblem =
  | { readonly code: 'NO_ROWS' }
  | { readonly code: 'ONE_OUTCOME'; readonly fraud: boolean }
  | { readonly code: 'UNKNOWN_HISTORY'; readonly names: readonly string[] };

/**
 * Trains a model on inspected rows, in any order (they are taken by date; see
 * `trainingFeatures`). Fails, as a value, with no rows, with rows of one outcome only, or with
 * unknown history names. Deterministic for a given seed (`options.boosting.seed`).
 *
 * @example
 * const model = trainModel(rows, { boosting: { seed: 'office-2025' } });
 * if (model.ok) scoreRows(model.value, newRows);
 */
export function trainModel(
  rows: readonly InspectedRow[],
  options: TrainOptions = {},
): Result<TargetingModel, TrainingProblem> {
  if (rows.length === 0) return err({ code: 'NO_ROWS' });
  const frauds = rows.reduce((count, row) => count + (row.fraud ? 1 : 0), 0);
  if (frauds === 0 || frauds === rows.length) return err({ code: 'ONE_OUTCOME', fraud: frauds > 0 });
  const features = featureSet(options.historyKeys);
  if ('unknown' in features) return err({ code: 'UNKNOWN_HISTORY', names: features.unknown });
  const boosting = { ...defaultTrainingBoosting, ...options.boosting };

  options.onProgress?.('features', 0, rows.length);
  const { ordered, values, history } = trainingFeatures(features, rows);
  options.onProgress?.('features', rows.length, rows.length);
  const labels = Uint8Array.from(ordered, (row) => (row.fraud ? 1 : 0));
  const trees = trainBoostedTrees(
    { rows: ordered.length, features: features.names.length, values },
    labels,
    boosting,
    (done, total) => options.onProgress?.('trees', done, total),
  );
  return ok({
    format: targetingModelFormat,
    version: 1,
    trainedOn: {
      rows: rows.length,
      frauds,
      firstDate: (ordered[0] as InspectedRow).date,
      lastDate: (ordered[ordered.length - 1] as InspectedRow).date,
    },
    historyKeys: features.keys.map((key) => key.name),
    features: features.names,
    history: storedHistory(history),
    boosting,
    trees,
  });
}

function storedHistory(history: History): TargetingModel['history'] {
  return {
    rows: history.rows,
    frauds: history.frauds,
    values: history.values.map((values) => [...values.keys()]),
    tables: history.tables.map((table) => {
      const stored = { rows: table.rows, frauds: table.frauds, logUnitValues: table.logUnitValues };
      if (!table.pairs) return stored;
      const pairs: number[] = [];
      table.pairs.forEach((inner, first) => {
        for (const [second, slot] of inner ?? []) pairs.push(first, second, slot);
      });
      return { ...stored, pairs };
    }),
  };
}

/** A model made ready to score: histories back in maps, trees in typed arrays. */
interface CompiledModel {
  readonly features: FeatureSet;
  readonly history: History;
  readonly trees: CompiledTrees;
}

const compiled = new WeakMap<TargetingModel, CompiledModel>();

function compile(model: TargetingModel): CompiledModel {
  const cached = compiled.get(model);
  if (cached) return cached;
  const features = featureSet(model.historyKeys);
  if ('unknown' in features) throw new RangeError(`Unknown histories: ${features.unknown.join(', ')}`);
  const stored = model.history;
  const values = features.fields.map(
    (_, index) => new Map((stored.values[index] ?? []).map((value, id) => [value, id])),
  );
  const tables = features.keys.map((key, index) => {
    const table = stored.tables[index] ?? { rows: [], frauds: [], logUnitValues: [] };
    const copy = {
      rows: [...table.rows],
      frauds: [...table.frauds],
      logUnitValues: [...table.logUnitValues],
    };
    if (key.second === undefined) return copy;
    const pairs: (Map<number, number> | undefined)[] = [];
    const triples = table.pairs ?? [];
    for (let at = 0; at + 2 < triples.length; at += 3) {
      const first = triples[at] as number;
      let inner = pairs[first];
      if (!inner) pairs[first] = inner = new Map<number, number>();
      inner.set(triples[at + 1] as number, triples[at + 2] as number);
    }
    return { ...copy, pairs };
  });
  const result: CompiledModel = {
    features,
    history: { rows: stored.rows, frauds: stored.frauds, values, tables },
    trees: compileTrees(model.trees),
  };
  compiled.set(model, result);
  return result;
}

/** A scored row: the fraud probability and the duty an inspection can expect to recover. */
export interface RowScore {
  readonly score: number;
  readonly expectedRevenue: number;
}

/**
 * Scores rows (label columns, if any, are not read): one result per row, in input order. The
 * first call on a model prepares it (a few hundred milliseconds on a large model); later calls
 * reuse that. Throws only on a model file that `parseTargetingModel` would refuse.
 */
export function scoreRows(model: TargetingModel, rows: readonly TargetingRow[]): RowScore[] {
  const { features, history, trees } = compile(model);
  const buffer = new Float64Array(features.names.length);
  const scores: RowScore[] = new Array<RowScore>(rows.length);
  for (let index = 0; index < rows.length; index++) {
    const row = rows[index] as TargetingRow;
    writeFeatures(features, row, history, buffer, 0);
    const score = 1 / (1 + Math.exp(-predictLogOdds(trees, buffer)));
    scores[index] = { score, expectedRevenue: score * dutyAtStake(row) };
  }
  return scores;
}

/** A part of the reason for a score: a fact of the row and how far it moved the log-odds. */
export interface Contribution {
  /** The fact, as an explanation names it: `importer`, `hs6 + origin`, `unit value`... */
  readonly name: string;
  /** The row's value for it: a code, a pair of codes, or a number. */
  readonly value: string;
  /** Its contribution to the log-odds of fraud: positive raises the score. */
  readonly contribution: number;
}

export interface Explanation extends RowScore {
  /** The log-odds of an item the model knows nothing particular about. */
  readonly bias: number;
  /** The largest contributions by size, at most `topN`. Bias plus all contributions is the log-odds. */
  readonly contributions: readonly Contribution[];
}

/**
 * Why a row got its score: its largest feature contributions (a history's share and count
 * together), largest first. Never throws on a model `parseTargetingModel` accepts.
 */
export function explain(model: TargetingModel, row: TargetingRow, topN = 5): Explanation {
  const { features, history, trees } = compile(model);
  const buffer = new Float64Array(features.names.length);
  writeFeatures(features, row, history, buffer, 0);
  const { bias, contributions } = treeContributions(trees, buffer, features.names.length);
  const byGroup = new Map<string, number>();
  features.groups.forEach((group, index) => {
    byGroup.set(group, (byGroup.get(group) ?? 0) + (contributions[index] as number));
  });
  let logOdds = bias;
  for (const value of contributions) logOdds += value;
  const score = 1 / (1 + Math.exp(-logOdds));
  const ranked = [...byGroup]
    .filter(([, contribution]) => contribution !== 0)
    .sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]))
    .slice(0, topN)
    .map(([name, contribution]) => ({ name, value: groupValue(name, row), contribution }));
  return { score, expectedRevenue: score * dutyAtStake(row), bias, contributions: ranked };
}

function groupValue(group: string, row: TargetingRow): string {
  const keyName = group.endsWith(' unit value') ? group.slice(0, -' unit value'.length) : group;
  const key = historyKeys.find((candidate) => candidate.name === keyName);
  if (key) return keyValue(key, row);
  switch (group) {
    case 'tax rate':
      return String(row.taxRate);
    case 'net mass':
      return String(row.netMass);
    case 'declared value':
      return String(row.itemPrice);
    case 'unit value':
      return String(row.itemPrice / Math.max(row.netMass, 0.001));
    case 'duty at stake':
      return String(dutyAtStake(row));
    default:
      return '';
  }
}

export type ModelProblem =
  | { readonly code: 'NOT_A_MODEL' }
  | { readonly code: 'UNSUPPORTED_VERSION'; readonly version: unknown }
  | { readonly code: 'UNKNOWN_HISTORY'; readonly names: readonly string[] };

/**
 * Checks that parsed JSON is a targeting model this version can score: its format, version,
 * and history names. Trees and entries are trusted as written by `trainModel`. Never throws.
 */
export function parseTargetingModel(json: unknown): Result<TargetingModel, ModelProblem> {
  if (typeof json !== 'object' || json === null) return err({ code: 'NOT_A_MODEL' });
  const candidate = json as Partial<Record<keyof TargetingModel, unknown>>;
  if (candidate.format !== targetingModelFormat) return err({ code: 'NOT_A_MODEL' });
  if (candidate.version !== 1) return err({ code: 'UNSUPPORTED_VERSION', version: candidate.version });
  const keys = candidate.historyKeys;
  const history = candidate.history as { values?: unknown; tables?: unknown } | undefined;
  const trees = candidate.trees as { trees?: unknown } | undefined;
  if (
    !Array.isArray(keys) ||
    !Array.isArray(history?.values) ||
    !Array.isArray(history.tables) ||
    !Array.isArray(trees?.trees)
  ) {
    return err({ code: 'NOT_A_MODEL' });
  }
  const names = keys.map(String);
  const features = featureSet(names);
  if ('unknown' in features) return err({ code: 'UNKNOWN_HISTORY', names: features.unknown });
  return ok(json as TargetingModel);
}
