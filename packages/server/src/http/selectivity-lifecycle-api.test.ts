import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Condition, SelectionLane } from '@anticipa/core';
import { aCriterionOn, aDeclaration, aManifest, aRuleSet, aWatchlist } from '@anticipa/core/testing';
import { createTestApp, type TestApp } from '../test-support/test-app.ts';

interface Problem {
  status: number;
  code: string;
  errors?: { path: string; value: unknown; expected: string }[];
}

interface AssessmentView {
  sequence: number;
  lane: string;
  trigger: string;
  assessedAt: string;
  inputs: { indicators: Record<string, unknown>; containers: string[] } | null;
  assessment: { hits: { criterionId: string }[] };
}

/** A B/L of the factory manifest under another number and containers. */
const aBill = (number: string, containers: string[]) => {
  const [bill] = aManifest().billsOfLading;
  assert.ok(bill);
  return { ...bill, number, containers };
};

/** A criterion selecting every file it hits for `lane`. */
const criterion = (id: string, condition: Condition, lane: SelectionLane) =>
  aCriterionOn(id, condition, { effect: { lane, percentage: 100 }, weight: 10 });

/** Criteria on each derived indicator and on a container watchlist; no random quota. */
const ruleSet = aRuleSet({
  name: 'Indicators',
  criteria: [
    criterion('C-NO-MANIFEST', { field: 'billOnNoManifest', op: 'eq', value: true }, 'yellow'),
    criterion('C-HISTORY', { field: 'importerHitRate', op: 'gte', value: 0.5 }, 'red'),
    criterion('C-CONTAINER', { field: 'container', op: 'inList', list: 'L-CONT' }, 'red'),
  ],
  lists: [aWatchlist({ id: 'L-CONT', name: 'Containers under watch', kind: 'container', entries: [] })],
});

describe('selectivity over a file’s life: indicators, arrival, manifests, watchlists, backtests', () => {
  let t: TestApp;
  let version: number;

  before(async () => {
    t = await createTestApp();
    const saved = await t.app.inject({
      method: 'POST',
      url: '/api/rule-sets',
      headers: await t.user('analyst.diop', 'risk_analyst'),
      payload: ruleSet,
    });
    assert.equal(saved.statusCode, 201);
    version = saved.json<{ version: number }>().version;
    const activated = await t.app.inject({
      method: 'POST',
      url: `/api/rule-sets/${String(version)}/activation`,
      payload: {},
      headers: await t.user('chief.ndiaye', 'supervisor'),
    });
    assert.equal(activated.statusCode, 201);
  });
  after(async () => {
    await t.close();
  });

  const assessmentsOf = async (id: string) =>
    (await t.app.inject({ method: 'GET', url: `/api/declarations/${id}/assessments` })).json<{
      assessments: AssessmentView[];
    }>().assessments;

  it('assesses with the B/L-on-no-manifest indicator, and again when the ship arrives', async () => {
    const bill = 'MEDU20260001';
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/declarations',
      payload: aDeclaration({ billsOfLading: [bill], importer: { taxId: 'IMP100001', name: 'Alpha SA' } }),
    });
    assert.equal(created.statusCode, 201, created.body);
    const { id } = created.json<{ id: string }>();
    const [first] = await assessmentsOf(id);
    assert.equal(first?.lane, 'yellow');
    assert.equal(first.trigger, 'lodged');
    assert.equal(first.inputs?.indicators.billOnNoManifest, true);
    assert.deepEqual(
      first.assessment.hits.map((hit) => hit.criterionId),
      ['C-NO-MANIFEST'],
    );

    const manifest = aManifest({
      billsOfLading: [aBill(bill, ['MSCU1234566'])],
    });
    const lodged = await t.app.inject({ method: 'POST', url: '/api/manifests', payload: manifest });
    assert.equal(lodged.statusCode, 201, lodged.body);
    const manifestId = lodged.json<{ id: string }>().id;
    const arrival = await t.app.inject({
      method: 'POST',
      url: `/api/manifests/${manifestId}/arrival`,
      payload: { meansArrivedAt: new Date().toISOString() },
    });
    assert.equal(arrival.statusCode, 200);

    const history = await assessmentsOf(id);
    assert.deepEqual(
      history.map((assessment) => [assessment.sequence, assessment.trigger, assessment.lane]),
      [
        [1, 'lodged', 'yellow'],
        [2, 'arrival', 'green'],
      ],
    );
    assert.equal(history[1]?.inputs?.indicators.billOnNoManifest, false);
    const second = history[1];
    assert.ok(second);
    assert.deepEqual(second.inputs?.containers, ['MSCU1234566']);

    // The file counts once in its office's day: its re-assessment replaced its first lane.
    const day = second.assessedAt.slice(0, 10);
    const counters = await t.app.inject({
      method: 'GET',
      url: `/api/selectivity/counters?office=SNDKR1&day=${day}`,
    });
    assert.deepEqual(counters.json(), {
      office: 'SNDKR1',
      day,
      assessed: 1,
      red: 0,
      yellow: 0,
      blue: 0,
      green: 1,
    });

    for (const sequence of [1, 2]) {
      const replay = await t.app.inject({
        method: 'GET',
        url: `/api/declarations/${id}/assessments/${String(sequence)}/replay`,
      });
      assert.equal(replay.statusCode, 200);
      assert.equal(replay.json<{ identical: boolean }>().identical, true);
    }
  });

  it("keeps a supervisor's re-route when the ship arrives", async () => {
    const bill = 'MEDU20260009';
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/declarations',
      payload: aDeclaration({ billsOfLading: [bill], importer: { taxId: 'IMP100009', name: 'Gamma SA' } }),
    });
    const { id } = created.json<{ id: string }>();
    assert.equal((await assessmentsOf(id))[0]?.lane, 'yellow');
    const rerouted = await t.app.inject({
      method: 'POST',
      url: `/api/declarations/${id}/reroute`,
      payload: { lane: 'red', reason: 'Intelligence from the port authority', supervisor: 'chief.ndiaye' },
    });
    assert.equal(rerouted.statusCode, 201, rerouted.body);
    const lodged = await t.app.inject({
      method: 'POST',
      url: '/api/manifests',
      payload: aManifest({ billsOfLading: [aBill(bill, [])] }),
    });
    const arrival = await t.app.inject({
      method: 'POST',
      url: `/api/manifests/${lodged.json<{ id: string }>().id}/arrival`,
      payload: { meansArrivedAt: new Date().toISOString() },
    });
    assert.equal(arrival.statusCode, 200);
    assert.deepEqual(
      (await assessmentsOf(id)).map((assessment) => assessment.trigger),
      ['lodged'],
    );
  });

  it('adds watchlist entries as a new rule set version, and refuses a bad one naming its field', async () => {
    const bad = await t.app.inject({
      method: 'POST',
      url: `/api/rule-sets/${String(version)}/lists/L-CONT/entries`,
      headers: await t.user('analyst.diop', 'risk_analyst'),
      payload: { entries: [{ value: 'NOT-A-CONTAINER' }] },
    });
    assert.equal(bad.statusCode, 400);
    const problem = bad.json<Problem>();
    assert.equal(problem.code, 'VALIDATION_FAILED');
    assert.ok(
      problem.errors?.some(
        (error) => error.path === '/lists/0/entries/0/value' && error.value === 'NOT-A-CONTAINER',
      ),
      JSON.stringify(problem.errors),
    );

    const unknown = await t.app.inject({
      method: 'POST',
      url: `/api/rule-sets/${String(version)}/lists/L-NONE/entries`,
      headers: await t.user('analyst.diop', 'risk_analyst'),
      payload: { entries: [{ value: 'MSCU1234566' }] },
    });
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.json<Problem>().code, 'WATCHLIST_NOT_FOUND');

    const added = await t.app.inject({
      method: 'POST',
      url: `/api/rule-sets/${String(version)}/lists/L-CONT/entries`,
      headers: await t.user('analyst.fall', 'risk_analyst'),
      payload: { entries: [{ value: 'CSQU3054383' }] },
    });
    assert.equal(added.statusCode, 201);
    const next = added.json<{
      version: number;
      document: { lists: { entries: { value: string; addedBy: string }[] }[] };
    }>();
    assert.equal(next.version, version + 1);
    assert.deepEqual(
      next.document.lists[0]?.entries.map(({ value, addedBy }) => ({ value, addedBy })),
      [{ value: 'CSQU3054383', addedBy: 'analyst.fall' }],
    );

    const listed = await t.app.inject({ method: 'GET', url: '/api/rule-sets' });
    assert.deepEqual(
      listed
        .json<{ ruleSets: { version: number; active: boolean; criteria: number }[] }>()
        .ruleSets.map(({ version: v, active, criteria }) => [v, active, criteria]),
      [
        [version + 1, false, 3],
        [version, true, 3],
      ],
    );
    const original = await t.app.inject({ method: 'GET', url: `/api/rule-sets/${String(version)}` });
    assert.deepEqual(
      original.json<{ document: { lists: { entries: unknown[] }[] } }>().document.lists[0]?.entries,
      [],
    );
    const activated = await t.app.inject({
      method: 'POST',
      url: `/api/rule-sets/${String(next.version)}/activation`,
      payload: {},
      headers: await t.user('chief.ndiaye', 'supervisor'),
    });
    assert.equal(activated.statusCode, 201);
  });

  it("assesses a manifest's uncovered B/Ls, with its containers against the watchlist", async () => {
    const manifest = aManifest({
      billsOfLading: [aBill('MEDU20260002', ['CSQU3054383']), aBill('MEDU20260003', [])],
    });
    const lodged = await t.app.inject({ method: 'POST', url: '/api/manifests', payload: manifest });
    assert.equal(lodged.statusCode, 201);
    const assessed = await t.app.inject({
      method: 'GET',
      url: `/api/manifests/${lodged.json<{ id: string }>().id}/assessments`,
    });
    assert.equal(assessed.statusCode, 200);
    assert.deepEqual(
      assessed
        .json<{ assessments: { billNumber: string; lane: string }[] }>()
        .assessments.map(({ billNumber, lane }) => [billNumber, lane]),
      [
        ['MEDU20260002', 'red'],
        ['MEDU20260003', 'green'],
      ],
    );
  });

  it("selects a file for its importer's past hit rate, from results already recorded", async () => {
    const importer = { taxId: 'IMP200002', name: 'Beta SARL' };
    const declaration = () => aDeclaration({ billsOfLading: ['MEDU20260002'], importer });
    const first = await t.app.inject({ method: 'POST', url: '/api/declarations', payload: declaration() });
    const firstId = first.json<{ id: string }>().id;
    assert.equal((await assessmentsOf(firstId))[0]?.lane, 'red'); // its container is watched
    const recorded = await t.anticipa.declarations.appendEvents(firstId, [
      { type: 'control_started', occurredAt: new Date() },
      {
        type: 'control_finished',
        occurredAt: new Date(),
        data: { outcome: 'non_compliant', revenueRecovered: '250000.00' },
      },
    ]);
    assert.ok(recorded.ok, JSON.stringify(recorded));

    const second = await t.app.inject({
      method: 'POST',
      url: '/api/declarations',
      payload: aDeclaration({ billsOfLading: ['MEDU20260003'], importer }),
    });
    const [assessment] = await assessmentsOf(second.json<{ id: string }>().id);
    assert.equal(assessment?.inputs?.indicators.importerHitRate, 1);
    assert.deepEqual(
      assessment.assessment.hits.map((hit) => hit.criterionId),
      ['C-HISTORY'],
    );
  });

  it('backtests a candidate over the stored files as a job, with progress and report', async () => {
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/backtests',
      payload: { candidate: { ...ruleSet, profiles: [{ id: 'P', name: 'P', criteria: [{ id: 'X' }] }] } },
    });
    assert.equal(bad.statusCode, 400);
    assert.ok(bad.json<Problem>().errors?.some((error) => error.path.startsWith('/profiles/0/criteria/0/')));

    const missing = await t.app.inject({
      method: 'POST',
      url: '/api/backtests',
      payload: { candidate: 999 },
    });
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json<Problem>().code, 'RULE_SET_NOT_FOUND');

    const everythingRed = aRuleSet({
      name: 'Everything red',
      criteria: [criterion('C-ALL', { field: 'office', op: 'eq', value: 'SNDKR1' }, 'red')],
    });
    const started = await t.app.inject({
      method: 'POST',
      url: '/api/backtests',
      payload: { candidate: everythingRed, capacity: { SNDKR1: 2 } },
    });
    assert.equal(started.statusCode, 202);
    const location = started.headers.location;
    assert.ok(typeof location === 'string');
    let job = started.json<{ status: string; report: null | Record<string, unknown> }>();
    for (let poll = 0; poll < 200 && (job.status === 'queued' || job.status === 'running'); poll += 1) {
      await sleep(25);
      job = (await t.app.inject({ method: 'GET', url: location })).json();
    }
    assert.equal(job.status, 'done');
    const report = job.report as {
      files: number;
      withOutcome: number;
      nonCompliant: number;
      revenueRecovered: number;
      candidate: { lanes: Record<string, number>; hits: number; revenueCaught: number; workload: unknown[] };
      baseline: { version: number } | null;
      newlySelected: { count: number } | null;
      newlyReleased: { count: number } | null;
    };
    assert.equal(report.files, 4);
    assert.deepEqual(report.candidate.lanes, { red: 4, yellow: 0, blue: 0, green: 0 });
    assert.deepEqual([report.withOutcome, report.nonCompliant, report.revenueRecovered], [1, 1, 250_000]);
    assert.deepEqual([report.candidate.hits, report.candidate.revenueCaught], [1, 250_000]);
    assert.equal(report.baseline?.version, version + 1);
    assert.ok((report.newlySelected?.count ?? 0) >= 1);
    assert.equal(report.newlyReleased?.count, 0);

    const gone = await t.app.inject({
      method: 'GET',
      url: '/api/backtests/00000000-0000-4000-8000-000000000000',
    });
    assert.equal(gone.statusCode, 404);
    assert.equal(gone.json<Problem>().code, 'BACKTEST_NOT_FOUND');
  });
});
