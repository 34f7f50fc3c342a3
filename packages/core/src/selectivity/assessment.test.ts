import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isReleasable, laneAt, releasableAt, type Assessment } from './assessment.ts';
import { emptyCounters } from './lane-allocation.ts';

function anAssessment(overrides: Partial<Assessment> = {}): Assessment {
  return {
    fileId: 'DPI-1',
    office: 'SNDKR1',
    at: '2026-03-15T10:00:00.000Z',
    sequence: 1,
    ruleSetVersion: 1,
    lane: 'green',
    selectedBy: 'none',
    score: 0,
    hits: [],
    random: false,
    randomLane: null,
    topUp: false,
    maxHitsExceeded: false,
    draws: [0.5],
    countersBefore: emptyCounters(),
    yellowToBlueDays: 3,
    greenDelayMinutes: 30,
    ...overrides,
  };
}

describe('yellow rolls to blue after N days', () => {
  const yellow = anAssessment({ lane: 'yellow' });

  it('stays yellow until N days after assessment, then reads blue', () => {
    assert.equal(laneAt(yellow, new Date('2026-03-18T09:59:59.999Z')), 'yellow');
    assert.equal(laneAt(yellow, new Date('2026-03-18T10:00:00Z')), 'blue');
    assert.equal(laneAt(yellow, new Date('2026-04-30T00:00:00Z')), 'blue');
  });

  it('never rolls without a delay, and never changes other lanes', () => {
    assert.equal(
      laneAt(anAssessment({ lane: 'yellow', yellowToBlueDays: null }), new Date('2027-01-01T00:00:00Z')),
      'yellow',
    );
    for (const lane of ['red', 'blue', 'green'] as const) {
      assert.equal(laneAt(anAssessment({ lane }), new Date('2027-01-01T00:00:00Z')), lane);
    }
  });

  it('a rolled yellow file becomes releasable', () => {
    assert.equal(isReleasable(yellow, new Date('2026-03-16T10:00:00Z')), false);
    assert.equal(isReleasable(yellow, new Date('2026-03-18T10:00:00Z')), true);
  });
});

describe('the green delay window', () => {
  const green = anAssessment();

  it('holds a green file for M minutes so that an officer can re-route it', () => {
    assert.equal(isReleasable(green, new Date('2026-03-15T10:00:00Z')), false);
    assert.equal(isReleasable(green, new Date('2026-03-15T10:29:59.999Z')), false);
    assert.equal(isReleasable(green, new Date('2026-03-15T10:30:00Z')), true);
    assert.deepEqual(releasableAt(green), new Date('2026-03-15T10:30:00Z'));
  });

  it('releases at once with no delay', () => {
    assert.equal(
      isReleasable(anAssessment({ greenDelayMinutes: 0 }), new Date('2026-03-15T10:00:00Z')),
      true,
    );
  });

  it('blue releases at once, red never by selectivity alone', () => {
    assert.equal(isReleasable(anAssessment({ lane: 'blue' }), new Date('2026-03-15T10:00:00Z')), true);
    assert.equal(isReleasable(anAssessment({ lane: 'red' }), new Date('2027-03-15T10:00:00Z')), false);
    assert.equal(releasableAt(anAssessment({ lane: 'red' })), null);
  });
});
