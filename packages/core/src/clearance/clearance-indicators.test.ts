import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clearanceIndicators, releaseDistribution, type ClearanceRecord } from './clearance-indicators.ts';
import type { TimelineEvent } from './time-release.ts';
import type { EventType } from '../event/file-event.ts';
import type { Lane } from '../selectivity/lane.ts';

const t0 = Date.parse('2026-03-02T06:00:00Z');
const ev = (type: EventType, hours: number, lane?: Lane): TimelineEvent => ({
  type,
  occurredAt: new Date(t0 + hours * 3_600_000).toISOString(),
  ...(lane === undefined ? {} : { data: { lane } }),
});
const record = (
  fileId: string,
  events: TimelineEvent[],
  extra: Partial<Pick<ClearanceRecord, 'office' | 'selectedBy' | 'profiles' | 'result'>> = {},
): ClearanceRecord => ({
  fileId,
  office: 'SNDKR',
  events,
  selectedBy: 'none',
  profiles: [],
  result: null,
  ...extra,
});

/** Eight files whose figures are worked out by hand in the tests below (hours from 06:00 on 2 March). */
const files: ClearanceRecord[] = [
  // Green, lodged at sea, released 30 min after arrival.
  record('G1', [
    ev('lodged', -20),
    ev('lane_assigned', -19, 'green'),
    ev('paid', -1),
    ev('means_arrived', 0),
    ev('released', 0.5),
  ]),
  // Green, lodged 3 h after arrival, released at 5 h.
  record('G2', [
    ev('means_arrived', 0),
    ev('lodged', 3),
    ev('lane_assigned', 3, 'green'),
    ev('paid', 4),
    ev('released', 5),
  ]),
  // Red by a criterion of P-VALUE: 150,000.50 recovered, released at 6 h.
  record(
    'R1',
    [
      ev('lodged', -10),
      ev('lane_assigned', -10, 'red'),
      ev('means_arrived', 0),
      ev('control_started', 2),
      ev('control_finished', 4),
      ev('paid', 5),
      ev('released', 6),
    ],
    {
      selectedBy: 'criteria',
      profiles: ['P-VALUE'],
      result: { compliant: false, revenueRecovered: '150000.50' },
    },
  ),
  // Red by the random sample: compliant, released at 10 h.
  record(
    'R2',
    [ev('lodged', -5), ev('lane_assigned', -5, 'red'), ev('means_arrived', 0), ev('released', 10)],
    {
      selectedBy: 'random',
      result: { compliant: true },
    },
  ),
  // Yellow by criteria of two profiles, lodged after arrival: 49,999.50 recovered and goods seized.
  record(
    'Y1',
    [ev('means_arrived', 0), ev('lodged', 1), ev('lane_assigned', 1, 'yellow'), ev('released', 4)],
    {
      selectedBy: 'criteria',
      profiles: ['P-VALUE', 'P-ORIGIN'],
      result: { compliant: false, revenueRecovered: '49999.50', seized: true },
    },
  ),
  // Yellow by top-up: a discrepancy without revenue; not yet released.
  record('Y2', [ev('lodged', -2), ev('lane_assigned', -2, 'yellow'), ev('means_arrived', 0)], {
    selectedBy: 'top_up',
    result: { compliant: false, revenueRecovered: '0' },
  }),
  // Blue at the border post, arriving the next day (02:00 on 3 March), released an hour later.
  record(
    'B1',
    [
      ev('lodged', 19),
      ev('lane_assigned', 19, 'blue'),
      ev('paid', 19.5),
      ev('means_arrived', 20),
      ev('released', 21),
    ],
    {
      office: 'SNKID',
      selectedBy: 'criteria',
    },
  ),
  // Lodged, not assessed, goods not arrived.
  record('U1', [ev('lodged', 2)], { selectedBy: null }),
];

describe('clearance indicators', () => {
  it('equal the figures worked out by hand for all files together', () => {
    const [all] = clearanceIndicators(files, { groupBy: [] });
    assert.deepEqual(all, {
      key: {},
      files: 8,
      filesPerLane: { red: 2, yellow: 2, blue: 1, green: 2, unassessed: 1 },
      hitRate: {
        targeted: { inspections: 2, hits: 2, rate: 1 },
        random: { inspections: 1, hits: 0, rate: 0 },
        topUp: { inspections: 1, hits: 1, rate: 1 },
      },
      // 150,000.50 + 49,999.50 over four inspections.
      revenueRecovered: '200000.00',
      revenuePerInspection: '50000.00',
      seizures: 1,
      // Lodged before arrival: G1, R1, R2, Y2, B1 of the 7 with both (U1 has not arrived).
      shareLodgedBeforeArrival: 5 / 7,
      // Released within an hour of arrival: G1 (30 min) and B1 (exactly 1 h) of the 6 released.
      shareReleasedOnArrival: 2 / 6,
      releaseTime: {
        // 10,800 s apart: median halfway, P90 at 0.9 of the way (type 7).
        green: { released: 2, medianSeconds: 9_900, p90Seconds: 16_380 },
        red: { released: 2, medianSeconds: 28_800, p90Seconds: 34_560 },
        yellow: { released: 1, medianSeconds: 14_400, p90Seconds: 14_400 },
        blue: { released: 1, medianSeconds: 3_600, p90Seconds: 3_600 },
      },
    });
  });

  it('group by office and lane', () => {
    const groups = clearanceIndicators(files, { groupBy: ['office', 'lane'] });
    assert.deepEqual(
      groups.map((group) => [group.key.office, group.key.lane, group.files]),
      [
        ['SNDKR', 'green', 2],
        ['SNDKR', 'red', 2],
        ['SNDKR', 'yellow', 2],
        ['SNKID', 'blue', 1],
        ['SNDKR', null, 1],
      ],
    );
    const red = groups[1]!;
    assert.deepEqual(red.hitRate.targeted, { inspections: 1, hits: 1, rate: 1 });
    assert.equal(red.revenueRecovered, '150000.50');
    assert.equal(red.shareReleasedOnArrival, 0);
  });

  it('count a file in each profile that selected it, and files of no profile apart', () => {
    const groups = clearanceIndicators(files, { groupBy: ['profile'] });
    assert.deepEqual(
      groups.map((group) => [group.key.profile, group.files, group.revenueRecovered, group.seizures]),
      [
        [null, 6, '0.00', 0],
        ['P-VALUE', 2, '200000.00', 1],
        ['P-ORIGIN', 1, '49999.50', 1],
      ],
    );
    assert.deepEqual(groups[1]?.hitRate.targeted, { inspections: 2, hits: 2, rate: 1 });
  });

  it('group by the day of arrival, else of lodgement', () => {
    const groups = clearanceIndicators(files, { groupBy: ['period'], period: 'day' });
    assert.deepEqual(
      groups.map((group) => [group.key.period, group.files]),
      [
        ['2026-03-02', 7],
        ['2026-03-03', 1],
      ],
    );
    const [month] = clearanceIndicators(files, { groupBy: ['period'], period: 'month' });
    assert.deepEqual([month?.key.period, month?.files], ['2026-03', 8]);
  });

  it('take "on arrival" as the office sets it', () => {
    const all = clearanceIndicators(files, { groupBy: [], onArrivalSeconds: 5 * 3600 })[0]!;
    // Now G2 (5 h) and Y1 (4 h) count too.
    assert.equal(all.shareReleasedOnArrival, 4 / 6);
  });

  it('have no rate, share or distribution without data', () => {
    const empty = clearanceIndicators([record('U', [ev('lodged', 0)], { selectedBy: null })], {
      groupBy: [],
    })[0]!;
    assert.equal(empty.hitRate.random.rate, null);
    assert.equal(empty.revenuePerInspection, null);
    assert.equal(empty.shareLodgedBeforeArrival, null);
    assert.equal(empty.shareReleasedOnArrival, null);
    assert.deepEqual(releaseDistribution([]), { released: 0, medianSeconds: null, p90Seconds: null });
  });
});
