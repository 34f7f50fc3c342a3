/**
 * The roster and the office's means of control: officers (inspectors) with their
 * qualifications, weekly shifts and office; scanners with their daily capacity and service
 * status; and each office's clearance settings (where scanner controls go when no scanner can
 * take them, rotation depth, minutes per control, the method of red controls, release targets
 * per lane). Input is validated field by field (every problem at its JSON Pointer).
 */
import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import {
  appError,
  controlMethods,
  defaultControlRules,
  defaultReleaseTargets,
  encodeExpectation,
  err,
  lanes,
  ok,
  parseDocument,
  text,
  type AppError,
  type ControlMethod,
  type Inspector,
  type OfficeControlRules,
  type ReleaseTargets,
  type Result,
  type Scanner,
  type Shift,
} from '@anticipa/core';
import type { Database } from '../db/database.ts';
import type { OfficeDirectory } from '../office/office-directory.ts';
import { officeClearanceSettings, officers, scanners } from './clearance-tables.ts';

const identifier = z.string().regex(/^[A-Za-z0-9._\-/]{1,35}$/, encodeExpectation('party_code'));
const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, encodeExpectation('time_of_day'));
const whole = (min: number, max: number) =>
  z
    .number()
    .int(encodeExpectation('integer_range', { min, max }))
    .min(min, encodeExpectation('integer_range', { min, max }))
    .max(max, encodeExpectation('integer_range', { min, max }));

/** A weekly shift in UTC: ISO weekdays (Monday 1) and hours; an end before the start runs past midnight. */
const shiftSchema = z.strictObject({
  days: z
    .array(whole(1, 7))
    .min(1, encodeExpectation('list_length', { min: 1, max: 7 }))
    .max(7, encodeExpectation('list_length', { min: 1, max: 7 })),
  start: timeOfDay,
  end: timeOfDay,
});
export type WeeklyShift = z.output<typeof shiftSchema>;

export const officerStatuses = ['active', 'on_leave'] as const;
export const scannerStatuses = ['in_service', 'out_of_service'] as const;

const qualificationsSchema = z
  .array(z.enum(controlMethods))
  .min(1, encodeExpectation('list_length', { min: 1, max: 3 }))
  .max(3, encodeExpectation('list_length', { min: 1, max: 3 }));
const shiftsSchema = z.array(shiftSchema).max(21, encodeExpectation('list_length', { min: 0, max: 21 }));

const officerSchema = z.strictObject({
  id: identifier,
  name: text(1, 140),
  office: z.string(),
  qualifications: qualificationsSchema,
  shifts: shiftsSchema,
  status: z.enum(officerStatuses).default('active'),
});
const officerUpdateSchema = z.strictObject({
  status: z.enum(officerStatuses).optional(),
  qualifications: qualificationsSchema.optional(),
  shifts: shiftsSchema.optional(),
});

const scannerSchema = z.strictObject({
  id: identifier,
  office: z.string(),
  name: text(1, 140),
  controlsPerDay: whole(1, 10_000),
  status: z.enum(scannerStatuses).default('in_service'),
});
const scannerUpdateSchema = z.strictObject({
  status: z.enum(scannerStatuses).optional(),
  controlsPerDay: whole(1, 10_000).optional(),
});

const hours = z
  .number()
  .min(0, encodeExpectation('integer_range', { min: 0, max: 720 }))
  .max(720, encodeExpectation('integer_range', { min: 0, max: 720 }));

const settingsSchema = z.strictObject({
  scannerFallback: z.enum(['physical', 'documentary', 'physical_then_documentary']).optional(),
  rotation: whole(0, 20).optional(),
  minutes: z
    .strictObject({
      physical: whole(1, 1440).optional(),
      scanner: whole(1, 1440).optional(),
      documentary: whole(1, 1440).optional(),
    })
    .optional(),
  redMethod: z.enum(['auto', 'physical', 'scanner']).optional(),
  releaseTargets: z
    .strictObject(
      Object.fromEntries(lanes.map((lane) => [lane, hours.optional()])) as Record<
        (typeof lanes)[number],
        z.ZodOptional<typeof hours>
      >,
    )
    .optional(),
});

export interface Officer {
  readonly id: string;
  readonly name: string;
  readonly office: string;
  readonly qualifications: readonly ControlMethod[];
  readonly shifts: readonly WeeklyShift[];
  readonly status: (typeof officerStatuses)[number];
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface OfficeScanner {
  readonly id: string;
  readonly office: string;
  readonly name: string;
  readonly controlsPerDay: number;
  readonly status: (typeof scannerStatuses)[number];
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** An office's clearance settings, whole (defaults where the office set nothing). */
export interface ClearanceSettings extends OfficeControlRules {
  /** Red controls: by scanner, by physical examination, or `auto` (scanner when the office has one). */
  readonly redMethod: 'auto' | 'physical' | 'scanner';
  /** Hours from arrival to release, per lane (WCO Time Release Study targets). */
  readonly releaseTargets: ReleaseTargets;
}

export const defaultClearanceSettings: ClearanceSettings = {
  ...defaultControlRules,
  redMethod: 'auto',
  releaseTargets: defaultReleaseTargets,
};

export interface RosterService {
  addOfficer(input: unknown): Promise<Result<Officer, AppError>>;
  /** Changes an officer's status, qualifications or shifts. */
  updateOfficer(id: string, input: unknown): Promise<Result<Officer, AppError>>;
  officers(office?: string): Promise<readonly Officer[]>;
  addScanner(input: unknown): Promise<Result<OfficeScanner, AppError>>;
  /** Puts a scanner in or out of service, or changes its capacity. */
  updateScanner(id: string, input: unknown): Promise<Result<OfficeScanner, AppError>>;
  scanners(office?: string): Promise<readonly OfficeScanner[]>;
  /** The office's settings (OFFICE_NOT_FOUND for an unknown office). */
  settings(office: string): Promise<Result<ClearanceSettings, AppError>>;
  /** Sets some of the office's settings; those not given keep their value. */
  updateSettings(office: string, input: unknown, by: string): Promise<Result<ClearanceSettings, AppError>>;
  /** The inspectors of an office on a day (YYYY-MM-DD, UTC), with that day's shifts; officers on leave left out. */
  inspectorsOn(office: string, day: string): Promise<readonly Inspector[]>;
  /** The office's scanners as planning reads them. */
  scannersOf(office: string): Promise<readonly Scanner[]>;
}

/** The shifts of weekly patterns that touch a day: those starting that day, and those from the day before running past midnight. */
export function shiftsOnDay(patterns: readonly WeeklyShift[], day: string): Shift[] {
  const dayStart = Date.parse(`${day}T00:00:00Z`);
  const out: Shift[] = [];
  for (const offset of [-1, 0]) {
    const start = dayStart + offset * 86_400_000;
    const weekday = ((new Date(start).getUTCDay() + 6) % 7) + 1;
    for (const pattern of patterns) {
      if (!pattern.days.includes(weekday)) continue;
      const from = start + minutesOf(pattern.start) * 60_000;
      let to = start + minutesOf(pattern.end) * 60_000;
      if (to <= from) to += 86_400_000;
      if (to > dayStart && from < dayStart + 86_400_000)
        out.push({ start: new Date(Math.max(from, dayStart)), end: new Date(to) });
    }
  }
  return out.sort((a, b) => a.start.getTime() - b.start.getTime());
}

function minutesOf(time: string): number {
  const [hoursPart = '0', minutesPart = '0'] = time.split(':');
  return Number(hoursPart) * 60 + Number(minutesPart);
}

export function createRosterService(deps: {
  readonly db: Database;
  readonly offices: Pick<OfficeDirectory, 'isOffice' | 'officeCodes'>;
  readonly clock: () => Date;
}): RosterService {
  const { db } = deps;

  const invalid = (problems: readonly { path: string; value: unknown; code: string }[]) =>
    err(appError('VALIDATION_FAILED', { count: problems.length }, problems as AppError['problems']));

  const officeProblem = (office: string) =>
    deps.offices.isOffice(office)
      ? []
      : [
          {
            path: '/office',
            value: office,
            code: 'office_known' as const,
            params: { known: deps.offices.officeCodes().join(', ') || '-' },
          },
        ];

  const toOfficer = (row: typeof officers.$inferSelect): Officer => ({
    ...row,
    qualifications: row.qualifications as ControlMethod[],
    shifts: row.shifts as WeeklyShift[],
    status: row.status as Officer['status'],
  });
  const toScanner = (row: typeof scanners.$inferSelect): OfficeScanner => ({
    ...row,
    status: row.status as OfficeScanner['status'],
  });

  const settings = async (office: string): Promise<Result<ClearanceSettings, AppError>> => {
    if (!deps.offices.isOffice(office)) return err(appError('OFFICE_NOT_FOUND', { code: office }));
    const [row] = await db
      .select()
      .from(officeClearanceSettings)
      .where(eq(officeClearanceSettings.office, office));
    return ok(row ? (row.settings as ClearanceSettings) : defaultClearanceSettings);
  };

  return {
    async addOfficer(input) {
      const parsed = parseDocument(officerSchema, input);
      const problems = [
        ...(parsed.ok ? [] : parsed.error),
        ...(parsed.ok ? officeProblem(parsed.value.office) : []),
      ];
      if (!parsed.ok || problems.length > 0) return invalid(problems);
      const now = deps.clock();
      const [row] = await db
        .insert(officers)
        .values({ ...parsed.value, createdAt: now, updatedAt: now })
        .onConflictDoNothing()
        .returning();
      return row ? ok(toOfficer(row)) : err(appError('OFFICER_EXISTS', { id: parsed.value.id }));
    },
    async updateOfficer(id, input) {
      const parsed = parseDocument(officerUpdateSchema, input);
      if (!parsed.ok) return invalid(parsed.error);
      const changes = Object.fromEntries(
        Object.entries(parsed.value).filter(([, value]) => value !== undefined),
      );
      const [row] = await db
        .update(officers)
        .set({ ...changes, updatedAt: deps.clock() })
        .where(eq(officers.id, id))
        .returning();
      return row ? ok(toOfficer(row)) : err(appError('OFFICER_NOT_FOUND', { id }));
    },
    async officers(office) {
      const rows = await db
        .select()
        .from(officers)
        .where(office === undefined ? undefined : eq(officers.office, office))
        .orderBy(asc(officers.office), asc(officers.id));
      return rows.map(toOfficer);
    },
    async addScanner(input) {
      const parsed = parseDocument(scannerSchema, input);
      const problems = [
        ...(parsed.ok ? [] : parsed.error),
        ...(parsed.ok ? officeProblem(parsed.value.office) : []),
      ];
      if (!parsed.ok || problems.length > 0) return invalid(problems);
      const now = deps.clock();
      const [row] = await db
        .insert(scanners)
        .values({ ...parsed.value, createdAt: now, updatedAt: now })
        .onConflictDoNothing()
        .returning();
      return row ? ok(toScanner(row)) : err(appError('SCANNER_EXISTS', { id: parsed.value.id }));
    },
    async updateScanner(id, input) {
      const parsed = parseDocument(scannerUpdateSchema, input);
      if (!parsed.ok) return invalid(parsed.error);
      const changes = Object.fromEntries(
        Object.entries(parsed.value).filter(([, value]) => value !== undefined),
      );
      const [row] = await db
        .update(scanners)
        .set({ ...changes, updatedAt: deps.clock() })
        .where(eq(scanners.id, id))
        .returning();
      return row ? ok(toScanner(row)) : err(appError('SCANNER_NOT_FOUND', { id }));
    },
    async scanners(office) {
      const rows = await db
        .select()
        .from(scanners)
        .where(office === undefined ? undefined : eq(scanners.office, office))
        .orderBy(asc(scanners.office), asc(scanners.id));
      return rows.map(toScanner);
    },
    settings,
    async updateSettings(office, input, by) {
      const current = await settings(office);
      if (!current.ok) return current;
      const parsed = parseDocument(settingsSchema, input);
      if (!parsed.ok) return invalid(parsed.error);
      const given = parsed.value;
      const merged: ClearanceSettings = {
        scannerFallback: given.scannerFallback ?? current.value.scannerFallback,
        rotation: given.rotation ?? current.value.rotation,
        minutes: {
          physical: given.minutes?.physical ?? current.value.minutes.physical,
          scanner: given.minutes?.scanner ?? current.value.minutes.scanner,
          documentary: given.minutes?.documentary ?? current.value.minutes.documentary,
        },
        redMethod: given.redMethod ?? current.value.redMethod,
        releaseTargets: {
          red: given.releaseTargets?.red ?? current.value.releaseTargets.red,
          yellow: given.releaseTargets?.yellow ?? current.value.releaseTargets.yellow,
          blue: given.releaseTargets?.blue ?? current.value.releaseTargets.blue,
          green: given.releaseTargets?.green ?? current.value.releaseTargets.green,
        },
      };
      const now = deps.clock();
      await db
        .insert(officeClearanceSettings)
        .values({ office, settings: merged, updatedAt: now, updatedBy: by })
        .onConflictDoUpdate({
          target: officeClearanceSettings.office,
          set: { settings: merged, updatedAt: now, updatedBy: by },
        });
      return ok(merged);
    },
    async inspectorsOn(office, day) {
      const rows = await db
        .select()
        .from(officers)
        .where(and(eq(officers.office, office), eq(officers.status, 'active')))
        .orderBy(asc(officers.id));
      return rows.map((row) => ({
        id: row.id,
        office: row.office,
        qualifications: row.qualifications as ControlMethod[],
        shifts: shiftsOnDay(row.shifts as WeeklyShift[], day),
      }));
    },
    async scannersOf(office) {
      const rows = await db.select().from(scanners).where(eq(scanners.office, office));
      return rows.map((row) => ({
        id: row.id,
        inService: row.status === 'in_service',
        controlsPerDay: row.controlsPerDay,
      }));
    },
  };
}
