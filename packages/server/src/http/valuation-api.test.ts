import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { aDeclaration } from '@anticipa/core/testing';
import { createTestApp, type TestApp } from '../test-support/test-app.ts';

interface Problem {
  status: number;
  code: string;
  detail: string;
  errors?: { path: string; value: unknown; expected: string }[];
}

interface Valuation {
  flagged: boolean;
  needsDecision: number;
  generation: { id: string } | null;
  items: {
    itemNumber: number;
    needsDecision: boolean;
    indicator: { flagged: boolean; unitValue: string; band: { level: string; median: string } | null };
    decision: { id: string; decision: string; appeal: { status: string } | null } | null;
    decisions: { id: string }[];
  }[];
}

const fishItem = (customsValue: string) => ({
  tariffLine: '0303890000',
  description: 'Frozen fish, other',
  origin: 'CN',
  customsValue,
  netMass: '1000',
  packages: 40,
});

describe('valuation API', () => {
  let t: TestApp;

  const lodge = async (customsValue: string, released: boolean): Promise<string> => {
    const lodged = await t.anticipa.declarations.lodge(
      aDeclaration({ items: [fishItem(customsValue)], invoice: { currency: 'XOF', exchangeRate: '1' } }),
      { at: new Date('2026-02-10T09:00:00Z') },
    );
    assert.ok(lodged.ok);
    if (released) {
      await t.anticipa.declarations.appendEvents(lodged.value.head.id, [
        { type: 'released', occurredAt: new Date('2026-02-11T09:00:00Z') },
      ]);
    }
    return lodged.value.head.id;
  };

  before(async () => {
    t = await createTestApp();
    // 20 released items at 60,000..79,000 XOF per 1000 kg: P10 = 61.9, median 69.5 XOF/kg.
    for (let step = 0; step < 20; step++) await lodge(String(60_000 + step * 1000), true);
  });
  after(async () => {
    await t.close();
  });

  it('rebuilds the bands and lists them with filters', async () => {
    const rebuilt = await t.app.inject({ method: 'POST', url: '/api/valuation/rebuild' });
    assert.equal(rebuilt.statusCode, 200);
    const report = rebuilt.json<{
      bands: number;
      items: number;
      byLevel: { line_origin: { cells: number } };
    }>();
    assert.equal(report.items, 20);
    assert.equal(report.byLevel.line_origin.cells, 1);

    const listed = await t.app.inject({
      method: 'GET',
      url: '/api/valuation/bands?line=0303890000&origin=CN',
    });
    assert.equal(listed.statusCode, 200);
    const page = listed.json<{
      total: number;
      bands: { level: string; p10: string; median: string; p90: string }[];
    }>();
    assert.equal(page.total, 1);
    assert.deepEqual(page.bands[0], {
      level: 'line_origin',
      code: '0303890000',
      origin: 'CN',
      unit: 'KG',
      sampleSize: 20,
      trimmed: 0,
      p10: '61.9',
      median: '69.5',
      p90: '77.1',
    });
    const none = await t.app.inject({ method: 'GET', url: '/api/valuation/bands?origin=TH' });
    assert.equal(none.json<{ total: number }>().total, 0);
  });

  it('refuses bad filters with the path of each', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/valuation/bands?hs6=0303&origin=XX&limit=0',
    });
    assert.equal(response.statusCode, 400);
    const problem = response.json<Problem>();
    assert.deepEqual(problem.errors?.map((error) => error.path).sort(), [
      '/querystring/hs6',
      '/querystring/limit',
      '/querystring/origin',
    ]);
    assert.match(
      problem.errors.find((error) => error.path === '/querystring/hs6')?.expected ?? '',
      /6 digits/,
    );
  });

  it('shows a flagged item, records a decision, an appeal and its outcome, on the timeline', async () => {
    const id = await lodge('30000', false);
    const read = await t.app.inject({ method: 'GET', url: `/api/declarations/${id}/valuation` });
    assert.equal(read.statusCode, 200);
    const valuation = read.json<Valuation>();
    assert.equal(valuation.flagged, true);
    assert.equal(valuation.needsDecision, 1);
    assert.equal(valuation.items[0]?.indicator.unitValue, '30');
    assert.equal(valuation.items[0].indicator.band?.median, '69.5');

    const bad = await t.app.inject({
      method: 'POST',
      url: `/api/declarations/${id}/items/1/valuation-decisions`,
      headers: { 'accept-language': 'fr' },
      payload: { decision: 'value_adjusted', basis: 'median', reason: 'trop bas', officer: 'AGT-1' },
    });
    assert.equal(bad.statusCode, 400);
    const problem = bad.json<Problem>();
    assert.equal(problem.code, 'VALIDATION_FAILED');
    assert.deepEqual(problem.errors?.map((error) => error.path).sort(), [
      '/adjustedValue',
      '/basis',
      '/reason',
    ]);
    assert.match(problem.detail, /rien n'a été enregistré/);
    assert.match(
      problem.errors.find((error) => error.path === '/reason')?.expected ?? '',
      /texte de 10 à 2000/,
    );

    const missingItem = await t.app.inject({
      method: 'POST',
      url: `/api/declarations/${id}/items/2/valuation-decisions`,
      payload: {},
    });
    assert.equal(missingItem.statusCode, 404);
    assert.equal(missingItem.json<Problem>().code, 'VALUATION_ITEM_NOT_FOUND');

    const decided = await t.app.inject({
      method: 'POST',
      url: `/api/declarations/${id}/items/1/valuation-decisions`,
      payload: {
        decision: 'value_adjusted',
        adjustedValue: '65000',
        basis: 'method_2_identical_goods',
        reason: 'Identical fish, same exporter, cleared in January at 65 XOF/kg.',
        officer: 'AGT-0412',
      },
    });
    assert.equal(decided.statusCode, 201);
    assert.equal(decided.headers.location, `/api/declarations/${id}/valuation`);
    const decision = decided.json<{ id: string; adjustedValue: string; currency: string }>();
    assert.equal(decision.adjustedValue, '65000.00');
    assert.equal(decision.currency, 'XOF');

    // A supervisor of another office reaches neither the decision nor, later, its appeal.
    const elsewhere = await t.as('supervisor', { office: 'SNDSS1' });
    const foreignAppeal = await t.app.inject({
      method: 'POST',
      url: `/api/valuation-decisions/${decision.id}/appeals`,
      payload: { lodgedBy: '004512345', grounds: 'Lodged through the wrong office.' },
      headers: elsewhere,
    });
    assert.equal(foreignAppeal.statusCode, 404);
    assert.equal(foreignAppeal.json<Problem>().code, 'VALUATION_DECISION_NOT_FOUND');

    const appealed = await t.app.inject({
      method: 'POST',
      url: `/api/valuation-decisions/${decision.id}/appeals`,
      payload: { lodgedBy: '004512345', grounds: 'Contract and bank transfer show 30 XOF/kg was paid.' },
    });
    assert.equal(appealed.statusCode, 201);
    const appeal = appealed.json<{ id: string; status: string }>();
    assert.equal(appeal.status, 'lodged');
    const twice = await t.app.inject({
      method: 'POST',
      url: `/api/valuation-decisions/${decision.id}/appeals`,
      payload: { lodgedBy: '004512345', grounds: 'The same grounds again.' },
    });
    assert.equal(twice.statusCode, 409);
    assert.equal(twice.json<Problem>().code, 'VALUATION_APPEAL_EXISTS');

    const foreignOutcome = await t.app.inject({
      method: 'POST',
      url: `/api/valuation-appeals/${appeal.id}/outcome`,
      payload: { outcome: 'upheld', reason: 'Decided by the wrong office.', decidedBy: 'COMMISSION-2' },
      headers: elsewhere,
    });
    assert.equal(foreignOutcome.statusCode, 404);
    assert.equal(foreignOutcome.json<Problem>().code, 'VALUATION_APPEAL_NOT_FOUND');

    const outcome = await t.app.inject({
      method: 'POST',
      url: `/api/valuation-appeals/${appeal.id}/outcome`,
      payload: {
        outcome: 'dismissed',
        reason: 'The transfer covers another invoice.',
        decidedBy: 'COMMISSION-1',
      },
    });
    assert.equal(outcome.statusCode, 201);
    assert.equal(outcome.json<{ status: string }>().status, 'dismissed');
    const again = await t.app.inject({
      method: 'POST',
      url: `/api/valuation-appeals/${appeal.id}/outcome`,
      payload: { outcome: 'upheld', reason: 'Second thoughts on the transfer.', decidedBy: 'COMMISSION-1' },
    });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json<Problem>().code, 'VALUATION_APPEAL_ALREADY_DECIDED');

    const after = (
      await t.app.inject({ method: 'GET', url: `/api/declarations/${id}/valuation` })
    ).json<Valuation>();
    assert.equal(after.needsDecision, 0);
    assert.equal(after.items[0]?.decision?.id, decision.id);
    assert.equal(after.items[0].decision.appeal?.status, 'dismissed');

    const events = await t.app.inject({ method: 'GET', url: `/api/declarations/${id}/events` });
    assert.deepEqual(
      events.json<{ events: { type: string }[] }>().events.map((event) => event.type),
      ['lodged', 'valuation_decided', 'valuation_appealed', 'valuation_appeal_decided'],
    );
  });

  it('answers 404 for what does not exist', async () => {
    const unknown = randomUUID();
    const read = await t.app.inject({ method: 'GET', url: `/api/declarations/${unknown}/valuation` });
    assert.equal(read.statusCode, 404);
    assert.equal(read.json<Problem>().code, 'DECLARATION_NOT_FOUND');
    const appeal = await t.app.inject({
      method: 'POST',
      url: `/api/valuation-decisions/${unknown}/appeals`,
      payload: { lodgedBy: 'X', grounds: 'Whatever the grounds are.' },
    });
    assert.equal(appeal.statusCode, 404);
    assert.equal(appeal.json<Problem>().code, 'VALUATION_DECISION_NOT_FOUND');
    const outcome = await t.app.inject({
      method: 'POST',
      url: `/api/valuation-appeals/${unknown}/outcome`,
      payload: { outcome: 'upheld', reason: 'A reason long enough.', decidedBy: 'X' },
    });
    assert.equal(outcome.statusCode, 404);
    assert.equal(outcome.json<Problem>().code, 'VALUATION_APPEAL_NOT_FOUND');
    const badId = await t.app.inject({ method: 'GET', url: '/api/declarations/not-a-uuid/valuation' });
    assert.equal(badId.statusCode, 400);
  });
});
