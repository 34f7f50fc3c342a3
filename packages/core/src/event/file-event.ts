/**
 * A file's life as an append-only list of timestamped events: the raw data of the WCO Time
 * Release Study (arrival, manifest registered, declaration lodged, lane assigned, control done,
 * duties paid, release, exit). Events are never updated or deleted; a file's status is derived
 * from them.
 */

export const eventTypes = [
  'lodged',
  'amended',
  'means_arrived',
  'manifest_registered',
  'lane_assigned',
  'control_started',
  'control_finished',
  'paid',
  'released',
  'exited',
  'cancelled',
  'valuation_decided',
  'valuation_appealed',
  'valuation_appeal_decided',
  'control_planned',
  'guaranteed',
  'lane_rerouted',
] as const;
export type EventType = (typeof eventTypes)[number];

export type SubjectType = 'declaration' | 'manifest';

/** The events each kind of document records itself; a declaration's timeline also shows its manifests' arrival. */
export const eventsBySubject: Readonly<Record<SubjectType, readonly EventType[]>> = {
  manifest: ['lodged', 'amended', 'means_arrived', 'manifest_registered'],
  declaration: [
    'lodged',
    'amended',
    'lane_assigned',
    'control_started',
    'control_finished',
    'paid',
    'released',
    'exited',
    'cancelled',
    'valuation_decided',
    'valuation_appealed',
    'valuation_appeal_decided',
    'control_planned',
    'guaranteed',
    'lane_rerouted',
  ],
};

export interface FileEvent {
  readonly type: EventType;
  /** When it happened (ISO 8601, UTC). */
  readonly occurredAt: string;
  /** When Anticipa recorded it (ISO 8601, UTC). */
  readonly recordedAt: string;
  readonly subject: SubjectType;
  /** The document version the event refers to, for lodged and amended. */
  readonly version?: number;
  readonly data?: Readonly<Record<string, unknown>>;
}

export function isEventApplicable(subject: SubjectType, type: EventType): boolean {
  return eventsBySubject[subject].includes(type);
}

export const declarationStatuses = [
  'lodged',
  'assessed',
  'arrived',
  'under_control',
  'controlled',
  'paid',
  'released',
  'exited',
  'cancelled',
] as const;
export type DeclarationStatus = (typeof declarationStatuses)[number];

export const manifestStatuses = ['expected', 'arrived', 'registered'] as const;
export type ManifestStatus = (typeof manifestStatuses)[number];

/**
 * How far along the clearance path each event takes a declaration. Events absent from this
 * map (decisions recorded on the file, say) leave the status as it is.
 */
const declarationProgress: Readonly<Partial<Record<EventType, DeclarationStatus>>> = {
  lodged: 'lodged',
  amended: 'lodged',
  lane_assigned: 'assessed',
  // A supervisor's re-route keeps the file assessed; a planned control is not yet under way.
  lane_rerouted: 'assessed',
  control_planned: 'assessed',
  means_arrived: 'arrived',
  manifest_registered: 'arrived',
  control_started: 'under_control',
  control_finished: 'controlled',
  paid: 'paid',
  // A guarantee lets the goods go as a payment does (the status 'paid' reads "paid or guaranteed").
  guaranteed: 'paid',
  released: 'released',
  exited: 'exited',
};

/**
 * A declaration's status from its timeline (its own events and the arrival events of the
 * manifests carrying its B/Ls): the furthest stage reached along the clearance path. Arrival
 * and assessment may come in either order; the later stage of the two wins. A cancellation ends
 * the file.
 * @example deriveDeclarationStatus([{ type: 'lodged', ... }, { type: 'means_arrived', ... }]) // 'arrived'
 */
export function deriveDeclarationStatus(events: readonly Pick<FileEvent, 'type'>[]): DeclarationStatus {
  // A cancelled file stays cancelled, whatever else its timeline holds.
  if (events.some((event) => event.type === 'cancelled')) return 'cancelled';
  let status: DeclarationStatus = 'lodged';
  for (const event of events) {
    const reached = declarationProgress[event.type];
    if (reached !== undefined && declarationStatuses.indexOf(reached) > declarationStatuses.indexOf(status))
      status = reached;
  }
  return status;
}

/** A manifest's status: expected until its means of transport arrives, registered once customs registers it. */
export function deriveManifestStatus(events: readonly Pick<FileEvent, 'type'>[]): ManifestStatus {
  if (events.some((event) => event.type === 'manifest_registered')) return 'registered';
  if (events.some((event) => event.type === 'means_arrived')) return 'arrived';
  return 'expected';
}

/** Orders a timeline by the time events happened, then by the time they were recorded. Returns a new array. */
export function sortTimeline<E extends Pick<FileEvent, 'occurredAt' | 'recordedAt'>>(
  events: readonly E[],
): E[] {
  return [...events].sort(
    (a, b) => a.occurredAt.localeCompare(b.occurredAt) || a.recordedAt.localeCompare(b.recordedAt),
  );
}
