import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createBacktest, laneShares, type BacktestFile } from './backtest.ts';
import {
  aCriterion,
  aCriterionOn,
  anItem,
  aRuleSet,
  aSubject,
  compileOrThrow,
  someLaneParameters,
} from './selectivity-factories.ts';

const day = (date: string, hour = 10) => new Date(`${date}T${String(hour).padStart(2, '0')}:00:00.000Z`);

/** A Chinese car (hit by `aCriterion`) or a Turkish one (not), with an optional outcome. */
function aFile(
  id: string,
  lodgedAt: Date,
  options: {
    origin?: string;
    importer?: string;
    nonCompliant?: boolean;
    revenue?: number;
    knownAt?: Date;
  } = {},
): BacktestFile {
  return {
    subject: aSubject({
      fileId: id,
      importer: options.importer ?? 'IMP000001',
      items: [anItem({ origin: options.origin ?? 'CN' })],
    }),
    lodgedAt,
    ...(options.nonCompliant === undefined
      ? {}
      : {
          outcome: {
            nonCompliant: options.nonCompliant,
            revenueRecovered: options.revenue ?? 0,
            knownAt: options.knownAt ?? new Date(lodgedAt.getTime() + 86_400_000),
          },
        }),
  };
}

const chineseCars = compileOrThrow(aRuleSet({ version: 2, name: 'Candidate' }));
const turkishCars = compileOrThrow(
  aRuleSet({
    version: 1,
    name: 'In force',
    criteria: [aCriterion({ id: 'C-TR', condition: { field: 'origin', op: 'eq', value: 'TR' } })],
  }),
);

describe('backtest', () => {
  it('counts lanes, hit rate and revenue caught among files with a known outcome', () => {
    const backtest = createBacktest(chineseCars, null);
    backtest.add(aFile('A', day('2026-03-02'), { nonCompliant: true, revenue: 500_000 }));
    backtest.add(aFile('B', day('2026-03-02', 11), { nonCompliant: false }));
    backtest.add(aFile('C', day('2026-03-02', 12))); // red, never controlled: workload only
    backtest.add(aFile('D', day('2026-03-03'), { origin: 'TR', nonCompliant: true, revenue: 200_000 }));
    const report = backtest.report();
    assert.equal(report.files, 4);
    assert.equal(report.from, '2026-03-02T10:00:00.000Z');
    assert.equal(report.to, '2026-03-03T10:00:00.000Z');
    assert.deepEqual([report.withOutcome, report.nonCompliant, report.revenueRecovered], [3, 2, 700_000]);
    const { candidate } = report;
    assert.deepEqual(candidate.lanes, { red: 3, yellow: 0, blue: 0, green: 1 });
    assert.equal(candidate.selected, 3);
    assert.equal(candidate.selectedWithOutcome, 2);
    assert.equal(candidate.hits, 1);
    assert.equal(candidate.hitRate, 0.5);
    assert.equal(candidate.revenueCaught, 500_000);
    assert.equal(candidate.recall, 0.5);
    assert.equal(candidate.revenueShare, 500_000 / 700_000);
    assert.equal(report.baseline, null);
    assert.equal(report.newlySelected, null);
  });

  it('reports the files newly selected and newly released against the rule set in force', () => {
    const backtest = createBacktest(chineseCars, turkishCars, { sampleSize: 1 });
    backtest.add(aFile('CN-1', day('2026-03-02'), { nonCompliant: true, revenue: 300_000 }));
    backtest.add(aFile('CN-2', day('2026-03-02', 11)));
    backtest.add(aFile('TR-1', day('2026-03-02', 12), { origin: 'TR', nonCompliant: true, revenue: 90_000 }));
    const report = backtest.report();
    assert.deepEqual(report.newlySelected, { count: 2, nonCompliant: 1, revenue: 300_000, sample: ['CN-1'] });
    assert.deepEqual(report.newlyReleased, { count: 1, nonCompliant: 1, revenue: 90_000, sample: ['TR-1'] });
    assert.equal(report.baseline?.version, 1);
    assert.equal(report.baseline.revenueCaught, 90_000);
    assert.equal(report.candidate.revenueCaught, 300_000);
  });

  it('measures workload per office and day against the capacity given or stated by the lane parameters', () => {
    const given = createBacktest(chineseCars, null, { capacity: new Map([['SNDKR1', 1]]) });
    for (const [id, at] of [
      ['A', day('2026-03-02', 8)],
      ['B', day('2026-03-02', 9)],
      ['C', day('2026-03-03', 8)],
    ] as const) {
      given.add(aFile(id, at));
    }
    const [workload] = given.report().candidate.workload;
    assert.deepEqual(workload, {
      office: 'SNDKR1',
      days: 2,
      meanControls: 1.5,
      peakControls: 2,
      meanCapacity: 1,
      daysOverCapacity: 1,
      series: [
        { day: '2026-03-02', controls: 2, capacity: 1 },
        { day: '2026-03-03', controls: 1, capacity: 1 },
      ],
    });

    // 50% red + 0% yellow expected: half of each day's files.
    const stated = compileOrThrow(
      aRuleSet({
        laneParameters: {
          default: someLaneParameters({ expectedRate: { red: 50, yellow: 0, blue: 0 } }),
        },
      }),
    );
    const byRates = createBacktest(stated, null);
    byRates.add(aFile('A', day('2026-03-02', 8)));
    byRates.add(aFile('B', day('2026-03-02', 9)));
    assert.equal(byRates.report().candidate.workload[0]?.series[0]?.capacity, 1);
  });

  it("computes the importer's hit rate only from results known before each file", () => {
    const history = compileOrThrow(
      aRuleSet({
        criteria: [aCriterionOn('C-HISTORY', { field: 'importerHitRate', op: 'gte', value: 0.5 })],
      }),
    );
    const backtest = createBacktest(history, null);
    // A's result is known on 03-05: B (03-04) must not see it; C (03-06) must.
    backtest.add(
      aFile('A', day('2026-03-02'), { origin: 'TR', nonCompliant: true, knownAt: day('2026-03-05') }),
    );
    backtest.add(aFile('B', day('2026-03-04'), { origin: 'TR' }));
    backtest.add(aFile('C', day('2026-03-06'), { origin: 'TR' }));
    backtest.add(aFile('D', day('2026-03-07'), { origin: 'TR', importer: 'IMP000002' }));
    assert.deepEqual(backtest.report().candidate.lanes, { red: 1, yellow: 0, blue: 0, green: 3 });
  });

  it('refuses files out of lodging order', () => {
    const backtest = createBacktest(chineseCars, null);
    backtest.add(aFile('A', day('2026-03-02')));
    assert.throws(() => {
      backtest.add(aFile('B', day('2026-03-01')));
    }, RangeError);
  });

  it('gives lane shares in percent', () => {
    assert.deepEqual(laneShares({ red: 1, yellow: 1, blue: 0, green: 2 }), {
      red: 25,
      yellow: 25,
      blue: 0,
      green: 50,
    });
    assert.deepEqual(laneShares({ red: 0, yellow: 0, blue: 0, green: 0 }), {
      red: 0,
      yellow: 0,
      blue: 0,
      green: 0,
    });
  });
});
