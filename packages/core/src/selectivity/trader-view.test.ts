import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { emptyCounters } from './lane-allocation.ts';
import { assessmentSeed } from './seeded-random.ts';
import { traderView } from './trader-view.ts';
import {
  aCriterion,
  aCriterionOn,
  aRuleSet,
  aSubject,
  compileOrThrow,
  someLaneParameters,
} from './selectivity-factories.ts';

const at = new Date('2026-03-15T10:00:00Z');

describe('trader view', () => {
  const evaluator = compileOrThrow(
    aRuleSet({
      version: 4,
      criteria: [
        aCriterion({ id: 'CRIT-SECRET-RED', weight: 77.25 }),
        aCriterionOn(
          'CRIT-SECRET-YELLOW',
          { field: 'importer', op: 'eq', value: 'IMP000009' },
          {
            effect: { lane: 'yellow', percentage: 100 },
            weight: 13.5,
            reason: {
              fr: 'Importateur signalé par le renseignement',
              en: 'Importer flagged by intelligence',
            },
          },
        ),
      ],
      laneParameters: {
        default: someLaneParameters({
          yellowToBlueDays: 2,
          minimumRandomRate: { red: 0, yellow: 0, blue: 100 },
        }),
        offices: [],
      },
    }),
  );
  const assess = (subject = aSubject()) =>
    evaluator.assess(subject, { at, sequence: 1, counters: emptyCounters() }).assessment;

  it('gives the control type alone, in French and English', () => {
    const red = assess();
    assert.equal(red.lane, 'red');
    assert.deepEqual(traderView(red, at), {
      fileId: 'FILE-1',
      control: 'examination',
      message: { fr: 'Visite physique des marchandises', en: 'Physical examination of the goods' },
    });
    const yellow = assess(aSubject({ importer: 'IMP000009', items: [] }));
    assert.equal(yellow.lane, 'yellow');
    assert.equal(traderView(yellow, at).control, 'documentary_check');
    assert.equal(traderView(yellow, new Date('2026-03-17T10:00:00Z')).control, 'release', 'rolled to blue');
    const blue = assess(aSubject({ items: [] }));
    assert.equal(blue.lane, 'blue');
    assert.deepEqual(traderView(blue, at).message, { fr: 'Bon à enlever', en: 'Release' });
  });

  it('leaks no criterion id, weight, reason, score, lane colour or draw', () => {
    for (const assessment of [assess(), assess(aSubject({ importer: 'IMP000009', items: [] }))]) {
      assert.ok(assessment.hits.length > 0);
      const view = JSON.stringify(traderView(assessment, at));
      for (const hit of assessment.hits) {
        assert.ok(!view.includes(hit.criterionId), hit.criterionId);
        assert.ok(!view.includes(hit.profileId), hit.profileId);
        assert.ok(!view.includes(String(hit.weight)), String(hit.weight));
        assert.ok(!view.includes(hit.reason.fr) && !view.includes(hit.reason.en), hit.reason.en);
        assert.ok(!view.includes(hit.name), hit.name);
      }
      assert.ok(!view.includes(String(assessment.score)));
      assert.ok(
        !view.includes(assessmentSeed(assessment.fileId, assessment.ruleSetVersion, assessment.sequence)),
      );
      assert.ok(!/red|yellow|blue|green|random|weight|score|reason|draw|criterion|hit/i.test(view), view);
      for (const draw of assessment.draws) assert.ok(!view.includes(String(draw).slice(2, 10)));
      assert.deepEqual(Object.keys(traderView(assessment, at)).sort(), ['control', 'fileId', 'message']);
    }
  });
});
