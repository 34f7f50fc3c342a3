import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { aCriterionOn, aDeclaration, aRuleSet } from '@anticipa/core/testing';
import { createTestApp, type TestApp } from '../test-support/test-app.ts';

interface Problem {
  code: string;
  detail: string;
}

interface ModelView {
  id: string;
  rows: number;
  frauds: number;
  active: boolean;
  evaluation: {
    holdoutFrom: string;
    holdoutRows: number;
    candidate: { score: { share: number; precision: number }[] };
    active: { modelId: string; sawHoldout: boolean } | null;
  };
}

const day = 86_400_000;

/** A rule set of one criterion: a model score of 0.5 or more sends the file to examination. */
const modelRuleSet = aRuleSet({
  name: 'Model',
  criteria: [aCriterionOn('C-MODEL', { field: 'modelScore', op: 'gte', value: 0.5 }, { weight: 50 })],
});

describe('targeting in the product: retrain, compare on a hold-out, activate, score each assessment', () => {
  let t: TestApp;

  before(async () => {
    t = await createTestApp();
  });
  after(async () => {
    await t.close();
  });

  /** Lodges a controlled file `days` ago for an importer, with the control's outcome. */
  const controlled = async (importer: string, daysAgo: number, nonCompliant: boolean) => {
    const at = new Date(Date.parse('2026-03-01T08:00:00Z') - daysAgo * day);
    const lodged = await t.anticipa.declarations.lodge(
      aDeclaration({ importer: { taxId: importer, name: importer } }),
      { at },
    );
    assert.ok(lodged.ok);
    const recorded = await t.anticipa.declarations.appendEvents(lodged.value.head.id, [
      { type: 'control_started', occurredAt: new Date(at.getTime() + 3_600_000) },
      {
        type: 'control_finished',
        occurredAt: new Date(at.getTime() + 7_200_000),
        data: { outcome: nonCompliant ? 'non_compliant' : 'compliant', revenueRecovered: '0.00' },
      },
    ]);
    assert.ok(recorded.ok);
  };

  it('refuses to train on too few results, saying how many it has and needs', async () => {
    await controlled('IMPBAD0001', 60, true);
    const refused = await t.app.inject({
      method: 'POST',
      url: '/api/targeting/models',
      payload: {},
      headers: { ...(await t.user('analyst.diop', 'risk_analyst')), 'accept-language': 'fr' },
    });
    assert.equal(refused.statusCode, 409);
    const problem = refused.json<Problem>();
    assert.equal(problem.code, 'TARGETING_NOT_ENOUGH_RESULTS');
    assert.match(problem.detail, /1 articles contrôlés dont 1 non conformes/);
  });

  it('trains a candidate with hold-out metrics, activates it, and scores each new file with reasons', async () => {
    // Over 60 days: one importer always found non-compliant, nine always compliant.
    for (let daysAgo = 59; daysAgo >= 1; daysAgo -= 1) {
      await controlled(
        daysAgo % 3 === 0 ? 'IMPBAD0001' : `IMPOK000${String(daysAgo % 9)}`,
        daysAgo,
        daysAgo % 3 === 0,
      );
    }
    const trained = await t.app.inject({
      method: 'POST',
      url: '/api/targeting/models',
      payload: {},
      headers: await t.user('analyst.diop', 'risk_analyst'),
    });
    assert.equal(trained.statusCode, 201, trained.body);
    const candidate = trained.json<ModelView>();
    assert.equal(candidate.rows, 60);
    assert.equal(candidate.frauds, 20);
    assert.equal(candidate.active, false);
    assert.equal(candidate.evaluation.active, null);
    assert.ok(candidate.evaluation.holdoutRows >= 12 && candidate.evaluation.holdoutRows < 60);
    // The hold-out's frauds are all the watched importer's: the model trained before it finds them first.
    const atFivePercent = candidate.evaluation.candidate.score.find((entry) => entry.share === 0.05);
    assert.equal(atFivePercent?.precision, 1);

    const activated = await t.app.inject({
      method: 'POST',
      url: `/api/targeting/models/${candidate.id}/activation`,
      payload: {},
      headers: await t.user('chief.ndiaye', 'supervisor'),
    });
    assert.equal(activated.statusCode, 201);
    assert.equal(activated.json<ModelView>().active, true);

    const saved = await t.app.inject({
      method: 'POST',
      url: '/api/rule-sets',
      headers: await t.user('analyst.diop', 'risk_analyst'),
      payload: modelRuleSet,
    });
    const version = saved.json<{ version: number }>().version;
    await t.app.inject({
      method: 'POST',
      url: `/api/rule-sets/${String(version)}/activation`,
      payload: {},
      headers: await t.user('chief.ndiaye', 'supervisor'),
    });

    const assessOf = async (importer: string) => {
      const lodged = await t.app.inject({
        method: 'POST',
        url: '/api/declarations',
        payload: aDeclaration({ importer: { taxId: importer, name: importer } }),
      });
      const id = lodged.json<{ id: string }>().id;
      return (await t.app.inject({ method: 'GET', url: `/api/declarations/${id}/assessment` })).json<{
        lane: string;
        inputs: {
          indicators: { modelScore?: number };
          model?: { modelId: string; score: number; contributions: { name: string; value: string }[] };
        };
      }>();
    };
    const suspect = await assessOf('IMPBAD0001');
    assert.equal(suspect.lane, 'red');
    assert.ok((suspect.inputs.indicators.modelScore ?? 0) >= 0.5);
    assert.equal(suspect.inputs.model?.modelId, candidate.id);
    assert.ok(
      suspect.inputs.model.contributions.some((contribution) => contribution.value.includes('IMPBAD0001')),
      JSON.stringify(suspect.inputs.model.contributions),
    );
    const ordinary = await assessOf('IMPOK0003');
    assert.equal(ordinary.lane, 'green');
    assert.ok((ordinary.inputs.indicators.modelScore ?? 1) < 0.5);

    // A second candidate, an hour later, is compared with the model in force on the same hold-out.
    t.anticipa.setNow('2026-03-01T09:00:00Z');
    const second = await t.app.inject({
      method: 'POST',
      url: '/api/targeting/models',
      payload: {},
      headers: await t.user('analyst.fall', 'risk_analyst'),
    });
    assert.equal(second.statusCode, 201);
    const comparison = second.json<ModelView>().evaluation.active;
    assert.equal(comparison?.modelId, candidate.id);
    assert.equal(comparison.sawHoldout, true);
    const listed = await t.app.inject({ method: 'GET', url: '/api/targeting/models' });
    assert.deepEqual(
      listed.json<{ models: ModelView[] }>().models.map((model) => model.active),
      [false, true],
    );
    const missing = await t.app.inject({ method: 'GET', url: '/api/targeting/models/not-a-model' });
    assert.equal(missing.statusCode, 404);
  });
});
