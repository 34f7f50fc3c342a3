/**
 * The selectivity service: stores rule sets (validated by the core, numbered by version),
 * activates them (an append-only activation trail; the latest activation is the active rule
 * set), and assesses declarations with the active rule set, storing each assessment whole and
 * appending `lane_assigned` to the file's timeline. `withAssessment` composes it with the
 * declaration service so that each lodgement and amendment is assessed.
 *
 * Each rule set is compiled once per process and cached by version (a stored rule set never
 * changes). The office counters the lane allocation needs (expected and minimum random rates)
 * are kept in memory per process for now: a restart starts them again from zero. Persisting
 * them per office and period is the next step.
 */
import { count, desc, eq, max } from 'drizzle-orm';
import {
  appError,
  compileRuleSet,
  emptyCounters,
  err,
  ok,
  parseRuleSet,
  subjectFromDeclaration,
  traderView,
  type AppError,
  type Assessment,
  type DeclarationStatus,
  type Lane,
  type OfficeCounters,
  type RandomFactory,
  type Result,
  type RuleSet,
  type SelectivityEvaluator,
  type TraderView,
} from '@anticipa/core';
import type { Database } from '../db/database.ts';
import type { DeclarationService } from '../declaration/declaration-service.ts';
import { assessments, ruleSetActivations, ruleSets } from './selectivity-tables.ts';

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

/** A stored assessment of one version of a declaration. */
export interface StoredAssessment {
  readonly id: string;
  readonly declarationId: string;
  readonly declarationVersion: number;
  readonly ruleSetVersion: number;
  readonly sequence: number;
  readonly lane: Lane;
  readonly score: number;
  /** The full core assessment: hits, reasons, weights, draws (officers only). */
  readonly assessment: Assessment;
  readonly assessedAt: Date;
}

/** What assessing a file did: assessed it, or nothing because no rule set is active. */
export type AssessOutcome =
  | { readonly assessed: true; readonly assessment: StoredAssessment; readonly status: DeclarationStatus }
  | { readonly assessed: false; readonly reason: 'NO_ACTIVE_RULE_SET' };

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
  /**
   * Assesses a declaration's current version with the active rule set: stores the assessment
   * and appends `lane_assigned`. With no active rule set, assesses nothing and says so.
   */
  assess(declarationId: string): Promise<Result<AssessOutcome, AppError>>;
  /** The file's latest assessment (ASSESSMENT_NOT_FOUND when never assessed). */
  latestAssessment(declarationId: string): Promise<Result<StoredAssessment, AppError>>;
  /** What the trader may see of the latest assessment: the control type alone. */
  traderView(declarationId: string): Promise<Result<TraderView, AppError>>;
}

export interface SelectivityServiceContext {
  readonly db: Database;
  readonly clock: () => Date;
  readonly newId: () => string;
  readonly declarations: DeclarationService;
  /** The draws' random source per file seed; the core's `seededRandom` by default. */
  readonly randomFactory?: RandomFactory;
}

const attempts = 3;

/** Whether an error (or its cause, as Drizzle wraps driver errors) is a unique violation. */
function isUniqueViolation(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 4; depth += 1) {
    if (typeof current === 'object' && (current as { code?: unknown }).code === '23505') return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** Wires the selectivity service over the database and the declaration service. */
export function createSelectivityService(context: SelectivityServiceContext): SelectivityService {
  const { db } = context;
  const evaluators = new Map<number, SelectivityEvaluator>();
  // In memory per process for now (see the module comment): persisting them is next.
  const countersByOffice = new Map<string, OfficeCounters>();

  const evaluatorOf = (ruleSet: StoredRuleSet): SelectivityEvaluator => {
    const cached = evaluators.get(ruleSet.version);
    if (cached) return cached;
    const compiled = compileRuleSet(
      ruleSet.document,
      context.randomFactory ? { randomFactory: context.randomFactory } : {},
    );
    // Stored rule sets were validated when saved: a failure here means the row was corrupted.
    if (!compiled.ok) throw new Error(`Stored rule set ${String(ruleSet.version)} no longer validates`);
    evaluators.set(ruleSet.version, compiled.value);
    return compiled.value;
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

  const findRuleSet = async (version: number): Promise<StoredRuleSet | undefined> => {
    const [row] = await db.select().from(ruleSets).where(eq(ruleSets.version, version));
    if (!row) return undefined;
    const activation = await latestActivation(version);
    return {
      version: row.version,
      name: row.name,
      document: row.document as RuleSet,
      createdAt: row.createdAt,
      createdBy: row.createdBy,
      activatedAt: activation?.activatedAt ?? null,
      activatedBy: activation?.activatedBy ?? null,
    };
  };

  const activeRuleSet = async (): Promise<Result<StoredRuleSet, AppError>> => {
    const activation = await latestActivation();
    const ruleSet = activation && (await findRuleSet(activation.ruleSetVersion));
    return ruleSet ? ok(ruleSet) : err(appError('NO_ACTIVE_RULE_SET', {}));
  };

  const toStoredAssessment = (row: typeof assessments.$inferSelect): StoredAssessment => ({
    id: row.id,
    declarationId: row.declarationId,
    declarationVersion: row.declarationVersion,
    ruleSetVersion: row.ruleSetVersion,
    sequence: row.sequence,
    lane: row.lane as Lane,
    score: row.score,
    assessment: row.assessment as Assessment,
    assessedAt: row.assessedAt,
  });

  const latestAssessment = async (declarationId: string): Promise<Result<StoredAssessment, AppError>> => {
    const found = await context.declarations.get(declarationId);
    if (!found.ok) return found;
    const [row] = await db
      .select()
      .from(assessments)
      .where(eq(assessments.declarationId, declarationId))
      .orderBy(desc(assessments.sequence), desc(assessments.assessedAt))
      .limit(1);
    return row ? ok(toStoredAssessment(row)) : err(appError('ASSESSMENT_NOT_FOUND', { id: declarationId }));
  };

  return {
    async saveRuleSet(input, createdBy) {
      for (let attempt = 1; ; attempt += 1) {
        const [last] = await db.select({ version: max(ruleSets.version) }).from(ruleSets);
        const version = (last?.version ?? 0) + 1;
        const numbered =
          typeof input === 'object' && input !== null && !Array.isArray(input)
            ? { ...input, version }
            : input;
        const parsed = parseRuleSet(numbered);
        if (!parsed.ok)
          return err(appError('VALIDATION_FAILED', { count: parsed.error.length }, parsed.error));
        const createdAt = context.clock();
        try {
          await db
            .insert(ruleSets)
            .values({ version, name: parsed.value.name, document: parsed.value, createdAt, createdBy });
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
    },

    async activate(version, activatedBy) {
      const ruleSet = await findRuleSet(version);
      if (!ruleSet) return err(appError('RULE_SET_NOT_FOUND', { version }));
      const activatedAt = context.clock();
      await db.insert(ruleSetActivations).values({ ruleSetVersion: version, activatedAt, activatedBy });
      return ok({ ...ruleSet, activatedAt, activatedBy });
    },

    activeRuleSet,

    async assess(declarationId) {
      const found = await context.declarations.get(declarationId);
      if (!found.ok) return found;
      const active = await activeRuleSet();
      if (!active.ok) return ok({ assessed: false, reason: 'NO_ACTIVE_RULE_SET' });
      const evaluator = evaluatorOf(active.value);
      const { head, document } = found.value;
      const [previous] = await db
        .select({ total: count() })
        .from(assessments)
        .where(eq(assessments.declarationId, declarationId));
      const sequence = (previous?.total ?? 0) + 1;
      const subject = subjectFromDeclaration(document, { fileId: declarationId });
      const at = context.clock();
      const outcome = evaluator.assess(subject, {
        at,
        sequence,
        counters: countersByOffice.get(subject.office) ?? emptyCounters(),
      });
      countersByOffice.set(subject.office, outcome.counters);
      const { assessment } = outcome;
      const row = {
        id: context.newId(),
        declarationId,
        declarationVersion: head.currentVersion,
        ruleSetVersion: active.value.version,
        sequence,
        lane: assessment.lane,
        score: assessment.score,
        assessment,
        assessedAt: at,
      };
      await db.insert(assessments).values(row);
      const appended = await context.declarations.appendEvents(declarationId, [
        {
          type: 'lane_assigned',
          occurredAt: at,
          version: head.currentVersion,
          data: { lane: assessment.lane, ruleSetVersion: active.value.version },
        },
      ]);
      if (!appended.ok) return appended;
      return ok({ assessed: true, assessment: row, status: appended.value });
    },

    latestAssessment,

    async traderView(declarationId) {
      const latest = await latestAssessment(declarationId);
      if (!latest.ok) return latest;
      return ok(traderView(latest.value.assessment, context.clock()));
    },
  };
}

/**
 * The declaration service with assessment on intake: each new file (`created`) and each
 * amendment (`amended`) is assessed with the active rule set, and the returned head carries
 * the status that follows. Replays and unchanged amendments are not re-assessed.
 */
export function withAssessment(
  declarations: DeclarationService,
  selectivity: SelectivityService,
): DeclarationService {
  const assessed = async <R extends { head: { id: string; status: string } }>(result: R): Promise<R> => {
    const outcome = await selectivity.assess(result.head.id);
    return outcome.ok && outcome.value.assessed
      ? { ...result, head: { ...result.head, status: outcome.value.status } }
      : result;
  };
  return {
    ...declarations,
    async lodge(input, options) {
      const result = await declarations.lodge(input, options);
      if (!result.ok || result.value.outcome !== 'created') return result;
      return ok(await assessed(result.value));
    },
    async amend(id, input, options) {
      const result = await declarations.amend(id, input, options);
      if (!result.ok || result.value.outcome !== 'amended') return result;
      return ok(await assessed(result.value));
    },
  };
}
