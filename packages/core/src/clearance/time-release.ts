/**
 * Time release, as the WCO Time Release Study measures it (and WTO TFA art. 7.6 asks members to
 * publish): each file's milestones read from its events, the segments between them, a target
 * per lane from arrival to release, and the breaches: files past their target and not yet
 * released, as of a given instant.
 *
 * Default targets: green 2 h after arrival, yellow 24 h, red 48 h (Ghana's port publishes 48 h
 * from discharge to release). Blue is 2 h, as green: a blue file has no control before release
 * (its control is the post-clearance audit, after release), so its release waits on the same
 * two things as a green one, arrival and payment. Each office may set its own. Pure: the
 * instant is passed in.
 */
import type { FileEvent } from '../event/file-event.ts';
import { lanes, type Lane } from '../selectivity/lane.ts';

export type TimelineEvent = Pick<FileEvent, 'type' | 'occurredAt'> & { readonly data?: FileEvent['data'] };

/** The instants of a file's clearance (ISO 8601, UTC), each the first of its kind; null when not reached. */
export interface ReleaseMilestones {
  readonly lodged: string | null;
  /** The first arrival of a means of transport carrying the goods (means_arrived or manifest_registered). */
  readonly arrived: string | null;
  readonly laneAssigned: string | null;
  readonly controlStarted: string | null;
  readonly controlFinished: string | null;
  /** Duties paid or guaranteed, whichever came first. */
  readonly paid: string | null;
  readonly released: string | null;
  readonly exited: string | null;
  readonly cancelled: string | null;
}

/** The Time Release Study segments, in seconds, from one milestone to the next. */
export const releaseSegments = [
  'arrival_to_lane',
  'lane_to_control_start',
  'control',
  'to_payment',
  'payment_to_release',
  'release_to_exit',
  'arrival_to_release',
] as const;
export type ReleaseSegment = (typeof releaseSegments)[number];

/**
 * Each segment's length in seconds, or null when one of its ends is not reached. A negative
 * length says the later step came first: a lane assigned, or duties paid, before arrival, which
 * is what anticipation is for.
 * - arrival_to_lane: arrival → lane assigned
 * - lane_to_control_start: lane assigned → control started
 * - control: control started → control finished
 * - to_payment: control finished (else lane assigned) → paid or guaranteed
 * - payment_to_release: paid or guaranteed → released
 * - release_to_exit: released → exited
 * - arrival_to_release: arrival → released, the figure targets are set on
 */
export type SegmentSeconds = Readonly<Record<ReleaseSegment, number | null>>;

/** Hours from arrival to release, per lane. */
export type ReleaseTargets = Readonly<Record<Lane, number>>;

export const defaultReleaseTargets: ReleaseTargets = { green: 2, blue: 2, yellow: 24, red: 48 };

/** Targets of an administration: its default, and each office's own where it has set some. */
export interface ReleaseTargetConfig {
  readonly defaults: ReleaseTargets;
  readonly offices?: Readonly<Record<string, Partial<ReleaseTargets>>>;
}

/** The targets of an office: its own where set, else the administration's, else the defaults above. */
export function releaseTargetsFor(office: string, config?: ReleaseTargetConfig): ReleaseTargets {
  const base = config?.defaults ?? defaultReleaseTargets;
  const own = config?.offices?.[office] ?? {};
  return {
    red: own.red ?? base.red,
    yellow: own.yellow ?? base.yellow,
    blue: own.blue ?? base.blue,
    green: own.green ?? base.green,
  };
}

export interface FileTimeline {
  readonly fileId: string;
  readonly office: string;
  /** The file's timeline, in any order (see `sortTimeline`): its own events and its manifests' arrival. */
  readonly events: readonly TimelineEvent[];
}

export interface FileTimeRelease {
  readonly fileId: string;
  readonly office: string;
  /** The file's lane now: the last assigned or re-routed; null before assessment. */
  readonly lane: Lane | null;
  readonly milestones: ReleaseMilestones;
  readonly segments: SegmentSeconds;
  /** The release target, in hours, for the file's lane; null without a lane. */
  readonly targetHours: number | null;
  /** When release is due (arrival + target); null without arrival or lane. */
  readonly dueAt: string | null;
  /** For a released file, whether it was released by its due time; null otherwise. */
  readonly withinTarget: boolean | null;
}

const arrivalTypes = new Set<FileEvent['type']>(['means_arrived', 'manifest_registered']);

/** The milestones of a timeline, each the earliest event of its kind. Never throws. */
export function releaseMilestones(events: readonly TimelineEvent[]): ReleaseMilestones {
  const first = (match: (type: FileEvent['type']) => boolean): string | null => {
    let earliest: string | null = null;
    for (const event of events) {
      if (match(event.type) && (earliest === null || Date.parse(event.occurredAt) < Date.parse(earliest)))
        earliest = event.occurredAt;
    }
    return earliest;
  };
  return {
    lodged: first((type) => type === 'lodged'),
    arrived: first((type) => arrivalTypes.has(type)),
    laneAssigned: first((type) => type === 'lane_assigned'),
    controlStarted: first((type) => type === 'control_started'),
    controlFinished: first((type) => type === 'control_finished'),
    paid: first((type) => type === 'paid' || type === 'guaranteed'),
    released: first((type) => type === 'released'),
    exited: first((type) => type === 'exited'),
    cancelled: first((type) => type === 'cancelled'),
  };
}

/** The lane a timeline ends on: the latest `lane_assigned` or `lane_rerouted`, null when none. */
export function currentLane(events: readonly TimelineEvent[]): Lane | null {
  let lane: Lane | null = null;
  let latest = Number.NEGATIVE_INFINITY;
  for (const event of events) {
    if (event.type !== 'lane_assigned' && event.type !== 'lane_rerouted') continue;
    const value = event.data?.lane;
    const time = Date.parse(event.occurredAt);
    if (typeof value === 'string' && (lanes as readonly string[]).includes(value) && time >= latest) {
      lane = value as Lane;
      latest = time;
    }
  }
  return lane;
}

function seconds(from: string | null, to: string | null): number | null {
  return from === null || to === null ? null : (Date.parse(to) - Date.parse(from)) / 1000;
}

/** The segments between milestones (see `SegmentSeconds`). */
export function releaseSegmentsOf(m: ReleaseMilestones): SegmentSeconds {
  return {
    arrival_to_lane: seconds(m.arrived, m.laneAssigned),
    lane_to_control_start: seconds(m.laneAssigned, m.controlStarted),
    control: seconds(m.controlStarted, m.controlFinished),
    to_payment: seconds(m.controlFinished ?? m.laneAssigned, m.paid),
    payment_to_release: seconds(m.paid, m.released),
    release_to_exit: seconds(m.released, m.exited),
    arrival_to_release: seconds(m.arrived, m.released),
  };
}

/** A file's time release: its lane, milestones, segments, target and whether release met it. Never throws. */
export function timeRelease(file: FileTimeline, config?: ReleaseTargetConfig): FileTimeRelease {
  const milestones = releaseMilestones(file.events);
  const lane = currentLane(file.events);
  const targetHours = lane === null ? null : releaseTargetsFor(file.office, config)[lane];
  const dueAt =
    targetHours === null || milestones.arrived === null
      ? null
      : new Date(Date.parse(milestones.arrived) + targetHours * 3_600_000).toISOString();
  return {
    fileId: file.fileId,
    office: file.office,
    lane,
    milestones,
    segments: releaseSegmentsOf(milestones),
    targetHours,
    dueAt,
    withinTarget:
      dueAt === null || milestones.released === null
        ? null
        : Date.parse(milestones.released) <= Date.parse(dueAt),
  };
}

export interface ReleaseBreach {
  readonly fileId: string;
  readonly office: string;
  readonly lane: Lane;
  readonly arrivedAt: string;
  readonly dueAt: string;
  /** How long past due, in seconds, at the instant asked. */
  readonly overdueSeconds: number;
}

/**
 * The files past their release target and not yet released at `asOf`: arrived, assessed, not
 * released nor cancelled, and `asOf` after arrival + target. Most overdue first. Events after
 * `asOf` are not looked at, so the list can be replayed for any past instant. Never throws.
 */
export function releaseBreaches(
  files: readonly FileTimeline[],
  asOf: Date,
  config?: ReleaseTargetConfig,
): ReleaseBreach[] {
  const now = asOf.getTime();
  const breaches: ReleaseBreach[] = [];
  for (const file of files) {
    const known = file.events.filter((event) => Date.parse(event.occurredAt) <= now);
    const release = timeRelease({ ...file, events: known }, config);
    const { arrived, released, cancelled } = release.milestones;
    if (release.lane === null || release.dueAt === null || arrived === null) continue;
    if (released !== null || cancelled !== null) continue;
    const overdue = (now - Date.parse(release.dueAt)) / 1000;
    if (overdue <= 0) continue;
    breaches.push({
      fileId: file.fileId,
      office: file.office,
      lane: release.lane,
      arrivedAt: arrived,
      dueAt: release.dueAt,
      overdueSeconds: overdue,
    });
  }
  return breaches.sort((a, b) => b.overdueSeconds - a.overdueSeconds || (a.fileId < b.fileId ? -1 : 1));
}
