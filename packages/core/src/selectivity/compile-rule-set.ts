/**
 * Compiles a rule set once into a fast evaluator: watchlists into hash maps, every condition
 * into one flat program (compile-condition.ts), criteria into one index (criterion-index.ts),
 * so that assessing a file evaluates only the criteria that can possibly hit it. The evaluator
 * then assesses files: criterion hits, lane allocation (lane-allocation.ts), reasons and draws.
 *
 * What the hot path reads of a criterion sits in small typed arrays: the index's runs give each
 * candidate with where its program starts, and one 32-bit state per criterion says whether it
 * is valid at the instant assessed and whether it already hit the file (validity is worked out
 * for all criteria at once, again only when an instant falls outside the span it holds for).
 * The objects officers read (id, name, reason) are touched only for the criteria that hit. The evaluator keeps scratch space
 * between calls (marks, buffers, one lane allocator, one reseedable random source) so that an
 * assessment allocates only what it returns; that is never observable, since an assessment
 * runs to its end synchronously, but it makes an evaluator unsafe to share across threads
 * (each worker compiles its own). Nothing on the hot path creates a function per call.
 *
 * Pure: the clock (`at`), the assessment sequence and the office counters come in; the random
 * source is seeded per file from its id, the rule-set version and the sequence, so the same
 * inputs always give the same assessment (replay-assessment.ts).
 */
import type { Problem } from '../shared/error-codes.ts';
import { ok, type Result } from '../shared/result.ts';
import type { Assessment, CriterionHit } from './assessment.ts';
import { ConditionProgram, conditionGiven } from './compile-condition.ts';
import type { Condition } from './condition.ts';
import type { CriterionReason } from './criterion.ts';
import {
  CriterionIndex,
  lineKeyCount,
  lineKeys,
  originCode,
  type IndexedCriterion,
} from './criterion-index.ts';
import { isoInstant } from './iso-instant.ts';
import { laneRank, type SelectionLane } from './lane.ts';
import { LaneAllocator, type OfficeCounters } from './lane-allocation.ts';
import { parseRuleSet, type LaneParameters, type RuleSet } from './rule-set.ts';
import {
  assessmentRandom,
  assessmentSeed,
  type AssessmentRandom,
  type RandomFactory,
} from './seeded-random.ts';
import type { SelectivitySubject, SubjectItem } from './selectivity-subject.ts';
import { compileWatchlist, type CompiledWatchlist } from './watchlist.ts';

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
  const parametersByOffice = new Map<string, LaneParameters>(
    ruleSet.laneParameters.offices.map((parameters) => [parameters.office, parameters]),
  );
  const laneParameters = (office: string): LaneParameters =>
    parametersByOffice.get(office) ?? ruleSet.laneParameters.default;
  const assessor = new Assessor(ruleSet, randomFactory, laneParameters);
  return {
    ruleSet,
    version: ruleSet.version,
    criteriaCount: assessor.criteriaCount,
    laneParameters,
    matchCriteria: (subject, at) => assessor.matchCriteria(subject, at),
    assess: (subject, options) => assessor.assess(subject, options),
  };
}

/** What an officer reads of a criterion that hit (copied into each `CriterionHit`). */
interface HitDescription {
  readonly id: string;
  readonly profileId: string;
  readonly name: string;
  readonly lane: SelectionLane;
  readonly percentage: number;
  readonly weight: number;
  readonly reason: CriterionReason;
}

/** The hits of the files that hit no criterion (most files): shared, since it is never changed. */
const noHits: readonly CriterionHit[] = Object.freeze([]);

/** The most tariff runs an item can have: two per prefix length (its origin, any origin) and table. */
const maxTariffRuns = 2 * 2 * 10;

/** The compiled criteria of a rule set and the scratch space of its assessments. */
class Assessor {
  readonly criteriaCount: number;
  private readonly version: number;
  private readonly randomFactory: RandomFactory | undefined;
  private readonly laneParameters: (office: string) => LaneParameters;
  private readonly program: ConditionProgram;
  private readonly index: CriterionIndex;
  private readonly descriptions: readonly HitDescription[];
  /** Per criterion, its validity in milliseconds since the epoch (from inclusive, to exclusive). */
  private readonly validFrom: Float64Array;
  private readonly validTo: Float64Array;
  /**
   * Per criterion (scratch): -1 when it is not valid at the instant of `validity`, else its
   * mark, equal to `stamp` once it hit the file being assessed. 4 KB for 1,000 criteria: it
   * stays in the processor's cache, where records with the validity dates did not.
   */
  private readonly states: Int32Array;
  private stamp = 0;
  /**
   * The span of instants `[validSince, validUntil)` over which no criterion starts or ends its
   * validity, holding the instant `states` was last worked out for: within it, `states` holds.
   */
  private validSince = Number.NaN;
  private validUntil = Number.NaN;
  /** The criteria found, `found[0 .. foundCount)`. */
  private readonly found: Int32Array;
  private foundCount = 0;
  /** The runs of an item's tariff line, as (start, end) pairs. */
  private readonly tariffRuns = new Int32Array(2 * maxTariffRuns);
  /** Per item of the file being assessed: its tariff line's `lineKeys`, and its origin code. */
  private lineKeys = new Int32Array(16 * lineKeyCount);
  private origins = new Int32Array(16);
  /** The runs of the importer and declarant of the file being assessed (-1: none). */
  private importerRun = -1;
  private declarantRun = -1;
  /**
   * The summed lengths of the texts `readKeys` reads first (scratch): kept so that the reads
   * that produce it are done, together, before the keys are computed from those texts.
   */
  private textLengths = 0;
  private readonly allocator: LaneAllocator;
  private readonly defaultRandom: AssessmentRandom;

  constructor(
    ruleSet: RuleSet,
    randomFactory: RandomFactory | undefined,
    laneParameters: (office: string) => LaneParameters,
  ) {
    this.version = ruleSet.version;
    this.randomFactory = randomFactory;
    this.laneParameters = laneParameters;
    const lists = new Map<string, CompiledWatchlist>(
      ruleSet.lists.map((list) => [list.id, compileWatchlist(list)]),
    );
    this.program = new ConditionProgram(lists);
    const descriptions: HitDescription[] = [];
    const indexed: IndexedCriterion[] = [];
    const validFrom: number[] = [];
    const validTo: number[] = [];
    for (const profile of ruleSet.profiles) {
      if (!profile.active) continue;
      for (const criterion of profile.criteria) {
        // The scope of offices is one more part of the condition: a file of another office
        // fails it as it fails any predicate, and the program tests it where it is cheapest.
        const condition: Condition =
          criterion.offices === undefined
            ? criterion.condition
            : { all: [{ field: 'office', op: 'in', value: criterion.offices }, criterion.condition] };
        const compiled = this.program.add(condition);
        const { tariffPrefixes, origins } = compiled.hints;
        // What the index proves of an item it finds the criterion for (criterion-index.ts): the
        // program run then is the condition less those predicates.
        const rootGiven = (known: {
          tariffPrefixes: readonly string[] | null;
          origins: readonly string[] | null;
        }) => {
          const rest = conditionGiven(condition, known);
          return rest === condition ? compiled.root : this.program.add(rest).root;
        };
        const lineRoot =
          tariffPrefixes === null ? compiled.root : rootGiven({ tariffPrefixes, origins: null });
        const lineOriginRoot =
          tariffPrefixes === null || origins === null ? lineRoot : rootGiven({ tariffPrefixes, origins });
        indexed.push({
          index: descriptions.length,
          itemLevel: compiled.itemLevel,
          hints: compiled.hints,
          root: compiled.root,
          lineRoot,
          lineOriginRoot,
        });
        descriptions.push({
          id: criterion.id,
          profileId: profile.id,
          name: criterion.name,
          lane: criterion.effect.lane,
          percentage: criterion.effect.percentage,
          weight: criterion.weight,
          reason: Object.freeze({ fr: criterion.reason.fr, en: criterion.reason.en }),
        });
        validFrom.push(Date.parse(criterion.validFrom));
        validTo.push(criterion.validTo === undefined ? Infinity : Date.parse(criterion.validTo));
      }
    }
    this.program.seal();
    const count = descriptions.length;
    this.criteriaCount = count;
    this.descriptions = descriptions;
    this.validFrom = new Float64Array(validFrom);
    this.validTo = new Float64Array(validTo);
    this.states = new Int32Array(count);
    // One index for every office: a criterion scoped to some offices is filed like the others and
    // its scope checked when it is a candidate, so the index stays small enough to stay in cache.
    this.index = new CriterionIndex(indexed);
    this.found = new Int32Array(count);
    this.allocator = new LaneAllocator(count);
    this.defaultRandom = assessmentRandom(ruleSet.version);
  }

  /** Tries the criteria of a run of the index (-1: none) on a file (and item), recording those that hit. */
  private tryRun(run: number, subject: SelectivitySubject, item: SubjectItem | undefined, at: number): void {
    if (run >= 0) {
      this.tryCandidates(
        this.index.runStart[run] as number,
        this.index.runEnd[run] as number,
        subject,
        item,
        at,
      );
    }
  }

  /**
   * Tries the candidates `candidates[start .. end)` of the index (criterion, program root
   * pairs), recording those that hit. Skips the criteria not valid at `at` (`states` -1) and
   * those that already hit the file.
   */
  private tryCandidates(
    start: number,
    end: number,
    subject: SelectivitySubject,
    item: SubjectItem | undefined,
    at: number,
  ): void {
    const candidates = this.index.candidates;
    const states = this.states;
    const stamp = this.stamp;
    for (let position = start; position < end; position += 2) {
      const criterion = candidates[position] as number;
      const state = states[criterion] as number;
      if (state === stamp || state < 0) continue;
      if (this.program.holds(candidates[position + 1] as number, subject, item, at)) {
        states[criterion] = stamp;
        this.found[this.foundCount] = criterion;
        this.foundCount += 1;
      }
    }
  }

  /**
   * Works out which criteria are valid at `at` (`states`), unless `at` is within the span the
   * states were last worked out for. A criterion is valid from its start (inclusive) to its end
   * (exclusive); an instant that is not a number (an invalid Date) fails no such test, as it
   * fails none in the criteria's own comparison, and is never within a span.
   */
  private validity(at: number): void {
    if (at >= this.validSince && at < this.validUntil) return;
    let since = -Infinity;
    let until = Infinity;
    const states = this.states;
    for (let criterion = 0; criterion < states.length; criterion += 1) {
      const from = this.validFrom[criterion] as number;
      const to = this.validTo[criterion] as number;
      const isValid = !(at < from || at >= to);
      if (!isValid) states[criterion] = -1;
      else if ((states[criterion] as number) < 0) states[criterion] = 0;
      if (from <= at) since = Math.max(since, from);
      else until = Math.min(until, from);
      if (to <= at) since = Math.max(since, to);
      else until = Math.min(until, to);
    }
    // No span for an instant that is not a number: every test of it is made again.
    this.validSince = Number.isNaN(at) ? Number.NaN : since;
    this.validUntil = until;
  }

  /**
   * Reads what the index needs of a file, in one pass: per item its tariff line (as its
   * `lineKeys`) and origin code, and the runs of its importer and declarant. These reads depend
   * on nothing else, so the processor can fetch them from memory together, and overlap them
   * with what follows, rather than wait for each in turn where it is used.
   */
  private readKeys(subject: SelectivitySubject): void {
    const items = subject.items;
    if (items.length > this.origins.length) {
      this.lineKeys = new Int32Array(items.length * 2 * lineKeyCount);
      this.origins = new Int32Array(items.length * 2);
    }
    // A text is read from memory with its length: the lengths of every text the keys and the
    // seed come from, read in one go, have the processor fetch them all at once, where computing
    // each key in turn would wait for each text in turn (a file's texts are usually not in the
    // processor's cache when it is assessed).
    let lengths = subject.fileId.length;
    for (let itemIndex = 0; itemIndex < items.length; itemIndex += 1) {
      lengths += (items[itemIndex] as SubjectItem).tariffLine?.length ?? 0;
    }
    lengths += (subject.importer?.length ?? 0) + (subject.declarant?.length ?? 0);
    this.textLengths = lengths;
    for (let itemIndex = 0; itemIndex < items.length; itemIndex += 1) {
      const item = items[itemIndex] as SubjectItem;
      lineKeys(item.tariffLine, this.lineKeys, itemIndex * lineKeyCount);
      this.origins[itemIndex] = item.origin === undefined ? 0 : originCode(item.origin);
    }
    this.importerRun = subject.importer === undefined ? -1 : this.index.importerRun(subject.importer);
    this.declarantRun = subject.declarant === undefined ? -1 : this.index.declarantRun(subject.declarant);
  }

  /**
   * Fills `found` with the indexes of the criteria that hit a file whose keys were just read
   * (`readKeys`), in rule-set order; returns how many.
   */
  private collectHits(subject: SelectivitySubject, at: number): number {
    this.validity(at);
    this.stamp += 1;
    if (this.stamp === 0x7fffffff) {
      for (let criterion = 0; criterion < this.states.length; criterion += 1) {
        if ((this.states[criterion] as number) > 0) this.states[criterion] = 0;
      }
      this.stamp = 1;
    }
    this.foundCount = 0;
    const index = this.index;
    const items = subject.items;
    const lineKeys = this.lineKeys;
    const origins = this.origins;
    this.tryRun(index.fileLevel, subject, undefined, at);
    this.tryRun(this.importerRun, subject, undefined, at);
    this.tryRun(this.declarantRun, subject, undefined, at);
    const runs = this.tariffRuns;
    for (let itemIndex = 0; itemIndex < items.length; itemIndex += 1) {
      const item = items[itemIndex] as SubjectItem;
      const origin = origins[itemIndex] as number;
      const count = index.tariffRuns(lineKeys, itemIndex * lineKeyCount, origin, runs);
      for (let run = 0; run < count; run += 1) {
        this.tryCandidates(runs[2 * run] as number, runs[2 * run + 1] as number, subject, item, at);
      }
      if (origin > 0) this.tryRun(index.originRun(origin), subject, item, at);
      this.tryRun(index.everyItem, subject, item, at);
    }
    // Rule-set order, so that the draws are taken in the same order whatever the index visited.
    const found = this.found;
    for (let position = 1; position < this.foundCount; position += 1) {
      const value = found[position] as number;
      let before = position - 1;
      while (before >= 0 && (found[before] as number) > value) {
        found[before + 1] = found[before] as number;
        before -= 1;
      }
      found[before + 1] = value;
    }
    return this.foundCount;
  }

  matchCriteria(subject: SelectivitySubject, at: Date): string[] {
    this.readKeys(subject);
    const count = this.collectHits(subject, at.getTime());
    const ids: string[] = [];
    for (let position = 0; position < count; position += 1) {
      ids.push((this.descriptions[this.found[position] as number] as HitDescription).id);
    }
    return ids;
  }

  assess(subject: SelectivitySubject, options: AssessOptions): AssessmentOutcome {
    const atTime = options.at.getTime();
    this.readKeys(subject);
    // Seeded before the criteria are evaluated (its draws are taken after): hashing the file id
    // then overlaps with fetching the keys just read.
    let random: () => number;
    if (this.randomFactory === undefined) {
      this.defaultRandom.reseed(subject.fileId, options.sequence);
      random = this.defaultRandom.next;
    } else random = this.randomFactory(assessmentSeed(subject.fileId, this.version, options.sequence));
    const count = this.collectHits(subject, atTime);
    const allocator = this.allocator;
    for (let position = 0; position < count; position += 1) {
      const description = this.descriptions[this.found[position] as number] as HitDescription;
      allocator.ranks[position] = laneRank(description.lane);
      allocator.percentages[position] = description.percentage;
    }
    const parameters = this.laneParameters(subject.office);
    allocator.allocate(count, parameters, options.counters, random);
    const draws = allocator.draws();
    let hits = noHits;
    let score = 0;
    if (count > 0) {
      const list = new Array<CriterionHit>(count);
      for (let position = 0; position < count; position += 1) {
        const description = this.descriptions[this.found[position] as number] as HitDescription;
        score += description.weight;
        list[position] = {
          criterionId: description.id,
          profileId: description.profileId,
          name: description.name,
          lane: description.lane,
          percentage: description.percentage,
          weight: description.weight,
          reason: description.reason,
          draw: draws[position + 1] as number,
          selected: allocator.selected[position] === 1,
        };
      }
      hits = list;
    }
    const assessment: Assessment = {
      fileId: subject.fileId,
      office: subject.office,
      at: isoInstant(atTime),
      sequence: options.sequence,
      ruleSetVersion: this.version,
      lane: allocator.lane,
      selectedBy: allocator.selectedBy,
      score,
      hits,
      random: allocator.randomLane !== null,
      randomLane: allocator.randomLane,
      topUp: allocator.topUp,
      maxHitsExceeded: allocator.maxHitsExceeded,
      draws,
      countersBefore: options.counters,
      yellowToBlueDays: parameters.yellowToBlueDays ?? null,
      greenDelayMinutes: parameters.greenDelayMinutes,
    };
    return { assessment, counters: allocator.countersAfter(options.counters) };
  }
}
