/**
 * Valuation control: reference bands of past unit values (rebuilt on demand and on a schedule),
 * the indicator of each declared item against them, and officers' decisions with their appeal
 * trail. The bands are a RISK INDICATOR only (WCO guidance; DOMAIN.md "Revenue"): nothing here
 * changes a declared value or computes a tax owed; a flag asks an officer to decide, with a
 * basis and a reason, and the importer may appeal. Routes and CLI commands call this service.
 */
import { and, asc, count, desc, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import {
  appError,
  assessItemValue,
  belowP10PercentOf,
  cellKey,
  checkValuationPolicy,
  defaultValuationPolicy,
  err,
  ok,
  parseDocument,
  totalRevenueAtRisk,
  valuationAppealOutcomeSchema,
  valuationAppealSchema,
  valuationDecisionSchema,
  type AppError,
  type AppealStatus,
  type CellLevel,
  type GoodsDeclaration,
  type Result,
  type ValuationBand,
  type ValuationBandQuery,
  type ValuationCell,
  type ValuationIndicator,
  type ValuationPolicy,
} from '@anticipa/core';
import type { AuditRecord, AuditTrail } from '../audit/audit-log.ts';
import type { Database } from '../db/database.ts';
import { jsonRows, readTogether, type JsonRead } from '../db/statements.ts';
import { declarationItems, declarations, documentVersions } from '../db/schema.ts';
import type { DeclarationService } from '../declaration/declaration-service.ts';
import type { NewEvent } from '../intake/document-store.ts';
import type { TaxRates } from '../tariff/tax-rates.ts';
import { rebuildBands, type RebuildProgress, type RebuildReport } from './valuation-rebuild.ts';
import {
  valuationAppealOutcomes,
  valuationAppeals,
  valuationBandGenerations,
  valuationBands,
  valuationDecisions,
} from './valuation-tables.ts';

export interface BandGeneration {
  readonly id: string;
  readonly builtAt: Date;
  readonly windowFrom: Date;
  readonly windowTo: Date;
  readonly declarations: number;
  readonly items: number;
  readonly minimumSample: number;
}

export interface StoredAppeal {
  readonly id: string;
  readonly decisionId: string;
  readonly declarationId: string;
  readonly lodgedBy: string;
  readonly grounds: string;
  readonly lodgedAt: Date;
  readonly status: AppealStatus;
  readonly outcome: {
    readonly reason: string;
    readonly decidedBy: string;
    readonly decidedAt: Date;
  } | null;
}

export interface StoredDecision {
  readonly id: string;
  readonly declarationId: string;
  readonly declarationVersion: number;
  readonly itemNumber: number;
  readonly decision: string;
  /** Adjusted customs value in `currency` (the national currency), two decimal places. */
  readonly adjustedValue: string | null;
  readonly currency: string;
  readonly basis: string;
  readonly basisReference: string | null;
  readonly reason: string;
  readonly officer: string;
  readonly decidedAt: Date;
  /** The decision this one replaces, if any. */
  readonly supersedes: string | null;
  /** The id of the decision that replaced this one; null while it is in force. */
  readonly supersededBy: string | null;
  /** The indicator the officer was shown, kept as evidence. */
  readonly indicator: unknown;
  readonly appeal: StoredAppeal | null;
}

export interface ItemValuation {
  readonly itemNumber: number;
  readonly tariffLine: string;
  readonly origin: string;
  readonly description: string;
  readonly indicator: ValuationIndicator;
  /** The decision in force, or null. */
  readonly decision: StoredDecision | null;
  /** Every decision on the item, oldest first (each with its appeal). */
  readonly decisions: readonly StoredDecision[];
  /**
   * An officer's decision is needed: the item is flagged and has none in force, or the appeal
   * against the decision in force was upheld.
   */
  readonly needsDecision: boolean;
}

export interface DeclarationValuation {
  readonly declarationId: string;
  readonly version: number;
  readonly status: string;
  /** The generation of bands used; null when no bands were ever built. */
  readonly generation: BandGeneration | null;
  readonly flagMarginPercent: string;
  readonly flagged: boolean;
  readonly needsDecision: number;
  /** Sum of the items' revenue at risk; null when one of them is unknown. */
  readonly revenueAtRisk: string | null;
  readonly items: readonly ItemValuation[];
}

export interface BandsPage {
  readonly generation: BandGeneration | null;
  readonly bands: readonly ValuationBand[];
  readonly total: number;
}

export interface ValuationService {
  readonly policy: ValuationPolicy;
  /**
   * Builds a new generation of bands from past released declarations. A call while a rebuild
   * runs joins it (its progress goes to the first caller only).
   */
  rebuild(options?: { readonly onProgress?: (progress: RebuildProgress) => void }): Promise<RebuildReport>;
  /** The generation in use (the newest), or undefined when none was built. */
  latestGeneration(): Promise<BandGeneration | undefined>;
  /** True when the newest generation holds at least one band. */
  hasBands(): Promise<boolean>;
  /**
   * Bands of the newest generation. `line`: the bands that can serve this national line (its
   * line-and-origin cells and its subheading's wider cells); `hs6`: every band of the
   * subheading; `origin`: bands of that origin and the bands of any origin.
   */
  bands(
    query: ValuationBandQuery & { readonly limit?: number; readonly offset?: number },
  ): Promise<BandsPage>;
  /** The indicator of every item of a declaration's current version, with the decisions taken. */
  assess(declarationId: string): Promise<Result<DeclarationValuation, AppError>>;
  /**
   * For each document, in its item order, how far each item's unit value falls below the P10 of
   * its band, in percent (0 when not below; undefined without a band): the selectivity
   * indicator, for many documents at once with one read of the bands.
   */
  percentBelowReference(
    documents: readonly GoodsDeclaration[],
  ): Promise<readonly (readonly (number | undefined)[])[]>;
  /**
   * The same in two steps, for a caller that reads other things in the same round trip: the read
   * of which band generation is the newest (its id; undefined when none was built), then the
   * percentages against that generation's bands (read once per process and generation).
   */
  readonly newestGenerationRead: JsonRead<string | undefined>;
  percentBelowReferenceIn(
    generationId: string | undefined,
    documents: readonly GoodsDeclaration[],
  ): Promise<readonly (readonly (number | undefined)[])[]>;
  /** Records an officer's decision on one item (1-based); it supersedes the one in force. */
  decide(
    declarationId: string,
    itemNumber: number,
    input: unknown,
  ): Promise<Result<StoredDecision, AppError>>;
  /** Lodges an appeal against a decision in force; one appeal per decision. */
  appeal(decisionId: string, input: unknown): Promise<Result<StoredAppeal, AppError>>;
  /** Records the outcome of an appeal, once. */
  decideAppeal(appealId: string, input: unknown): Promise<Result<StoredAppeal, AppError>>;
}

export interface ValuationServiceDeps {
  readonly db: Database;
  readonly declarations: Pick<DeclarationService, 'appendEventsWithin'>;
  /**
   * Effective tax rates for the revenue at risk. Undefined (no tariff configured): revenue at
   * risk is unknown (null), never 0.
   */
  readonly taxRates: TaxRates | undefined;
  readonly nationalCurrency: string;
  readonly clock: () => Date;
  readonly newId: () => string;
  readonly policy?: ValuationPolicy;
  /** Days of released declarations that feed the bands; default 365. */
  readonly windowDays?: number;
  /** Where decisions, appeals and their outcomes are recorded for audit (none: not recorded). */
  readonly audit?: AuditTrail;
  /** Generations kept after a rebuild; default 7. */
  readonly keepGenerations?: number;
  /** Items read per query by a rebuild; default 5,000. */
  readonly rebuildPageSize?: number;
}

const decisionAttempts = 5;

/** Ids are UUIDs; anything else names nothing (and must not reach a uuid column). */
const isId = (id: string): boolean =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

export function createValuationService(deps: ValuationServiceDeps): ValuationService {
  const { db } = deps;
  const policy = checkValuationPolicy(deps.policy ?? defaultValuationPolicy);
  let running: Promise<RebuildReport> | undefined;

  const latestGeneration = async (): Promise<BandGeneration | undefined> => {
    const [row] = await db
      .select()
      .from(valuationBandGenerations)
      .orderBy(desc(valuationBandGenerations.number))
      .limit(1);
    return row && generationOf(row);
  };

  // A generation of bands never changes once built: each process reads the newest one whole,
  // once, for the indicators selectivity asks for on every assessment.
  let bandIndex:
    { readonly generationId: string; readonly index: Promise<Map<string, ValuationBand>> } | undefined;
  const bandIndexOf = (generationId: string): Promise<Map<string, ValuationBand>> => {
    if (bandIndex?.generationId !== generationId) {
      const index = db
        .select()
        .from(valuationBands)
        .where(eq(valuationBands.generationId, generationId))
        .then((rows) => new Map(rows.map((row) => [cellKey(bandOf(row)), bandOf(row)])));
      // A failed read is not kept: the next call reads again.
      index.catch(() => {
        if (bandIndex?.index === index) bandIndex = undefined;
      });
      bandIndex = { generationId, index };
    }
    return bandIndex.index;
  };

  const newestGenerationRead: JsonRead<string | undefined> = {
    query: jsonRows(
      db
        .select({ id: valuationBandGenerations.id })
        .from(valuationBandGenerations)
        .orderBy(desc(valuationBandGenerations.number))
        .limit(1),
    ),
    read: (value) => (value as { id: string }[])[0]?.id,
  };

  const percentBelowReferenceIn: ValuationService['percentBelowReferenceIn'] = async (
    generationId,
    documents,
  ) => {
    if (generationId === undefined) return documents.map((document) => document.items.map(() => undefined));
    const index = await bandIndexOf(generationId);
    const bandOf = (cell: ValuationCell) => index.get(cellKey(cell));
    return documents.map((document) =>
      document.items.map((item) => {
        const belowP10Percent = belowP10PercentOf(item, {
          exchangeRate: document.invoice.exchangeRate,
          bandOf,
        });
        if (belowP10Percent === null) return undefined;
        return Math.max(0, Number(belowP10Percent));
      }),
    );
  };

  const readDecisions = async (declarationId: string, executor: Database = db): Promise<StoredDecision[]> => {
    const rows = await executor
      .select({
        decision: valuationDecisions,
        appeal: valuationAppeals,
        outcome: valuationAppealOutcomes,
      })
      .from(valuationDecisions)
      .leftJoin(valuationAppeals, eq(valuationAppeals.decisionId, valuationDecisions.id))
      .leftJoin(valuationAppealOutcomes, eq(valuationAppealOutcomes.appealId, valuationAppeals.id))
      .where(eq(valuationDecisions.declarationId, declarationId))
      .orderBy(asc(valuationDecisions.itemNumber), asc(valuationDecisions.decidedAt));
    const supersededBy = new Map(
      rows.flatMap((row) =>
        row.decision.supersedes ? [[row.decision.supersedes, row.decision.id] as const] : [],
      ),
    );
    const decisions = rows.map(({ decision, appeal, outcome }) => ({
      ...decision,
      supersededBy: supersededBy.get(decision.id) ?? null,
      appeal: appeal && appealOf(appeal, outcome),
    }));
    return inChainOrder(decisions);
  };

  /** The declaration's current version: head, items and exchange rate. */
  const readDeclaration = async (declarationId: string) => {
    if (!isId(declarationId)) return undefined;
    const [head] = await db
      .select({
        id: declarations.id,
        status: declarations.status,
        version: declarations.currentVersion,
        lodgedAt: declarations.lodgedAt,
        exchangeRate: sql<string | null>`${documentVersions.document}->'invoice'->>'exchangeRate'`,
      })
      .from(declarations)
      .innerJoin(
        documentVersions,
        and(
          eq(documentVersions.subjectType, 'declaration'),
          eq(documentVersions.subjectId, declarations.id),
          eq(documentVersions.version, declarations.currentVersion),
        ),
      )
      .where(eq(declarations.id, declarationId));
    if (!head) return undefined;
    const items = await db
      .select()
      .from(declarationItems)
      .where(
        and(eq(declarationItems.declarationId, declarationId), eq(declarationItems.version, head.version)),
      )
      .orderBy(asc(declarationItems.itemNumber));
    return { head, items };
  };

  const assessCurrent = async (declarationId: string) => {
    const declaration = await readDeclaration(declarationId);
    if (!declaration) return undefined;
    const { head, items } = declaration;
    const generation = await latestGeneration();
    const subheadings = [...new Set(items.map((item) => item.hs6))];
    const bandRows =
      generation && subheadings.length > 0
        ? await db
            .select()
            .from(valuationBands)
            .where(
              and(
                eq(valuationBands.generationId, generation.id),
                inArray(sql`left(${valuationBands.code}, 6)`, subheadings),
              ),
            )
        : [];
    const index = new Map(bandRows.map((row) => [cellKey(bandOf(row)), bandOf(row)]));
    const rates = new Map<string, string | undefined>();
    for (const line of new Set(items.map((item) => item.tariffLine))) {
      rates.set(line, await deps.taxRates?.effectiveRate(line, head.lodgedAt));
    }
    const indicators = items.map((item) => ({
      item,
      indicator: assessItemValue(item, {
        // Intake requires the rate (goods-declaration.ts); a document without one is in the
        // national currency, whose rate is 1.
        exchangeRate: head.exchangeRate ?? '1',
        bandOf: (cell) => index.get(cellKey(cell)),
        effectiveRate: rates.get(item.tariffLine),
        policy,
      }),
    }));
    return { head, generation, indicators };
  };

  const findDecision = async (id: string) => {
    if (!isId(id)) return undefined;
    const [row] = await db.select().from(valuationDecisions).where(eq(valuationDecisions.id, id));
    return row;
  };

  /**
   * Records a valuation step inside its transaction: its audit entry on the file, then the
   * file's event (the trail's lock is taken before the file's status row, as assessments take
   * it). The file was found before the transaction began and the event is of a declaration, so a refusal is
   * a programming error: thrown, it rolls the whole step back.
   */
  const recordWithin = async (
    tx: Database,
    declarationId: string,
    record: Omit<AuditRecord, 'subject'>,
    event: NewEvent,
  ): Promise<void> => {
    await deps.audit?.append({ ...record, subject: { type: 'declaration', id: declarationId } }, tx);
    const appended = await deps.declarations.appendEventsWithin(tx, declarationId, [event]);
    if (!appended.ok) throw new Error(`valuation event on ${declarationId}: ${appended.error.code}`);
  };

  const readAppeal = async (id: string, executor: Database = db): Promise<StoredAppeal | undefined> => {
    if (!isId(id)) return undefined;
    const [row] = await executor
      .select({ appeal: valuationAppeals, outcome: valuationAppealOutcomes })
      .from(valuationAppeals)
      .leftJoin(valuationAppealOutcomes, eq(valuationAppealOutcomes.appealId, valuationAppeals.id))
      .where(eq(valuationAppeals.id, id));
    return row && appealOf(row.appeal, row.outcome);
  };

  return {
    policy,
    rebuild(options = {}) {
      running ??= rebuildBands(
        {
          db,
          clock: deps.clock,
          newId: deps.newId,
          policy,
          windowDays: deps.windowDays ?? 365,
          keepGenerations: deps.keepGenerations ?? 7,
          ...(deps.rebuildPageSize ? { pageSize: deps.rebuildPageSize } : {}),
        },
        options.onProgress,
      ).finally(() => {
        running = undefined;
      });
      return running;
    },
    latestGeneration,
    async hasBands() {
      const generation = await latestGeneration();
      if (!generation) return false;
      const [row] = await db
        .select({ bands: count() })
        .from(valuationBands)
        .where(eq(valuationBands.generationId, generation.id));
      return (row?.bands ?? 0) > 0;
    },
    async bands(query) {
      const generation = await latestGeneration();
      if (!generation) return { generation: null, bands: [], total: 0 };
      const conditions: (SQL | undefined)[] = [eq(valuationBands.generationId, generation.id)];
      if (query.line) {
        conditions.push(
          or(
            and(eq(valuationBands.level, 'line_origin'), eq(valuationBands.code, query.line)),
            and(
              sql`${valuationBands.level} <> 'line_origin'`,
              eq(valuationBands.code, query.line.slice(0, 6)),
            ),
          ),
        );
      }
      if (query.hs6) conditions.push(eq(sql`left(${valuationBands.code}, 6)`, query.hs6));
      if (query.origin)
        conditions.push(or(eq(valuationBands.origin, query.origin), isNull(valuationBands.origin)));
      const where = and(...conditions);
      const [totalRow] = await db.select({ total: count() }).from(valuationBands).where(where);
      const rows = await db
        .select()
        .from(valuationBands)
        .where(where)
        .orderBy(
          sql`case ${valuationBands.level} when 'line_origin' then 1 when 'hs6_origin' then 2 else 3 end`,
          asc(valuationBands.code),
          asc(valuationBands.origin),
          asc(valuationBands.unit),
        )
        .limit(query.limit ?? 1000)
        .offset(query.offset ?? 0);
      return { generation, bands: rows.map(bandOf), total: totalRow?.total ?? 0 };
    },
    async percentBelowReference(documents) {
      const { generation } = await readTogether(db, { generation: newestGenerationRead });
      return percentBelowReferenceIn(generation, documents);
    },
    newestGenerationRead,
    percentBelowReferenceIn,

    async assess(declarationId) {
      const assessed = await assessCurrent(declarationId);
      if (!assessed) return err(appError('DECLARATION_NOT_FOUND', { id: declarationId }));
      const decisions = await readDecisions(declarationId);
      const items = assessed.indicators.map(({ item, indicator }): ItemValuation => {
        const own = decisions.filter((decision) => decision.itemNumber === item.itemNumber);
        const current = own.find((decision) => decision.supersededBy === null) ?? null;
        return {
          itemNumber: item.itemNumber,
          tariffLine: item.tariffLine,
          origin: item.origin,
          description: item.description,
          indicator,
          decision: current,
          decisions: own,
          needsDecision: (indicator.flagged && current === null) || current?.appeal?.status === 'upheld',
        };
      });
      return ok({
        declarationId,
        version: assessed.head.version,
        status: assessed.head.status,
        generation: assessed.generation ?? null,
        flagMarginPercent: policy.flagMarginPercent,
        flagged: items.some((item) => item.indicator.flagged),
        needsDecision: items.filter((item) => item.needsDecision).length,
        revenueAtRisk: totalRevenueAtRisk(items.map((item) => item.indicator)),
        items,
      });
    },
    async decide(declarationId, itemNumber, input) {
      const assessed = await assessCurrent(declarationId);
      if (!assessed) return err(appError('DECLARATION_NOT_FOUND', { id: declarationId }));
      const assessedItem = assessed.indicators.find(({ item }) => item.itemNumber === itemNumber);
      if (!assessedItem) {
        return err(
          appError('VALUATION_ITEM_NOT_FOUND', {
            id: declarationId,
            item: itemNumber,
            items: assessed.indicators.length,
          }),
        );
      }
      const parsed = parseDocument(valuationDecisionSchema, input);
      if (!parsed.ok) return err(appError('VALIDATION_FAILED', { count: parsed.error.length }, parsed.error));
      const document = parsed.value;
      const id = deps.newId();
      const decidedAt = deps.clock();
      const indicator = { generationId: assessed.generation?.id ?? null, ...assessedItem.indicator };
      // The decision, its event and its audit entry are stored together, or none of them is.
      const stored = await db.transaction(async (tx) => {
        // The new decision takes the slot after the one in force; when another officer took it
        // meanwhile, the unique indexes refuse the row and it is retried after the newer one.
        let supersedes: string | null;
        for (let attempt = 1; ; attempt++) {
          const [inForce] = await tx
            .select({ id: valuationDecisions.id })
            .from(valuationDecisions)
            .where(
              and(
                eq(valuationDecisions.declarationId, declarationId),
                eq(valuationDecisions.itemNumber, itemNumber),
                sql`not exists (select 1 from ${valuationDecisions} as later where later.supersedes = ${valuationDecisions.id})`,
              ),
            );
          supersedes = inForce?.id ?? null;
          const inserted = await tx
            .insert(valuationDecisions)
            .values({
              id,
              declarationId,
              declarationVersion: assessed.head.version,
              itemNumber,
              decision: document.decision,
              adjustedValue: document.adjustedValue ?? null,
              currency: deps.nationalCurrency,
              basis: document.basis,
              basisReference: document.basisReference ?? null,
              reason: document.reason,
              officer: document.officer,
              decidedAt,
              supersedes,
              indicator,
            })
            .onConflictDoNothing()
            .returning({ id: valuationDecisions.id });
          if (inserted.length === 1) break;
          if (attempt >= decisionAttempts)
            throw new Error(`valuation decision on ${declarationId}/${itemNumber}: too much contention`);
        }
        const decisions = await readDecisions(declarationId, tx);
        const decided = decisions.find((decision) => decision.id === id);
        if (!decided) throw new Error(`valuation decision ${id} vanished after its insert`);
        const superseded = decisions.find((decision) => decision.id === supersedes);
        await recordWithin(
          tx,
          declarationId,
          {
            actor: decided.officer,
            action: 'valuation.decided',
            before: superseded ? auditedDecision(superseded) : null,
            after: auditedDecision(decided),
          },
          {
            type: 'valuation_decided',
            occurredAt: decidedAt,
            data: {
              decisionId: id,
              item: itemNumber,
              decision: document.decision,
              basis: document.basis,
              officer: document.officer,
              ...(supersedes ? { supersedes } : {}),
            },
          },
        );
        return decided;
      });
      return ok(stored);
    },
    async appeal(decisionId, input) {
      const decision = await findDecision(decisionId);
      if (!decision) return err(appError('VALUATION_DECISION_NOT_FOUND', { id: decisionId }));
      const parsed = parseDocument(valuationAppealSchema, input);
      if (!parsed.ok) return err(appError('VALIDATION_FAILED', { count: parsed.error.length }, parsed.error));
      const [later] = await db
        .select({ id: valuationDecisions.id })
        .from(valuationDecisions)
        .where(eq(valuationDecisions.supersedes, decisionId));
      if (later) return err(appError('VALUATION_DECISION_SUPERSEDED', { id: decisionId, current: later.id }));
      const id = deps.newId();
      const lodgedAt = deps.clock();
      // The appeal, its event and its audit entry are stored together, or none of them is.
      return db.transaction(async (tx): Promise<Result<StoredAppeal, AppError>> => {
        const inserted = await tx
          .insert(valuationAppeals)
          .values({
            id,
            decisionId,
            declarationId: decision.declarationId,
            lodgedBy: parsed.value.lodgedBy,
            grounds: parsed.value.grounds,
            lodgedAt,
          })
          .onConflictDoNothing()
          .returning({ id: valuationAppeals.id });
        if (inserted.length === 0) {
          const [existing] = await tx
            .select({ id: valuationAppeals.id })
            .from(valuationAppeals)
            .where(eq(valuationAppeals.decisionId, decisionId));
          return err(appError('VALUATION_APPEAL_EXISTS', { id: decisionId, appeal: existing?.id ?? '?' }));
        }
        const lodged = await readAppeal(id, tx);
        if (!lodged) throw new Error(`valuation appeal ${id} vanished after its insert`);
        await recordWithin(
          tx,
          decision.declarationId,
          {
            actor: lodged.lodgedBy,
            action: 'valuation.appealed',
            before: auditedDecision(decision),
            after: { item: decision.itemNumber, appeal: lodged },
          },
          {
            type: 'valuation_appealed',
            occurredAt: lodgedAt,
            data: { appealId: id, decisionId, item: decision.itemNumber, lodgedBy: parsed.value.lodgedBy },
          },
        );
        return ok(lodged);
      });
    },
    async decideAppeal(appealId, input) {
      const appeal = await readAppeal(appealId);
      if (!appeal) return err(appError('VALUATION_APPEAL_NOT_FOUND', { id: appealId }));
      const parsed = parseDocument(valuationAppealOutcomeSchema, input);
      if (!parsed.ok) return err(appError('VALIDATION_FAILED', { count: parsed.error.length }, parsed.error));
      const decidedAt = deps.clock();
      // The outcome, its event and its audit entry are stored together, or none of them is.
      return db.transaction(async (tx): Promise<Result<StoredAppeal, AppError>> => {
        const inserted = await tx
          .insert(valuationAppealOutcomes)
          .values({
            appealId,
            outcome: parsed.value.outcome,
            reason: parsed.value.reason,
            decidedBy: parsed.value.decidedBy,
            decidedAt,
          })
          .onConflictDoNothing()
          .returning({ appealId: valuationAppealOutcomes.appealId });
        if (inserted.length === 0) {
          const decided = await readAppeal(appealId, tx);
          return err(
            appError('VALUATION_APPEAL_ALREADY_DECIDED', { id: appealId, outcome: decided?.status ?? '?' }),
          );
        }
        const stored = await readAppeal(appealId, tx);
        if (!stored) throw new Error(`valuation appeal ${appealId} vanished after its outcome`);
        await recordWithin(
          tx,
          appeal.declarationId,
          {
            actor: parsed.value.decidedBy,
            action: 'valuation.appeal_decided',
            before: appeal,
            after: stored,
          },
          {
            type: 'valuation_appeal_decided',
            occurredAt: decidedAt,
            data: {
              appealId,
              decisionId: appeal.decisionId,
              outcome: parsed.value.outcome,
              decidedBy: parsed.value.decidedBy,
            },
          },
        );
        return ok(stored);
      });
    },
  };
}

/**
 * Each item's decisions in the order they superseded one another (clocks may tie): the first
 * decision of an item, then the one that replaced it, and so on. Items keep their order.
 */
function inChainOrder(decisions: readonly StoredDecision[]): StoredDecision[] {
  const byId = new Map(decisions.map((decision) => [decision.id, decision]));
  const ordered: StoredDecision[] = [];
  for (const first of decisions.filter((decision) => decision.supersedes === null)) {
    for (let next: StoredDecision | undefined = first; next;) {
      ordered.push(next);
      next = next.supersededBy === null ? undefined : byId.get(next.supersededBy);
    }
  }
  return ordered.sort((a, b) => a.itemNumber - b.itemNumber);
}

function generationOf(row: typeof valuationBandGenerations.$inferSelect): BandGeneration {
  return {
    id: row.id,
    builtAt: row.builtAt,
    windowFrom: row.windowFrom,
    windowTo: row.windowTo,
    declarations: row.declarations,
    items: row.items,
    minimumSample: row.minimumSample,
  };
}

function bandOf(row: typeof valuationBands.$inferSelect): ValuationBand {
  return {
    level: row.level as CellLevel,
    code: row.code,
    origin: row.origin,
    unit: row.unit,
    sampleSize: row.sampleSize,
    trimmed: row.trimmed,
    p10: row.p10,
    median: row.median,
    p90: row.p90,
  };
}

function appealOf(
  appeal: typeof valuationAppeals.$inferSelect,
  outcome: typeof valuationAppealOutcomes.$inferSelect | null,
): StoredAppeal {
  return {
    id: appeal.id,
    decisionId: appeal.decisionId,
    declarationId: appeal.declarationId,
    lodgedBy: appeal.lodgedBy,
    grounds: appeal.grounds,
    lodgedAt: appeal.lodgedAt,
    status: outcome ? (outcome.outcome as AppealStatus) : 'lodged',
    outcome: outcome && {
      reason: outcome.reason,
      decidedBy: outcome.decidedBy,
      decidedAt: outcome.decidedAt,
    },
  };
}

/** A decision as the audit trail keeps it: what was decided, by whom and why (not the indicator). */
function auditedDecision(
  decision: Pick<
    StoredDecision,
    | 'id'
    | 'itemNumber'
    | 'declarationVersion'
    | 'decision'
    | 'adjustedValue'
    | 'currency'
    | 'basis'
    | 'basisReference'
    | 'reason'
    | 'officer'
    | 'decidedAt'
    | 'supersedes'
  >,
) {
  return {
    id: decision.id,
    item: decision.itemNumber,
    declarationVersion: decision.declarationVersion,
    decision: decision.decision,
    adjustedValue: decision.adjustedValue,
    currency: decision.currency,
    basis: decision.basis,
    basisReference: decision.basisReference,
    reason: decision.reason,
    officer: decision.officer,
    decidedAt: decision.decidedAt,
    supersedes: decision.supersedes,
  };
}
