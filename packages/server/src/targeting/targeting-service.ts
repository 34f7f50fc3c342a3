/**
 * Targeting in the product: models trained from the product's own inspection results, and the
 * score of the model in force in each assessment.
 *
 * Training reads every declaration whose control recorded an outcome (`control_finished` data
 * `outcome`: `non_compliant` is a fraud for the model; the file's outcome stands for each of its
 * items), as targeting rows with the tax rates in force on the lodgement day. It holds out the
 * latest fifth of the days: a model trained on the earlier days is scored on them beside the
 * model in force, so that whoever activates the candidate sees what it would change; the
 * candidate kept is then trained on every row. Activation is a separate, recorded step.
 *
 * A declaration's score is the highest of its items' fraud probabilities, explained by the
 * largest contributions for that item.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import {
  appError,
  dutyAtStake,
  err,
  explain,
  ok,
  parseTargetingModel,
  scoreRows,
  targetingMetrics,
  targetingRowsOfDeclaration,
  trainModel,
  type AppError,
  type Contribution,
  type GoodsDeclaration,
  type InspectedRow,
  type Result,
  type TargetingMetrics,
  type TargetingModel,
  type TargetingRow,
  fourEyesRefusal,
} from '@anticipa/core';
import type { AuditTrail } from '../audit/audit-log.ts';
import type { Database } from '../db/database.ts';
import { jsonRows, readTogether, type JsonRead } from '../db/statements.ts';
import { declarations, documentVersions, events } from '../db/schema.ts';
import { nonCompliantOutcome } from '../selectivity/selectivity-indicators.ts';
import type { TaxRates } from '../tariff/tax-rates.ts';
import { targetingModelActivations, targetingModels } from './targeting-tables.ts';

/** How a model ranks the hold-out: by fraud probability and by expected revenue. */
export interface RankingMetrics {
  readonly score: readonly TargetingMetrics[];
  readonly expectedRevenue: readonly TargetingMetrics[];
}

/** A candidate's metrics on the hold-out, beside the model in force's. */
export interface TargetingEvaluation {
  readonly holdoutFrom: string;
  readonly holdoutRows: number;
  readonly holdoutFrauds: number;
  readonly candidate: RankingMetrics;
  /** Null when no model was in force. */
  readonly active: (RankingMetrics & { readonly modelId: string; readonly sawHoldout: boolean }) | null;
}

/** A stored model without its (large) body. */
export interface ModelSummary {
  readonly id: string;
  readonly trainedAt: Date;
  readonly trainedBy: string;
  readonly rows: number;
  readonly frauds: number;
  readonly firstDate: string;
  readonly lastDate: string;
  readonly evaluation: TargetingEvaluation;
  readonly activatedAt: Date | null;
  readonly activatedBy: string | null;
  readonly active: boolean;
}

/** The model's score of a declaration, as an assessment records it. */
export interface DeclarationScore {
  readonly modelId: string;
  /** The highest fraud probability of its items, 0 to 1. */
  readonly score: number;
  /** The item (1-based) that scored it, its expected revenue and why. */
  readonly item: number;
  readonly expectedRevenue: number;
  readonly contributions: readonly Contribution[];
}

/** A declaration to score: its current version, lodged when. */
export interface ScoreRequest {
  readonly declarationId: string;
  readonly document: GoodsDeclaration;
  readonly lodgedAt: Date;
}

export interface TargetingService {
  /**
   * Trains a candidate from the recorded inspection results (TARGETING_NOT_ENOUGH_RESULTS when
   * there are too few, or of one outcome only, to train and hold out). Not in force until activated.
   */
  train(trainedBy: string): Promise<Result<ModelSummary, AppError>>;
  /** Puts a stored model in force (TARGETING_MODEL_NOT_FOUND). */
  activate(id: string, activatedBy: string): Promise<Result<ModelSummary, AppError>>;
  /** Every stored model, newest first. */
  list(): Promise<readonly ModelSummary[]>;
  get(id: string): Promise<Result<ModelSummary, AppError>>;
  /** The model in force's score of a declaration; undefined when no model is in force. */
  scoreDeclaration(
    declarationId: string,
    document: GoodsDeclaration,
    lodgedAt: Date,
  ): Promise<DeclarationScore | undefined>;
  /**
   * The same for several declarations, in two steps for a caller that reads other things in the
   * same round trip: the read of which model is in force (its id; undefined when none), then
   * the scores with that model (read once per process and model).
   */
  readonly modelInForceRead: JsonRead<string | undefined>;
  scoreDeclarationsWith(
    modelId: string | undefined,
    requests: readonly ScoreRequest[],
  ): Promise<(DeclarationScore | undefined)[]>;
}

export interface TargetingServiceContext {
  readonly db: Database;
  readonly clock: () => Date;
  readonly newId?: () => string;
  readonly taxRates: TaxRates;
  /** Where models trained and put in force are recorded. */
  readonly audit?: AuditTrail;
}

/** Fewest inspected items, and fewest frauds, a training needs. */
export const minimumTrainingRows = 50;
export const minimumTrainingFrauds = 5;

const holdoutShare = 0.2;

const isId = (id: string): boolean =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

/** The metrics of a model's ranking of inspected rows. */
function rankingMetrics(model: TargetingModel, rows: readonly InspectedRow[]): RankingMetrics {
  const scores = scoreRows(model, rows);
  const outcomes = (rank: (index: number) => number) =>
    rows.map((row, index) => ({ rank: rank(index), fraud: row.fraud, dutyAtStake: dutyAtStake(row) }));
  return {
    score: targetingMetrics(outcomes((index) => scores[index]?.score ?? 0)),
    expectedRevenue: targetingMetrics(outcomes((index) => scores[index]?.expectedRevenue ?? 0)),
  };
}

export function createTargetingService(context: TargetingServiceContext): TargetingService {
  const { db } = context;
  const newId = context.newId ?? randomUUID;
  const models = new Map<string, TargetingModel>();

  /** Tax rates in force for a line on a day, read once per line and day. */
  const rateReader = () => {
    const cache = new Map<string, Promise<number | undefined>>();
    return (line: string, day: string): Promise<number | undefined> => {
      const key = `${line}|${day}`;
      let rate = cache.get(key);
      if (!rate) {
        rate = context.taxRates
          .effectiveRate(line, new Date(`${day}T12:00:00Z`))
          .then((value) => (value === undefined ? undefined : Number(value)));
        cache.set(key, rate);
      }
      return rate;
    };
  };

  const rowsOf = async (
    declarationId: string,
    document: GoodsDeclaration,
    day: string,
    rate: (line: string, day: string) => Promise<number | undefined>,
  ): Promise<TargetingRow[]> => {
    const rates = new Map<string, number | undefined>();
    for (const item of document.items) rates.set(item.tariffLine, await rate(item.tariffLine, day));
    return targetingRowsOfDeclaration(document, {
      declarationId,
      date: day,
      taxRate: (line) => rates.get(line),
    });
  };

  /** Every inspected item, from the files whose control recorded an outcome (the latest one). */
  const inspectedRows = async (): Promise<InspectedRow[]> => {
    const results = await db
      .select({
        id: declarations.id,
        lodgedAt: declarations.lodgedAt,
        document: documentVersions.document,
        outcome: sql<string>`${events.data}->>'outcome'`,
      })
      .from(events)
      .innerJoin(declarations, eq(declarations.id, events.subjectId))
      .innerJoin(
        documentVersions,
        and(
          eq(documentVersions.subjectType, 'declaration'),
          eq(documentVersions.subjectId, declarations.id),
          eq(documentVersions.version, declarations.currentVersion),
        ),
      )
      .where(
        and(
          eq(events.subjectType, 'declaration'),
          eq(events.type, 'control_finished'),
          sql`${events.data} ? 'outcome'`,
        ),
      )
      .orderBy(asc(events.id));
    const latest = new Map<string, (typeof results)[number]>();
    for (const result of results) latest.set(result.id, result);
    const rate = rateReader();
    const rows: InspectedRow[] = [];
    for (const result of latest.values()) {
      const day = result.lodgedAt.toISOString().slice(0, 10);
      const fraud = result.outcome === nonCompliantOutcome;
      for (const row of await rowsOf(result.id, result.document as GoodsDeclaration, day, rate)) {
        rows.push({ ...row, fraud });
      }
    }
    return rows;
  };

  const modelOf = async (id: string): Promise<TargetingModel | undefined> => {
    const cached = models.get(id);
    if (cached) return cached;
    const [row] = await db
      .select({ model: targetingModels.model })
      .from(targetingModels)
      .where(eq(targetingModels.id, id));
    if (!row) return undefined;
    const parsed = parseTargetingModel(row.model);
    // Stored models were produced by training: a failure here means the row was corrupted.
    if (!parsed.ok) throw new Error(`Stored targeting model ${id} does not read: ${parsed.error.code}`);
    models.set(id, parsed.value);
    return parsed.value;
  };

  const latestActivation = async () => {
    const [row] = await db
      .select()
      .from(targetingModelActivations)
      .orderBy(desc(targetingModelActivations.id))
      .limit(1);
    return row;
  };

  const summaries = async (where?: ReturnType<typeof eq>): Promise<ModelSummary[]> => {
    const query = db
      .select({
        id: targetingModels.id,
        trainedAt: targetingModels.trainedAt,
        trainedBy: targetingModels.trainedBy,
        rows: targetingModels.rows,
        frauds: targetingModels.frauds,
        firstDate: sql<string>`${targetingModels.model}->'trainedOn'->>'firstDate'`,
        lastDate: sql<string>`${targetingModels.model}->'trainedOn'->>'lastDate'`,
        evaluation: targetingModels.evaluation,
      })
      .from(targetingModels);
    const [rows, activations, active] = await Promise.all([
      (where ? query.where(where) : query).orderBy(desc(targetingModels.trainedAt)),
      db.select().from(targetingModelActivations).orderBy(asc(targetingModelActivations.id)),
      latestActivation(),
    ]);
    const last = new Map(activations.map((activation) => [activation.modelId, activation]));
    return rows.map((row) => ({
      ...row,
      evaluation: row.evaluation as TargetingEvaluation,
      activatedAt: last.get(row.id)?.activatedAt ?? null,
      activatedBy: last.get(row.id)?.activatedBy ?? null,
      active: active?.modelId === row.id,
    }));
  };

  const get = async (id: string): Promise<Result<ModelSummary, AppError>> => {
    if (!isId(id)) return err(appError('TARGETING_MODEL_NOT_FOUND', { id }));
    const [summary] = await summaries(eq(targetingModels.id, id));
    return summary ? ok(summary) : err(appError('TARGETING_MODEL_NOT_FOUND', { id }));
  };

  const scoreOne = async (
    modelId: string,
    model: TargetingModel,
    declarationId: string,
    document: GoodsDeclaration,
    lodgedAt: Date,
    rate: (line: string, day: string) => Promise<number | undefined>,
  ): Promise<DeclarationScore | undefined> => {
    const rows = await rowsOf(declarationId, document, lodgedAt.toISOString().slice(0, 10), rate);
    const scores = scoreRows(model, rows);
    let best = 0;
    for (let index = 1; index < scores.length; index += 1) {
      if ((scores[index]?.score ?? 0) > (scores[best]?.score ?? 0)) best = index;
    }
    const row = rows[best];
    if (!row) return undefined;
    const explanation = explain(model, row, 5);
    return {
      modelId,
      score: explanation.score,
      item: best + 1,
      expectedRevenue: explanation.expectedRevenue,
      contributions: explanation.contributions,
    };
  };

  const modelInForceRead: JsonRead<string | undefined> = {
    query: jsonRows(
      db
        .select({ modelId: targetingModelActivations.modelId })
        .from(targetingModelActivations)
        .orderBy(desc(targetingModelActivations.id))
        .limit(1),
    ),
    read: (value) => (value as { model_id: string }[])[0]?.model_id,
  };

  const scoreDeclarationsWith: TargetingService['scoreDeclarationsWith'] = async (modelId, requests) => {
    const model = modelId === undefined ? undefined : await modelOf(modelId);
    if (modelId === undefined || !model) return requests.map(() => undefined);
    const rate = rateReader();
    const scores: (DeclarationScore | undefined)[] = [];
    for (const { declarationId, document, lodgedAt } of requests) {
      scores.push(await scoreOne(modelId, model, declarationId, document, lodgedAt, rate));
    }
    return scores;
  };

  return {
    async train(trainedBy) {
      const rows = (await inspectedRows()).sort((a, b) => a.date.localeCompare(b.date));
      const frauds = rows.filter((row) => row.fraud).length;
      const holdoutFrom = rows[Math.floor(rows.length * (1 - holdoutShare))]?.date ?? '';
      const earlier = rows.filter((row) => row.date < holdoutFrom);
      const holdout = rows.filter((row) => row.date >= holdoutFrom);
      const earlierFrauds = earlier.filter((row) => row.fraud).length;
      const notEnough = () =>
        err(
          appError('TARGETING_NOT_ENOUGH_RESULTS', {
            rows: rows.length,
            frauds,
            minimumRows: minimumTrainingRows,
            minimumFrauds: minimumTrainingFrauds,
          }),
        );
      if (
        rows.length < minimumTrainingRows ||
        frauds < minimumTrainingFrauds ||
        frauds === rows.length ||
        holdout.length === 0 ||
        earlierFrauds === 0 ||
        earlierFrauds === earlier.length
      ) {
        return notEnough();
      }
      const evaluated = trainModel(earlier);
      const final = trainModel(rows);
      if (!evaluated.ok || !final.ok) return notEnough();
      const activation = await latestActivation();
      const activeModel = activation && (await modelOf(activation.modelId));
      const evaluation: TargetingEvaluation = {
        holdoutFrom,
        holdoutRows: holdout.length,
        holdoutFrauds: holdout.filter((row) => row.fraud).length,
        candidate: rankingMetrics(evaluated.value, holdout),
        active:
          activation && activeModel
            ? {
                modelId: activation.modelId,
                // A model trained on the hold-out's days has seen its answers: its figures flatter it.
                sawHoldout: activeModel.trainedOn.lastDate >= holdoutFrom,
                ...rankingMetrics(activeModel, holdout),
              }
            : null,
      };
      const id = newId();
      await db.insert(targetingModels).values({
        id,
        trainedAt: context.clock(),
        trainedBy,
        rows: rows.length,
        frauds,
        holdoutFrom,
        evaluation,
        model: final.value,
      });
      models.set(id, final.value);
      await context.audit?.append({
        actor: trainedBy,
        action: 'targeting_model.trained',
        subject: { type: 'targeting_model', id },
        before: null,
        after: { rows: rows.length, frauds, holdoutFrom, evaluation },
      });
      return get(id);
    },

    async activate(id, activatedBy) {
      const found = await get(id);
      if (!found.ok) return found;
      // Four eyes: whoever trained the model cannot put it in force alone.
      const author = fourEyesRefusal(found.value.trainedBy, activatedBy);
      if (author !== undefined) {
        return err(appError('FOUR_EYES_REQUIRED', { author, kind: 'targeting_model', id }));
      }
      await db.transaction(async (tx) => {
        const [previous] = await tx
          .select({ modelId: targetingModelActivations.modelId })
          .from(targetingModelActivations)
          .orderBy(desc(targetingModelActivations.id))
          .limit(1);
        await tx
          .insert(targetingModelActivations)
          .values({ modelId: id, activatedAt: context.clock(), activatedBy });
        await context.audit?.append(
          {
            actor: activatedBy,
            action: 'targeting_model.activated',
            subject: { type: 'targeting_model', id },
            before: { activeModel: previous?.modelId ?? null },
            after: { activeModel: id },
          },
          tx,
        );
      });
      return get(id);
    },

    list: () => summaries(),

    get,

    async scoreDeclaration(declarationId, document, lodgedAt) {
      const { modelId } = await readTogether(db, { modelId: modelInForceRead });
      return (await scoreDeclarationsWith(modelId, [{ declarationId, document, lodgedAt }]))[0];
    },

    modelInForceRead,
    scoreDeclarationsWith,
  };
}
