import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  allowedClearanceEvents,
  applyClearanceEvent,
  clearanceEventTypes,
  replayClearance,
  startClearance,
  type ClearanceEvent,
  type ClearanceEventType,
  type ClearanceFile,
  type ClearanceState,
} from './clearance-state.ts';
import { describeError } from '../shared/messages.ts';
import type { FileEvent } from '../event/file-event.ts';

function run(...events: ClearanceEvent[]): ClearanceFile {
  let file = startClearance();
  for (const event of events) {
    const applied = applyClearanceEvent(file, event);
    assert.ok(applied.ok, `${event.type} refused: ${applied.ok ? '' : JSON.stringify(applied.error)}`);
    file = applied.value;
  }
  return file;
}

const e = {
  lodged: { type: 'lodged' },
  amended: { type: 'amended' },
  arrived: { type: 'means_arrived' },
  registered: { type: 'manifest_registered' },
  green: { type: 'lane_assigned', lane: 'green' },
  blue: { type: 'lane_assigned', lane: 'blue' },
  yellow: { type: 'lane_assigned', lane: 'yellow' },
  red: { type: 'lane_assigned', lane: 'red' },
  planned: { type: 'control_planned' },
  started: { type: 'control_started' },
  finished: { type: 'control_finished' },
  paid: { type: 'paid' },
  guaranteed: { type: 'guaranteed' },
  released: { type: 'released' },
  exited: { type: 'exited' },
  cancelled: { type: 'cancelled' },
} as const satisfies Record<string, ClearanceEvent>;

/** A sample event of each type, to try on every file. */
const sample: Readonly<Record<ClearanceEventType, ClearanceEvent>> = {
  lodged: e.lodged,
  amended: e.amended,
  means_arrived: e.arrived,
  manifest_registered: e.registered,
  lane_assigned: e.yellow,
  lane_rerouted: { type: 'lane_rerouted', lane: 'red', reason: 'intelligence on the consignee' },
  control_planned: e.planned,
  control_started: e.started,
  control_finished: e.finished,
  paid: e.paid,
  guaranteed: e.guaranteed,
  released: e.released,
  exited: e.exited,
  cancelled: e.cancelled,
};

const arrivals: ClearanceEventType[] = ['means_arrived', 'manifest_registered'];
const open: ClearanceEventType[] = ['amended', ...arrivals];

/** Files reached along the clearance path, their state, and exactly the events each may take. */
const cases: readonly {
  name: string;
  events: ClearanceEvent[];
  state: ClearanceState;
  allowed: ClearanceEventType[];
}[] = [
  { name: 'nothing yet', events: [], state: 'expected', allowed: ['lodged', ...arrivals] },
  {
    name: 'goods arrived before the declaration',
    events: [e.arrived],
    state: 'arrived',
    allowed: ['lodged', ...arrivals],
  },
  {
    name: 'lodged before arrival',
    events: [e.lodged],
    state: 'lodged',
    allowed: [...open, 'lane_assigned', 'paid', 'guaranteed', 'cancelled'],
  },
  {
    name: 'green, at sea',
    events: [e.lodged, e.green],
    state: 'assessed',
    allowed: [...open, 'lane_assigned', 'lane_rerouted', 'paid', 'guaranteed', 'cancelled'],
  },
  {
    name: 'red, at sea',
    events: [e.lodged, e.red],
    state: 'assessed',
    allowed: [
      ...open,
      'lane_assigned',
      'lane_rerouted',
      'control_planned',
      'paid',
      'guaranteed',
      'cancelled',
    ],
  },
  {
    name: 'red, examination planned at sea',
    events: [e.lodged, e.red, e.planned],
    state: 'control_planned',
    allowed: [...open, 'lane_assigned', 'lane_rerouted', 'paid', 'guaranteed', 'cancelled'],
  },
  {
    name: 'yellow, documentary check planned at sea',
    events: [e.lodged, e.yellow, e.planned],
    state: 'control_planned',
    allowed: [
      ...open,
      'lane_assigned',
      'lane_rerouted',
      'control_started',
      'paid',
      'guaranteed',
      'cancelled',
    ],
  },
  {
    name: 'red, examination planned, goods arrived',
    events: [e.lodged, e.red, e.planned, e.arrived],
    state: 'control_planned',
    allowed: [
      ...open,
      'lane_assigned',
      'lane_rerouted',
      'control_started',
      'paid',
      'guaranteed',
      'cancelled',
    ],
  },
  {
    name: 'red, examination under way',
    events: [e.lodged, e.red, e.planned, e.arrived, e.started],
    state: 'control_started',
    allowed: [...open, 'lane_rerouted', 'control_finished', 'paid', 'guaranteed', 'cancelled'],
  },
  {
    name: 'red, examination finished, unpaid',
    events: [e.lodged, e.red, e.planned, e.arrived, e.started, e.finished],
    state: 'control_finished',
    allowed: [...open, 'lane_rerouted', 'paid', 'guaranteed', 'cancelled'],
  },
  {
    name: 'red, examination finished, paid',
    events: [e.lodged, e.red, e.planned, e.arrived, e.started, e.finished, e.paid],
    state: 'paid_or_guaranteed',
    allowed: [...open, 'lane_rerouted', 'released', 'cancelled'],
  },
  {
    name: 'red, paid at sea, examination not yet done',
    events: [e.lodged, e.red, e.paid, e.arrived],
    state: 'paid_or_guaranteed',
    allowed: [...open, 'lane_assigned', 'lane_rerouted', 'control_planned', 'cancelled'],
  },
  {
    name: 'green, guaranteed at sea',
    events: [e.lodged, e.green, e.guaranteed],
    state: 'paid_or_guaranteed',
    allowed: [...open, 'lane_assigned', 'lane_rerouted', 'paid', 'cancelled'],
  },
  {
    name: 'green, guaranteed, arrived',
    events: [e.lodged, e.green, e.guaranteed, e.arrived],
    state: 'paid_or_guaranteed',
    allowed: [...open, 'lane_assigned', 'lane_rerouted', 'paid', 'released', 'cancelled'],
  },
  {
    name: 'released',
    events: [e.lodged, e.blue, e.paid, e.arrived, e.released],
    state: 'released',
    allowed: [...arrivals, 'exited'],
  },
  {
    name: 'exited',
    events: [e.lodged, e.blue, e.paid, e.arrived, e.released, e.exited],
    state: 'exited',
    allowed: arrivals,
  },
  { name: 'cancelled', events: [e.lodged, e.red, e.cancelled], state: 'cancelled', allowed: arrivals },
];

describe('clearance state machine', () => {
  for (const { name, events, state, allowed } of cases) {
    it(`${name}: is ${state} and takes exactly ${allowed.join(', ')}`, () => {
      const file = run(...events);
      assert.equal(file.state, state);
      assert.deepEqual(allowedClearanceEvents(file), allowed);
      for (const type of clearanceEventTypes) {
        const applied = applyClearanceEvent(file, sample[type]);
        assert.equal(applied.ok, allowed.includes(type), `${type} from ${name}`);
        if (!applied.ok) {
          assert.equal(applied.error.code, 'CLEARANCE_TRANSITION_REFUSED');
          const details = applied.error.details ?? {};
          assert.deepEqual(
            [details.state, details.event, details.allowed],
            [state, type, allowed.join(', ')],
          );
        }
      }
    });
  }

  it('releases green and blue files on arrival once paid or guaranteed, not before', () => {
    for (const lane of [e.green, e.blue]) {
      const atSea = run(e.lodged, lane, e.paid);
      const refused = applyClearanceEvent(atSea, e.released);
      assert.ok(!refused.ok);
      assert.equal(refused.error.details?.missing, 'means_arrived');
      const unpaid = run(e.lodged, lane, e.arrived);
      const refusedUnpaid = applyClearanceEvent(unpaid, e.released);
      assert.ok(!refusedUnpaid.ok);
      assert.equal(refusedUnpaid.error.details?.missing, 'paid_or_guaranteed');
      assert.equal(run(e.lodged, lane, e.guaranteed, e.arrived, e.released).state, 'released');
    }
  });

  it('releases red and yellow files only after their control is finished', () => {
    for (const lane of [e.red, e.yellow]) {
      const paid = run(e.lodged, lane, e.arrived, e.paid);
      const refused = applyClearanceEvent(paid, e.released);
      assert.ok(!refused.ok);
      assert.equal(refused.error.details?.missing, 'control_finished');
      const started = run(e.lodged, lane, e.arrived, e.paid, e.planned, e.started);
      assert.ok(!applyClearanceEvent(started, e.released).ok);
      assert.equal(
        run(e.lodged, lane, e.arrived, e.paid, e.planned, e.started, e.finished, e.released).state,
        'released',
      );
    }
  });

  it('lets a documentary check start before arrival, but a physical examination only on the goods', () => {
    assert.equal(run(e.lodged, e.yellow, e.planned, e.started).state, 'control_started');
    const red = run(e.lodged, e.red, e.planned);
    const refused = applyClearanceEvent(red, e.started);
    assert.ok(!refused.ok);
    assert.equal(refused.error.details?.missing, 'means_arrived');
    // A red file's control planned as a documentary check (a scanner out of service, say) may start at sea.
    assert.equal(
      run(e.lodged, e.red, { type: 'control_planned', method: 'documentary' }, e.started).state,
      'control_started',
    );
  });

  it('names the state, the event refused, what it lacks and what is allowed, in French and English', () => {
    const refused = applyClearanceEvent(run(e.lodged, e.red, e.arrived), e.released);
    assert.ok(!refused.ok);
    assert.deepEqual(refused.error.details, {
      state: 'arrived',
      event: 'released',
      allowed:
        'amended, means_arrived, manifest_registered, lane_assigned, lane_rerouted, control_planned, paid, guaranteed, cancelled',
      missing: 'control_finished, paid_or_guaranteed',
    });
    assert.equal(
      describeError(refused.error, 'en'),
      'The file is arrived: released is refused (conditions not met: control finished, duties paid or guaranteed). Allowed now: amended, means_arrived, manifest_registered, lane_assigned, lane_rerouted, control_planned, paid, guaranteed, cancelled.',
    );
    assert.match(
      describeError(refused.error, 'fr'),
      /^Le dossier est à l'état arrived : released est refusé \(conditions non remplies : contrôle terminé, droits payés ou garantis\)\. Permis maintenant : amended,/,
    );
  });

  describe('supervisor re-route', () => {
    it('needs a reason that is not blank', () => {
      const file = run(e.lodged, e.green);
      for (const reason of ['', '   ']) {
        const refused = applyClearanceEvent(file, { type: 'lane_rerouted', lane: 'red', reason });
        assert.ok(!refused.ok);
        assert.equal(refused.error.code, 'LANE_REROUTE_REASON_REQUIRED');
        assert.deepEqual(refused.error.details, { from: 'green', to: 'red' });
        assert.match(describeError(refused.error, 'fr'), /du circuit green vers red exige un motif/);
      }
    });

    it('keeps the reason and the supervisor, and sends a green file to control', () => {
      const file = run(e.lodged, e.green, e.paid, e.arrived, {
        type: 'lane_rerouted',
        lane: 'red',
        reason: '  tip-off from the port authority ',
        supervisor: 'SUP-7',
      });
      assert.equal(file.lane, 'red');
      assert.deepEqual(file.reroutes, [
        { from: 'green', to: 'red', reason: 'tip-off from the port authority', supervisor: 'SUP-7' },
      ]);
      const refused = applyClearanceEvent(file, e.released);
      assert.ok(!refused.ok);
      assert.equal(refused.error.details?.missing, 'control_finished');
    });

    it('frees a red file of its planned examination when re-routed to green', () => {
      const file = run(e.lodged, e.red, e.planned, e.arrived, e.paid, {
        type: 'lane_rerouted',
        lane: 'green',
        reason: 'authorised economic operator',
      });
      assert.equal(file.control, 'none');
      assert.equal(run(e.lodged, e.red, e.planned, e.arrived, e.paid).control, 'planned');
      assert.equal(applyClearanceEvent(file, e.released).ok, true);
    });

    it('is refused before a lane is assigned and after release', () => {
      const reroute: ClearanceEvent = { type: 'lane_rerouted', lane: 'red', reason: 'tip-off' };
      const lodged = applyClearanceEvent(run(e.lodged), reroute);
      assert.ok(!lodged.ok);
      assert.equal(lodged.error.details?.missing, 'lane_assigned');
      const released = applyClearanceEvent(run(e.lodged, e.green, e.paid, e.arrived, e.released), reroute);
      assert.ok(!released.ok);
      assert.equal(released.error.details?.missing, 'not_released');
    });
  });

  it('replays a timeline of file events, skipping events it does not follow, and reports the refused one', () => {
    const at = (type: FileEvent['type'], data?: FileEvent['data']): Pick<FileEvent, 'type' | 'data'> =>
      data === undefined ? { type } : { type, data };
    const replayed = replayClearance([
      at('lodged'),
      at('lane_assigned', { lane: 'yellow', ruleSetVersion: 3 }),
      at('control_planned', { method: 'documentary', inspector: 'INS-1' }),
      at('valuation_decided'),
      at('means_arrived'),
      at('control_started'),
      at('control_finished'),
      at('guaranteed'),
      at('released'),
    ]);
    assert.ok(replayed.ok);
    assert.equal(replayed.value.state, 'released');
    assert.equal(replayed.value.controlMethod, 'documentary');

    const refused = replayClearance([at('lodged'), at('lane_assigned', { lane: 'red' }), at('released')]);
    assert.ok(!refused.ok);
    assert.equal(refused.error.index, 2);
    assert.equal(refused.error.error.details?.event, 'released');
  });
});
