import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  deriveDeclarationStatus,
  deriveManifestStatus,
  isEventApplicable,
  sortTimeline,
  type EventType,
} from './file-event.ts';

const events = (...types: EventType[]) => types.map((type) => ({ type }));

describe('file events', () => {
  it('derive a declaration status from the furthest stage reached', () => {
    assert.equal(deriveDeclarationStatus(events('lodged')), 'lodged');
    assert.equal(deriveDeclarationStatus(events('lodged', 'amended', 'lane_assigned')), 'assessed');
    assert.equal(deriveDeclarationStatus(events('lodged', 'means_arrived', 'lane_assigned')), 'arrived');
    assert.equal(
      deriveDeclarationStatus(events('lodged', 'lane_assigned', 'means_arrived', 'control_started')),
      'under_control',
    );
    assert.equal(
      deriveDeclarationStatus(events('lodged', 'lane_assigned', 'paid', 'released', 'exited')),
      'exited',
    );
  });

  it('count planned controls, guarantees and re-routes on the clearance path', () => {
    assert.equal(deriveDeclarationStatus(events('lodged', 'lane_assigned', 'control_planned')), 'assessed');
    assert.equal(deriveDeclarationStatus(events('lodged', 'lane_assigned', 'lane_rerouted')), 'assessed');
    assert.equal(
      deriveDeclarationStatus(events('lodged', 'lane_assigned', 'means_arrived', 'control_planned')),
      'arrived',
    );
    assert.equal(deriveDeclarationStatus(events('lodged', 'lane_assigned', 'guaranteed')), 'paid');
    assert.equal(isEventApplicable('declaration', 'control_planned'), true);
    assert.equal(isEventApplicable('declaration', 'guaranteed'), true);
    assert.equal(isEventApplicable('manifest', 'lane_rerouted'), false);
  });

  it('derive a manifest status from its arrival events', () => {
    assert.equal(deriveManifestStatus(events('lodged')), 'expected');
    assert.equal(deriveManifestStatus(events('lodged', 'means_arrived')), 'arrived');
    assert.equal(
      deriveManifestStatus(events('lodged', 'means_arrived', 'manifest_registered')),
      'registered',
    );
  });

  it('let each kind of document record only its own events', () => {
    assert.equal(isEventApplicable('manifest', 'means_arrived'), true);
    assert.equal(isEventApplicable('manifest', 'released'), false);
    assert.equal(isEventApplicable('declaration', 'released'), true);
    assert.equal(isEventApplicable('declaration', 'means_arrived'), false);
  });

  it('order a timeline by occurrence, then by recording', () => {
    const sorted = sortTimeline([
      { id: 1, occurredAt: '2026-03-02T00:00:00.000Z', recordedAt: '2026-03-02T00:00:00.000Z' },
      { id: 2, occurredAt: '2026-03-01T00:00:00.000Z', recordedAt: '2026-03-03T00:00:00.000Z' },
      { id: 3, occurredAt: '2026-03-01T00:00:00.000Z', recordedAt: '2026-03-02T00:00:00.000Z' },
    ]);
    assert.deepEqual(
      sorted.map((event) => event.id),
      [3, 2, 1],
    );
  });
});
