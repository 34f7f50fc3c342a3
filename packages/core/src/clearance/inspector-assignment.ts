/**
 * Inspectors for planned controls: the start of a roster (officers with their qualifications,
 * shifts and office), the random assignment of each control among the qualified inspectors on
 * shift with time left, balanced by load and rotated so that an importer does not meet the same
 * inspector twice in a row, and the plan of an office's day: the controls of the expected
 * arrivals against inspector and scanner capacity, with the scanner's controls moved by the
 * office's rule when it is out of service or full.
 *
 * The draw is random so that nobody, trader or officer, can arrange who inspects what; it is
 * invisible to the trader (the trader view gives the kind of control alone). The random source
 * is passed in (`seededRandom(office + day)` replays a plan exactly for an audit). Pure.
 */
import type { ControlMethod } from './clearance-state.ts';

/** A period of duty. */
export interface Shift {
  readonly start: Date;
  readonly end: Date;
}

/** An officer who can be assigned controls: what they are qualified for, their shifts, their office. */
export interface Inspector {
  readonly id: string;
  readonly office: string;
  readonly qualifications: readonly ControlMethod[];
  readonly shifts: readonly Shift[];
}

/** A control to give an inspector. */
export interface ControlRequest {
  readonly fileId: string;
  readonly office: string;
  readonly importer: string;
  readonly method: ControlMethod;
  /** When the control is to take place: the inspector must be on shift then. */
  readonly at: Date;
  /** The work it takes, in minutes (the load it adds). */
  readonly minutes: number;
}

/**
 * What assignment remembers: minutes assigned per inspector (over the period the caller keeps,
 * a day for a plan), and each importer's most recent inspectors, latest last.
 */
export interface AssignmentHistory {
  readonly load: Readonly<Record<string, number>>;
  readonly recentInspectors: Readonly<Record<string, readonly string[]>>;
}

export interface AssignmentOptions {
  /** Uniform on [0, 1): the draw among the candidates. */
  readonly random: () => number;
  /**
   * How many of the importer's latest inspectors are left out (1: never the same inspector
   * twice in a row; 0: no rotation). When rotation would leave nobody, it is waived and said so.
   */
  readonly rotation: number;
}

export type AssignmentOutcome =
  | {
      readonly assigned: true;
      readonly inspectorId: string;
      /** True when only inspectors the rotation leaves out were available. */
      readonly rotationWaived: boolean;
      readonly history: AssignmentHistory;
    }
  | {
      readonly assigned: false;
      /** `no_qualified_inspector`: none of the office holds the qualification; `no_capacity`: none on shift with time left. */
      readonly reason: 'no_qualified_inspector' | 'no_capacity';
      readonly history: AssignmentHistory;
    };

export const emptyAssignmentHistory: AssignmentHistory = { load: {}, recentInspectors: {} };

/** Minutes of an inspector's shifts (the capacity of the period the shifts cover). */
export function shiftMinutes(inspector: Inspector): number {
  return inspector.shifts.reduce(
    (total, shift) => total + Math.max(0, shift.end.getTime() - shift.start.getTime()) / 60_000,
    0,
  );
}

/** Whether an inspector is on duty at an instant (shift start included, end excluded). */
export function isOnShift(inspector: Inspector, at: Date): boolean {
  const time = at.getTime();
  return inspector.shifts.some((shift) => shift.start.getTime() <= time && time < shift.end.getTime());
}

/**
 * Assigns a control to an inspector of its office who holds the qualification, is on shift at
 * the control's time and has the minutes left in their shifts. Among them, the draw is uniform
 * over those whose load is within one control of the least loaded (so loads stay balanced
 * while the choice stays unpredictable), leaving out the importer's `rotation` latest
 * inspectors unless nobody else is available. Returns the new history; never throws.
 */
export function assignInspector(
  control: ControlRequest,
  inspectors: readonly Inspector[],
  history: AssignmentHistory,
  options: AssignmentOptions,
): AssignmentOutcome {
  const qualified = inspectors.filter(
    (inspector) => inspector.office === control.office && inspector.qualifications.includes(control.method),
  );
  if (qualified.length === 0) return { assigned: false, reason: 'no_qualified_inspector', history };
  const loadOf = (inspector: Inspector) => history.load[inspector.id] ?? 0;
  const available = qualified.filter(
    (inspector) =>
      isOnShift(inspector, control.at) && loadOf(inspector) + control.minutes <= shiftMinutes(inspector),
  );
  if (available.length === 0) return { assigned: false, reason: 'no_capacity', history };

  const recent = history.recentInspectors[control.importer] ?? [];
  const excluded = new Set(options.rotation > 0 ? recent.slice(-options.rotation) : []);
  const rotated = available.filter((inspector) => !excluded.has(inspector.id));
  const pool = rotated.length > 0 ? rotated : available;
  const least = Math.min(...pool.map(loadOf));
  const candidates = pool
    .filter((inspector) => loadOf(inspector) < least + Math.max(control.minutes, Number.EPSILON))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const chosen =
    candidates[Math.min(candidates.length - 1, Math.floor(options.random() * candidates.length))];
  // Unreachable: the pool holds the least loaded inspector.
  if (chosen === undefined) return { assigned: false, reason: 'no_capacity', history };

  const kept = Math.max(options.rotation, 1);
  return {
    assigned: true,
    inspectorId: chosen.id,
    rotationWaived: rotated.length === 0 && excluded.size > 0,
    history: {
      load: { ...history.load, [chosen.id]: loadOf(chosen) + control.minutes },
      recentInspectors: {
        ...history.recentInspectors,
        [control.importer]: [...recent, chosen.id].slice(-kept),
      },
    },
  };
}

/** A scanner of an office: whether it works today and how many controls it takes a day. */
export interface Scanner {
  readonly id: string;
  readonly inService: boolean;
  readonly controlsPerDay: number;
}

/**
 * Where an office sends the scanner's controls when no scanner can take them (out of service,
 * or full): all to physical examination, all to documentary check, or to physical examination
 * while inspectors have time for it and the rest to documentary check.
 */
export type ScannerFallback = 'physical' | 'documentary' | 'physical_then_documentary';

/** An office's rules for planning controls. */
export interface OfficeControlRules {
  readonly scannerFallback: ScannerFallback;
  /** The minutes each kind of control takes an inspector. */
  readonly minutes: Readonly<Record<ControlMethod, number>>;
  /** See `AssignmentOptions.rotation`. */
  readonly rotation: number;
}

/** Defaults that an office tunes: an examination takes two hours, a scan half an hour, a documentary check forty-five minutes. */
export const defaultControlRules: OfficeControlRules = {
  scannerFallback: 'physical_then_documentary',
  minutes: { physical: 120, scanner: 30, documentary: 45 },
  rotation: 1,
};

/** A control of an expected arrival, as selectivity planned it. */
export interface ExpectedControl {
  readonly fileId: string;
  readonly importer: string;
  readonly method: ControlMethod;
  /** When the control is to take place (the expected arrival, or the start of a documentary check). */
  readonly at: Date;
}

export interface PlannedControl extends ExpectedControl {
  /** The method first planned, when the plan moved the control (scanner out of service or full). */
  readonly plannedAs: ControlMethod | null;
  readonly movedBecause: 'scanner_out_of_service' | 'scanner_full' | null;
  readonly inspectorId: string | null;
  readonly unassignedBecause: 'no_qualified_inspector' | 'no_capacity' | null;
  readonly rotationWaived: boolean;
}

export interface MethodPlan {
  readonly controls: number;
  readonly assigned: number;
  readonly demandMinutes: number;
  /** Shift minutes of the office's inspectors qualified for the method (shared among methods). */
  readonly capacityMinutes: number;
}

export interface OfficeDayPlan {
  readonly office: string;
  readonly controls: readonly PlannedControl[];
  readonly byMethod: Readonly<Record<ControlMethod, MethodPlan>>;
  readonly scanner: { readonly capacity: number; readonly used: number; readonly moved: number };
  /** Minutes assigned to each inspector of the office. */
  readonly load: Readonly<Record<string, number>>;
  /** The history to carry into the next day (loads reset, importers' recent inspectors kept). */
  readonly history: AssignmentHistory;
}

export interface OfficeDayInput {
  readonly office: string;
  /** The planned controls of the day's expected arrivals. */
  readonly controls: readonly ExpectedControl[];
  /** The inspectors of the office, with their shifts of the day. */
  readonly inspectors: readonly Inspector[];
  readonly scanners: readonly Scanner[];
  readonly rules: OfficeControlRules;
  readonly random: () => number;
  /**
   * Importers' recent inspectors from earlier plans, for rotation; and `load`, the minutes
   * already given to each inspector on this day by an earlier plan (a second plan of the day
   * takes the files lodged since), so that balance and capacity count them.
   */
  readonly history?: AssignmentHistory;
}

/**
 * Plans an office's day: scanner controls up to the scanners' capacity, the rest moved by the
 * office's rule; then each control, in order of time, assigned to an inspector (see
 * `assignInspector`), or left unassigned with the reason, so that a shortfall shows before the
 * ship docks. Never throws.
 */
export function planOfficeDay(input: OfficeDayInput): OfficeDayPlan {
  const { rules } = input;
  const ordered = [...input.controls].sort(
    (a, b) => a.at.getTime() - b.at.getTime() || (a.fileId < b.fileId ? -1 : a.fileId > b.fileId ? 1 : 0),
  );
  const inspectors = input.inspectors.filter((inspector) => inspector.office === input.office);
  const scannerCapacity = input.scanners
    .filter((scanner) => scanner.inService)
    .reduce((total, scanner) => total + scanner.controlsPerDay, 0);
  const anyScannerInService = input.scanners.some((scanner) => scanner.inService);
  const physicalCapacity = inspectors
    .filter((inspector) => inspector.qualifications.includes('physical'))
    .reduce((total, inspector) => total + shiftMinutes(inspector), 0);
  let physicalDemand = ordered
    .filter((control) => control.method === 'physical')
    .reduce((total) => total + rules.minutes.physical, 0);

  let scannerUsed = 0;
  let moved = 0;
  let history: AssignmentHistory = {
    load: input.history?.load ?? {},
    recentInspectors: input.history?.recentInspectors ?? {},
  };
  const controls: PlannedControl[] = [];
  for (const control of ordered) {
    let method = control.method;
    let movedBecause: PlannedControl['movedBecause'] = null;
    if (method === 'scanner') {
      if (scannerUsed < scannerCapacity) scannerUsed += 1;
      else {
        movedBecause = anyScannerInService ? 'scanner_full' : 'scanner_out_of_service';
        method =
          rules.scannerFallback === 'physical_then_documentary'
            ? physicalDemand + rules.minutes.physical <= physicalCapacity
              ? 'physical'
              : 'documentary'
            : rules.scannerFallback;
        if (method === 'physical') physicalDemand += rules.minutes.physical;
        moved += 1;
      }
    }
    const outcome = assignInspector(
      {
        fileId: control.fileId,
        office: input.office,
        importer: control.importer,
        method,
        at: control.at,
        minutes: rules.minutes[method],
      },
      inspectors,
      history,
      { random: input.random, rotation: rules.rotation },
    );
    history = outcome.history;
    controls.push({
      ...control,
      method,
      plannedAs: movedBecause === null ? null : control.method,
      movedBecause,
      inspectorId: outcome.assigned ? outcome.inspectorId : null,
      unassignedBecause: outcome.assigned ? null : outcome.reason,
      rotationWaived: outcome.assigned && outcome.rotationWaived,
    });
  }

  const methodPlan = (method: ControlMethod): MethodPlan => {
    const ofMethod = controls.filter((control) => control.method === method);
    return {
      controls: ofMethod.length,
      assigned: ofMethod.filter((control) => control.inspectorId !== null).length,
      demandMinutes: ofMethod.length * rules.minutes[method],
      capacityMinutes: inspectors
        .filter((inspector) => inspector.qualifications.includes(method))
        .reduce((total, inspector) => total + shiftMinutes(inspector), 0),
    };
  };
  return {
    office: input.office,
    controls,
    byMethod: {
      physical: methodPlan('physical'),
      scanner: methodPlan('scanner'),
      documentary: methodPlan('documentary'),
    },
    scanner: { capacity: scannerCapacity, used: scannerUsed, moved },
    load: history.load,
    history: { load: {}, recentInspectors: history.recentInspectors },
  };
}
