/**
 * Backtests over the stored files: a candidate rule set (a stored version, or a document not
 * yet saved) is run by the core's backtest over past declarations in order of lodging, beside
 * the active rule set, with each file's known inspection outcome read from its
 * `control_finished` event. Files stream from the database in batches, so that a year of
 * files never sits in memory at once, with progress reported per batch.
 *
 * Backtests started through the API run as jobs, one at a time in order, kept for 24 hours:
 * the caller polls the job for its progress and then its report.
 */
import { and, asc, count, eq, gt, gte, inArray, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import {
  appError,
  createBacktest,
  err,
  ok,
  parseRuleSet,
  prefetchDeclarations,
  subjectFromDeclaration,
  type AppError,
  type BacktestFile,
  type BacktestOutcome,
  type BacktestReport,
  type GoodsDeclaration,
  type Result,
  type RuleSet,
} from '@anticipa/core';
import type { Database } from '../db/database.ts';
import { declarations, documentVersions, events } from '../db/schema.ts';
import type { ValuationService } from '../valuation/valuation-service.ts';
import { nonCompliantOutcome, type IndicatorSource } from './selectivity-indicators.ts';
import type { SelectivityService } from './selectivity-service.ts';
import { ruleSets } from './selectivity-tables.ts';

/** What to backtest, and over which files. */
export interface BacktestRequest {
  /** A stored rule-set version, or a rule set document (validated; numbered after the last stored). */
  readonly candidate: number | Readonly<Record<string, unknown>>;
  /** Files lodged from this instant (inclusive); default: 365 days before `to`. */
  readonly from?: Date | undefined;
  /** Files lodged before this instant; default: up to now, inclusive. */
  readonly to?: Date | undefined;
  /** Only the files of one office. */
  readonly office?: string | undefined;
  /** Controls per day per office; absent offices have the capacity their lane parameters state. */
  readonly capacity?: Readonly<Record<string, number>> | undefined;
}

export interface BacktestProgress {
  readonly done: number;
  readonly total: number;
}

export interface BacktestDeps {
  readonly db: Database;
  readonly clock: () => Date;
  readonly selectivity: SelectivityService;
  readonly indicators: IndicatorSource;
  readonly valuation: ValuationService;
}

const batchSize = 500;
const dayMs = 86_400_000;

/** Whether a rule set reads a field (a cheap test on its JSON: field names are quoted keys' values). */
const reads = (ruleSet: RuleSet, field: string) => JSON.stringify(ruleSet.profiles).includes(`"${field}"`);

/** The candidate rule set: a stored version, or a new document numbered after the last one. */
async function candidateOf(
  deps: BacktestDeps,
  candidate: BacktestRequest['candidate'],
): Promise<Result<RuleSet, AppError>> {
  if (typeof candidate === 'number') {
    const stored = await deps.selectivity.ruleSet(candidate);
    return stored.ok ? ok(stored.value.document) : stored;
  }
  const [last] = await deps.db.select({ version: sql<number>`max(${ruleSets.version})` }).from(ruleSets);
  const parsed = parseRuleSet({ ...candidate, version: (last?.version ?? 0) + 1 });
  return parsed.ok
    ? parsed
    : err(appError('VALIDATION_FAILED', { count: parsed.error.length }, parsed.error));
}

/** The known outcome of each file that has one: its latest control's result. */
async function outcomesOf(db: Database, ids: readonly string[]): Promise<Map<string, BacktestOutcome>> {
  const rows = await db
    .select({ id: events.subjectId, occurredAt: events.occurredAt, data: events.data })
    .from(events)
    .where(
      and(
        eq(events.subjectType, 'declaration'),
        eq(events.type, 'control_finished'),
        inArray(events.subjectId, [...ids]),
        sql`${events.data} ? 'outcome'`,
      ),
    )
    .orderBy(asc(events.id));
  const outcomes = new Map<string, BacktestOutcome>();
  for (const row of rows) {
    const data = row.data as { outcome?: unknown; revenueRecovered?: unknown };
    const recovered = Number(data.revenueRecovered ?? 0);
    outcomes.set(row.id, {
      nonCompliant: data.outcome === nonCompliantOutcome,
      revenueRecovered: Number.isFinite(recovered) ? recovered : 0,
      knownAt: row.occurredAt,
    });
  }
  return outcomes;
}

/**
 * Runs a backtest over the stored files (see the module header). VALIDATION_FAILED for a
 * candidate document with problems; RULE_SET_NOT_FOUND for an unknown version.
 */
export async function runBacktest(
  deps: BacktestDeps,
  request: BacktestRequest,
  onProgress?: (progress: BacktestProgress) => void,
): Promise<Result<BacktestReport, AppError>> {
  const { db } = deps;
  const candidate = await candidateOf(deps, request.candidate);
  if (!candidate.ok) return candidate;
  const active = await deps.selectivity.activeRuleSet();
  const baseline = active.ok ? active.value.document : null;
  const to = request.to ?? new Date(deps.clock().getTime() + 1);
  const from = request.from ?? new Date(to.getTime() - 365 * dayMs);
  const backtest = createBacktest(
    deps.selectivity.evaluatorOf(candidate.value),
    baseline && deps.selectivity.evaluatorOf(baseline),
    request.capacity ? { capacity: new Map(Object.entries(request.capacity)) } : {},
  );
  const ruleSetsRun = baseline ? [candidate.value, baseline] : [candidate.value];
  const needsValuation = ruleSetsRun.some((ruleSet) => reads(ruleSet, 'unitValueBelowReference'));

  const scope: SQL[] = [
    ne(declarations.status, 'cancelled'),
    gte(declarations.lodgedAt, from),
    lt(declarations.lodgedAt, to),
    ...(request.office ? [eq(declarations.officeCode, request.office)] : []),
  ];
  const [counted] = await db
    .select({ total: count() })
    .from(declarations)
    .where(and(...scope));
  const total = counted?.total ?? 0;
  onProgress?.({ done: 0, total });

  let done = 0;
  let position: { at: Date; id: string } | undefined;
  for (;;) {
    const after = position
      ? or(
          gt(declarations.lodgedAt, position.at),
          and(eq(declarations.lodgedAt, position.at), gt(declarations.id, position.id)),
        )
      : undefined;
    const rows = await db
      .select({ id: declarations.id, lodgedAt: declarations.lodgedAt, document: documentVersions.document })
      .from(declarations)
      .innerJoin(
        documentVersions,
        and(
          eq(documentVersions.subjectType, 'declaration'),
          eq(documentVersions.subjectId, declarations.id),
          eq(documentVersions.version, declarations.currentVersion),
        ),
      )
      .where(and(...scope, after))
      .orderBy(asc(declarations.lodgedAt), asc(declarations.id))
      .limit(batchSize);
    if (rows.length === 0) break;
    const ids = rows.map((row) => row.id);
    const documents = rows.map((row) => row.document as GoodsDeclaration);
    const [outcomes, carried, below] = await Promise.all([
      outcomesOf(db, ids),
      deps.indicators.consignmentsOf(documents.flatMap((document) => document.billsOfLading)),
      needsValuation ? deps.valuation.percentBelowReference(documents) : undefined,
    ]);
    for (const [index, row] of rows.entries()) {
      prefetchDeclarations(documents, index);
      const document = documents[index] as GoodsDeclaration;
      const file: BacktestFile = {
        subject: subjectFromDeclaration(document, {
          fileId: row.id,
          consignments: document.billsOfLading.flatMap((bill) => carried.get(bill) ?? []),
          indicators: {
            unitValueBelowReference: below?.[index],
            billOnNoManifest: document.billsOfLading.some((bill) => !carried.has(bill)),
          },
        }),
        lodgedAt: row.lodgedAt,
        outcome: outcomes.get(row.id),
      };
      backtest.add(file);
    }
    done += rows.length;
    const last = rows[rows.length - 1];
    if (last) position = { at: last.lodgedAt, id: last.id };
    onProgress?.({ done, total });
  }
  return ok(backtest.report());
}

/** A backtest started through the API. */
export interface BacktestJob {
  readonly id: string;
  readonly status: 'queued' | 'running' | 'done' | 'failed';
  readonly progress: BacktestProgress;
  readonly startedAt: Date;
  readonly finishedAt: Date | null;
  readonly report: BacktestReport | null;
  readonly error: AppError | null;
}

export interface BacktestJobs {
  /** Validates the request's candidate, then queues the backtest: the job, or the candidate's problems. */
  start(request: BacktestRequest): Promise<Result<BacktestJob, AppError>>;
  /** A job by id (BACKTEST_NOT_FOUND once expired or never started). */
  get(id: string): Result<BacktestJob, AppError>;
}

const keptMs = dayMs;

/** Backtest jobs run one at a time, in the order started, and kept for 24 hours. */
export function createBacktestJobs(deps: BacktestDeps & { readonly newId: () => string }): BacktestJobs {
  const jobs = new Map<string, BacktestJob>();
  let queue: Promise<void> = Promise.resolve();

  const update = (id: string, change: Partial<BacktestJob>) => {
    const job = jobs.get(id);
    if (job) jobs.set(id, { ...job, ...change });
  };

  return {
    async start(request) {
      const now = deps.clock();
      for (const [id, job] of jobs) {
        if (job.finishedAt && now.getTime() - job.finishedAt.getTime() > keptMs) jobs.delete(id);
      }
      // Refuse a bad candidate at once rather than in a failed job.
      const candidate = await candidateOf(deps, request.candidate);
      if (!candidate.ok) return candidate;
      const id = deps.newId();
      const job: BacktestJob = {
        id,
        status: 'queued',
        progress: { done: 0, total: 0 },
        startedAt: now,
        finishedAt: null,
        report: null,
        error: null,
      };
      jobs.set(id, job);
      queue = queue.then(async () => {
        update(id, { status: 'running' });
        try {
          const result = await runBacktest(deps, request, (progress) => {
            update(id, { progress });
          });
          update(
            id,
            result.ok
              ? { status: 'done', report: result.value, finishedAt: deps.clock() }
              : { status: 'failed', error: result.error, finishedAt: deps.clock() },
          );
        } catch (error) {
          update(id, {
            status: 'failed',
            error: appError('BACKTEST_FAILED', {
              message: error instanceof Error ? error.message : String(error),
            }),
            finishedAt: deps.clock(),
          });
        }
      });
      return ok(job);
    },

    get(id) {
      const job = jobs.get(id);
      return job ? ok(job) : err(appError('BACKTEST_NOT_FOUND', { id }));
    },
  };
}
