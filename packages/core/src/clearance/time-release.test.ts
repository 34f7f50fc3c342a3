import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  currentLane,
  releaseBreaches,
  releaseTargetsFor,
  timeRelease,
  type FileTimeline,
  type TimelineEvent,
} from './time-release.ts';
import type { EventType } from '../event/file-event.ts';

const t0 = Date.parse('2026-03-02T06:00:00Z');
/** An event `hours` after 06:00 on 2 March 2026. */
const ev = (type: EventType, hours: number, data?: Record<string, unknown>): TimelineEvent => ({
  type,
  occurredAt: new Date(t0 + hours * 3_600_000).toISOString(),
  ...(data === undefined ? {} : { data }),
});
const file = (fileId: string, events: TimelineEvent[], office = 'SNDKR'): FileTimeline => ({
  fileId,
  office,
  events,
});

describe('time release', () => {
  it('measures every segment of a red file lodged after arrival', () => {
    const release = timeRelease(
      file('R1', [
        ev('means_arrived', 0),
        ev('manifest_registered', 1),
        ev('lodged', 2),
        ev('lane_assigned', 2.5, { lane: 'red' }),
        ev('control_planned', 3),
        ev('control_started', 6),
        ev('control_finished', 8),
        ev('paid', 10),
        ev('released', 11),
        ev('exited', 20),
      ]),
    );
    assert.equal(release.lane, 'red');
    assert.deepEqual(release.segments, {
      arrival_to_lane: 2.5 * 3600,
      lane_to_control_start: 3.5 * 3600,
      control: 2 * 3600,
      to_payment: 2 * 3600,
      payment_to_release: 3600,
      release_to_exit: 9 * 3600,
      arrival_to_release: 11 * 3600,
    });
    assert.equal(release.targetHours, 48);
    assert.equal(release.dueAt, '2026-03-04T06:00:00.000Z');
    assert.equal(release.withinTarget, true);
  });

  it('shows anticipation as negative segments: a green file assessed and paid at sea', () => {
    const release = timeRelease(
      file('G1', [
        ev('lodged', -30),
        ev('lane_assigned', -29, { lane: 'green' }),
        ev('guaranteed', -5),
        ev('means_arrived', 0),
        ev('released', 0.25),
      ]),
    );
    assert.equal(release.segments.arrival_to_lane, -29 * 3600);
    assert.equal(release.segments.to_payment, 24 * 3600);
    assert.equal(release.segments.payment_to_release, 5.25 * 3600);
    assert.equal(release.segments.arrival_to_release, 900);
    assert.equal(release.segments.control, null);
    assert.equal(release.segments.lane_to_control_start, null);
    assert.equal(release.milestones.lodged, '2026-03-01T00:00:00.000Z');
    assert.equal(release.withinTarget, true);
  });

  it('takes the first arrival, and the lane of the latest re-route', () => {
    const events = [
      ev('lodged', -3),
      ev('manifest_registered', 2),
      ev('means_arrived', 1),
      ev('lane_assigned', -2, { lane: 'green' }),
      ev('lane_rerouted', 3, { lane: 'yellow', reason: 'tip-off' }),
      ev('released', 26),
    ];
    const release = timeRelease(file('Y1', events));
    assert.equal(release.milestones.arrived, '2026-03-02T07:00:00.000Z');
    assert.equal(currentLane(events), 'yellow');
    assert.equal(release.targetHours, 24);
    assert.equal(release.withinTarget, false);
  });

  it('uses an office’s own targets where it set them', () => {
    const config = { defaults: { green: 2, blue: 2, yellow: 24, red: 48 }, offices: { SNKID: { red: 72 } } };
    assert.deepEqual(releaseTargetsFor('SNKID', config), { red: 72, yellow: 24, blue: 2, green: 2 });
    assert.deepEqual(releaseTargetsFor('SNDKR', config), { red: 48, yellow: 24, blue: 2, green: 2 });
    assert.deepEqual(releaseTargetsFor('SNDKR'), { red: 48, yellow: 24, blue: 2, green: 2 });
    const red = timeRelease(
      file('R', [ev('means_arrived', 0), ev('lane_assigned', 1, { lane: 'red' })], 'SNKID'),
      config,
    );
    assert.equal(red.dueAt, '2026-03-05T06:00:00.000Z');
  });

  it('lists the files past their target and not yet released as of an instant, most overdue first', () => {
    const files = [
      // Green, arrived at 0, not released: due at 2 h.
      file('G-LATE', [ev('lodged', -10), ev('lane_assigned', -9, { lane: 'green' }), ev('means_arrived', 0)]),
      // Green released in time.
      file('G-OK', [
        ev('lodged', -10),
        ev('lane_assigned', -9, { lane: 'green' }),
        ev('means_arrived', 0),
        ev('released', 1),
      ]),
      // Red arrived at 0: due at 48 h, not yet past due at 30 h.
      file('R-DUE', [ev('means_arrived', 0), ev('lodged', 1), ev('lane_assigned', 1, { lane: 'red' })]),
      // Yellow arrived at -10, released at 31: a breach until then.
      file('Y-LATE', [
        ev('means_arrived', -10),
        ev('lodged', -9),
        ev('lane_assigned', -9, { lane: 'yellow' }),
        ev('released', 31),
      ]),
      // Not arrived, or no lane, or cancelled: no target runs.
      file('AT-SEA', [ev('lodged', -10), ev('lane_assigned', -9, { lane: 'green' })]),
      file('NO-LANE', [ev('means_arrived', -10), ev('lodged', -9)]),
      file('CANCELLED', [
        ev('means_arrived', -10),
        ev('lodged', -9),
        ev('lane_assigned', -9, { lane: 'green' }),
        ev('cancelled', -8),
      ]),
    ];
    const asOf = new Date(t0 + 30 * 3_600_000);
    assert.deepEqual(releaseBreaches(files, asOf), [
      {
        fileId: 'G-LATE',
        office: 'SNDKR',
        lane: 'green',
        arrivedAt: '2026-03-02T06:00:00.000Z',
        dueAt: '2026-03-02T08:00:00.000Z',
        overdueSeconds: 28 * 3600,
      },
      {
        fileId: 'Y-LATE',
        office: 'SNDKR',
        lane: 'yellow',
        arrivedAt: '2026-03-01T20:00:00.000Z',
        dueAt: '2026-03-02T20:00:00.000Z',
        overdueSeconds: 16 * 3600,
      },
    ]);
    // Just before G-LATE's due time, nothing is late yet; once released, Y-LATE is no longer listed.
    assert.deepEqual(releaseBreaches(files, new Date(t0 + 2 * 3_600_000)), []);
    assert.deepEqual(
      releaseBreaches(files, new Date(t0 + 32 * 3_600_000)).map((breach) => breach.fileId),
      ['G-LATE'],
    );
  });
});
