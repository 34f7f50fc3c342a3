/**
 * A discrete-event simulation of a customs office, to show in numbers what anticipation does
 * to release times: ships arrive with their files; each declaration is lodged before or after
 * arrival (the pre-arrival share); it is assessed on lodgement, its duties paid or guaranteed,
 * its control (examination, scan or documentary check) planned and carried out by inspectors on
 * shift, and it is released once the clearance state machine allows it. Arrival-to-release
 * times come from each file's events, through the Time Release Study functions and the
 * indicators, as for real files.
 *
 * Every step goes through `applyClearanceEvent`, so the simulation cannot release a file the
 * real workflow would not. Inspectors are drawn with `assignInspector` (balanced, rotated).
 * Deterministic: the random source is seeded, and every share sees the same ships, files,
 * lanes and durations (common random numbers), so that differences come from the share alone.
 */
import { lanes, type Lane } from '../selectivity/lane.ts';
import { seededRandom } from '../selectivity/seeded-random.ts';
import {
  applyClearanceEvent,
  isControlledLane,
  missingFor,
  startClearance,
  type ClearanceEvent,
  type ClearanceFile,
  type ControlMethod,
} from './clearance-state.ts';
import {
  clearanceIndicators,
  type ClearanceRecord,
  type ReleaseDistribution,
} from './clearance-indicators.ts';
import {
  assignInspector,
  emptyAssignmentHistory,
  type AssignmentHistory,
  type Inspector,
} from './inspector-assignment.ts';
import type { TimelineEvent } from './time-release.ts';

/** A range [min, max]; a value is drawn uniformly in it. */
export type SimulationRange = readonly [number, number];

/** A team of inspectors with the same qualifications and daily shifts (hours of the day, UTC; end may pass 24). */
export interface SimulatedTeam {
  readonly qualifications: readonly ControlMethod[];
  readonly shifts: readonly { readonly from: number; readonly to: number; readonly inspectors: number }[];
}

/** The office simulated. The defaults are assumptions for a mid-sized port, to be tuned by an office. */
export interface SimulatedOffice {
  readonly office: string;
  /** Mean ship calls a day (Poisson arrivals). */
  readonly shipsPerDay: number;
  /** Declarations per ship. */
  readonly filesPerShip: SimulationRange;
  /** The lane shares of selectivity; they sum to 1. */
  readonly laneShares: Readonly<Record<Lane, number>>;
  /** How long before arrival a pre-arrival declaration is lodged, in hours. */
  readonly leadHours: SimulationRange;
  /** Mean delay of a declaration lodged after arrival, in hours (exponential). */
  readonly lodgementDelayHours: number;
  /** Mean delay from assessment to payment or guarantee, in hours (exponential). */
  readonly paymentDelayHours: number;
  /** The share of importers who lodge a guarantee rather than pay each file. */
  readonly guaranteeShare: number;
  /** From arrival until a container is positioned for examination or scan, in hours. */
  readonly positioningHours: number;
  /** The share of red files planned on the scanner rather than a physical examination. */
  readonly scannerShare: number;
  readonly controlMinutes: Readonly<Record<ControlMethod, SimulationRange>>;
  readonly teams: readonly SimulatedTeam[];
  /** From the last condition met to the release, in minutes (the officer's act, the system's run). */
  readonly releaseMinutes: number;
  /** Mean time from release to exit from the port, in hours (exponential). */
  readonly exitHours: number;
  /** Importers, for the rotation of inspectors. */
  readonly importers: number;
  readonly rotation: number;
}

export const defaultSimulatedOffice: SimulatedOffice = {
  office: 'SNDKR',
  shipsPerDay: 3,
  filesPerShip: [20, 50],
  laneShares: { red: 0.15, yellow: 0.25, blue: 0.05, green: 0.55 },
  leadHours: [12, 96],
  lodgementDelayHours: 24,
  paymentDelayHours: 6,
  guaranteeShare: 0.3,
  positioningHours: 4,
  scannerShare: 0.5,
  controlMinutes: { physical: [60, 180], scanner: [15, 25], documentary: [20, 70] },
  teams: [
    {
      qualifications: ['physical', 'documentary'],
      shifts: [
        { from: 7, to: 15, inspectors: 3 },
        { from: 15, to: 23, inspectors: 3 },
      ],
    },
    { qualifications: ['documentary'], shifts: [{ from: 8, to: 17, inspectors: 3 }] },
    { qualifications: ['scanner'], shifts: [{ from: 7, to: 23, inspectors: 1 }] },
  ],
  releaseMinutes: 10,
  exitHours: 6,
  importers: 300,
  rotation: 1,
};

export interface SimulationOptions {
  readonly days: number;
  /** The shares of declarations lodged before arrival to compare, each in [0, 1]. */
  readonly preArrivalShares: readonly number[];
  readonly seed: string;
  /** Midnight of the first simulated day (a fixed instant, so that results replay). */
  readonly start: Date;
  readonly office?: SimulatedOffice;
  /** Called now and then with the shares done and the simulated seconds of the share under way. */
  readonly onProgress?: (sharesDone: number, simulatedSeconds: number, horizonSeconds: number) => void;
}

export interface ShareResult {
  readonly preArrivalShare: number;
  /** Files whose goods arrived within the simulated days. */
  readonly files: number;
  readonly released: number;
  /** Measured, as a check that the simulation lodged what it was asked. */
  readonly shareLodgedBeforeArrival: number | null;
  /** Released within an hour of arrival. */
  readonly shareReleasedOnArrival: number | null;
  /** Arrival-to-release time per lane, in seconds of elapsed time. */
  readonly releaseTime: Readonly<Record<Lane, ReleaseDistribution>>;
  readonly controls: Readonly<Record<ControlMethod, number>>;
}

const hour = 3600;
const day = 86_400;

/** Runs the simulation once per pre-arrival share. Deterministic for a seed. Never throws on valid options. */
export function simulateClearance(options: SimulationOptions): ShareResult[] {
  const office = options.office ?? defaultSimulatedOffice;
  const files = drawFiles(options, office);
  return options.preArrivalShares.map((share, index) =>
    simulateShare(share, files, office, options, (seconds, horizon) =>
      options.onProgress?.(index, seconds, horizon),
    ),
  );
}

/** What chance decides about a file, the same whatever the share. */
interface DrawnFile {
  readonly id: string;
  readonly importer: string;
  readonly arrival: number;
  readonly lane: Lane;
  /** Compared with the share: lodged before arrival when below it. */
  readonly preArrivalDraw: number;
  readonly lead: number;
  readonly lodgementDelay: number;
  readonly paymentDelay: number;
  readonly guarantees: boolean;
  readonly method: ControlMethod | null;
  readonly controlSeconds: number;
  readonly exitDelay: number;
}

const uniform = (random: () => number, [min, max]: SimulationRange) => min + (max - min) * random();
const exponential = (random: () => number, mean: number) => -Math.log(1 - random()) * mean;

function drawFiles(options: SimulationOptions, office: SimulatedOffice): DrawnFile[] {
  const ships = seededRandom(`${options.seed}|ships`);
  const files: DrawnFile[] = [];
  let time = exponential(ships, day / office.shipsPerDay);
  while (time < options.days * day) {
    const count = Math.floor(uniform(ships, [office.filesPerShip[0], office.filesPerShip[1] + 1]));
    for (let n = 0; n < count; n++) {
      const index = files.length;
      const random = seededRandom(`${options.seed}|file|${index}`);
      const laneDraw = random();
      let cumulative = 0;
      const lane =
        lanes.find((candidate) => (cumulative += office.laneShares[candidate]) > laneDraw) ?? 'green';
      const scan = random() < office.scannerShare;
      const method: ControlMethod | null =
        lane === 'red' ? (scan ? 'scanner' : 'physical') : lane === 'yellow' ? 'documentary' : null;
      files.push({
        id: `F${String(index).padStart(6, '0')}`,
        importer: `IMP-${Math.floor(random() * office.importers)}`,
        arrival: time,
        lane,
        preArrivalDraw: random(),
        lead: uniform(random, office.leadHours) * hour,
        lodgementDelay: exponential(random, office.lodgementDelayHours * hour),
        paymentDelay: exponential(random, office.paymentDelayHours * hour),
        guarantees: random() < office.guaranteeShare,
        method,
        controlSeconds: uniform(random, method === null ? [0, 0] : office.controlMinutes[method]) * 60,
        exitDelay: exponential(random, office.exitHours * hour),
      });
    }
    time += exponential(ships, day / office.shipsPerDay);
  }
  return files;
}

interface FileRun {
  readonly drawn: DrawnFile;
  state: ClearanceFile;
  readonly events: TimelineEvent[];
  releaseScheduled: boolean;
}

interface SimulatedInspector extends Inspector {
  busyUntil: number;
  /** The daily shift, in seconds from midnight, for a quick look before `assignInspector` checks it. */
  readonly from: number;
  readonly to: number;
}

type Happening =
  | { readonly kind: 'lodge' | 'arrive' | 'pay' | 'ready' | 'release' | 'exit'; readonly file: FileRun }
  | { readonly kind: 'control_end'; readonly file: FileRun; readonly inspector: SimulatedInspector }
  | { readonly kind: 'shift_start' };

function simulateShare(
  share: number,
  drawn: readonly DrawnFile[],
  office: SimulatedOffice,
  options: SimulationOptions,
  progress: (seconds: number, horizon: number) => void,
): ShareResult {
  const origin = options.start.getTime();
  const instant = (seconds: number) => new Date(origin + seconds * 1000);
  const queue = new EventQueue<Happening>();
  const random = seededRandom(`${options.seed}|assign|${share}`);
  let history: AssignmentHistory = emptyAssignmentHistory;

  // Inspectors on their shifts, from a week before the first day (pre-arrival work) to a month after the last (draining).
  const firstDay = -Math.ceil(office.leadHours[1] / 24) - 1;
  const lastDay = options.days + 30;
  const inspectors: SimulatedInspector[] = [];
  office.teams.forEach((team, teamIndex) => {
    team.shifts.forEach((shift, shiftIndex) => {
      for (let n = 0; n < shift.inspectors; n++) {
        const shifts = [];
        for (let d = firstDay; d < lastDay; d++) {
          shifts.push({
            start: instant(d * day + shift.from * hour),
            end: instant(d * day + shift.to * hour),
          });
          queue.push(d * day + shift.from * hour, { kind: 'shift_start' });
        }
        inspectors.push({
          id: `T${teamIndex}S${shiftIndex}-${n}`,
          office: office.office,
          qualifications: team.qualifications,
          shifts,
          busyUntil: Number.NEGATIVE_INFINITY,
          from: shift.from * hour,
          to: shift.to * hour,
        });
      }
    });
  });

  const runs: FileRun[] = drawn.map((file) => ({
    drawn: file,
    state: startClearance(),
    events: [],
    releaseScheduled: false,
  }));
  for (const run of runs) {
    const before = run.drawn.preArrivalDraw < share;
    queue.push(run.drawn.arrival, { kind: 'arrive', file: run });
    queue.push(run.drawn.arrival + (before ? -run.drawn.lead : run.drawn.lodgementDelay), {
      kind: 'lodge',
      file: run,
    });
  }

  const waiting: Record<ControlMethod, FileRun[]> = { physical: [], scanner: [], documentary: [] };
  const controls: Record<ControlMethod, number> = { physical: 0, scanner: 0, documentary: 0 };

  const record = (run: FileRun, event: ClearanceEvent, at: number, data?: Record<string, unknown>) => {
    const applied = applyClearanceEvent(run.state, event);
    // The simulation follows the workflow; a refusal here is a defect of the simulation itself.
    if (!applied.ok)
      throw new Error(`simulation: ${run.drawn.id} ${event.type} refused in ${run.state.state}`);
    run.state = applied.value;
    run.events.push({ type: event.type, occurredAt: instant(at).toISOString(), ...(data ? { data } : {}) });
  };
  const tryRelease = (run: FileRun, at: number) => {
    if (run.releaseScheduled || missingFor(run.state, 'released').length > 0) return;
    run.releaseScheduled = true;
    queue.push(at + office.releaseMinutes * 60, { kind: 'release', file: run });
  };
  const ready = (run: FileRun, at: number) => {
    const { method } = run.drawn;
    if (method === null) return;
    // A documentary check works on the declaration; an examination or a scan needs the container positioned.
    const when =
      method === 'documentary' ? at : Math.max(at, run.drawn.arrival + office.positioningHours * hour);
    queue.push(when, { kind: 'ready', file: run });
  };
  const dispatch = (at: number) => {
    for (const method of ['scanner', 'physical', 'documentary'] as const) {
      const line = waiting[method];
      while (line.length > 0) {
        const run = line[0];
        if (run === undefined) break;
        const time = ((at % day) + day) % day;
        const free = inspectors.filter(
          (inspector) =>
            inspector.busyUntil <= at &&
            inspector.qualifications.includes(method) &&
            ((inspector.from <= time && time < inspector.to) || time + day < inspector.to),
        );
        if (free.length === 0) break;
        const minutes = run.drawn.controlSeconds / 60;
        const outcome = assignInspector(
          {
            fileId: run.drawn.id,
            office: office.office,
            importer: run.drawn.importer,
            method,
            at: instant(at),
            minutes,
          },
          free,
          history,
          { random, rotation: office.rotation },
        );
        if (!outcome.assigned) break;
        history = outcome.history;
        line.shift();
        const inspector = free.find((candidate) => candidate.id === outcome.inspectorId);
        if (inspector === undefined) break;
        inspector.busyUntil = at + run.drawn.controlSeconds;
        controls[method] += 1;
        record(run, { type: 'control_started' }, at, { inspector: inspector.id });
        queue.push(inspector.busyUntil, { kind: 'control_end', file: run, inspector });
      }
    }
  };

  const horizon = lastDay * day;
  let handled = 0;
  for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
    const [at, happening] = next;
    if (at > horizon) break;
    if (++handled % 2000 === 0) progress(at, horizon);
    switch (happening.kind) {
      case 'shift_start':
        dispatch(at);
        break;
      case 'arrive': {
        const run = happening.file;
        record(run, { type: 'means_arrived' }, at);
        // A documentary check was made ready at lodgement; an examination waits for the goods.
        if (run.state.lodged && run.drawn.method !== null && run.drawn.method !== 'documentary')
          ready(run, at);
        tryRelease(run, at);
        break;
      }
      case 'lodge': {
        const run = happening.file;
        const { lane, method } = run.drawn;
        record(run, { type: 'lodged' }, at);
        record(run, { type: 'lane_assigned', lane }, at, { lane });
        if (method !== null && isControlledLane(lane)) {
          record(run, { type: 'control_planned', method }, at, { method });
          if (method === 'documentary' || run.state.arrived) ready(run, at);
        }
        queue.push(at + run.drawn.paymentDelay, { kind: 'pay', file: run });
        tryRelease(run, at);
        break;
      }
      case 'pay':
        record(happening.file, { type: happening.file.drawn.guarantees ? 'guaranteed' : 'paid' }, at);
        tryRelease(happening.file, at);
        break;
      case 'ready':
        if (happening.file.drawn.method !== null) waiting[happening.file.drawn.method].push(happening.file);
        dispatch(at);
        break;
      case 'control_end':
        record(happening.file, { type: 'control_finished' }, at);
        tryRelease(happening.file, at);
        dispatch(at);
        break;
      case 'release':
        record(happening.file, { type: 'released' }, at);
        queue.push(at + happening.file.drawn.exitDelay, { kind: 'exit', file: happening.file });
        break;
      case 'exit':
        record(happening.file, { type: 'exited' }, at);
        break;
    }
  }
  progress(horizon, horizon);

  const records: ClearanceRecord[] = runs.map((run) => ({
    fileId: run.drawn.id,
    office: office.office,
    events: run.events,
    selectedBy: run.drawn.lane === 'green' ? 'none' : 'criteria',
    profiles: [],
    result: null,
  }));
  const [indicators] = clearanceIndicators(records, { groupBy: [] });
  const empty: ReleaseDistribution = { released: 0, medianSeconds: null, p90Seconds: null };
  return {
    preArrivalShare: share,
    files: runs.length,
    released: runs.filter((run) => run.state.released).length,
    shareLodgedBeforeArrival: indicators?.shareLodgedBeforeArrival ?? null,
    shareReleasedOnArrival: indicators?.shareReleasedOnArrival ?? null,
    releaseTime: indicators?.releaseTime ?? { red: empty, yellow: empty, blue: empty, green: empty },
    controls,
  };
}

/** A binary min-heap of happenings by time, first scheduled first among equal times. */
class EventQueue<T> {
  private readonly heap: { at: number; order: number; item: T }[] = [];
  private order = 0;

  push(at: number, item: T): void {
    const heap = this.heap;
    heap.push({ at, order: this.order++, item });
    let index = heap.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!this.before(index, parent)) break;
      this.swap(index, parent);
      index = parent;
    }
  }

  pop(): [number, T] | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined) return undefined;
    if (heap.length > 0) {
      heap[0] = last;
      let index = 0;
      for (;;) {
        const left = 2 * index + 1;
        const right = left + 1;
        let smallest = index;
        if (left < heap.length && this.before(left, smallest)) smallest = left;
        if (right < heap.length && this.before(right, smallest)) smallest = right;
        if (smallest === index) break;
        this.swap(index, smallest);
        index = smallest;
      }
    }
    return [top.at, top.item];
  }

  private before(a: number, b: number): boolean {
    const x = this.heap[a];
    const y = this.heap[b];
    if (x === undefined || y === undefined) return false;
    return x.at < y.at || (x.at === y.at && x.order < y.order);
  }

  private swap(a: number, b: number): void {
    const x = this.heap[a];
    const y = this.heap[b];
    if (x === undefined || y === undefined) return;
    this.heap[a] = y;
    this.heap[b] = x;
  }
}
