/**
 * The selectivity service: stores rule sets (validated by the core, numbered by version),
 * activates them (an append-only activation trail; the latest activation is the active rule
 * set), and assesses files with the active rule set:
 * - a declaration when it is lodged or amended, and again when the means of transport carrying
 *   it arrives (until a control starts), storing each assessment whole with the indicators it
 *   used and appending `lane_assigned` to the file's timeline;
 * - each B/L of a manifest that no declaration covers yet, as advance cargo information
 *   (advisory: it counts in no office counter and appends no event).
 *
 * Each rule set is compiled once per process and cached by version (a stored rule set never
 * changes). The draws are seeded per file and salted with the administration's secret, so
 * that a trader who knows a file id cannot foresee them, while an auditor with the secret can
 * replay them. The office counters that random quotas and top-up read are kept per office
 * and day (UTC) in the database, so that a restart or a second server process counts on.
 *
 * Assessments requested at the same time are stored together (`shared/batcher.ts`): their
 * indicators are gathered with one query for them all, then one transaction takes the audit
 * trail's lock and reads the counters and each file's previous assessment as current under it
 * (`AuditLog.lockForBatch`), assesses the files one after the other (each seeing the counts of
 * those before it), and stores the assessments, their audit entries, the counters, the
 * `lane_assigned` events and the statuses, in one statement. A file just lodged is stored by
 * that same statement (`storeAssessed`): never without its assessment. Every write of the
 * counters and assessments holds that lock, so the counts an assessment reads are current, in
 * this process or any other.
 */
import { and, asc, count, desc, eq, max, sql } from 'drizzle-orm';
import {
  appError,
  compileRuleSet,
  emptyCounters,
  err,
  ok,
  parseRuleSet,
  replayAssessment,
  subjectFromConsignment,
  subjectFromDeclaration,
  traderView,
  type AppError,
  type Assessment,
  type DeclarationStatus,
  type GoodsDeclaration,
  type Lane,
  type OfficeCounters,
  type RandomFactory,
  type Result,
  type RuleSet,
  type SelectivityEvaluator,
  type SelectivitySubject,
  type SubjectIndicators,
  type TraderView,
  type WatchlistEntry,
  fourEyesRefusal,
} from '@anticipa/core';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Database } from '../db/database.ts';
import { events } from '../db/schema.ts';
import { declarationProjection } from '../declaration/declaration-projection.ts';
import { citationsOf, type DeclarationService } from '../declaration/declaration-service.ts';
import { maxBatchRows, type DocumentHead, type InsertEntry } from '../intake/document-store.ts';
import { insertJsonRows } from '../db/json-rows.ts';
import {
  executeTogether,
  inList,
  isUniqueViolation,
  jsonList,
  jsonRows,
  template,
  type JsonRead,
} from '../db/statements.ts';
import { createBatcher } from '../shared/batcher.ts';
import type { ManifestService } from '../manifest/manifest-service.ts';
import type { DeclarationScore } from '../targeting/targeting-service.ts';
import type { IndicatorSource } from './selectivity-indicators.ts';
import {
  assessments,
  consignmentAssessments,
  ruleSetActivations,
  ruleSets,
  selectivityCounters,
} from './selectivity-tables.ts';

/** The counters' upsert: the deltas of a batch added to what is stored (made once: a template's suffix). */
const addToCounters = sql`on conflict (${sql.identifier(selectivityCounters.office.name)}, ${sql.identifier(selectivityCounters.day.name)}) do update set
  assessed = ${selectivityCounters.assessed} + excluded.assessed,
  red = ${selectivityCounters.red} + excluded.red,
  yellow = ${selectivityCounters.yellow} + excluded.yellow,
  blue = ${selectivityCounters.blue} + excluded.blue,
  green = ${selectivityCounters.green} + excluded.green`;

/** A saved rule set, with its latest activation when it has one. */
export interface StoredRuleSet {
  readonly version: number;
  readonly name: string;
  /** The validated rule set; its `version` is the stored version. */
  readonly document: RuleSet;
  readonly createdAt: Date;
  readonly createdBy: string;
  readonly activatedAt: Date | null;
  readonly activatedBy: string | null;
}

/** A rule set in a list: its numbers without the document. */
export interface RuleSetSummary {
  readonly version: number;
  readonly name: string;
  readonly createdAt: Date;
  readonly createdBy: string;
  readonly activatedAt: Date | null;
  readonly activatedBy: string | null;
  /** Whether it is the rule set in force. */
  readonly active: boolean;
  readonly profiles: number;
  readonly criteria: number;
  readonly lists: number;
}

/** What caused an assessment. */
export type AssessmentTrigger = 'lodged' | 'amended' | 'arrival';

/** What a file was assessed with besides its document, kept for replay. */
export interface AssessmentInputs {
  readonly indicators: SubjectIndicators;
  readonly containers: readonly string[];
  /** The targeting model's score of the file and why (its largest contributions), when one was in force. */
  readonly model?: DeclarationScore | undefined;
}

/** A stored assessment of one version of a declaration. */
export interface StoredAssessment {
  readonly id: string;
  readonly declarationId: string;
  readonly declarationVersion: number;
  readonly ruleSetVersion: number;
  readonly sequence: number;
  readonly lane: Lane;
  readonly score: number;
  readonly trigger: AssessmentTrigger;
  /** The full core assessment: hits, reasons, weights, draws (officers only). */
  readonly assessment: Assessment;
  readonly inputs: AssessmentInputs | null;
  readonly assessedAt: Date;
}

/** A stored assessment of a manifest's B/L. */
export interface StoredConsignmentAssessment {
  readonly id: string;
  readonly manifestId: string;
  readonly manifestVersion: number;
  readonly billNumber: string;
  readonly ruleSetVersion: number;
  readonly lane: Lane;
  readonly score: number;
  readonly assessment: Assessment;
  readonly assessedAt: Date;
}

/** What assessing a file did: assessed it, or nothing because no rule set is active. */
export type AssessOutcome =
  | { readonly assessed: true; readonly assessment: StoredAssessment; readonly status: DeclarationStatus }
  | { readonly assessed: false; readonly reason: 'NO_ACTIVE_RULE_SET' };

/** The result of replaying a stored assessment. */
export interface ReplayReport {
  readonly declarationId: string;
  readonly sequence: number;
  readonly identical: boolean;
  readonly differences: readonly string[];
  readonly lane: Lane;
  readonly replayedLane: Lane;
}

/** Entries to add to a watchlist: validity defaults to from now, with no end. */
export interface NewListEntry {
  readonly value: string;
  readonly validFrom?: string | undefined;
  readonly validTo?: string | undefined;
}

export interface SelectivityService {
  /**
   * Validates a rule set (every problem at its JSON Pointer: VALIDATION_FAILED) and stores it
   * under the next version, which replaces any `version` the input carries. Not active until
   * `activate`.
   */
  saveRuleSet(input: unknown, createdBy: string): Promise<Result<StoredRuleSet, AppError>>;
  /** Makes a stored rule set the active one (RULE_SET_NOT_FOUND when no such version). */
  activate(version: number, activatedBy: string): Promise<Result<StoredRuleSet, AppError>>;
  /** The active rule set (NO_ACTIVE_RULE_SET when none was ever activated). */
  activeRuleSet(): Promise<Result<StoredRuleSet, AppError>>;
  /** Every stored rule set, newest first. */
  listRuleSets(): Promise<readonly RuleSetSummary[]>;
  /** One stored rule set (RULE_SET_NOT_FOUND). */
  ruleSet(version: number): Promise<Result<StoredRuleSet, AppError>>;
  /**
   * Saves, as the next version, rule set `version` with entries added to its watchlist
   * `listId` (WATCHLIST_NOT_FOUND when it has none of that id), each recorded with who added
   * it and when. Entries are validated against the list's kind. Not active until activated.
   */
  addListEntries(
    version: number,
    listId: string,
    entries: readonly NewListEntry[],
    addedBy: string,
  ): Promise<Result<StoredRuleSet, AppError>>;
  /** The compiled evaluator of a rule set (for backtests); the rule set must be valid. */
  evaluatorOf(ruleSet: RuleSet): SelectivityEvaluator;
  /**
   * Assesses a declaration's current version with the active rule set: stores the assessment
   * and appends `lane_assigned`. With no active rule set, assesses nothing and says so.
   * `current`: the file as its caller just stored it, which then is not read again.
   */
  assess(
    declarationId: string,
    trigger?: AssessmentTrigger,
    current?: CurrentFile,
  ): Promise<Result<AssessOutcome, AppError>>;
  /**
   * Stores a new file together with its assessment, in one transaction (so that a file is never
   * stored without the assessment, nor the assessment without the file): its head at the
   * status it reaches, its version, rows, `lodged` and `lane_assigned` events, the assessment
   * and its audit entry. 'conflict' when its reference or key is taken; with no rule set in
   * force, stores nothing and says so (the caller stores the file alone).
   */
  storeAssessed(entry: InsertEntry<GoodsDeclaration>): Promise<AssessOutcome | 'conflict'>;
  /**
   * Re-assesses the files citing a manifest's B/Ls once its means of transport has arrived,
   * each at most once on arrival, only while no control has started and never after a
   * supervisor re-routed it. Returns how many.
   */
  reassessOnArrival(manifestId: string): Promise<number>;
  /** Assesses each B/L of a manifest's current version that no declaration covers yet. */
  assessConsignments(manifestId: string): Promise<Result<readonly StoredConsignmentAssessment[], AppError>>;
  /** The latest assessment of each B/L of a manifest (MANIFEST_NOT_FOUND). */
  consignmentAssessments(
    manifestId: string,
  ): Promise<Result<readonly StoredConsignmentAssessment[], AppError>>;
  /** The file's latest assessment (ASSESSMENT_NOT_FOUND when never assessed). */
  latestAssessment(declarationId: string): Promise<Result<StoredAssessment, AppError>>;
  /** Every assessment of the file, oldest first. */
  assessments(declarationId: string): Promise<Result<readonly StoredAssessment[], AppError>>;
  /** Re-runs a stored assessment and says whether it gives the same lane, hits and draws. */
  replay(declarationId: string, sequence: number): Promise<Result<ReplayReport, AppError>>;
  /** What the trader may see of the latest assessment: the control type alone. */
  traderView(declarationId: string): Promise<Result<TraderView, AppError>>;
  /** The office's lane counts on a day (YYYY-MM-DD, UTC). */
  counters(office: string, day: string): Promise<OfficeCounters>;
}

/** A declaration's head and current version's document, as stored. */
export interface CurrentFile {
  readonly head: DocumentHead;
  readonly document: GoodsDeclaration;
}

export interface SelectivityServiceContext {
  readonly db: Database;
  readonly clock: () => Date;
  readonly newId: () => string;
  readonly declarations: DeclarationService;
  readonly manifests: Pick<ManifestService, 'get'>;
  readonly indicators: IndicatorSource;
  /** The draws' random source per file seed (already salted); the core's default otherwise. */
  readonly randomFactory?: RandomFactory;
  /**
   * Where rule sets saved and activated, watchlist entries and lanes assigned are recorded; its
   * lock also serialises the writes of assessments and office counters.
   */
  readonly audit: Pick<AuditLog, 'append' | 'lockForBatch'>;
}

const attempts = 3;

/** Statuses in which arrival re-assesses a file: no control has started. */
const reassessableStatuses = ['lodged', 'assessed', 'arrived'];

/**
 * Statuses of a file that may have missed its assessment (stored just before a crash): it has no
 * lane yet. A file further on (a past file loaded with its history, say) is never assessed by a replay.
 */
const awaitingLaneStatuses = ['lodged', 'arrived'];
/** Events that give a file its lane. */
const laneEventTypes: readonly string[] = ['lane_assigned', 'lane_rerouted'];

/** A file's latest assessment, as the next one follows it. */
interface Previous {
  readonly sequence: number;
  readonly lane: Lane;
  readonly assessedAt: Date;
}

/** An office and a day (YYYY-MM-DD, UTC): the key of its counters. */
interface CounterKey {
  readonly office: string;
  readonly day: string;
}

/** The UTC day of an instant: the period the office counters count over. */
export function counterDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** The sum of two counts. */
function addCounters(a: OfficeCounters, b: OfficeCounters): OfficeCounters {
  return {
    assessed: a.assessed + b.assessed,
    red: a.red + b.red,
    yellow: a.yellow + b.yellow,
    blue: a.blue + b.blue,
    green: a.green + b.green,
  };
}

/** Counters plus or minus one file in a lane. */
function withFile(counters: OfficeCounters, lane: Lane, sign: 1 | -1, assessed: 0 | 1 | -1): OfficeCounters {
  return { ...counters, assessed: counters.assessed + assessed, [lane]: counters[lane] + sign };
}

/** Wires the selectivity service over the database and the declaration service. */
export function createSelectivityService(context: SelectivityServiceContext): SelectivityService {
  const { db } = context;
  const evaluators = new Map<number, SelectivityEvaluator>();

  const compile = (document: RuleSet): SelectivityEvaluator => {
    const compiled = compileRuleSet(
      document,
      context.randomFactory ? { randomFactory: context.randomFactory } : {},
    );
    // Stored rule sets were validated when saved: a failure here means the row was corrupted.
    if (!compiled.ok) throw new Error(`Rule set ${String(document.version)} does not validate`);
    return compiled.value;
  };

  const storedEvaluator = (ruleSet: StoredRuleSet): SelectivityEvaluator => {
    const cached = evaluators.get(ruleSet.version);
    if (cached) return cached;
    const compiled = compile(ruleSet.document);
    evaluators.set(ruleSet.version, compiled);
    return compiled;
  };

  const latestActivation = async (version?: number) => {
    const query = db.select().from(ruleSetActivations);
    const [row] = await (
      version === undefined ? query : query.where(eq(ruleSetActivations.ruleSetVersion, version))
    )
      .orderBy(desc(ruleSetActivations.id))
      .limit(1);
    return row;
  };

  // A stored rule set never changes: each is read once per process.
  const savedRows = new Map<number, typeof ruleSets.$inferSelect>();
  const savedRow = async (version: number) => {
    const cached = savedRows.get(version);
    if (cached) return cached;
    const [row] = await db.select().from(ruleSets).where(eq(ruleSets.version, version));
    if (row) savedRows.set(version, row);
    return row;
  };

  const storedRuleSet = (
    row: typeof ruleSets.$inferSelect,
    activation: { activatedAt: Date; activatedBy: string } | undefined,
  ): StoredRuleSet => ({
    version: row.version,
    name: row.name,
    document: row.document as RuleSet,
    createdAt: row.createdAt,
    createdBy: row.createdBy,
    activatedAt: activation?.activatedAt ?? null,
    activatedBy: activation?.activatedBy ?? null,
  });

  const findRuleSet = async (version: number): Promise<StoredRuleSet | undefined> => {
    const row = await savedRow(version);
    return row && storedRuleSet(row, await latestActivation(version));
  };

  /** The rule set in force: one read of the latest activation on each call, so that every process follows it. */
  const activeRuleSet = async (): Promise<Result<StoredRuleSet, AppError>> =>
    ruleSetInForce(await latestActivation());

  /** The rule set an activation (the latest) puts in force. */
  const ruleSetInForce = async (
    activation:
      | Pick<typeof ruleSetActivations.$inferSelect, 'ruleSetVersion' | 'activatedAt' | 'activatedBy'>
      | undefined,
  ): Promise<Result<StoredRuleSet, AppError>> => {
    const row = activation && (await savedRow(activation.ruleSetVersion));
    return row ? ok(storedRuleSet(row, activation)) : err(appError('NO_ACTIVE_RULE_SET', {}));
  };

  /** The read of the latest activation, for a caller reading other things in the same round trip. */
  const latestActivationRead: JsonRead<
    Pick<typeof ruleSetActivations.$inferSelect, 'ruleSetVersion' | 'activatedAt' | 'activatedBy'> | undefined
  > = {
    query: jsonRows(
      db
        .select({
          ruleSetVersion: ruleSetActivations.ruleSetVersion,
          activatedAt: ruleSetActivations.activatedAt,
          activatedBy: ruleSetActivations.activatedBy,
        })
        .from(ruleSetActivations)
        .orderBy(desc(ruleSetActivations.id))
        .limit(1),
    ),
    read: (value) => {
      const [row] = value as { rule_set_version: number; activated_at: string; activated_by: string }[];
      return (
        row && {
          ruleSetVersion: row.rule_set_version,
          activatedAt: new Date(row.activated_at),
          activatedBy: row.activated_by,
        }
      );
    },
  };

  const saveRuleSet = async (input: unknown, createdBy: string): Promise<Result<StoredRuleSet, AppError>> => {
    for (let attempt = 1; ; attempt += 1) {
      const [last] = await db.select({ version: max(ruleSets.version) }).from(ruleSets);
      const version = (last?.version ?? 0) + 1;
      const numbered =
        typeof input === 'object' && input !== null && !Array.isArray(input) ? { ...input, version } : input;
      const parsed = parseRuleSet(numbered);
      if (!parsed.ok) return err(appError('VALIDATION_FAILED', { count: parsed.error.length }, parsed.error));
      const createdAt = context.clock();
      try {
        await db.transaction(async (tx) => {
          await tx
            .insert(ruleSets)
            .values({ version, name: parsed.value.name, document: parsed.value, createdAt, createdBy });
          await context.audit.append(
            {
              actor: createdBy,
              action: 'rule_set.saved',
              subject: { type: 'rule_set', id: String(version) },
              before: null,
              after: parsed.value,
            },
            tx,
          );
        });
      } catch (error) {
        // A concurrent save took this version: number again.
        if (isUniqueViolation(error) && attempt < attempts) continue;
        throw error;
      }
      return ok({
        version,
        name: parsed.value.name,
        document: parsed.value,
        createdAt,
        createdBy,
        activatedAt: null,
        activatedBy: null,
      });
    }
  };

  const toStoredAssessment = (row: typeof assessments.$inferSelect): StoredAssessment => ({
    id: row.id,
    declarationId: row.declarationId,
    declarationVersion: row.declarationVersion,
    ruleSetVersion: row.ruleSetVersion,
    sequence: row.sequence,
    lane: row.lane as Lane,
    score: row.score,
    trigger: row.trigger as AssessmentTrigger,
    assessment: row.assessment as Assessment,
    inputs: (row.inputs as AssessmentInputs | null) ?? null,
    assessedAt: row.assessedAt,
  });

  const toConsignmentAssessment = (
    row: typeof consignmentAssessments.$inferSelect,
  ): StoredConsignmentAssessment => ({
    id: row.id,
    manifestId: row.manifestId,
    manifestVersion: row.manifestVersion,
    billNumber: row.billNumber,
    ruleSetVersion: row.ruleSetVersion,
    lane: row.lane as Lane,
    score: row.score,
    assessment: row.assessment as Assessment,
    assessedAt: row.assessedAt,
  });

  const assessmentRows = (declarationId: string) =>
    db
      .select()
      .from(assessments)
      .where(eq(assessments.declarationId, declarationId))
      .orderBy(asc(assessments.sequence));

  const latestAssessment = async (declarationId: string): Promise<Result<StoredAssessment, AppError>> => {
    const found = await context.declarations.get(declarationId);
    if (!found.ok) return found;
    const [row] = await db
      .select()
      .from(assessments)
      .where(eq(assessments.declarationId, declarationId))
      .orderBy(desc(assessments.sequence))
      .limit(1);
    return row ? ok(toStoredAssessment(row)) : err(appError('ASSESSMENT_NOT_FOUND', { id: declarationId }));
  };

  const counters = async (office: string, day: string): Promise<OfficeCounters> => {
    const [row] = await db
      .select()
      .from(selectivityCounters)
      .where(and(eq(selectivityCounters.office, office), eq(selectivityCounters.day, day)));
    return row
      ? { assessed: row.assessed, red: row.red, yellow: row.yellow, blue: row.blue, green: row.green }
      : emptyCounters();
  };

  const subjectOf = (declarationId: string, document: GoodsDeclaration, inputs: AssessmentInputs) =>
    subjectFromDeclaration(document, {
      fileId: declarationId,
      containers: inputs.containers,
      indicators: inputs.indicators,
    });

  /** One file to assess; `insert`: a new file, stored with its assessment. */
  interface Pending {
    readonly declarationId: string;
    readonly file: CurrentFile;
    readonly trigger: AssessmentTrigger;
    readonly insert?: InsertEntry<GoodsDeclaration>;
  }

  /** A file ready to be assessed: the rule set in force and the subject, as gathered at `at`. */
  interface Gathered extends Pending {
    readonly ruleSet: StoredRuleSet;
    readonly at: Date;
    readonly inputs: AssessmentInputs;
    readonly subject: SelectivitySubject;
  }

  /**
   * What files are assessed with, gathered outside the writing transaction in one query for them
   * all (the rule set in force, the indicators): undefined with no rule set active.
   */
  const gatherAll = async (pending: readonly Pending[]): Promise<(Gathered | undefined)[]> => {
    const at = context.clock();
    const { contexts, alongside } = await context.indicators.ofDeclarations(
      pending.map(({ declarationId, file }) => ({
        declarationId,
        document: file.document,
        lodgedAt: file.head.lodgedAt,
      })),
      at,
      { activation: latestActivationRead },
    );
    const active = await ruleSetInForce(alongside.activation);
    if (!active.ok) return pending.map(() => undefined);
    return pending.map((item, index) => {
      const found = contexts[index];
      if (!found) throw new Error(`No indicators gathered for ${item.declarationId}`);
      const inputs: AssessmentInputs = {
        indicators: found.indicators,
        containers: [...new Set(found.consignments.flatMap((consignment) => consignment.containers))],
        ...(found.model ? { model: found.model } : {}),
      };
      return {
        ...item,
        ruleSet: active.value,
        at,
        inputs,
        subject: subjectOf(item.declarationId, item.file.document, inputs),
      };
    });
  };

  /** The read of the latest assessment of each file: its sequence, lane and instant, by id. */
  const previousQuery = template(['ids'], ({ ids }) =>
    jsonRows(
      db
        .selectDistinctOn([assessments.declarationId], {
          declarationId: assessments.declarationId,
          sequence: assessments.sequence,
          lane: assessments.lane,
          assessedAt: assessments.assessedAt,
        })
        .from(assessments)
        .where(inList(assessments.declarationId, ids))
        .orderBy(assessments.declarationId, desc(assessments.sequence)),
    ),
  );
  const previousRead = (ids: readonly string[]): JsonRead<Map<string, Previous>> => ({
    ...previousQuery({ ids: jsonList(ids) }),
    read: (value) =>
      new Map(
        (value as { declaration_id: string; sequence: number; lane: Lane; assessed_at: string }[]).map(
          (row) => [
            row.declaration_id,
            { sequence: row.sequence, lane: row.lane, assessedAt: new Date(row.assessed_at) },
          ],
        ),
      ),
  });

  /** The read of the counters of offices on days, by `office|day`. */
  const countersQuery = template(['offices', 'days'], ({ offices, days }) =>
    jsonRows(
      db
        .select()
        .from(selectivityCounters)
        .where(and(inList(selectivityCounters.office, offices), inList(selectivityCounters.day, days))),
    ),
  );
  const countersRead = (keys: readonly CounterKey[]): JsonRead<Map<string, OfficeCounters>> => ({
    ...countersQuery({
      offices: jsonList(keys.map((key) => key.office)),
      days: jsonList(keys.map((key) => key.day)),
    }),
    read: (value) =>
      new Map(
        (value as (OfficeCounters & CounterKey)[]).map(
          ({ office, day, assessed, red, yellow, blue, green }) => [
            `${office}|${day}`,
            { assessed, red, yellow, blue, green },
          ],
        ),
      ),
  });

  /** Assesses gathered files in one transaction (see the module header), in the order given. */
  const storeAll = async (batch: readonly Gathered[]): Promise<Result<AssessOutcome, AppError>[]> =>
    db.transaction(async (tx) => {
      const ids = batch.map((item) => item.declarationId);
      const newFiles = batch.flatMap((item) => (item.insert ? [item.insert] : []));
      const isNew = new Set(newFiles.map((entry) => entry.head.id));
      // One round trip takes the lock and reads the files' timelines (events are not the lock's
      // to guard; a new file's is what the manifests carrying its B/Ls have), their previous
      // assessments and the counters (the lock's: `lockForBatch` reads them again under it
      // when an assessment was stored while it waited).
      const locked = await context.audit.lockForBatch(tx, {
        alongside: {
          timelines: context.declarations.timelinesRead(ids.filter((id) => !isNew.has(id))),
          newTimelines: context.declarations.newFilesRead(newFiles),
        },
        guarded: {
          previous: previousRead(ids),
          counters: countersRead(
            batch.map(({ subject, at }) => ({ office: subject.office, day: counterDay(at) })),
          ),
        },
      });
      const chain = locked.batch;
      const previousOf = locked.guarded.previous;
      const stored = locked.guarded.counters;
      const deltas = new Map<string, { office: string; day: string; delta: OfficeCounters }>();
      const rows = batch.map(({ declarationId, file, trigger, ruleSet, at, inputs, subject }) => {
        const day = counterDay(at);
        const key = `${subject.office}|${day}`;
        const previous = previousOf.get(declarationId);
        const sequence = (previous?.sequence ?? 0) + 1;
        // A re-assessment the same day replaces the file's count in the office's tally; on
        // another day the file counts anew in that day's period.
        const sameDay = previous !== undefined && counterDay(previous.assessedAt) === day;
        const counted = stored.get(key) ?? emptyCounters();
        const before = sameDay ? withFile(counted, previous.lane, -1, -1) : counted;
        const { assessment } = storedEvaluator(ruleSet).assess(subject, { at, sequence, counters: before });
        const delta = withFile(
          sameDay ? withFile(emptyCounters(), previous.lane, -1, 0) : emptyCounters(),
          assessment.lane,
          1,
          sameDay ? 0 : 1,
        );
        // The files after this one in the batch count it, as if it had been stored before them.
        stored.set(key, addCounters(counted, delta));
        deltas.set(key, {
          office: subject.office,
          day,
          delta: addCounters(deltas.get(key)?.delta ?? emptyCounters(), delta),
        });
        previousOf.set(declarationId, { sequence, lane: assessment.lane, assessedAt: at });
        chain.add({
          actor: 'selectivity',
          action: 'lane.assigned',
          subject: { type: 'declaration', id: declarationId },
          before: previous ? { lane: previous.lane, sequence: previous.sequence } : null,
          after: {
            lane: assessment.lane,
            sequence,
            trigger,
            ruleSetVersion: ruleSet.version,
            score: assessment.score,
            hits: assessment.hits.map((hit) => hit.criterionId),
          },
        });
        return {
          id: context.newId(),
          declarationId,
          declarationVersion: file.head.currentVersion,
          ruleSetVersion: ruleSet.version,
          sequence,
          lane: assessment.lane,
          score: assessment.score,
          trigger,
          assessment,
          inputs,
          assessedAt: at,
        };
      });
      const laneAssigned = (chosen: typeof rows) =>
        chosen.map((row) => ({
          id: row.declarationId,
          events: [
            {
              type: 'lane_assigned' as const,
              occurredAt: row.assessedAt,
              version: row.declarationVersion,
              data: { lane: row.lane, ruleSetVersion: row.ruleSetVersion, sequence: row.sequence },
            },
          ],
        }));
      const newFileEvents = locked.alongside.newTimelines.withEvents(
        laneAssigned(rows.filter((row) => isNew.has(row.declarationId))),
      );
      const otherEvents = locked.alongside.timelines.withEvents(
        laneAssigned(rows.filter((row) => !isNew.has(row.declarationId))),
      );
      // lane_assigned is a declaration's event: refused, it is a fault of this code.
      if (!newFileEvents.ok || !otherEvents.ok) {
        const refused = newFileEvents.ok ? otherEvents : newFileEvents;
        throw new Error(`lane_assigned refused: ${refused.ok ? '' : refused.error.code}`);
      }
      const statuses = new Map([...newFileEvents.value.statuses, ...otherEvents.value.statuses]);
      const entries = chain.takeStatement();
      await executeTogether(tx, [
        // The new files first: the assessments and events refer to them.
        ...newFileEvents.value.statements,
        insertJsonRows(assessments, rows),
        ...(entries ? [entries] : []),
        insertJsonRows(
          selectivityCounters,
          [...deltas.values()].map(({ office, day, delta }) => ({ office, day, ...delta })),
          addToCounters,
        ),
        ...otherEvents.value.statements,
      ]);
      return rows.map((row) =>
        ok({
          assessed: true,
          assessment: toStoredAssessment(row),
          status: statuses.get(row.declarationId) ?? 'assessed',
        }),
      );
    });

  // Two batches run at once: while one holds the audit lock, the next gathers, then waits for the
  // lock in the database, so that the lock passes from one to the next without a round trip
  // between them. The lock is held from the round trip that takes it (and reads with it) through
  // the writes and the commit.
  /**
   * Stores gathered files; a new file whose reference or key is taken (a sender's retry of a
   * file already stored) says 'conflict'. Such a file makes the batch's statement fail whole:
   * those taken are then set aside and the others stored again together, as the intake's own
   * store does, so that one sender's retries do not make every file lodged with them go alone.
   * When that is not the cause (two files of the batch with the same key), the error goes to the
   * batcher, which runs each file alone.
   */
  const storeOrSetAside = async (
    ready: readonly Gathered[],
  ): Promise<(Result<AssessOutcome, AppError> | 'conflict')[]> => {
    try {
      return ready.length > 0 ? await storeAll(ready) : [];
    } catch (error) {
      const inserts = ready.flatMap((item) => (item.insert ? [item.insert] : []));
      if (inserts.length === 0 || !isUniqueViolation(error)) throw error;
      if (ready.length === 1) return ['conflict'];
      const taken = await context.declarations.takenOf(inserts);
      if (taken.size === 0) throw error;
      const free = ready.filter((item) => !(item.insert && taken.has(item.insert)));
      const stored = free.length > 0 ? await storeAll(free) : [];
      const storedOf = new Map(free.map((item, index) => [item, stored[index]]));
      return ready.map((item) => storedOf.get(item) ?? 'conflict');
    }
  };

  /** Gathers, then stores, a batch (see the module header and `storeOrSetAside`). */
  const assessAll = async (
    pending: readonly Pending[],
  ): Promise<(Result<AssessOutcome, AppError> | 'conflict')[]> => {
    const gathered = await gatherAll(pending);
    const stored = await storeOrSetAside(gathered.filter((item): item is Gathered => item !== undefined));
    let next = 0;
    return gathered.map((item) =>
      item
        ? (stored[next++] as Result<AssessOutcome, AppError> | 'conflict')
        : ok({ assessed: false, reason: 'NO_ACTIVE_RULE_SET' }),
    );
  };
  const assessor = createBatcher(assessAll, {
    concurrency: 2,
    // New files are stored by the batch's one statement of writes: bounded as the intake bounds it.
    weight: (item) => (item.insert ? declarationProjection.rowsOf(item.insert.document) : 1),
    maxWeight: maxBatchRows,
  });

  const assess = async (
    declarationId: string,
    trigger: AssessmentTrigger = 'lodged',
    current?: CurrentFile,
  ): Promise<Result<AssessOutcome, AppError>> => {
    const found = current ? ok(current) : await context.declarations.get(declarationId);
    if (!found.ok) return found;
    const outcome = await assessor.run({ declarationId, file: found.value, trigger });
    // Only a new file's storing conflicts.
    if (outcome === 'conflict') throw new Error(`Assessing ${declarationId} conflicted`);
    return outcome;
  };

  const storeAssessed: SelectivityService['storeAssessed'] = async (entry) => {
    const { head, document } = entry;
    const outcome = await assessor.run({
      declarationId: head.id,
      file: { head, document },
      trigger: 'lodged',
      insert: entry,
    });
    if (outcome === 'conflict') return outcome;
    // A new file's assessment reads nothing that may be missing: an error is a fault of this code.
    if (!outcome.ok) throw new Error(`Assessing new file ${head.id}: ${outcome.error.code}`);
    return outcome.value;
  };

  const billsOfManifest = async (manifestId: string) => {
    const found = await context.manifests.get(manifestId);
    return found.ok ? found.value : undefined;
  };

  return {
    saveRuleSet,

    async activate(version, activatedBy) {
      const ruleSet = await findRuleSet(version);
      if (!ruleSet) return err(appError('RULE_SET_NOT_FOUND', { version }));
      // Four eyes: whoever saved this version (criteria or list entries) cannot put it in force alone.
      const author = fourEyesRefusal(ruleSet.createdBy, activatedBy);
      if (author !== undefined) {
        return err(appError('FOUR_EYES_REQUIRED', { author, kind: 'rule_set', id: version }));
      }
      const activatedAt = context.clock();
      await db.transaction(async (tx) => {
        const [previous] = await tx
          .select({ version: ruleSetActivations.ruleSetVersion })
          .from(ruleSetActivations)
          .orderBy(desc(ruleSetActivations.id))
          .limit(1);
        await tx.insert(ruleSetActivations).values({ ruleSetVersion: version, activatedAt, activatedBy });
        await context.audit.append(
          {
            actor: activatedBy,
            action: 'rule_set.activated',
            subject: { type: 'rule_set', id: String(version) },
            before: { activeVersion: previous?.version ?? null },
            after: { activeVersion: version },
          },
          tx,
        );
      });
      return ok({ ...ruleSet, activatedAt, activatedBy });
    },

    activeRuleSet,

    async listRuleSets() {
      const [rows, activations, active] = await Promise.all([
        db.select().from(ruleSets).orderBy(desc(ruleSets.version)),
        db.select().from(ruleSetActivations).orderBy(asc(ruleSetActivations.id)),
        latestActivation(),
      ]);
      const lastActivation = new Map(
        activations.map((activation) => [activation.ruleSetVersion, activation]),
      );
      return rows.map((row): RuleSetSummary => {
        const document = row.document as RuleSet;
        const activation = lastActivation.get(row.version);
        return {
          version: row.version,
          name: row.name,
          createdAt: row.createdAt,
          createdBy: row.createdBy,
          activatedAt: activation?.activatedAt ?? null,
          activatedBy: activation?.activatedBy ?? null,
          active: active?.ruleSetVersion === row.version,
          profiles: document.profiles.length,
          criteria: document.profiles.reduce((sum, profile) => sum + profile.criteria.length, 0),
          lists: document.lists.length,
        };
      });
    },

    async ruleSet(version) {
      const found = await findRuleSet(version);
      return found ? ok(found) : err(appError('RULE_SET_NOT_FOUND', { version }));
    },

    async addListEntries(version, listId, entries, addedBy) {
      const found = await findRuleSet(version);
      if (!found) return err(appError('RULE_SET_NOT_FOUND', { version }));
      const { document } = found;
      if (!document.lists.some((list) => list.id === listId)) {
        return err(appError('WATCHLIST_NOT_FOUND', { version, list: listId }));
      }
      const now = context.clock().toISOString();
      const added = entries.map((entry): WatchlistEntry => ({
        value: entry.value,
        validFrom: entry.validFrom ?? now,
        ...(entry.validTo === undefined ? {} : { validTo: entry.validTo }),
        addedBy,
        addedAt: now,
      }));
      const lists = document.lists.map((list) =>
        list.id === listId ? { ...list, entries: [...list.entries, ...added] } : list,
      );
      const saved = await saveRuleSet({ ...document, lists }, addedBy);
      if (saved.ok) {
        await context.audit.append({
          actor: addedBy,
          action: 'watchlist.entries_added',
          subject: { type: 'rule_set', id: String(saved.value.version) },
          before: { fromVersion: version, list: listId },
          after: { list: listId, entries: added },
        });
      }
      return saved;
    },

    evaluatorOf: compile,

    assess,
    storeAssessed,

    async reassessOnArrival(manifestId) {
      const manifest = await billsOfManifest(manifestId);
      if (!manifest) return 0;
      const bills = manifest.document.billsOfLading.map((bill) => bill.number);
      if (bills.length === 0) return 0;
      const citing = [
        ...new Set(
          (await citationsOf(db, bills))
            .filter((citation) => reassessableStatuses.includes(citation.status))
            .map((citation) => citation.id),
        ),
      ];
      let reassessed = 0;
      for (const id of citing) {
        const [onArrival] = await db
          .select({ total: count() })
          .from(assessments)
          .where(and(eq(assessments.declarationId, id), eq(assessments.trigger, 'arrival')));
        if ((onArrival?.total ?? 0) > 0) continue;
        // A supervisor's re-route holds: the arrival does not undo an officer's decision.
        const [rerouted] = await db
          .select({ total: count() })
          .from(events)
          .where(
            and(
              eq(events.subjectType, 'declaration'),
              eq(events.subjectId, id),
              eq(events.type, 'lane_rerouted'),
            ),
          );
        if ((rerouted?.total ?? 0) > 0) continue;
        const outcome = await assess(id, 'arrival');
        if (outcome.ok && outcome.value.assessed) reassessed += 1;
      }
      return reassessed;
    },

    async assessConsignments(manifestId) {
      const manifest = await billsOfManifest(manifestId);
      if (!manifest) return err(appError('MANIFEST_NOT_FOUND', { id: manifestId }));
      const active = await activeRuleSet();
      if (!active.ok) return ok([]);
      const evaluator = storedEvaluator(active.value);
      const { document, head } = manifest;
      const numbers = document.billsOfLading.map((bill) => bill.number);
      const covered = new Set((await citationsOf(db, numbers)).map((citation) => citation.billNumber));
      const at = context.clock();
      const stored: StoredConsignmentAssessment[] = [];
      for (const consignment of document.billsOfLading) {
        if (covered.has(consignment.number)) continue;
        const importerHitRate = consignment.consignee.taxId
          ? await context.indicators.importerHitRate(consignment.consignee.taxId, at)
          : undefined;
        const subject = subjectFromConsignment(document, consignment, {
          fileId: `${manifestId}/${consignment.number}`,
          indicators: { importerHitRate },
        });
        // Advisory: no office tally, so neither top-up nor random quota reads a count.
        const { assessment } = evaluator.assess(subject, { at, sequence: 1, counters: emptyCounters() });
        const row = {
          id: context.newId(),
          manifestId,
          manifestVersion: head.currentVersion,
          billNumber: consignment.number,
          ruleSetVersion: active.value.version,
          lane: assessment.lane,
          score: assessment.score,
          assessment,
          assessedAt: at,
        };
        const inserted = await db
          .insert(consignmentAssessments)
          .values(row)
          .onConflictDoNothing()
          .returning();
        if (inserted.length > 0) stored.push(toConsignmentAssessment(row));
      }
      return ok(stored);
    },

    async consignmentAssessments(manifestId) {
      const manifest = await billsOfManifest(manifestId);
      if (!manifest) return err(appError('MANIFEST_NOT_FOUND', { id: manifestId }));
      const rows = await db
        .select()
        .from(consignmentAssessments)
        .where(eq(consignmentAssessments.manifestId, manifestId))
        .orderBy(desc(consignmentAssessments.manifestVersion), asc(consignmentAssessments.billNumber));
      const latest = new Map<string, StoredConsignmentAssessment>();
      for (const row of rows) {
        if (!latest.has(row.billNumber)) latest.set(row.billNumber, toConsignmentAssessment(row));
      }
      return ok([...latest.values()]);
    },

    latestAssessment,

    async assessments(declarationId) {
      const found = await context.declarations.get(declarationId);
      if (!found.ok) return found;
      return ok((await assessmentRows(declarationId)).map(toStoredAssessment));
    },

    async replay(declarationId, sequence) {
      const [row] = await db
        .select()
        .from(assessments)
        .where(and(eq(assessments.declarationId, declarationId), eq(assessments.sequence, sequence)));
      if (!row) return err(appError('ASSESSMENT_NOT_FOUND', { id: declarationId }));
      const past = toStoredAssessment(row);
      const [version, ruleSet] = await Promise.all([
        context.declarations.getVersion(declarationId, past.declarationVersion),
        findRuleSet(past.ruleSetVersion),
      ]);
      if (!version.ok) return version;
      if (!ruleSet) return err(appError('RULE_SET_NOT_FOUND', { version: past.ruleSetVersion }));
      const subject = subjectOf(
        declarationId,
        version.value.document,
        past.inputs ?? { indicators: {}, containers: [] },
      );
      const replayed = replayAssessment(storedEvaluator(ruleSet), subject, past.assessment);
      return ok({
        declarationId,
        sequence,
        identical: replayed.identical,
        differences: replayed.differences,
        lane: past.lane,
        replayedLane: replayed.assessment.lane,
      });
    },

    async traderView(declarationId) {
      const latest = await latestAssessment(declarationId);
      if (!latest.ok) return latest;
      return ok(traderView(latest.value.assessment, context.clock()));
    },

    counters,
  };
}

/**
 * The declaration service with assessment on intake: each new file (`created`) and each
 * amendment (`amended`) is assessed with the active rule set, and the returned head carries
 * the status that follows. Replays and unchanged amendments are not re-assessed, except a
 * replay of a file that was never assessed (stored just before a crash).
 */
export function withAssessment(
  declarations: DeclarationService,
  selectivity: SelectivityService,
): DeclarationService {
  const assessed = async <R extends { head: DocumentHead; document?: GoodsDeclaration }>(
    result: R,
    trigger: AssessmentTrigger,
  ): Promise<R> => {
    const { head, document } = result;
    const outcome = await selectivity.assess(head.id, trigger, document && { head, document });
    return outcome.ok && outcome.value.assessed
      ? { ...result, head: { ...result.head, status: outcome.value.status } }
      : result;
  };
  return {
    ...declarations,
    async lodge(input, options) {
      let outcomeOfNew: AssessOutcome | undefined;
      const result = await declarations.lodge(input, {
        ...options,
        // A new file is stored with its assessment, its status derived in the same transaction.
        statusByCaller: true,
        async insert(entry, alone) {
          const outcome = await selectivity.storeAssessed(entry);
          if (outcome === 'conflict') return outcome;
          const stored = outcome.assessed ? 'inserted' : await alone(entry);
          if (outcome.assessed) outcomeOfNew = outcome;
          // After the commit: an arrival recorded while the file was stored (see settleNewFile).
          if (stored === 'inserted') await declarations.settleNewFile(entry.head.id);
          return stored;
        },
      });
      if (!result.ok) return result;
      if (result.value.outcome === 'created') {
        return ok(
          outcomeOfNew?.assessed
            ? { ...result.value, head: { ...result.value.head, status: outcomeOfNew.status } }
            : result.value,
        );
      }
      // A file stored just before a crash may have missed its assessment: the sender's retry,
      // answered as a replay, assesses it then. Not a file that has a lane from elsewhere (a
      // past file loaded with its history).
      const { id, status } = result.value.head;
      if (!awaitingLaneStatuses.includes(status)) return result;
      const latest = await selectivity.latestAssessment(id);
      if (latest.ok || latest.error.code !== 'ASSESSMENT_NOT_FOUND') return result;
      // A lane makes a file at least 'assessed': only an arrived file's timeline may hold one.
      if (status === 'arrived') {
        const timeline = await declarations.timeline(id);
        if (!timeline.ok || timeline.value.some((event) => laneEventTypes.includes(event.type)))
          return result;
      }
      return ok(await assessed(result.value, 'lodged'));
    },
    async amend(id, input, options) {
      const result = await declarations.amend(id, input, options);
      if (!result.ok || result.value.outcome !== 'amended') return result;
      return ok(await assessed(result.value, 'amended'));
    },
  };
}

/**
 * The manifest service with assessment on its events: a manifest lodged or amended has its
 * uncovered B/Ls assessed; the arrival of its means of transport re-assesses the files citing
 * it (a manifest lodged with its arrival time counts as arrived).
 */
export function withManifestAssessment(
  manifests: ManifestService,
  selectivity: SelectivityService,
): ManifestService {
  const afterWrite = async (id: string): Promise<void> => {
    await selectivity.assessConsignments(id);
    const stored = await manifests.get(id);
    if (stored.ok && stored.value.head.status !== 'expected') await selectivity.reassessOnArrival(id);
  };
  return {
    ...manifests,
    async lodge(input, options) {
      const result = await manifests.lodge(input, options);
      if (result.ok && result.value.outcome === 'created') await afterWrite(result.value.head.id);
      return result;
    },
    async amend(id, input, options) {
      const result = await manifests.amend(id, input, options);
      if (result.ok && result.value.outcome === 'amended') await afterWrite(id);
      return result;
    },
    async recordArrival(id, arrival) {
      const result = await manifests.recordArrival(id, arrival);
      if (result.ok && result.value.recorded > 0 && arrival.meansArrivedAt) {
        await selectivity.reassessOnArrival(id);
      }
      return result;
    },
  };
}
