import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Assessment } from './assessment.ts';
import { compileCondition } from './compile-condition.ts';
import { compileRuleSet } from './compile-rule-set.ts';
import type { Condition } from './condition.ts';
import type { Criterion } from './criterion.ts';
import { emptyCounters } from './lane-allocation.ts';
import { replayAssessment } from './replay-assessment.ts';
import type { RuleSet } from './rule-set.ts';
import { seededRandom } from './seeded-random.ts';
import type { SelectivitySubject, SubjectItem } from './selectivity-subject.ts';
import {
  aCriterion,
  aCriterionOn,
  anEntry,
  anItem,
  aRuleSet,
  aSubject,
  aWatchlist,
  compileOrThrow,
  someLaneParameters,
} from './selectivity-factories.ts';
import { compileWatchlist } from './watchlist.ts';

const at = new Date('2026-03-15T10:00:00Z');
const first = { at, sequence: 1, counters: emptyCounters() };

describe('compileRuleSet', () => {
  it('returns every problem of an invalid rule set instead of an evaluator', () => {
    const compiled = compileRuleSet({ ...aRuleSet(), version: 0 });
    assert.ok(!compiled.ok);
    assert.deepEqual(
      compiled.error.map((problem) => problem.path),
      ['/version'],
    );
  });

  it('evaluates the criteria of active profiles only', () => {
    const ruleSet = aRuleSet();
    const inactive = {
      ...ruleSet,
      profiles: ruleSet.profiles.map((profile) => ({ ...profile, active: false })),
    };
    assert.deepEqual(compileOrThrow(ruleSet).matchCriteria(aSubject(), at), ['C-VEH-CN']);
    assert.deepEqual(compileOrThrow(inactive).matchCriteria(aSubject(), at), []);
    assert.equal(compileOrThrow(inactive).criteriaCount, 0);
  });

  it('applies a criterion from validFrom (inclusive) to validTo (exclusive)', () => {
    const evaluator = compileOrThrow(
      aRuleSet({
        criteria: [aCriterion({ validFrom: '2026-03-01T00:00:00Z', validTo: '2026-04-01T00:00:00Z' })],
      }),
    );
    const hitsAt = (instant: string) => evaluator.matchCriteria(aSubject(), new Date(instant));
    assert.deepEqual(hitsAt('2026-02-28T23:59:59.999Z'), []);
    assert.deepEqual(hitsAt('2026-03-01T00:00:00Z'), ['C-VEH-CN']);
    assert.deepEqual(hitsAt('2026-03-31T23:59:59.999Z'), ['C-VEH-CN']);
    assert.deepEqual(hitsAt('2026-04-01T00:00:00Z'), []);
  });

  it('applies a criterion only in the offices of its scope; unscoped ones everywhere', () => {
    const evaluator = compileOrThrow(
      aRuleSet({
        criteria: [
          aCriterion({ id: 'ALL' }),
          aCriterion({ id: 'AIRPORT', offices: ['SNDSS1'] }),
          aCriterion({ id: 'BOTH', offices: ['SNDKR1', 'SNDSS1'] }),
        ],
      }),
    );
    assert.deepEqual(evaluator.matchCriteria(aSubject({ office: 'SNDKR1' }), at), ['ALL', 'BOTH']);
    assert.deepEqual(evaluator.matchCriteria(aSubject({ office: 'SNDSS1' }), at), ['ALL', 'AIRPORT', 'BOTH']);
    assert.deepEqual(evaluator.matchCriteria(aSubject({ office: 'SNZIG1' }), at), ['ALL']);
  });

  it('uses an office’s own lane parameters, else the default', () => {
    const own = { office: 'SNDSS1', ...someLaneParameters({ greenDelayMinutes: 5 }) };
    const evaluator = compileOrThrow(
      aRuleSet({
        laneParameters: { default: someLaneParameters({ greenDelayMinutes: 30 }), offices: [own] },
      }),
    );
    assert.equal(evaluator.laneParameters('SNDSS1').greenDelayMinutes, 5);
    assert.equal(evaluator.laneParameters('SNDKR1').greenDelayMinutes, 30);
  });
});

describe('assess', () => {
  const evaluator = compileOrThrow(
    aRuleSet({
      version: 12,
      criteria: [
        aCriterion(),
        aCriterionOn(
          'C-SCORE',
          { field: 'modelScore', op: 'gte', value: 0.8 },
          { effect: { lane: 'yellow', percentage: 0 }, weight: 4.5 },
        ),
        aCriterionOn('C-NEVER', { field: 'origin', op: 'eq', value: 'US' }),
      ],
      laneParameters: {
        default: someLaneParameters({
          yellowToBlueDays: 3,
          greenDelayMinutes: 30,
          maxHitsWithoutSelection: 5,
        }),
        offices: [],
      },
    }),
  );
  const subject = aSubject({ fileId: 'DPI-2026-000042', modelScore: 0.93 });

  it('reports the lane, score and each hit with its reason, weight and draw', () => {
    const { assessment, counters } = evaluator.assess(subject, first);
    assert.equal(assessment.lane, 'red');
    assert.equal(assessment.selectedBy, 'criteria');
    assert.equal(assessment.score, 14.5);
    assert.deepEqual(
      assessment.hits.map((hit) => [hit.criterionId, hit.profileId, hit.lane, hit.weight, hit.selected]),
      [
        ['C-VEH-CN', 'P-VALUE', 'red', 10, true],
        ['C-SCORE', 'P-VALUE', 'yellow', 4.5, false],
      ],
    );
    assert.deepEqual(assessment.hits[0]?.reason, {
      fr: 'Véhicule : risque de sous-évaluation',
      en: 'Vehicle: under-valuation risk',
    });
    assert.deepEqual(
      assessment.hits.map((hit) => hit.draw),
      assessment.draws.slice(1, 3),
    );
    assert.equal(assessment.ruleSetVersion, 12);
    assert.equal(assessment.at, '2026-03-15T10:00:00.000Z');
    assert.equal(assessment.yellowToBlueDays, 3);
    assert.equal(assessment.greenDelayMinutes, 30);
    assert.deepEqual(counters, { assessed: 1, red: 1, yellow: 0, blue: 0, green: 0 });
    assert.deepEqual(assessment.countersBefore, emptyCounters());
  });

  it('never copies the confidential rationale into an assessment', () => {
    const { assessment } = evaluator.assess(subject, first);
    assert.doesNotMatch(JSON.stringify(assessment), /Seizures at the port/);
  });

  it('takes its draws from the source seeded with file id, rule-set version and sequence', () => {
    const { assessment } = evaluator.assess(subject, first);
    const source = seededRandom('DPI-2026-000042|v12|#1');
    assert.deepEqual(
      assessment.draws,
      assessment.draws.map(() => source()),
    );
    const injected = compileOrThrow(evaluator.ruleSet, { randomFactory: () => () => 0.5 });
    assert.deepEqual(injected.assess(subject, first).assessment.draws, [0.5, 0.5, 0.5]);
  });

  it('gives the same assessment for the same inputs, and other draws for another sequence', () => {
    const once = evaluator.assess(subject, first).assessment;
    const twice = evaluator.assess(subject, first).assessment;
    assert.deepEqual(twice, once);
    const reassessed = evaluator.assess(subject, { ...first, sequence: 2 }).assessment;
    assert.notDeepEqual(reassessed.draws, once.draws);
  });

  it('replays a stored assessment to the same lane, hits and draws', () => {
    let counters = emptyCounters();
    const stored: Assessment[] = [];
    const subjects: SelectivitySubject[] = [];
    const stream = compileOrThrow({
      ...evaluator.ruleSet,
      laneParameters: {
        default: someLaneParameters({
          expectedRate: { red: 10, yellow: 10, blue: 10 },
          minimumRandomRate: { red: 2, yellow: 2, blue: 2 },
        }),
        offices: [],
      },
    });
    for (let file = 0; file < 200; file += 1) {
      const fileSubject = aSubject({
        fileId: `F-${file}`,
        modelScore: (file % 10) / 10,
        items: [anItem({ origin: file % 3 === 0 ? 'CN' : 'JP' })],
      });
      const outcome = stream.assess(fileSubject, { at, sequence: 1, counters });
      counters = outcome.counters;
      // Stored as JSON, as the server keeps it.
      stored.push(JSON.parse(JSON.stringify(outcome.assessment)) as Assessment);
      subjects.push(fileSubject);
    }
    const lanes = new Set(stored.map((assessment) => assessment.lane));
    assert.equal(lanes.size, 4, 'the stream exercises every lane');
    stored.forEach((past, index) => {
      const replay = replayAssessment(stream, subjects[index]!, past);
      assert.equal(replay.identical, true, `${past.fileId}: ${replay.differences.join(', ')}`);
      assert.equal(replay.assessment.lane, past.lane);
      assert.deepEqual(replay.assessment.draws, past.draws);
    });
  });

  it('says what differs when the replay does not match', () => {
    const past = evaluator.assess(subject, first).assessment;
    const otherVersion = compileOrThrow({ ...evaluator.ruleSet, version: 13 });
    const replay = replayAssessment(otherVersion, subject, past);
    assert.equal(replay.identical, false);
    assert.ok(replay.differences.includes('ruleSetVersion'));
    assert.ok(replay.differences.includes('draws'));
    const amended = replayAssessment(evaluator, { ...subject, items: [anItem({ origin: 'JP' })] }, past);
    assert.ok(amended.differences.includes('hits'));
  });

  it('selects about the selection percentage of the files a criterion hits', () => {
    const half = compileOrThrow(
      aRuleSet({ criteria: [aCriterion({ effect: { lane: 'yellow', percentage: 50 } })] }),
    );
    let yellow = 0;
    const files = 10_000;
    for (let file = 0; file < files; file += 1) {
      const { assessment } = half.assess(aSubject({ fileId: `H-${file}` }), first);
      if (assessment.lane === 'yellow') yellow += 1;
    }
    const sigma = Math.sqrt(files * 0.25);
    assert.ok(Math.abs(yellow - files / 2) <= 3 * sigma, `yellow ${yellow}`);
  });
});

describe('the criterion index', () => {
  it('finds exactly the criteria a brute-force evaluation finds', () => {
    const random = seededRandom('index-property');
    const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;
    const lines = [
      '8703231900',
      '8703241000',
      '8704210000',
      '0303890000',
      '2402200000',
      '1006300000',
      '6403990000',
    ];
    // Items also carry manifest HS codes (4 or 6 digits), 8-digit lines and odd values.
    const itemLines = [...lines, '8703', '870323', '87032319', '24022000', '87O3231900'];
    const origins = ['CN', 'JP', 'NG', 'FR', 'TR'];
    const itemOrigins = [...origins, 'cn', 'CHN'];
    const importers = ['IMP1', 'IMP2', 'IMP3'];
    const lists = [
      aWatchlist({
        id: 'L-HS',
        kind: 'tariff_line',
        entries: [
          anEntry('8704'),
          anEntry('240220', { validTo: '2026-03-01T00:00:00Z' }),
          anEntry('870323190'),
        ],
      }),
      aWatchlist({ id: 'L-CTRY', kind: 'country', entries: [anEntry('NG'), anEntry('TR')] }),
      aWatchlist({ id: 'L-IMP', entries: [anEntry('IMP2')] }),
    ];
    const predicate = (): Condition => {
      switch (Math.floor(random() * 9)) {
        case 0:
          return {
            field: 'tariffLine',
            op: 'prefix',
            value: pick(lines).slice(0, pick([2, 4, 6, 7, 8, 9, 10])),
          };
        case 1:
          return { field: 'tariffLine', op: 'in', value: [pick(lines), pick(lines)] };
        case 2:
          return { field: 'tariffLine', op: 'inList', list: 'L-HS' };
        case 3:
          return { field: 'origin', op: 'in', value: [pick(origins), pick(origins)] };
        case 4:
          return { field: 'origin', op: 'inList', list: 'L-CTRY' };
        case 5:
          return { field: 'unitValue', op: 'lt', value: Math.round(random() * 1000) };
        case 6:
          return { field: 'importer', op: 'inList', list: 'L-IMP' };
        case 7:
          return { field: 'importer', op: 'eq', value: pick(importers) };
        default:
          return { field: 'tariffLine', op: 'eq', value: pick(lines) };
      }
    };
    const condition = (depth: number): Condition => {
      const roll = random();
      if (depth > 2 || roll < 0.4) return predicate();
      const children = Array.from({ length: 1 + Math.floor(random() * 3) }, () => condition(depth + 1));
      if (roll < 0.75) return { all: children };
      if (roll < 0.92) return { any: children };
      return { not: condition(depth + 1) };
    };
    const criteria: Criterion[] = Array.from({ length: 300 }, (_, index) =>
      aCriterionOn(`K${index}`, condition(0), {
        ...(random() < 0.2 ? { offices: [pick(['SNDKR1', 'SNDSS1'])] } : {}),
        ...(random() < 0.1 ? { validFrom: '2026-04-01T00:00:00Z' } : {}),
      }),
    );
    const ruleSet: RuleSet = aRuleSet({ criteria, lists });
    const evaluator = compileOrThrow(ruleSet);

    // Brute force: every criterion, every item, no index.
    const compiledLists = new Map(lists.map((list) => [list.id, compileWatchlist(list)]));
    const tests = criteria.map((criterion) => ({
      criterion,
      compiled: compileCondition(criterion.condition, compiledLists),
    }));
    const bruteForce = (subject: SelectivitySubject): string[] =>
      tests
        .filter(({ criterion, compiled }) => {
          if (at.getTime() < Date.parse(criterion.validFrom)) return false;
          if (criterion.offices !== undefined && !criterion.offices.includes(subject.office)) return false;
          return compiled.itemLevel
            ? subject.items.some((item) => compiled.test(subject, item, at.getTime()))
            : compiled.test(subject, undefined, at.getTime());
        })
        .map(({ criterion }) => criterion.id);

    let total = 0;
    for (let file = 0; file < 2_000; file += 1) {
      const items: SubjectItem[] = Array.from({ length: 1 + Math.floor(random() * 3) }, () =>
        anItem({
          tariffLine: pick(itemLines),
          origin: pick(itemOrigins),
          unitValue: Math.round(random() * 1200),
        }),
      );
      const subject = aSubject({
        fileId: `P${file}`,
        office: pick(['SNDKR1', 'SNDSS1', 'SNZIG1']),
        importer: pick(importers),
        items,
      });
      const expected = bruteForce(subject);
      total += expected.length;
      assert.deepEqual(evaluator.matchCriteria(subject, at), expected, `file ${file}`);
    }
    assert.ok(total > 1_000, `the sample should hit often (${total} hits)`);
  });
});
