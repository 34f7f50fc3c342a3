/**
 * Clearance steps taken through the API, checked by the core state machine before they are
 * stored: a supervisor's re-route of a lane (with a reason), payment and guarantee of duties,
 * the start of a control, and release (green and blue on arrival once paid or guaranteed; red
 * and yellow after their control). An illegal step is refused with CLEARANCE_TRANSITION_REFUSED,
 * naming the file's state, what it lacks and what it may do now. Also each file's Time Release
 * Study segments and the office's breaches of its release targets, as of now.
 *
 * Intake, selectivity (`lane_assigned`) and the demo loader append through
 * `DeclarationService.appendEvents` unchecked, as facts that happened; this service is the
 * gate for the steps officers take. Steps on one file are taken one at a time in this process.
 */
import { and, eq, notInArray } from 'drizzle-orm';
import { z } from 'zod';
import {
  allowedClearanceEvents,
  appError,
  applyClearanceEvent,
  encodeExpectation,
  err,
  lanes,
  ok,
  parseDocument,
  releaseBreaches,
  startClearance,
  text,
  timeRelease,
  toClearanceEvent,
  withRecordedEnd,
  type AppError,
  type ClearanceEventType,
  type ClearanceFile,
  type DeclarationStatus,
  type FileTimeRelease,
  type ReleaseBreach,
  type Result,
  type TimelineEvent,
} from '@anticipa/core';
import type { AuditRecord } from '../audit/audit-log.ts';
import type { Database } from '../db/database.ts';
import { declarations } from '../db/schema.ts';
import type { DeclarationService } from '../declaration/declaration-service.ts';
import type { NewEvent } from '../intake/document-store.ts';
import { readTimelines } from './clearance-timelines.ts';
import type { RosterService } from './roster-service.ts';

/** A file's clearance now: its state, facts, and the steps it may take. */
export interface ClearanceView {
  readonly declarationId: string;
  readonly clearance: ClearanceFile;
  readonly allowed: readonly ClearanceEventType[];
}

export interface ClearanceStep extends ClearanceView {
  readonly status: DeclarationStatus;
}

export interface ClearanceService {
  /** The file's clearance as its timeline gives it. */
  state(declarationId: string): Promise<Result<ClearanceView, AppError>>;
  /** A supervisor moves the file to another lane, saying why (`lane_rerouted`). */
  reroute(declarationId: string, input: unknown, actor?: string): Promise<Result<ClearanceStep, AppError>>;
  /** Duties paid (`paid`). */
  pay(declarationId: string, input: unknown, actor?: string): Promise<Result<ClearanceStep, AppError>>;
  /** Duties guaranteed (`guaranteed`): the goods may go as if paid. */
  guarantee(declarationId: string, input: unknown, actor?: string): Promise<Result<ClearanceStep, AppError>>;
  /** An inspector starts a planned control (`control_started`). */
  startControl(
    declarationId: string,
    input: unknown,
    actor?: string,
  ): Promise<Result<ClearanceStep, AppError>>;
  /** Release of the goods (`released`). */
  release(declarationId: string, input: unknown, actor?: string): Promise<Result<ClearanceStep, AppError>>;
  /**
   * Checks events against the file's clearance and appends them, in one step on the file (see
   * `onFile`): the first refused event refuses them all. For services that record a step with
   * data of their own (inspection results).
   */
  append(declarationId: string, events: readonly NewEvent[]): Promise<Result<ClearanceStep, AppError>>;
  /** Runs work on one file at a time: concurrent steps on the same file wait for each other. */
  onFile<T>(declarationId: string, work: () => Promise<T>): Promise<T>;
  /** The file's Time Release Study segments, with its office's target for its lane. */
  timeRelease(declarationId: string): Promise<Result<FileTimeRelease, AppError>>;
  /** The office's files past their release target and not released, as of now. */
  breaches(office: string): Promise<Result<{ asOf: string; breaches: readonly ReleaseBreach[] }, AppError>>;
}

/**
 * The clearance of a timeline. Events the machine refuses are passed over rather than stopping
 * the replay: a timeline holds facts recorded by intake, selectivity and past systems (the
 * demo's history), and a step taken now is judged on what those facts establish. A release,
 * exit or cancellation on record stands even where the timeline's order refuses it (an arrival
 * dated after the release, recorded later): a file is never released twice.
 */
export function clearanceOf(timeline: readonly Pick<TimelineEvent, 'type' | 'data'>[]): ClearanceFile {
  let file = startClearance();
  for (const event of timeline) {
    const step = toClearanceEvent({ type: event.type, ...(event.data ? { data: event.data } : {}) });
    if (step === null) continue;
    const applied = applyClearanceEvent(file, step);
    if (applied.ok) file = applied.value;
    else if (step.type === 'released' || step.type === 'exited' || step.type === 'cancelled') {
      file = withRecordedEnd(file, step.type);
    }
  }
  return file;
}

const instant = z.iso
  .datetime({ offset: true, error: encodeExpectation('datetime') })
  .transform((value) => new Date(value));
const actor = text(1, 140);

const rerouteSchema = z.strictObject({
  lane: z.enum(lanes),
  reason: text(1, 1000),
  supervisor: actor,
  at: instant.optional(),
});
const paymentSchema = z.strictObject({
  reference: text(1, 70),
  amount: z
    .string()
    .regex(/^\d{1,18}(\.\d{1,2})?$/, encodeExpectation('decimal'))
    .optional(),
  at: instant.optional(),
});
const controlStartSchema = z.strictObject({ inspector: actor, at: instant.optional() });
const releaseSchema = z.strictObject({ by: actor, at: instant.optional() });

/** The officer a step names (the supervisor of a re-route, the inspector, who released). */
function stepActor(event: NewEvent): string | undefined {
  const data = event.data ?? {};
  for (const field of ['supervisor', 'inspector', 'by']) {
    const value = data[field];
    if (typeof value === 'string') return value;
  }
  return undefined;
}

export function createClearanceService(deps: {
  readonly db: Database;
  readonly declarations: DeclarationService;
  readonly roster: Pick<RosterService, 'settings'>;
  readonly isOffice: (code: string) => boolean;
  readonly clock: () => Date;
}): ClearanceService {
  const { db } = deps;
  const queues = new Map<string, Promise<unknown>>();

  const onFile = async <T>(declarationId: string, work: () => Promise<T>): Promise<T> => {
    const previous = queues.get(declarationId) ?? Promise.resolve();
    const run = previous.then(work, work);
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    queues.set(declarationId, settled);
    try {
      return await run;
    } finally {
      if (queues.get(declarationId) === settled) queues.delete(declarationId);
    }
  };

  const state = async (declarationId: string): Promise<Result<ClearanceView, AppError>> => {
    const timeline = await deps.declarations.timeline(declarationId);
    if (!timeline.ok) return timeline;
    const clearance = clearanceOf(timeline.value);
    return ok({ declarationId, clearance, allowed: allowedClearanceEvents(clearance) });
  };

  /** Appends events the machine accepts; `audit` words the trail's entry from the file before and after. */
  const append = (
    declarationId: string,
    events: readonly NewEvent[],
    audit?: (before: ClearanceFile, after: ClearanceFile) => AuditRecord,
  ) =>
    onFile(declarationId, async (): Promise<Result<ClearanceStep, AppError>> => {
      const current = await state(declarationId);
      if (!current.ok) return current;
      let file = current.value.clearance;
      for (const event of events) {
        const step = toClearanceEvent({ type: event.type, ...(event.data ? { data: event.data } : {}) });
        if (step === null) continue;
        const applied = applyClearanceEvent(file, step);
        if (!applied.ok) return applied;
        file = applied.value;
      }
      const appended = await deps.declarations.appendEvents(
        declarationId,
        events,
        audit?.(current.value.clearance, file),
      );
      if (!appended.ok) return appended;
      return ok({
        declarationId,
        clearance: file,
        allowed: allowedClearanceEvents(file),
        status: appended.value,
      });
    });

  const step = async <S extends z.ZodType>(
    declarationId: string,
    schema: S,
    input: unknown,
    toEvent: (value: z.output<S>, at: Date, file: ClearanceFile) => NewEvent,
    actor: string | undefined,
  ): Promise<Result<ClearanceStep, AppError>> => {
    const parsed = parseDocument(schema, input);
    if (!parsed.ok) return err(appError('VALIDATION_FAILED', { count: parsed.error.length }, parsed.error));
    const current = await state(declarationId);
    if (!current.ok) return current;
    const value = parsed.value as z.output<S> & { at?: Date };
    const event = toEvent(parsed.value, value.at ?? deps.clock(), current.value.clearance);
    return append(declarationId, [event], (before, after) => ({
      actor: actor ?? stepActor(event) ?? 'system',
      action: `clearance.${event.type}`,
      subject: { type: 'declaration', id: declarationId },
      before: { state: before.state, lane: before.lane, settlement: before.settlement },
      after: {
        state: after.state,
        lane: after.lane,
        occurredAt: event.occurredAt.toISOString(),
        ...(event.data ?? {}),
      },
    }));
  };

  const targetsOf = async (office: string) => {
    const settings = await deps.roster.settings(office);
    return settings.ok ? settings.value.releaseTargets : undefined;
  };

  return {
    state,
    onFile,
    append,
    reroute: (id, input, actor) =>
      step(
        id,
        rerouteSchema,
        input,
        (value, at, file) => ({
          type: 'lane_rerouted',
          occurredAt: at,
          data: { lane: value.lane, from: file.lane, reason: value.reason, supervisor: value.supervisor },
        }),
        actor,
      ),
    pay: (id, input, actor) =>
      step(
        id,
        paymentSchema,
        input,
        (value, at) => ({
          type: 'paid',
          occurredAt: at,
          data: {
            reference: value.reference,
            ...(value.amount === undefined ? {} : { amount: value.amount }),
          },
        }),
        actor,
      ),
    guarantee: (id, input, actor) =>
      step(
        id,
        paymentSchema,
        input,
        (value, at) => ({
          type: 'guaranteed',
          occurredAt: at,
          data: {
            reference: value.reference,
            ...(value.amount === undefined ? {} : { amount: value.amount }),
          },
        }),
        actor,
      ),
    startControl: (id, input, actor) =>
      step(
        id,
        controlStartSchema,
        input,
        (value, at) => ({
          type: 'control_started',
          occurredAt: at,
          data: { inspector: value.inspector },
        }),
        actor,
      ),
    release: (id, input, actor) =>
      step(
        id,
        releaseSchema,
        input,
        (value, at) => ({
          type: 'released',
          occurredAt: at,
          data: { by: value.by },
        }),
        actor,
      ),
    async timeRelease(declarationId) {
      const found = await deps.declarations.get(declarationId);
      if (!found.ok) return found;
      const timeline = await deps.declarations.timeline(declarationId);
      if (!timeline.ok) return timeline;
      const office = found.value.document.office;
      const targets = await targetsOf(office);
      return ok(
        timeRelease(
          {
            fileId: declarationId,
            office,
            events: timeline.value.map((event) => ({
              type: event.type,
              occurredAt: event.occurredAt.toISOString(),
              ...(event.data ? { data: event.data } : {}),
            })),
          },
          targets ? { defaults: targets } : undefined,
        ),
      );
    },
    async breaches(office) {
      if (!deps.isOffice(office)) return err(appError('OFFICE_NOT_FOUND', { code: office }));
      const asOf = deps.clock();
      const open = await db
        .select({ id: declarations.id })
        .from(declarations)
        .where(
          and(
            eq(declarations.officeCode, office),
            notInArray(declarations.status, ['released', 'exited', 'cancelled']),
          ),
        );
      const timelines = await readTimelines(
        db,
        open.map((row) => row.id),
      );
      const targets = await targetsOf(office);
      const files = [...timelines].map(([fileId, events]) => ({ fileId, office, events }));
      return ok({
        asOf: asOf.toISOString(),
        breaches: releaseBreaches(files, asOf, targets ? { defaults: targets } : undefined),
      });
    },
  };
}
