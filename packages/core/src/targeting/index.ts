/**
 * Targeting: a model trained on inspection results that ranks declared items by the chance of
 * a fraud and by the revenue an inspection can expect to recover (issue 8; DATE, KDD 2020).
 * The public API of the capability: rows and their CSV columns, training, scoring and
 * explanations, the metrics of a ranking, exploration, and the baseline learners the benchmark
 * compares with.
 */
export {
  dutyAtStake,
  targetingColumns,
  fraudColumn,
  targetingRowFromRecord,
  inspectedRowFromRecord,
  fraudFromRecord,
  type TargetingRow,
  type InspectedRow,
  type RowProblem,
} from './targeting-row.ts';
export {
  historyKeys,
  featureSet,
  trainingFeatures,
  writeFeatures,
  type FeatureSet,
} from './history-features.ts';
export {
  trainBoostedTrees,
  compileTrees,
  predictLogOdds,
  predictProbability,
  featureGains,
  defaultBoostingOptions,
  type BoostingOptions,
  type BoostedTrees,
  type Tree,
  type FeatureColumns,
} from './gradient-boosting.ts';
export {
  trainLogisticRegression,
  logisticProbability,
  defaultLogisticOptions,
  type LogisticRegression,
  type LogisticOptions,
} from './logistic-regression.ts';
export {
  trainModel,
  scoreRows,
  explain,
  parseTargetingModel,
  targetingModelFormat,
  defaultTrainingBoosting,
  type TargetingModel,
  type TrainOptions,
  type TrainingStage,
  type TrainingProblem,
  type ModelProblem,
  type RowScore,
  type Explanation,
  type Contribution,
  type HistoryTable,
} from './targeting-model.ts';
export {
  targetingMetrics,
  reportedShares,
  type TargetingMetrics,
  type RankedOutcome,
} from './targeting-metrics.ts';
export {
  chooseControls,
  explorationHitRate,
  type ControlPlan,
  type ControlChoice,
  type ExplorationStrategy,
} from './exploration.ts';
export { targetingRowsOfDeclaration } from './declaration-rows.ts';
