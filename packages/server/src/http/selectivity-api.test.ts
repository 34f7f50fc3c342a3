import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { aDeclaration } from '@anticipa/core/testing';
import { createTestApp, type TestApp } from '../test-support/test-app.ts';

interface Problem {
  status: number;
  code: string;
  errors?: { path: string; value: unknown; expected: string }[];
}

interface AssessmentView {
  sequence: number;
  lane: string;
  ruleSetVersion: number;
  declarationVersion: number;
  score: number;
  assessment: { lane: string; hits: { criterionId: string; reason: { fr: string; en: string } }[] };
}

const reason = { fr: 'Poisson de Chine : risque sanitaire', en: 'Fish from China: sanitary risk' };

/** A rule set of one profile: frozen fish (0303) from China goes red, always. */
const fishRuleSet = (weight: unknown = 25) => ({
  name: 'Fish from China',
  profiles: [
    {
      id: 'P-SANITARY',
      name: 'Sanitary',
      active: true,
      criteria: [
        {
          id: 'C-FISH-CN',
          name: 'Frozen fish from China',
          condition: {
            all: [
              { field: 'tariffLine', op: 'prefix', value: '0303' },
              { field: 'origin', op: 'eq', value: 'CN' },
            ],
          },
          effect: { lane: 'red', percentage: 100 },
          weight,
          validFrom: '2026-01-01T00:00:00.000Z',
          reason,
          rationale: 'Seizures of unfit frozen fish in 2025.',
        },
      ],
    },
  ],
  lists: [],
  laneParameters: {
    default: {
      expectedRate: { red: 0, yellow: 0, blue: 0 },
      minimumRandomRate: { red: 0, yellow: 0, blue: 0 },
      greenDelayMinutes: 0,
    },
    offices: [],
  },
});

describe('selectivity API', () => {
  let t: TestApp;

  before(async () => {
    t = await createTestApp();
  });
  after(async () => {
    await t.close();
  });

  const unassessed = aDeclaration();

  it('lodges without assessing while no rule set is active', async () => {
    const active = await t.app.inject({ method: 'GET', url: '/api/rule-sets/active' });
    assert.equal(active.statusCode, 409);
    assert.equal(active.json<Problem>().code, 'NO_ACTIVE_RULE_SET');
    const created = await t.app.inject({ method: 'POST', url: '/api/declarations', payload: unassessed });
    assert.equal(created.statusCode, 201);
    const { id, status } = created.json<{ id: string; status: string }>();
    assert.equal(status, 'lodged');
    const assessment = await t.app.inject({ method: 'GET', url: `/api/declarations/${id}/assessment` });
    assert.equal(assessment.statusCode, 404);
    assert.equal(assessment.json<Problem>().code, 'ASSESSMENT_NOT_FOUND');
    const listed = await t.app.inject({ method: 'GET', url: '/api/declarations' });
    assert.deepEqual(
      listed.json<{ items: { id: string; lane: string | null; score: number | null }[] }>().items,
      [{ ...listed.json<{ items: object[] }>().items[0], id, lane: null, score: null }],
    );
  });

  it('refuses a rule set with a bad field: 400 with its JSON Pointer, nothing stored', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/rule-sets',
      headers: await t.user('analyst.diop', 'risk_analyst'),
      payload: fishRuleSet(5000),
    });
    assert.equal(response.statusCode, 400);
    const problem = response.json<Problem>();
    assert.equal(problem.code, 'VALIDATION_FAILED');
    assert.ok(
      problem.errors?.some((error) => error.path === '/profiles/0/criteria/0/weight' && error.value === 5000),
    );
    const activation = await t.app.inject({
      method: 'POST',
      url: '/api/rule-sets/1/activation',
      payload: {},
      headers: await t.user('chief.ndiaye', 'supervisor'),
    });
    assert.equal(activation.statusCode, 404);
    assert.equal(activation.json<Problem>().code, 'RULE_SET_NOT_FOUND');
  });

  it('saves, activates, and assesses each lodgement and amendment', async () => {
    const saved = await t.app.inject({
      method: 'POST',
      url: '/api/rule-sets',
      headers: await t.user('analyst.diop', 'risk_analyst'),
      payload: fishRuleSet(),
    });
    assert.equal(saved.statusCode, 201);
    const ruleSet = saved.json<{ version: number; activatedAt: string | null }>();
    assert.equal(ruleSet.version, 1);
    assert.equal(ruleSet.activatedAt, null);
    const activated = await t.app.inject({
      method: 'POST',
      url: `/api/rule-sets/${String(ruleSet.version)}/activation`,
      payload: {},
      headers: await t.user('chief.ndiaye', 'supervisor'),
    });
    assert.equal(activated.statusCode, 201);
    const active = await t.app.inject({ method: 'GET', url: '/api/rule-sets/active' });
    assert.equal(active.statusCode, 200);
    assert.deepEqual(
      (({ version, activatedBy }) => ({ version, activatedBy }))(
        active.json<{ version: number; activatedBy: string }>(),
      ),
      { version: 1, activatedBy: 'chief.ndiaye' },
    );

    const declaration = aDeclaration();
    const created = await t.app.inject({ method: 'POST', url: '/api/declarations', payload: declaration });
    assert.equal(created.statusCode, 201);
    const { id, status } = created.json<{ id: string; status: string }>();
    assert.equal(status, 'assessed');

    const officer = await t.app.inject({ method: 'GET', url: `/api/declarations/${id}/assessment` });
    assert.equal(officer.statusCode, 200);
    const assessed = officer.json<AssessmentView>();
    assert.equal(assessed.lane, 'red');
    assert.equal(assessed.sequence, 1);
    assert.equal(assessed.ruleSetVersion, 1);
    assert.equal(assessed.score, 25);
    assert.deepEqual(
      assessed.assessment.hits.map((hit) => [hit.criterionId, hit.reason]),
      [['C-FISH-CN', reason]],
    );

    const events = await t.app.inject({ method: 'GET', url: `/api/declarations/${id}/events` });
    const laneEvents = events
      .json<{ events: { type: string; data?: unknown }[] }>()
      .events.filter((event) => event.type === 'lane_assigned');
    assert.deepEqual(
      laneEvents.map((event) => event.data),
      [{ lane: 'red', ruleSetVersion: 1, sequence: 1 }],
    );
    const read = await t.app.inject({ method: 'GET', url: `/api/declarations/${id}` });
    assert.equal(read.json<{ status: string }>().status, 'assessed');

    const trader = await t.app.inject({ method: 'GET', url: `/api/declarations/${id}/trader-view` });
    assert.equal(trader.statusCode, 200);
    assert.equal(trader.json<{ control: string }>().control, 'examination');
    for (const secret of [
      'C-FISH-CN',
      'P-SANITARY',
      reason.fr,
      reason.en,
      'weight',
      'score',
      'red',
      'reason',
    ]) {
      assert.ok(!trader.body.includes(secret), `the trader view leaks ${secret}`);
    }

    const amended = await t.app.inject({
      method: 'PUT',
      url: `/api/declarations/${id}`,
      payload: { ...declaration, procedure: '4071' },
    });
    assert.equal(amended.statusCode, 200);
    const reassessed = (
      await t.app.inject({ method: 'GET', url: `/api/declarations/${id}/assessment` })
    ).json<AssessmentView>();
    assert.equal(reassessed.sequence, 2);
    assert.equal(reassessed.declarationVersion, 2);
    assert.equal(reassessed.lane, 'red');
  });

  it('assesses a file never assessed when its sender sends it again (stored just before a crash)', async () => {
    const replay = await t.app.inject({ method: 'POST', url: '/api/declarations', payload: unassessed });
    assert.equal(replay.statusCode, 200);
    const { id } = replay.json<{ id: string }>();
    const assessment = await t.app.inject({ method: 'GET', url: `/api/declarations/${id}/assessment` });
    assert.equal(assessment.statusCode, 200);
    assert.equal(assessment.json<AssessmentView>().sequence, 1);
    const again = await t.app.inject({ method: 'POST', url: '/api/declarations', payload: unassessed });
    assert.equal(again.statusCode, 200);
    const history = await t.app.inject({ method: 'GET', url: `/api/declarations/${id}/assessments` });
    assert.equal(history.json<{ assessments: unknown[] }>().assessments.length, 1);
  });

  it('lists files by the lane of their latest assessment, with its lane and score', async () => {
    const green = aDeclaration({
      items: [{ ...aDeclaration().items[0]!, origin: 'MA' }],
    });
    const lodged = await t.app.inject({ method: 'POST', url: '/api/declarations', payload: green });
    assert.equal(lodged.statusCode, 201, lodged.body);
    const greenId = lodged.json<{ id: string }>().id;
    type Listed = { items: { id: string; lane: string | null; score: number | null }[]; total: number };
    const list = async (query: string) => {
      const response = await t.app.inject({ method: 'GET', url: `/api/declarations${query}` });
      assert.equal(response.statusCode, 200, response.body);
      return response.json<Listed>();
    };

    const all = await list('');
    assert.equal(all.total, 3);
    const greens = await list('?lane=green');
    assert.deepEqual(
      greens.items.map((item) => [item.id, item.lane, item.score]),
      [[greenId, 'green', 0]],
    );
    assert.equal(greens.total, 1);
    const reds = await list('?lane=red&limit=1');
    assert.equal(reds.total, 2);
    assert.deepEqual(
      reds.items.map((item) => [item.lane, item.score]),
      [['red', 25]],
    );
    assert.equal((await list('?lane=yellow')).total, 0);

    // A file re-assessed green after being red is listed under its latest lane only.
    const [redFile] = reds.items;
    const stored = await t.app.inject({ method: 'GET', url: `/api/declarations/${redFile!.id}` });
    const document = stored.json<{ document: ReturnType<typeof aDeclaration> }>().document;
    const amended = await t.app.inject({
      method: 'PUT',
      url: `/api/declarations/${redFile!.id}`,
      payload: { ...document, items: document.items.map((item) => ({ ...item, origin: 'MA' })) },
    });
    assert.equal(amended.statusCode, 200, amended.body);
    assert.equal((await list('?lane=red')).total, 1);
    assert.deepEqual(
      (await list('?lane=green')).items.map((item) => item.id).sort(),
      [greenId, redFile!.id].sort(),
    );

    const bad = await t.app.inject({ method: 'GET', url: '/api/declarations?lane=purple' });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json<Problem>().errors?.[0]?.path, '/querystring/lane');
  });

  it('refuses to rewrite an assessment or an activation (append-only)', async () => {
    const refused = (error: unknown) =>
      /ANTICIPA_APPEND_ONLY/.test(String(error) + String((error as { cause?: unknown }).cause));
    await assert.rejects(t.anticipa.db.execute("UPDATE assessments SET lane = 'green'"), refused);
    await assert.rejects(t.anticipa.db.execute('DELETE FROM rule_set_activations'), refused);
    await assert.rejects(t.anticipa.db.execute("UPDATE rule_sets SET name = 'x'"), refused);
  });
});
