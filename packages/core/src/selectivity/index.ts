/**
 * Selectivity: risk assessment of advance information and lane allocation (ASYCUDA's
 * selectivity, with CBP-style weights and WCO CTS-style watchlists). The public API of the
 * capability, named one by one so that internals (index, packing, hashing) stay internal; the
 * server builds rule-set storage, assessment on events and backtests on it.
 */
export { lanes, selectionLanes, laneRank, stricterLane, type Lane, type SelectionLane } from './lane.ts';
export {
  listKinds,
  selectivityOperators,
  selectivityFields,
  selectivityFieldNames,
  fieldDefinition,
  isSelectivityField,
  type ListKind,
  type SelectivityOperator,
  type SelectivityField,
  type FieldLevel,
  type FieldDefinition,
  type CodeFieldDefinition,
  type NumberFieldDefinition,
  type BooleanFieldDefinition,
  type WordsFieldDefinition,
} from './selectivity-fields.ts';
export {
  conditionSchema,
  maxConditionDepth,
  type Condition,
  type AllCondition,
  type AnyCondition,
  type NotCondition,
  type Predicate,
} from './condition.ts';
export {
  watchlistSchema,
  listValueSchemas,
  compileWatchlist,
  type Watchlist,
  type WatchlistEntry,
  type CompiledWatchlist,
} from './watchlist.ts';
export {
  criterionSchema,
  parseCriterion,
  maxWeight,
  type Criterion,
  type CriterionReason,
  type LaneEffect,
} from './criterion.ts';
export {
  parseRuleSet,
  parseWatchlist,
  declaredListKinds,
  laneParametersSchema,
  type RuleSet,
  type Profile,
  type LaneParameters,
  type LaneRates,
  type OfficeLaneParameters,
} from './rule-set.ts';
export {
  subjectFromDeclaration,
  subjectFromConsignment,
  prefetchDeclarations,
  prefetchGroup,
  type SelectivitySubject,
  type SubjectItem,
  type SubjectIndicators,
} from './selectivity-subject.ts';
export { assessmentSeed, seededRandom, type RandomFactory } from './seeded-random.ts';
export {
  allocateLane,
  emptyCounters,
  type OfficeCounters,
  type LaneAllocation,
  type SelectionStep,
} from './lane-allocation.ts';
export { laneAt, releasableAt, isReleasable, type Assessment, type CriterionHit } from './assessment.ts';
export {
  compileRuleSet,
  type SelectivityEvaluator,
  type AssessOptions,
  type AssessmentOutcome,
  type CompileOptions,
} from './compile-rule-set.ts';
export { replayAssessment, type Replay } from './replay-assessment.ts';
export { traderView, type TraderView, type TraderControl } from './trader-view.ts';
export {
  createBacktest,
  laneShares,
  type Backtest,
  type BacktestFile,
  type BacktestOutcome,
  type BacktestOptions,
  type BacktestReport,
  type RuleSetBacktest,
  type OfficeWorkload,
  type ChangedFiles,
} from './backtest.ts';
