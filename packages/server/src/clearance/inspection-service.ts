/**
 * Inspection results from the quay: the outcome, the discrepancies found (value,
 * classification, origin, quantity, undeclared or prohibited goods), the seizure, the item data
 * the inspector corrected, and photos. When items were corrected, the corrected declaration is
 * liquidated with the tariff in force on the file's registration date, and the revenue
 * recovered is the re-assessed total less the declared total (DOMAIN.md "Inspection result").
 *
 * A result appends `control_finished` with data `{ outcome, revenueRecovered, ... }`, which
 * selectivity reads for importer hit rates and backtests, and which the indicators read for the
 * hit rates of the criteria and profiles that selected the file. The phone retries
 * submissions made offline: the client's result id makes a retry return the stored result,
 * never record it twice; the same id with other content is refused.
 */
import { createHash } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import { Decimal } from 'decimal.js';
import { z } from 'zod';
import {
  appError,
  applyClearanceEvent,
  canonicalJson,
  controlMethods,
  countryCode,
  decimal,
  encodeExpectation,
  err,
  ok,
  parseDocument,
  text,
  type AppError,
  type GoodsDeclaration,
  type Liquidation,
  type Problem,
  type Result,
} from '@anticipa/core';
import type { AuditTrail } from '../audit/audit-log.ts';
import type { Database } from '../db/database.ts';
import { isUniqueViolation } from '../db/statements.ts';
import type { DeclarationService } from '../declaration/declaration-service.ts';
import { createEventStore, type NewEvent } from '../intake/document-store.ts';
import { sha256 } from '../shared/content-hash.ts';
import type { TariffService } from '../tariff/tariff-service.ts';
import { clearanceOf, type ClearanceService } from './clearance-service.ts';
import { inspectionAttachments, inspectionResults } from './clearance-tables.ts';

export const discrepancyKinds = [
  'value',
  'classification',
  'origin',
  'quantity',
  'undeclared',
  'prohibited',
] as const;

/** Photo types a phone takes; anything else is refused. */
export const photoMediaTypes = ['image/jpeg', 'image/png', 'image/webp'] as const;
/** The largest photo, decoded: a phone photo at reduced resolution. The request body limit applies too. */
export const maxPhotoBytes = 4 * 1024 * 1024;
export const maxPhotos = 10;

const instant = z.iso.datetime({ offset: true, error: encodeExpectation('datetime') });
const whole = (min: number, max: number) =>
  z
    .number()
    .int(encodeExpectation('integer_range', { min, max }))
    .min(min, encodeExpectation('integer_range', { min, max }))
    .max(max, encodeExpectation('integer_range', { min, max }));
const listOf = <T extends z.ZodType>(item: T, max: number) =>
  z
    .array(item)
    .max(max, encodeExpectation('list_length', { min: 0, max }))
    .default([]);

const photoSchema = z.strictObject({
  fileName: text(1, 200),
  mediaType: z.enum(photoMediaTypes),
  content: z
    .string()
    .refine((value) => /^[A-Za-z0-9+/]*={0,2}$/.test(value) && value.length % 4 === 0, {
      error: encodeExpectation('base64'),
      abort: true,
    })
    .refine(
      (value) => {
        const bytes = (value.length / 4) * 3 - (value.endsWith('==') ? 2 : value.endsWith('=') ? 1 : 0);
        return bytes > 0 && bytes <= maxPhotoBytes;
      },
      encodeExpectation('attachment_size', { max: maxPhotoBytes }),
    ),
});

const resultSchema = z.strictObject({
  resultId: z.uuid(encodeExpectation('reference')),
  outcome: z.enum(['compliant', 'non_compliant']),
  inspector: text(1, 140),
  method: z.enum(controlMethods).optional(),
  startedAt: instant.optional(),
  finishedAt: instant,
  discrepancies: listOf(
    z.strictObject({
      kind: z.enum(discrepancyKinds),
      item: whole(1, 9999).optional(),
      description: text(1, 1000),
    }),
    100,
  ),
  seizure: z
    .strictObject({ description: text(1, 1000), packages: whole(1, 1_000_000).optional() })
    .optional(),
  correctedItems: listOf(
    z.strictObject({
      item: whole(1, 9999),
      tariffLine: z
        .string()
        .regex(/^\d{8,10}$/, encodeExpectation('tariff_line'))
        .optional(),
      origin: countryCode.optional(),
      customsValue: decimal({ digits: 15, scale: 2, positive: true }).optional(),
      netMass: decimal({ digits: 12, scale: 3, positive: true }).optional(),
      supplementaryQuantity: decimal({ digits: 12, scale: 3, positive: true }).optional(),
    }),
    999,
  ),
  notes: text(1, 4000).optional(),
  photos: listOf(photoSchema, maxPhotos),
});
export type InspectionResultInput = z.output<typeof resultSchema>;

export interface AttachmentSummary {
  readonly id: number;
  readonly fileName: string;
  readonly mediaType: string;
  readonly size: number;
  readonly sha256: string;
}

export interface InspectionResult {
  readonly resultId: string;
  readonly declarationId: string;
  readonly declarationVersion: number;
  readonly outcome: 'compliant' | 'non_compliant';
  readonly inspector: string;
  readonly method: string | null;
  readonly startedAt: Date | null;
  readonly finishedAt: Date;
  readonly discrepancies: InspectionResultInput['discrepancies'];
  readonly seizure: InspectionResultInput['seizure'] | null;
  readonly correctedItems: InspectionResultInput['correctedItems'];
  readonly notes: string | null;
  readonly seized: boolean;
  /** Totals of the declared and the corrected declaration (national currency); null when nothing was corrected. */
  readonly declaredTotal: string | null;
  readonly reassessedTotal: string | null;
  /** Re-assessed less declared duties and taxes, in the national currency ("0" when nothing was corrected). */
  readonly revenueRecovered: string;
  readonly reassessment: Liquidation | null;
  readonly attachments: readonly AttachmentSummary[];
  readonly recordedAt: Date;
}

export interface RecordedResult {
  /** False when the same result had been recorded before (a retried submission). */
  readonly created: boolean;
  readonly result: InspectionResult;
}

export interface InspectionService {
  /**
   * Records a control's result (see the module header). `actor`, who records it (the inspector
   * named in the result when not given), is written to the audit trail with the result.
   */
  record(declarationId: string, input: unknown, actor?: string): Promise<Result<RecordedResult, AppError>>;
  /** The file's result (INSPECTION_RESULT_NOT_FOUND). */
  resultOf(declarationId: string): Promise<Result<InspectionResult, AppError>>;
  /** A photo's bytes (ATTACHMENT_NOT_FOUND). */
  attachment(
    id: number,
  ): Promise<
    Result<{ readonly mediaType: string; readonly fileName: string; readonly content: Buffer }, AppError>
  >;
}

/** The declaration with the inspector's corrections applied to its items. */
export function correctedDeclaration(
  document: GoodsDeclaration,
  corrections: InspectionResultInput['correctedItems'],
): GoodsDeclaration {
  const items = document.items.map((item, index) => {
    const correction = corrections.find((entry) => entry.item === index + 1);
    if (!correction) return item;
    const { item: _number, ...fields } = correction;
    const defined = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
    return { ...item, ...defined };
  });
  return { ...document, items };
}

export function createInspectionService(deps: {
  readonly db: Database;
  readonly declarations: DeclarationService;
  readonly clearance: Pick<ClearanceService, 'onFile'>;
  readonly tariff: Pick<TariffService, 'liquidate' | 'liquidateDocument'>;
  readonly clock: () => Date;
  readonly audit?: AuditTrail | undefined;
}): InspectionService {
  const { db } = deps;

  const attachmentsOf = async (resultId: string): Promise<AttachmentSummary[]> =>
    db
      .select({
        id: inspectionAttachments.id,
        fileName: inspectionAttachments.fileName,
        mediaType: inspectionAttachments.mediaType,
        size: inspectionAttachments.size,
        sha256: inspectionAttachments.sha256,
      })
      .from(inspectionAttachments)
      .where(eq(inspectionAttachments.resultId, resultId))
      .orderBy(asc(inspectionAttachments.position));

  const toResult = async (row: typeof inspectionResults.$inferSelect): Promise<InspectionResult> => {
    const findings = row.findings as Pick<
      InspectionResult,
      'discrepancies' | 'seizure' | 'correctedItems' | 'notes'
    >;
    return {
      resultId: row.id,
      declarationId: row.declarationId,
      declarationVersion: row.declarationVersion,
      outcome: row.outcome as InspectionResult['outcome'],
      inspector: row.inspector,
      method: row.method,
      startedAt: row.startedAt,
      finishedAt: row.finishedAt,
      discrepancies: findings.discrepancies,
      seizure: findings.seizure ?? null,
      correctedItems: findings.correctedItems,
      notes: findings.notes ?? null,
      seized: row.seized,
      declaredTotal: row.declaredTotal === null ? null : new Decimal(row.declaredTotal).toFixed(),
      reassessedTotal: row.reassessedTotal === null ? null : new Decimal(row.reassessedTotal).toFixed(),
      revenueRecovered: new Decimal(row.revenueRecovered).toFixed(),
      reassessment: row.reassessment as Liquidation | null,
      attachments: await attachmentsOf(row.id),
      recordedAt: row.recordedAt,
    };
  };

  const findById = async (id: string) =>
    (await db.select().from(inspectionResults).where(eq(inspectionResults.id, id)))[0];

  /** A stored result for a retried submission: the same content replays, other content is refused. */
  const replay = async (
    declarationId: string,
    stored: typeof inspectionResults.$inferSelect,
    hash: string,
  ): Promise<Result<RecordedResult, AppError>> =>
    stored.contentHash === hash && stored.declarationId === declarationId
      ? ok({ created: false, result: await toResult(stored) })
      : err(appError('INSPECTION_RESULT_ID_REUSED', { id: stored.id }));

  const record = async (
    declarationId: string,
    input: unknown,
    actor?: string,
  ): Promise<Result<RecordedResult, AppError>> => {
    const parsed = parseDocument(resultSchema, input);
    if (!parsed.ok) return err(appError('VALIDATION_FAILED', { count: parsed.error.length }, parsed.error));
    const value = parsed.value;
    const hash = sha256(canonicalJson(value));
    const earlier = await findById(value.resultId);
    if (earlier) return replay(declarationId, earlier, hash);

    const found = await deps.declarations.get(declarationId);
    if (!found.ok) return found;
    const { head, document } = found.value;
    const problems = consistencyProblems(value, document.items.length);
    if (problems.length > 0) return err(appError('VALIDATION_FAILED', { count: problems.length }, problems));

    return deps.clearance.onFile(declarationId, async (): Promise<Result<RecordedResult, AppError>> => {
      const again = await findById(value.resultId);
      if (again) return replay(declarationId, again, hash);
      const timeline = await deps.declarations.timeline(declarationId);
      if (!timeline.ok) return timeline;

      // The phone may send the result alone: a planned control not yet started starts then.
      const finishedAt = new Date(value.finishedAt);
      let file = clearanceOf(timeline.value);
      const before = file;
      const events: NewEvent[] = [];
      if (file.control === 'planned') {
        const started = applyClearanceEvent(file, { type: 'control_started' });
        if (!started.ok) return started;
        file = started.value;
        events.push({
          type: 'control_started',
          occurredAt: value.startedAt === undefined ? finishedAt : new Date(value.startedAt),
          data: { inspector: value.inspector },
        });
      }
      const finished = applyClearanceEvent(file, { type: 'control_finished' });
      if (!finished.ok) return finished;

      let declaredTotal: string | null = null;
      let reassessedTotal: string | null = null;
      let reassessment: Liquidation | null = null;
      let revenueRecovered = '0';
      if (value.correctedItems.length > 0) {
        const declared = await deps.tariff.liquidate(declarationId, head.currentVersion);
        if (!declared.ok) return declared;
        const corrected = await deps.tariff.liquidateDocument(
          correctedDeclaration(document, value.correctedItems),
          head.lodgedAt,
        );
        if (!corrected.ok) return corrected;
        declaredTotal = declared.value.total;
        reassessedTotal = corrected.value.total;
        reassessment = corrected.value;
        revenueRecovered = new Decimal(reassessedTotal).minus(declaredTotal).toFixed();
      }
      const seized = value.seizure !== undefined;
      events.push({
        type: 'control_finished',
        occurredAt: finishedAt,
        data: {
          outcome: value.outcome,
          revenueRecovered,
          resultId: value.resultId,
          discrepancies: [...new Set(value.discrepancies.map((entry) => entry.kind))],
          seized,
          ...(value.method === undefined ? {} : { method: value.method }),
        },
      });

      const recordedAt = deps.clock();
      try {
        await db.transaction(async (tx) => {
          await tx.insert(inspectionResults).values({
            id: value.resultId,
            declarationId,
            declarationVersion: head.currentVersion,
            contentHash: hash,
            outcome: value.outcome,
            inspector: value.inspector,
            method: value.method ?? null,
            startedAt: value.startedAt === undefined ? null : new Date(value.startedAt),
            finishedAt,
            findings: {
              discrepancies: value.discrepancies,
              correctedItems: value.correctedItems,
              ...(value.seizure === undefined ? {} : { seizure: value.seizure }),
              ...(value.notes === undefined ? {} : { notes: value.notes }),
            },
            seized,
            declaredTotal,
            reassessedTotal,
            revenueRecovered,
            reassessment,
            recordedAt,
          });
          for (const [position, photo] of value.photos.entries()) {
            const content = Buffer.from(photo.content, 'base64');
            await tx.insert(inspectionAttachments).values({
              resultId: value.resultId,
              position,
              fileName: photo.fileName,
              mediaType: photo.mediaType,
              size: content.length,
              sha256: createHash('sha256').update(content).digest('hex'),
              content,
            });
          }
          await createEventStore(tx).append('declaration', declarationId, events, recordedAt);
          // In the same transaction: a result is on the trail if and only if it is stored.
          await deps.audit?.append(
            {
              actor: actor ?? value.inspector,
              action: 'inspection.result_recorded',
              subject: { type: 'declaration', id: declarationId },
              before: { state: before.state, lane: before.lane },
              after: {
                resultId: value.resultId,
                outcome: value.outcome,
                inspector: value.inspector,
                finishedAt: finishedAt.toISOString(),
                discrepancies: value.discrepancies,
                correctedItems: value.correctedItems,
                seized,
                revenueRecovered,
                photos: value.photos.length,
              },
            },
            tx,
          );
        });
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        // Another process recorded this result, or another result for the file, first.
        const stored = await findById(value.resultId);
        if (stored) return replay(declarationId, stored, hash);
        const refused = applyClearanceEvent(finished.value, { type: 'control_finished' });
        return refused.ok ? err(appError('INSPECTION_RESULT_NOT_FOUND', { id: declarationId })) : refused;
      }
      await deps.declarations.refreshStatuses([declarationId]);
      const stored = await findById(value.resultId);
      if (!stored) return err(appError('INSPECTION_RESULT_NOT_FOUND', { id: declarationId }));
      return ok({ created: true, result: await toResult(stored) });
    });
  };

  return {
    record,
    async resultOf(declarationId) {
      const [row] = await db
        .select()
        .from(inspectionResults)
        .where(eq(inspectionResults.declarationId, declarationId));
      return row
        ? ok(await toResult(row))
        : err(appError('INSPECTION_RESULT_NOT_FOUND', { id: declarationId }));
    },
    async attachment(id) {
      const [row] = await db.select().from(inspectionAttachments).where(eq(inspectionAttachments.id, id));
      if (!row) return err(appError('ATTACHMENT_NOT_FOUND', { id }));
      return ok({ mediaType: row.mediaType, fileName: row.fileName, content: Buffer.from(row.content) });
    },
  };
}

/** What the schema alone cannot say: the outcome agrees with the discrepancies, items exist. */
function consistencyProblems(value: InspectionResultInput, items: number): Problem[] {
  const problems: Problem[] = [];
  const compliant = value.outcome === 'compliant';
  if (compliant === value.discrepancies.length > 0) {
    problems.push({
      path: '/discrepancies',
      value: value.discrepancies.length,
      code: 'outcome_discrepancies',
      params: { outcome: value.outcome },
    });
  }
  const itemAt = (path: string, item: number | undefined) => {
    if (item !== undefined && item > items)
      problems.push({ path, value: item, code: 'item_known', params: { items } });
  };
  value.discrepancies.forEach((entry, index) => {
    itemAt(`/discrepancies/${String(index)}/item`, entry.item);
  });
  value.correctedItems.forEach((entry, index) => {
    itemAt(`/correctedItems/${String(index)}/item`, entry.item);
  });
  return problems;
}
