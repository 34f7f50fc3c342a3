/**
 * The clearance state machine: which step a file may take next, from lodgement to exit, and a
 * clear refusal for any other. Green and blue files are released on arrival once their duties
 * are paid or guaranteed (DOMAIN.md "The flow", steps 4-5); red and yellow files only after
 * their control is finished. A supervisor may re-route a lane, with a reason.
 *
 * A file is a set of facts (lodged, arrived, lane, control, settlement, release), not a single
 * stage, because anticipation makes the order vary: a declaration lodged before arrival is
 * assessed and its control planned while the ship is at sea; one lodged after arrival meets
 * the goods already on the quay. Its `state` is the furthest stage those facts reach. Pure:
 * never throws, refusals are values.
 */
import { appError, type AppError } from '../shared/error-codes.ts';
import { err, ok, type Result } from '../shared/result.ts';
import type { FileEvent } from '../event/file-event.ts';
import { lanes, type Lane } from '../selectivity/lane.ts';

/** The stages of clearance, in order; `expected` is a file nothing has happened to yet. */
export const clearanceStates = [
  'expected',
  'lodged',
  'assessed',
  'arrived',
  'control_planned',
  'control_started',
  'control_finished',
  'paid_or_guaranteed',
  'released',
  'exited',
  'cancelled',
] as const;
export type ClearanceState = (typeof clearanceStates)[number];

/** How a control is carried out: physical examination, scanner (non-intrusive), or documentary check. */
export const controlMethods = ['physical', 'scanner', 'documentary'] as const;
export type ControlMethod = (typeof controlMethods)[number];

export type ControlProgress = 'none' | 'planned' | 'started' | 'finished';

/** A supervisor's change of lane, kept on the file with its reason. */
export interface LaneReroute {
  readonly from: Lane;
  readonly to: Lane;
  readonly reason: string;
  readonly supervisor?: string;
}

/** The events the state machine understands: a subset of the file events, with their data. */
export type ClearanceEvent =
  | { readonly type: 'lodged' }
  | { readonly type: 'amended' }
  | { readonly type: 'means_arrived' }
  | { readonly type: 'manifest_registered' }
  | { readonly type: 'lane_assigned'; readonly lane: Lane }
  | {
      readonly type: 'lane_rerouted';
      readonly lane: Lane;
      readonly reason: string;
      readonly supervisor?: string;
    }
  | { readonly type: 'control_planned'; readonly method?: ControlMethod }
  | { readonly type: 'control_started' }
  | { readonly type: 'control_finished' }
  | { readonly type: 'paid' }
  | { readonly type: 'guaranteed' }
  | { readonly type: 'released' }
  | { readonly type: 'exited' }
  | { readonly type: 'cancelled' };
export type ClearanceEventType = ClearanceEvent['type'];

/** Every event type of the machine, in the order of the clearance path. */
export const clearanceEventTypes: readonly ClearanceEventType[] = [
  'lodged',
  'amended',
  'means_arrived',
  'manifest_registered',
  'lane_assigned',
  'lane_rerouted',
  'control_planned',
  'control_started',
  'control_finished',
  'paid',
  'guaranteed',
  'released',
  'exited',
  'cancelled',
];

export interface ClearanceFile {
  readonly state: ClearanceState;
  readonly lodged: boolean;
  readonly arrived: boolean;
  readonly lane: Lane | null;
  readonly control: ControlProgress;
  readonly controlMethod: ControlMethod | null;
  readonly settlement: 'paid' | 'guaranteed' | null;
  readonly released: boolean;
  readonly exited: boolean;
  readonly cancelled: boolean;
  readonly reroutes: readonly LaneReroute[];
}

type Facts = Omit<ClearanceFile, 'state'>;

/** A file before any event. */
export function startClearance(): ClearanceFile {
  return withState({
    lodged: false,
    arrived: false,
    lane: null,
    control: 'none',
    controlMethod: null,
    settlement: null,
    released: false,
    exited: false,
    cancelled: false,
    reroutes: [],
  });
}

/** Whether a lane's files need a control before release: red (examination) and yellow (documentary check). */
export function isControlledLane(lane: Lane): boolean {
  return lane === 'red' || lane === 'yellow';
}

/**
 * The conditions a step can need, named so that each edge words them (shared/messages.ts):
 * a step already taken (`lodged`, `means_arrived`...), or one not taken yet (`not_released`...).
 */
export const clearanceConditions = [
  'lodged',
  'not_lodged',
  'lane_assigned',
  'lane_controlled',
  'means_arrived',
  'no_control_planned',
  'control_planned',
  'control_not_started',
  'control_started',
  'control_finished',
  'not_paid',
  'not_settled',
  'paid_or_guaranteed',
  'released',
  'not_released',
  'not_exited',
  'not_cancelled',
] as const;
export type ClearanceCondition = (typeof clearanceConditions)[number];

/**
 * What a file still lacks for an event: the conditions it does not meet (empty: allowed).
 * Arrival events are facts about the means of transport, recorded from its manifest, so they are
 * never refused; only the first one counts as the arrival.
 */
export function missingFor(file: ClearanceFile, type: ClearanceEventType): ClearanceCondition[] {
  if (type === 'means_arrived' || type === 'manifest_registered') return [];
  if (file.cancelled || file.exited) return [file.cancelled ? 'not_cancelled' : 'not_exited'];
  const needs: ClearanceCondition[] = [];
  const need = (condition: boolean, what: ClearanceCondition) => {
    if (!condition) needs.push(what);
  };
  const notReleased = () => {
    need(!file.released, 'not_released');
  };
  switch (type) {
    case 'lodged':
      need(!file.lodged, 'not_lodged');
      break;
    case 'amended':
      need(file.lodged, 'lodged');
      notReleased();
      break;
    case 'lane_assigned':
      // Re-assessment after an amendment, until a control has begun.
      need(file.lodged, 'lodged');
      need(file.control === 'none' || file.control === 'planned', 'control_not_started');
      notReleased();
      break;
    case 'lane_rerouted':
      need(file.lane !== null, 'lane_assigned');
      notReleased();
      break;
    case 'control_planned':
      need(file.lane !== null && isControlledLane(file.lane), 'lane_controlled');
      need(file.control === 'none', 'no_control_planned');
      notReleased();
      break;
    case 'control_started':
      need(file.control === 'planned', 'control_planned');
      // A documentary check can start on the pre-arrival declaration; an examination needs the goods.
      if (file.lane === 'red' && file.controlMethod !== 'documentary') need(file.arrived, 'means_arrived');
      notReleased();
      break;
    case 'control_finished':
      need(file.control === 'started', 'control_started');
      notReleased();
      break;
    case 'paid':
      need(file.lodged, 'lodged');
      need(file.settlement !== 'paid', 'not_paid');
      notReleased();
      break;
    case 'guaranteed':
      need(file.lodged, 'lodged');
      need(file.settlement === null, 'not_settled');
      notReleased();
      break;
    case 'released':
      notReleased();
      need(file.lodged, 'lodged');
      need(file.lane !== null, 'lane_assigned');
      need(file.arrived, 'means_arrived');
      if (file.lane !== null && isControlledLane(file.lane))
        need(file.control === 'finished', 'control_finished');
      need(file.settlement !== null, 'paid_or_guaranteed');
      break;
    case 'exited':
      need(file.released, 'released');
      break;
    case 'cancelled':
      need(file.lodged, 'lodged');
      notReleased();
      break;
  }
  return needs;
}

/** The events a file may take now, in the order of the clearance path. */
export function allowedClearanceEvents(file: ClearanceFile): ClearanceEventType[] {
  return clearanceEventTypes.filter((type) => missingFor(file, type).length === 0);
}

/**
 * Applies one event to a file. Refuses an illegal step with CLEARANCE_TRANSITION_REFUSED
 * (details: `state`, `event`, `allowed`, and `missing`, what the file still lacks), and a
 * re-route without a reason with LANE_REROUTE_REASON_REQUIRED. Never throws.
 * @example applyClearanceEvent(startClearance(), { type: 'released' }) // err: state expected, allowed lodged, ...
 */
export function applyClearanceEvent(
  file: ClearanceFile,
  event: ClearanceEvent,
): Result<ClearanceFile, AppError> {
  const missing = missingFor(file, event.type);
  if (missing.length > 0) {
    return err(
      appError('CLEARANCE_TRANSITION_REFUSED', {
        state: file.state,
        event: event.type,
        allowed: allowedClearanceEvents(file).join(', '),
        missing: missing.join(', '),
      }),
    );
  }
  const facts: Facts = file;
  switch (event.type) {
    case 'lodged':
      return ok(withState({ ...facts, lodged: true }));
    case 'amended':
      return ok(file);
    case 'means_arrived':
    case 'manifest_registered':
      return ok(file.arrived ? file : withState({ ...facts, arrived: true }));
    case 'lane_assigned':
      return ok(withState(changeLane(facts, event.lane)));
    case 'lane_rerouted': {
      const from = file.lane ?? event.lane;
      if (event.reason.trim() === '')
        return err(appError('LANE_REROUTE_REASON_REQUIRED', { from, to: event.lane }));
      const reroute: LaneReroute = {
        from,
        to: event.lane,
        reason: event.reason.trim(),
        ...(event.supervisor === undefined ? {} : { supervisor: event.supervisor }),
      };
      return ok(withState({ ...changeLane(facts, event.lane), reroutes: [...file.reroutes, reroute] }));
    }
    case 'control_planned':
      return ok(
        withState({
          ...facts,
          control: 'planned',
          controlMethod: event.method ?? (file.lane === 'yellow' ? 'documentary' : 'physical'),
        }),
      );
    case 'control_started':
      return ok(withState({ ...facts, control: 'started' }));
    case 'control_finished':
      return ok(withState({ ...facts, control: 'finished' }));
    case 'paid':
      return ok(withState({ ...facts, settlement: 'paid' }));
    case 'guaranteed':
      return ok(withState({ ...facts, settlement: 'guaranteed' }));
    case 'released':
      return ok(withState({ ...facts, released: true }));
    case 'exited':
      return ok(withState({ ...facts, exited: true }));
    case 'cancelled':
      return ok(withState({ ...facts, cancelled: true }));
  }
}

/** A failed replay: the error and the index of the event that was refused. */
/**
 * A file whose end step (release, exit or cancellation) is on record but was refused in the
 * order of the timeline, as when an arrival dated after a release is recorded later: the step
 * happened all the same, so the file is taken as having reached it, and it is never released,
 * exited or cancelled twice.
 */
export function withRecordedEnd(
  file: ClearanceFile,
  type: 'released' | 'exited' | 'cancelled',
): ClearanceFile {
  const { state: _state, ...facts } = file;
  if (type === 'released') return withState({ ...facts, released: true });
  if (type === 'exited') return withState({ ...facts, released: true, exited: true });
  return withState({ ...facts, cancelled: true });
}

export interface ClearanceReplayError {
  readonly index: number;
  readonly error: AppError;
}

/**
 * A file's clearance from its timeline, sorted (see `sortTimeline`): each event is applied in
 * turn; events outside the machine (valuation decisions...) are skipped. Stops at the first
 * refused event. Never throws.
 */
export function replayClearance(
  events: readonly Pick<FileEvent, 'type' | 'data'>[],
): Result<ClearanceFile, ClearanceReplayError> {
  let file = startClearance();
  for (const [index, event] of events.entries()) {
    const clearanceEvent = toClearanceEvent(event);
    if (clearanceEvent === null) continue;
    const applied = applyClearanceEvent(file, clearanceEvent);
    if (!applied.ok) return err({ index, error: applied.error });
    file = applied.value;
  }
  return ok(file);
}

/**
 * The clearance event of a file event, with its data read (`lane`, `reason`, `supervisor`,
 * `method`), or null for an event the machine does not follow or whose data is unreadable.
 */
export function toClearanceEvent(event: Pick<FileEvent, 'type' | 'data'>): ClearanceEvent | null {
  const data = event.data ?? {};
  const lane = typeof data.lane === 'string' && isLane(data.lane) ? data.lane : null;
  switch (event.type) {
    case 'lane_assigned':
      return lane === null ? null : { type: 'lane_assigned', lane };
    case 'lane_rerouted':
      return lane === null
        ? null
        : {
            type: 'lane_rerouted',
            lane,
            reason: typeof data.reason === 'string' ? data.reason : '',
            ...(typeof data.supervisor === 'string' ? { supervisor: data.supervisor } : {}),
          };
    case 'control_planned': {
      const method = controlMethods.find((known) => known === data.method);
      return method === undefined ? { type: 'control_planned' } : { type: 'control_planned', method };
    }
    case 'lodged':
    case 'amended':
    case 'means_arrived':
    case 'manifest_registered':
    case 'control_started':
    case 'control_finished':
    case 'paid':
    case 'guaranteed':
    case 'released':
    case 'exited':
    case 'cancelled':
      return { type: event.type };
    case 'valuation_decided':
    case 'valuation_appealed':
    case 'valuation_appeal_decided':
      return null;
  }
}

function isLane(value: string): value is Lane {
  return (lanes as readonly string[]).includes(value);
}

/** A new lane drops a control planned for the old one; a control under way or done stays on record. */
function changeLane(facts: Facts, lane: Lane): Facts {
  if (lane === facts.lane) return facts;
  const dropPlan = facts.control === 'planned';
  return {
    ...facts,
    lane,
    control: dropPlan ? 'none' : facts.control,
    controlMethod: dropPlan ? null : facts.controlMethod,
  };
}

/** The furthest stage the facts reach. */
function stateOf(facts: Facts): ClearanceState {
  if (facts.cancelled) return 'cancelled';
  if (facts.exited) return 'exited';
  if (facts.released) return 'released';
  if (facts.settlement !== null) return 'paid_or_guaranteed';
  if (facts.control !== 'none') return `control_${facts.control}`;
  if (facts.arrived) return 'arrived';
  if (facts.lane !== null) return 'assessed';
  if (facts.lodged) return 'lodged';
  return 'expected';
}

function withState(facts: Facts): ClearanceFile {
  return { ...facts, state: stateOf(facts) };
}
