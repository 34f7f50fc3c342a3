/**
 * Compiles a rule set once into a fast evaluator: watchlists into hash maps, conditions into
 * closures, criteria into one index (criterion-index.ts), so that assessing a file evaluates
 * only the criteria that can possibly hit it. The evaluator then assesses files: criterion
 * hits, lane allocation (lane-allocation.ts), reasons and draws.
 *
 * The evaluator keeps scratch space between calls (marks, buffers, one reseedable random
 * source) so that an assessment allocates little; it is never observable, since an assessment
 * runs to its end synchronously, but it makes an evaluator unsafe to share across threads
 * (each worker compiles its own).
 *
 * Pure: the clock (`at`), the assessment sequence and the office counters come in; the random
 * source is seeded per file from its id, the rule-set version and the sequence, so the same
 * inputs always give the same assessment (replay-assessment.ts).
 */
import type { Problem } from '../shared/error-codes.ts';
import { ok, type Result } from '../shared/result.ts';
import type { Assessment, CriterionHit } from './assessment.ts';
import { compileCondition, type ConditionTest, type IndexHints } from './compile-condition.ts';
import type { CriterionReason, LaneEffect } from './criterion.ts';
import {
  buildCriterionIndex,
  originCode,
  tariffCandidates,
  type CandidateRuns,
  type CriterionIndex,
} from './criterion-index.ts';
import type { SelectionLane } from './lane.ts';
import { allocateLane, type OfficeCounters } from './lane-allocation.ts';
import { parseRuleSet, type LaneParameters, type RuleSet } from './rule-set.ts';
import { assessmentRandom, assessmentSeed, type RandomFactory } from './seeded-random.ts';
import { isoInstant } from './iso-instant.ts';
import type { SelectivitySubject, SubjectItem } from './selectivity-subject.ts';
import { compileWatchlist, type CompiledWatchlist } from './watchlist.ts';

/** A criterion ready to evaluate. */
interface CompiledCriterion extends LaneEffect {
  readonly index: number;
  readonly id: string;
  readonly profileId: string;
  readonly name: string;
  readonly lane: SelectionLane;
  readonly weight: number;
  readonly reason: CriterionReason;
  /** Validity in milliseconds since the epoch: from inclusive, to exclusive. */
  readonly validFrom: number;
  readonly validTo: number;
  /** The offices of its scope; undefined: every office. */
  readonly offices: ReadonlySet<string> | undefined;
  readonly test: ConditionTest;
  readonly itemLevel: boolean;
  readonly hints: IndexHints;
}

/** What an assessment needs besides the file. */
export interface AssessOptions {
  /** The assessment instant: criteria and list entries are judged valid at it. */
  readonly at: Date;
  /** 1 for the file's first assessment, one more for each re-assessment (amendments). */
  readonly sequence: number;
  /** The running counters of the file's office for the current period. */
  readonly counters: OfficeCounters;
}

export interface AssessmentOutcome {
  readonly assessment: Assessment;
  /** The office counters with this file added: pass them to the office's next assessment. */
  readonly counters: OfficeCounters;
}

/** A compiled rule set. */
export interface SelectivityEvaluator {
  /** The validated rule set it was compiled from. */
  readonly ruleSet: RuleSet;
  readonly version: number;
  /** The number of criteria evaluated (those of active profiles). */
  readonly criteriaCount: number;
  /** The lane parameters of an office (its own, or the rule set's default). */
  laneParameters(office: string): LaneParameters;
  /**
   * The ids of the criteria that hit a file at an instant, in rule-set order, without lane
   * allocation or draws (for backtests and rule comparisons). Never throws.
   */
  matchCriteria(subject: SelectivitySubject, at: Date): string[];
  /**
   * Assesses a file: its hits, its lane and everything needed to explain and replay it, with
   * the office counters updated. Deterministic: the same subject and options give the same
   * assessment. Throws RangeError only when `at` is an invalid Date (a programming error).
   */
  assess(subject: SelectivitySubject, options: AssessOptions): AssessmentOutcome;
}

export interface CompileOptions {
  /**
   * Makes each file's random source from its seed (`assessmentSeed`); by default
   * `seededRandom`. The server may wrap it to salt seeds with a secret:
   * `(seed) => seededRandom(secret + seed)`.
   */
  readonly randomFactory?: RandomFactory;
}

/**
 * Validates a rule set (JSON data) and compiles it once into an evaluator: the evaluator, or
 * every problem found, each at its JSON Pointer (see `parseRuleSet`). Never throws.
 *
 * @example
 *   const compiled = compileRuleSet(ruleSetJson);
 *   if (!compiled.ok) return compiled.error; // Problem[]
 *   let counters = emptyCounters();
 *   const outcome = compiled.value.assess(subject, { at: clock(), sequence: 1, counters });
 *   counters = outcome.counters; // outcome.assessment.lane: 'red' | 'yellow' | 'blue' | 'green'
 */
export function compileRuleSet(
  input: unknown,
  options: CompileOptions = {},
): Result<SelectivityEvaluator, Problem[]> {
  const parsed = parseRuleSet(input);
  if (!parsed.ok) return parsed;
  return ok(compileValidRuleSet(parsed.value, options.randomFactory));
}

function compileValidRuleSet(
  ruleSet: RuleSet,
  randomFactory: RandomFactory | undefined,
): SelectivityEvaluator {
  const lists = new Map<string, CompiledWatchlist>(
    ruleSet.lists.map((list) => [list.id, compileWatchlist(list)]),
  );
  const criteria: CompiledCriterion[] = [];
  for (const profile of ruleSet.profiles) {
    if (!profile.active) continue;
    for (const criterion of profile.criteria) {
      const compiled = compileCondition(criterion.condition, lists);
      criteria.push({
        index: criteria.length,
        id: criterion.id,
        profileId: profile.id,
        name: criterion.name,
        lane: criterion.effect.lane,
        percentage: criterion.effect.percentage,
        weight: criterion.weight,
        reason: Object.freeze({ fr: criterion.reason.fr, en: criterion.reason.en }),
        validFrom: Date.parse(criterion.validFrom),
        validTo: criterion.validTo === undefined ? Infinity : Date.parse(criterion.validTo),
        offices: criterion.offices === undefined ? undefined : new Set(criterion.offices),
        test: compiled.test,
        itemLevel: compiled.itemLevel,
        hints: compiled.hints,
      });
    }
  }

  // One index for every office: a criterion scoped to some offices is filed like the others and
  // its scope checked when it is a candidate, so the index stays small enough to stay in cache.
  const criterionIndex: CriterionIndex = buildCriterionIndex(criteria);

  const parametersByOffice = new Map<string, LaneParameters>(
    ruleSet.laneParameters.offices.map((parameters) => [parameters.office, parameters]),
  );
  const laneParameters = (office: string): LaneParameters =>
    parametersByOffice.get(office) ?? ruleSet.laneParameters.default;

  // Scratch space reused by every assessment (never observable: assessment is synchronous).
  const marks = new Int32Array(criteria.length);
  let stamp = 0;
  const found = new Int32Array(criteria.length);
  let foundCount = 0;
  const runs: CandidateRuns = { lists: [], starts: [], ends: [] };
  const defaultRandom = assessmentRandom(ruleSet.version);

  /** Tries the criteria `candidates[start..end)` on a file (and item), recording those that hit. */
  const tryCriteria = (
    candidates: readonly number[] | undefined,
    start: number,
    end: number,
    subject: SelectivitySubject,
    item: SubjectItem | undefined,
    at: number,
  ): void => {
    if (candidates === undefined) return;
    for (let position = start; position < end; position += 1) {
      const index = candidates[position] as number;
      if (marks[index] === stamp) continue;
      const criterion = criteria[index] as CompiledCriterion;
      if (at < criterion.validFrom || at >= criterion.validTo) continue;
      if (criterion.offices !== undefined && !criterion.offices.has(subject.office)) continue;
      if (criterion.test(subject, item, at)) {
        marks[index] = stamp;
        found[foundCount] = index;
        foundCount += 1;
      }
    }
  };
  const tryAll = (
    candidates: readonly number[] | undefined,
    subject: SelectivitySubject,
    item: SubjectItem | undefined,
    at: number,
  ): void => {
    if (candidates !== undefined) tryCriteria(candidates, 0, candidates.length, subject, item, at);
  };

  /** Fills `found` with the indexes of the criteria that hit, in rule-set order; returns how many. */
  const collectHits = (subject: SelectivitySubject, at: number): number => {
    stamp += 1;
    if (stamp === 0x7fffffff) {
      marks.fill(0);
      stamp = 1;
    }
    foundCount = 0;
    if (criterionIndex.fileLevel.length > 0) tryAll(criterionIndex.fileLevel, subject, undefined, at);
    if (subject.importer !== undefined && criterionIndex.byImporter.size > 0) {
      tryAll(criterionIndex.byImporter.get(subject.importer), subject, undefined, at);
    }
    if (subject.declarant !== undefined && criterionIndex.byDeclarant.size > 0) {
      tryAll(criterionIndex.byDeclarant.get(subject.declarant), subject, undefined, at);
    }
    const items = subject.items;
    for (let itemIndex = 0; itemIndex < items.length; itemIndex += 1) {
      const item = items[itemIndex] as SubjectItem;
      const line = item.tariffLine;
      const origin = item.origin === undefined ? 0 : originCode(item.origin);
      if (line !== undefined) {
        const count = tariffCandidates(criterionIndex, line, origin, runs);
        for (let run = 0; run < count; run += 1) {
          tryCriteria(
            runs.lists[run],
            runs.starts[run] as number,
            runs.ends[run] as number,
            subject,
            item,
            at,
          );
        }
      }
      if (origin > 0) tryAll(criterionIndex.byOrigin[origin], subject, item, at);
      if (criterionIndex.everyItem.length > 0) tryAll(criterionIndex.everyItem, subject, item, at);
    }
    // Rule-set order, so that the draws are taken in the same order whatever the index visited.
    for (let position = 1; position < foundCount; position += 1) {
      const value = found[position] as number;
      let before = position - 1;
      while (before >= 0 && (found[before] as number) > value) {
        found[before + 1] = found[before] as number;
        before -= 1;
      }
      found[before + 1] = value;
    }
    return foundCount;
  };

  const matchCriteria = (subject: SelectivitySubject, at: Date): string[] => {
    const count = collectHits(subject, at.getTime());
    const ids: string[] = [];
    for (let position = 0; position < count; position += 1) {
      ids.push((criteria[found[position] as number] as CompiledCriterion).id);
    }
    return ids;
  };

  const assess = (subject: SelectivitySubject, options: AssessOptions): AssessmentOutcome => {
    const atTime = options.at.getTime();
    const count = collectHits(subject, atTime);
    const hitCriteria: CompiledCriterion[] = new Array<CompiledCriterion>(count);
    for (let position = 0; position < count; position += 1) {
      hitCriteria[position] = criteria[found[position] as number] as CompiledCriterion;
    }
    let random: () => number;
    if (randomFactory === undefined) {
      defaultRandom.reseed(subject.fileId, options.sequence);
      random = defaultRandom.next;
    } else random = randomFactory(assessmentSeed(subject.fileId, ruleSet.version, options.sequence));
    const parameters = laneParameters(subject.office);
    const allocation = allocateLane(hitCriteria, parameters, options.counters, random);
    const hits: CriterionHit[] = new Array<CriterionHit>(count);
    let score = 0;
    for (let position = 0; position < count; position += 1) {
      const criterion = hitCriteria[position] as CompiledCriterion;
      score += criterion.weight;
      hits[position] = {
        criterionId: criterion.id,
        profileId: criterion.profileId,
        name: criterion.name,
        lane: criterion.lane,
        percentage: criterion.percentage,
        weight: criterion.weight,
        reason: criterion.reason,
        draw: allocation.draws[position + 1] as number,
        selected: allocation.selected[position] === true,
      };
    }
    const assessment: Assessment = {
      fileId: subject.fileId,
      office: subject.office,
      at: isoInstant(atTime),
      sequence: options.sequence,
      ruleSetVersion: ruleSet.version,
      lane: allocation.lane,
      selectedBy: allocation.selectedBy,
      score,
      hits,
      random: allocation.randomLane !== null,
      randomLane: allocation.randomLane,
      topUp: allocation.topUp,
      maxHitsExceeded: allocation.maxHitsExceeded,
      draws: allocation.draws,
      countersBefore: options.counters,
      yellowToBlueDays: parameters.yellowToBlueDays ?? null,
      greenDelayMinutes: parameters.greenDelayMinutes,
    };
    return { assessment, counters: allocation.counters };
  };

  return {
    ruleSet,
    version: ruleSet.version,
    criteriaCount: criteria.length,
    laneParameters,
    matchCriteria,
    assess,
  };
}
