/**
 * The plan of an office's day: the controls of the red and yellow files whose goods are
 * expected that day (or have arrived without a control planned) against the office's inspectors
 * and scanners, each assigned by the core (`planOfficeDay`): at random among qualified
 * inspectors on shift with time left, balanced by load, rotated per importer, with the
 * scanner's controls moved by the office's rule when no scanner can take them.
 *
 * A plan is stored, so that asking again gives the same plan: the first request of a day plans
 * every expected control; a later one plans only the files that became due since, as a new
 * batch counting the loads already given. The draws are seeded per office, day and batch and
 * salted with the administration's secret (as selectivity's), and the plan keeps what it was
 * drawn with, so that an auditor can replay it. Each planned control appends `control_planned`
 * to its file, with the method and time but never the inspector: the trader does not learn who
 * inspects.
 */
import { and, asc, desc, eq, notInArray, sql } from 'drizzle-orm';
import {
  planOfficeDay,
  type AssignmentHistory,
  type ControlMethod,
  type ExpectedControl,
  type Inspector,
  type Lane,
  type RandomFactory,
  type Result,
  type Scanner,
  type AppError,
  ok,
} from '@anticipa/core';
import type { Database } from '../db/database.ts';
import { consignments, declarationBills, declarations, manifests } from '../db/schema.ts';
import { isUniqueViolation } from '../db/statements.ts';
import type { DeclarationService } from '../declaration/declaration-service.ts';
import { createEventStore } from '../intake/document-store.ts';
import { clearanceOf } from './clearance-service.ts';
import { readTimelines } from './clearance-timelines.ts';
import { controlPlans, plannedControls } from './clearance-tables.ts';
import type { ClearanceSettings, RosterService } from './roster-service.ts';

export interface StoredPlannedControl {
  readonly declarationId: string;
  readonly importer: string;
  readonly lane: Lane;
  readonly method: ControlMethod;
  readonly plannedAs: ControlMethod | null;
  readonly movedBecause: string | null;
  readonly at: Date;
  readonly inspectorId: string | null;
  readonly unassignedBecause: string | null;
  readonly rotationWaived: boolean;
  readonly batch: number;
}

export interface DayPlan {
  readonly office: string;
  readonly day: string;
  readonly batches: number;
  readonly controls: readonly StoredPlannedControl[];
  readonly byMethod: Readonly<
    Record<
      ControlMethod,
      {
        readonly controls: number;
        readonly assigned: number;
        readonly demandMinutes: number;
        readonly capacityMinutes: number;
      }
    >
  >;
  readonly scanner: { readonly capacity: number; readonly used: number; readonly moved: number };
  /** Minutes given to each inspector on the day. */
  readonly load: Readonly<Record<string, number>>;
}

export interface PlanningService {
  /** The office's plan of the day (YYYY-MM-DD, UTC), planning the files that became due since the last request. */
  plan(office: string, day: string): Promise<Result<DayPlan, AppError>>;
  /** The inspector the latest plan that set the file's control assigned it to (null: none). */
  assignedInspector(declarationId: string): Promise<string | null>;
}

const dayMs = 86_400_000;

export function createPlanningService(deps: {
  readonly db: Database;
  readonly declarations: Pick<DeclarationService, 'refreshStatuses'>;
  readonly roster: Pick<RosterService, 'settings' | 'inspectorsOn' | 'scannersOf'>;
  readonly randomFactory: RandomFactory;
  readonly onOffice: <T>(key: string, work: () => Promise<T>) => Promise<T>;
  readonly clock: () => Date;
  readonly newId: () => string;
}): PlanningService {
  const { db } = deps;

  const storedControls = async (office: string, day?: string) => {
    const rows = await db
      .select({ control: plannedControls, batch: controlPlans.batch, day: controlPlans.day })
      .from(plannedControls)
      .innerJoin(controlPlans, eq(controlPlans.id, plannedControls.planId))
      .where(
        day === undefined
          ? eq(controlPlans.office, office)
          : and(eq(controlPlans.office, office), eq(controlPlans.day, day)),
      )
      .orderBy(asc(controlPlans.day), asc(controlPlans.batch), asc(plannedControls.at));
    return rows.map(({ control, batch, day: planDay }): StoredPlannedControl & { readonly day: string } => ({
      declarationId: control.declarationId,
      importer: control.importer,
      lane: control.lane as Lane,
      method: control.method as ControlMethod,
      plannedAs: control.plannedAs as ControlMethod | null,
      movedBecause: control.movedBecause,
      at: control.at,
      inspectorId: control.inspectorId,
      unassignedBecause: control.unassignedBecause,
      rotationWaived: control.rotationWaived,
      batch,
      day: planDay,
    }));
  };

  /** Red and yellow files of the office whose goods are expected on the day, or arrived by its end, with no control planned. */
  const dueControls = async (
    office: string,
    day: string,
    settings: ClearanceSettings,
    inspectors: readonly Inspector[],
    hasScanner: boolean,
  ): Promise<(ExpectedControl & { readonly lane: Lane })[]> => {
    const dayStart = Date.parse(`${day}T00:00:00Z`);
    const dayEnd = dayStart + dayMs;
    const rows = await db
      .select({
        id: declarations.id,
        importer: declarations.importerTaxId,
        expected: sql<string>`min(${manifests.expectedArrival})`.mapWith((value: string | Date) =>
          new Date(value).getTime(),
        ),
        actual: sql<string | null>`min(${manifests.actualArrival})`.mapWith((value: string | Date | null) =>
          value === null ? null : new Date(value).getTime(),
        ),
      })
      .from(declarations)
      .innerJoin(
        declarationBills,
        and(
          eq(declarationBills.declarationId, declarations.id),
          eq(declarationBills.version, declarations.currentVersion),
        ),
      )
      .innerJoin(consignments, eq(consignments.billNumber, declarationBills.billNumber))
      .innerJoin(
        manifests,
        and(eq(manifests.id, consignments.manifestId), eq(manifests.currentVersion, consignments.version)),
      )
      .where(
        and(
          eq(declarations.officeCode, office),
          notInArray(declarations.status, ['released', 'exited', 'cancelled']),
        ),
      )
      .groupBy(declarations.id, declarations.importerTaxId);
    const candidates = rows.filter((row) => {
      const arrival = row.actual ?? row.expected;
      return (arrival >= dayStart && arrival < dayEnd) || (row.actual !== null && row.actual < dayEnd);
    });
    const timelines = await readTimelines(
      db,
      candidates.map((row) => row.id),
    );
    const redMethod: ControlMethod =
      settings.redMethod === 'auto' ? (hasScanner ? 'scanner' : 'physical') : settings.redMethod;
    const due: (ExpectedControl & { readonly lane: Lane })[] = [];
    for (const row of candidates) {
      const file = clearanceOf(timelines.get(row.id) ?? []);
      if ((file.lane !== 'red' && file.lane !== 'yellow') || file.control !== 'none') continue;
      if (file.released || file.cancelled) continue;
      const method: ControlMethod = file.lane === 'yellow' ? 'documentary' : redMethod;
      const arrival = Math.min(Math.max(row.actual ?? row.expected, dayStart), dayEnd - 60_000);
      due.push({
        fileId: row.id,
        importer: row.importer,
        lane: file.lane,
        method,
        at: new Date(onDuty(arrival, inspectors, method)),
      });
    }
    return due;
  };

  const recentInspectors = (earlier: readonly StoredPlannedControl[], depth: number) => {
    const recent: Record<string, string[]> = {};
    for (const control of earlier) {
      if (control.inspectorId === null) continue;
      recent[control.importer] = [...(recent[control.importer] ?? []), control.inspectorId].slice(
        -Math.max(depth, 1),
      );
    }
    return recent;
  };

  const summary = (
    office: string,
    day: string,
    controls: readonly StoredPlannedControl[],
    batches: number,
    settings: ClearanceSettings,
    inspectors: readonly Inspector[],
    scanners: readonly Scanner[],
  ): DayPlan => {
    const load: Record<string, number> = {};
    for (const control of controls) {
      if (control.inspectorId !== null)
        load[control.inspectorId] = (load[control.inspectorId] ?? 0) + settings.minutes[control.method];
    }
    const capacity = (method: ControlMethod) =>
      inspectors
        .filter((inspector) => inspector.qualifications.includes(method))
        .reduce(
          (total, inspector) =>
            total +
            inspector.shifts.reduce(
              (sum, shift) => sum + (shift.end.getTime() - shift.start.getTime()) / 60_000,
              0,
            ),
          0,
        );
    const methodPlan = (method: ControlMethod) => {
      const of = controls.filter((control) => control.method === method);
      return {
        controls: of.length,
        assigned: of.filter((control) => control.inspectorId !== null).length,
        demandMinutes: of.length * settings.minutes[method],
        capacityMinutes: capacity(method),
      };
    };
    return {
      office,
      day,
      batches,
      controls,
      byMethod: {
        physical: methodPlan('physical'),
        scanner: methodPlan('scanner'),
        documentary: methodPlan('documentary'),
      },
      scanner: {
        capacity: scanners
          .filter((scanner) => scanner.inService)
          .reduce((total, scanner) => total + scanner.controlsPerDay, 0),
        used: controls.filter((control) => control.method === 'scanner').length,
        moved: controls.filter((control) => control.movedBecause !== null).length,
      },
      load,
    };
  };

  const planOnce = async (office: string, day: string): Promise<Result<DayPlan, AppError>> => {
    const settingsFound = await deps.roster.settings(office);
    if (!settingsFound.ok) return settingsFound;
    const settings = settingsFound.value;
    const [inspectors, scanners] = await Promise.all([
      deps.roster.inspectorsOn(office, day),
      deps.roster.scannersOf(office),
    ]);
    for (let attempt = 1; ; attempt += 1) {
      const all = await storedControls(office);
      const today = all.filter((control) => control.day === day);
      const batches = new Set(today.map((control) => control.batch));
      const lastBatch = (
        await db
          .select({ batch: sql<number>`coalesce(max(${controlPlans.batch}), 0)`.mapWith(Number) })
          .from(controlPlans)
          .where(and(eq(controlPlans.office, office), eq(controlPlans.day, day)))
      )[0]?.batch;
      const due = await dueControls(office, day, settings, inspectors, scanners.length > 0);
      if (due.length === 0)
        return ok(summary(office, day, today, lastBatch ?? batches.size, settings, inspectors, scanners));

      const load: Record<string, number> = {};
      for (const control of today) {
        if (control.inspectorId !== null)
          load[control.inspectorId] = (load[control.inspectorId] ?? 0) + settings.minutes[control.method];
      }
      // Scanner slots already taken today count against the scanners' capacity.
      let taken = today.filter((control) => control.method === 'scanner').length;
      const scannersLeft = scanners.map((scanner) => {
        if (!scanner.inService) return scanner;
        const used = Math.min(taken, scanner.controlsPerDay);
        taken -= used;
        return { ...scanner, controlsPerDay: scanner.controlsPerDay - used };
      });
      const history: AssignmentHistory = {
        load,
        recentInspectors: recentInspectors(all, settings.rotation),
      };
      const batch = (lastBatch ?? 0) + 1;
      const seed = `plan|${office}|${day}|${String(batch)}`;
      const plan = planOfficeDay({
        office,
        controls: due,
        inspectors,
        scanners: scannersLeft,
        rules: settings,
        random: deps.randomFactory(seed),
        history,
      });
      const laneOf = new Map(due.map((control) => [control.fileId, control.lane]));
      const planId = deps.newId();
      const plannedAt = deps.clock();
      try {
        await db.transaction(async (tx) => {
          await tx.insert(controlPlans).values({
            id: planId,
            office,
            day,
            batch,
            seed,
            inputs: {
              controls: due.map((control) => ({ ...control, at: control.at.toISOString() })),
              inspectors: inspectors.map((inspector) => ({
                ...inspector,
                shifts: inspector.shifts.map((shift) => ({
                  start: shift.start.toISOString(),
                  end: shift.end.toISOString(),
                })),
              })),
              scanners: scannersLeft,
              rules: settings,
              history,
            },
            plannedAt,
          });
          await tx.insert(plannedControls).values(
            plan.controls.map((control) => ({
              planId,
              declarationId: control.fileId,
              importer: control.importer,
              lane: laneOf.get(control.fileId) ?? 'red',
              method: control.method,
              plannedAs: control.plannedAs,
              movedBecause: control.movedBecause,
              at: control.at,
              inspectorId: control.inspectorId,
              unassignedBecause: control.unassignedBecause,
              rotationWaived: control.rotationWaived,
            })),
          );
          const events = createEventStore(tx);
          for (const control of plan.controls) {
            await events.append(
              'declaration',
              control.fileId,
              [
                {
                  type: 'control_planned',
                  occurredAt: plannedAt,
                  data: { method: control.method, plannedFor: control.at.toISOString(), planId },
                },
              ],
              plannedAt,
            );
          }
        });
      } catch (error) {
        // Another process planned this batch first: plan again from what it stored.
        if (attempt < 3 && isUniqueViolation(error)) continue;
        throw error;
      }
      await deps.declarations.refreshStatuses(plan.controls.map((control) => control.fileId));
      const stored = await storedControls(office, day);
      return ok(summary(office, day, stored, batch, settings, inspectors, scanners));
    }
  };

  return {
    async assignedInspector(declarationId) {
      const [latest] = await deps.db
        .select({ inspectorId: plannedControls.inspectorId })
        .from(plannedControls)
        .innerJoin(controlPlans, eq(plannedControls.planId, controlPlans.id))
        .where(eq(plannedControls.declarationId, declarationId))
        .orderBy(desc(controlPlans.plannedAt), desc(controlPlans.batch))
        .limit(1);
      return latest?.inspectorId ?? null;
    },
    plan: (office, day) => deps.onOffice(`plan|${office}|${day}`, () => planOnce(office, day)),
  };
}

/**
 * When a control can take place: at `at` when an inspector qualified for it is on shift then,
 * else at the next start of such a shift that day (a ship docking at night is inspected in the
 * morning).
 */
function onDuty(at: number, inspectors: readonly Inspector[], method: ControlMethod): number {
  const qualified = inspectors.filter((inspector) => inspector.qualifications.includes(method));
  const shifts = qualified.flatMap((inspector) => inspector.shifts);
  if (shifts.some((shift) => shift.start.getTime() <= at && at < shift.end.getTime())) return at;
  const later = shifts.map((shift) => shift.start.getTime()).filter((start) => start > at);
  return later.length === 0 ? at : Math.min(...later);
}
