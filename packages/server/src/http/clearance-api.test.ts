import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { aDeclaration, aManifest } from '@anticipa/core/testing';
import { readExampleTariff } from '../tariff/example-tariffs.ts';
import { createTestApp, type TestApp } from '../test-support/test-app.ts';

interface Problem {
  status: number;
  code: string;
  detail: string;
  errors?: { path: string; value: unknown; expected: string }[];
  refusal?: { state: string; event: string; missing: string[]; allowed: string[] };
}

interface ClearanceView {
  clearance: { state: string; lane: string | null; control: string; settlement: string | null };
  allowed: string[];
}

const criterion = (id: string, importer: string, lane: string) => ({
  id,
  name: id,
  condition: { field: 'importer', op: 'eq', value: importer },
  effect: { lane, percentage: 100 },
  weight: 10,
  validFrom: '2026-01-01T00:00:00.000Z',
  reason: { fr: `Motif ${id}`, en: `Reason ${id}` },
  rationale: `Why ${id}`,
});

/** Importers sent to red and yellow by criteria of two profiles; everyone else green. */
const ruleSet = {
  name: 'Clearance',
  profiles: [
    { id: 'P-RED', name: 'Red', criteria: [criterion('C-RED', 'IMPRED', 'red')] },
    { id: 'P-YELLOW', name: 'Yellow', criteria: [criterion('C-YELLOW', 'IMPYEL', 'yellow')] },
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
};

const billOf = (number: string) => {
  const [bill] = aManifest().billsOfLading;
  assert.ok(bill);
  return { ...bill, number, containers: [] };
};

describe('clearance through the API: steps, results, time release, rosters, plans, indicators', () => {
  let t: TestApp;
  let serial = 0;

  /** A declaration of an importer on a B/L of its own, and the manifest carrying it, expected on 2026-03-10. */
  const aFile = async (importer: string) => {
    serial += 1;
    const bill = `CLR${String(serial).padStart(6, '0')}`;
    const lodged = await t.app.inject({
      method: 'POST',
      url: '/api/declarations',
      payload: aDeclaration({ billsOfLading: [bill], importer: { taxId: importer, name: importer } }),
    });
    assert.equal(lodged.statusCode, 201, lodged.body);
    // Assessed on lodging: the answer carries the status the assessment gave, as stored.
    const stored = await t.app.inject({
      method: 'GET',
      url: `/api/declarations/${lodged.json<{ id: string }>().id}`,
    });
    assert.deepEqual(stored.json(), lodged.json());
    const manifest = await t.app.inject({
      method: 'POST',
      url: '/api/manifests',
      payload: aManifest({ billsOfLading: [billOf(bill)], expectedArrival: '2026-03-10T06:00:00Z' }),
    });
    assert.equal(manifest.statusCode, 201, manifest.body);
    return { id: lodged.json<{ id: string }>().id, manifestId: manifest.json<{ id: string }>().id };
  };

  const arrive = async (manifestId: string, at: string) => {
    const arrival = await t.app.inject({
      method: 'POST',
      url: `/api/manifests/${manifestId}/arrival`,
      payload: { meansArrivedAt: at },
    });
    assert.equal(arrival.statusCode, 200, arrival.body);
  };

  const post = (url: string, payload: unknown, language = 'en', as: Readonly<Record<string, string>> = {}) =>
    t.app.inject({
      method: 'POST',
      url,
      payload: payload as object,
      headers: { 'accept-language': language, ...as },
    });

  before(async () => {
    t = await createTestApp();
    const saved = await post('/api/rule-sets', ruleSet, 'en', await t.user('analyst', 'risk_analyst'));
    assert.equal(saved.statusCode, 201, saved.body);
    const version = saved.json<{ version: number }>().version;
    const activated = await post(
      `/api/rule-sets/${String(version)}/activation`,
      {},
      'en',
      await t.user('chief', 'supervisor'),
    );
    assert.equal(activated.statusCode, 201);
    const tariff = await t.anticipa.tariff.importDocument(await readExampleTariff('SN'));
    assert.ok(tariff.ok);
  });

  after(async () => {
    await t.close();
  });

  it('releases a green file on arrival only once paid or guaranteed, and refuses in French and English', async () => {
    const file = await aFile('IMPGREEN');
    const early = await post(`/api/declarations/${file.id}/release`, { by: 'officer.sow' });
    assert.equal(early.statusCode, 409);
    const problem = early.json<Problem>();
    assert.equal(problem.code, 'CLEARANCE_TRANSITION_REFUSED');
    assert.match(problem.detail, /goods arrived/);
    assert.match(problem.detail, /duties paid or guaranteed/);
    // The same refusal as codes, for screens that word it themselves.
    assert.equal(problem.refusal?.event, 'released');
    assert.ok(problem.refusal.missing.includes('means_arrived'), problem.refusal.missing.join());
    assert.ok(problem.refusal.missing.includes('paid_or_guaranteed'), problem.refusal.missing.join());
    assert.ok(problem.refusal.allowed.includes('paid'), problem.refusal.allowed.join());
    assert.equal(problem.refusal.state, 'assessed');
    const french = await post(`/api/declarations/${file.id}/release`, { by: 'officer.sow' }, 'fr');
    assert.match(french.json<Problem>().detail, /marchandises arrivées/);

    await arrive(file.manifestId, '2026-03-10T06:00:00Z');
    const stillUnpaid = await post(`/api/declarations/${file.id}/release`, { by: 'officer.sow' });
    assert.equal(stillUnpaid.statusCode, 409);
    const guaranteed = await post(`/api/declarations/${file.id}/guarantee`, {
      reference: 'GAR-1',
      at: '2026-03-10T06:30:00Z',
    });
    assert.equal(guaranteed.statusCode, 201, guaranteed.body);
    assert.equal(guaranteed.json<ClearanceView>().clearance.settlement, 'guaranteed');
    const released = await post(`/api/declarations/${file.id}/release`, {
      by: 'officer.sow',
      at: '2026-03-10T07:00:00Z',
    });
    assert.equal(released.statusCode, 201, released.body);
    assert.equal(released.json<ClearanceView & { status: string }>().status, 'released');

    const twice = await post(`/api/declarations/${file.id}/release`, { by: 'officer.sow' });
    assert.equal(twice.statusCode, 409);

    const times = await t.app.inject({ method: 'GET', url: `/api/declarations/${file.id}/time-release` });
    assert.equal(times.statusCode, 200);
    const release = times.json<{
      lane: string;
      targetHours: number;
      withinTarget: boolean;
      segments: Record<string, number | null>;
    }>();
    assert.equal(release.lane, 'green');
    assert.equal(release.targetHours, 2);
    assert.equal(release.segments.arrival_to_release, 3600);
    assert.equal(release.segments.payment_to_release, 1800);
    assert.equal(release.withinTarget, true);
  });

  it('writes each officer step and each result to the audit trail under who took it', async () => {
    const file = await aFile('IMPYEL');
    await arrive(file.manifestId, '2026-03-12T08:00:00Z');
    const chief = await t.user('chief', 'supervisor');
    const rerouted = await post(
      `/api/declarations/${file.id}/reroute`,
      { lane: 'red', reason: 'Seal number differs from the manifest', supervisor: 'someone.else' },
      'en',
      chief,
    );
    assert.equal(rerouted.statusCode, 201, rerouted.body);
    const plan = await t.app.inject({ method: 'GET', url: '/api/offices/SNDKR1/plan?day=2026-03-12' });
    assert.equal(plan.statusCode, 200, plan.body);
    const recorded = await post(`/api/declarations/${file.id}/inspection-result`, {
      resultId: randomUUID(),
      outcome: 'compliant',
      inspector: 'INSP1',
      finishedAt: '2026-03-12T10:00:00Z',
      discrepancies: [],
      correctedItems: [],
      photos: [],
    });
    assert.equal(recorded.statusCode, 201, recorded.body);
    const paid = await post(`/api/declarations/${file.id}/payment`, { reference: 'QUIT-9' }, 'en', chief);
    assert.equal(paid.statusCode, 201, paid.body);

    const trail = await t.app.inject({
      method: 'GET',
      url: `/api/audit?subjectType=declaration&subjectId=${file.id}`,
    });
    assert.equal(trail.statusCode, 200, trail.body);
    const entries = trail
      .json<{
        entries: { action: string; actor: string; before: unknown; after: Record<string, unknown> }[];
      }>()
      .entries.reverse()
      .filter((entry) => entry.action !== 'lane.assigned');
    assert.deepEqual(
      entries.map((entry) => [entry.action, entry.actor]),
      [
        ['clearance.lane_rerouted', 'chief'],
        ['inspection.result_recorded', 'key:administrator:*:-'],
        ['clearance.paid', 'chief'],
      ],
    );
    const [reroute, result] = entries;
    assert.deepEqual(reroute?.before, { state: 'arrived', lane: 'yellow', settlement: null });
    assert.equal(reroute.after.lane, 'red');
    assert.equal(reroute.after.reason, 'Seal number differs from the manifest');
    assert.equal(reroute.after.supervisor, 'chief');
    assert.equal(result?.after.outcome, 'compliant');
    assert.equal(result.after.inspector, 'INSP1');
    const verified = await t.app.inject({ method: 'GET', url: '/api/audit/verification' });
    assert.equal(verified.json<{ intact: boolean }>().intact, true, verified.body);
  });

  it('never releases a file twice, even when its release was dated before its arrival', async () => {
    const file = await aFile('IMPTWICE');
    await arrive(file.manifestId, '2026-03-13T08:00:00Z');
    const paid = await post(`/api/declarations/${file.id}/payment`, { reference: 'QUIT-10' });
    assert.equal(paid.statusCode, 201, paid.body);
    // Entered after the fact with the time written on the paper form, which precedes the arrival.
    const released = await post(`/api/declarations/${file.id}/release`, { at: '2026-03-13T07:30:00Z' });
    assert.equal(released.statusCode, 201, released.body);
    const again = await post(`/api/declarations/${file.id}/release`, {});
    assert.equal(again.statusCode, 409, again.body);
    assert.equal(again.json<Problem>().refusal?.state, 'released');
    const events = await t.app.inject({ method: 'GET', url: `/api/declarations/${file.id}/events` });
    const releases = events
      .json<{ events: { type: string }[] }>()
      .events.filter((event) => event.type === 'released');
    assert.equal(releases.length, 1);
  });

  it('validates steps field by field and requires a reason to re-route', async () => {
    const file = await aFile('IMPGREEN');
    const bad = await post(`/api/declarations/${file.id}/reroute`, {
      lane: 'purple',
      reason: '',
      supervisor: 'x',
    });
    assert.equal(bad.statusCode, 400);
    const paths = bad
      .json<Problem>()
      .errors?.map((entry) => entry.path)
      .sort();
    assert.deepEqual(paths, ['/lane', '/reason']);

    // Arrival first: selectivity re-assesses on arrival, after which the supervisor steps in.
    await arrive(file.manifestId, '2026-03-10T06:00:00Z');
    // The supervisor recorded is the one signed in, whatever name the body gives.
    const rerouted = await post(
      `/api/declarations/${file.id}/reroute`,
      { lane: 'red', reason: 'Intelligence from the port authority', supervisor: 'someone.else' },
      'en',
      await t.user('chief.ndiaye', 'supervisor'),
    );
    assert.equal(rerouted.statusCode, 201, rerouted.body);
    assert.equal(rerouted.json<ClearanceView>().clearance.lane, 'red');
    const timeline = await t.app.inject({ method: 'GET', url: `/api/declarations/${file.id}/events` });
    const rerouteEvent = timeline
      .json<{ events: { type: string; data?: Record<string, unknown> }[] }>()
      .events.find((event) => event.type === 'lane_rerouted');
    assert.deepEqual(rerouteEvent?.data, {
      lane: 'red',
      from: 'green',
      reason: 'Intelligence from the port authority',
      supervisor: 'chief.ndiaye',
    });

    // Red now: paid and arrived is not enough without a control.
    await post(`/api/declarations/${file.id}/payment`, { reference: 'Q-1' });
    const refused = await post(`/api/declarations/${file.id}/release`, { by: 'officer.sow' });
    assert.equal(refused.statusCode, 409);
    assert.match(refused.json<Problem>().detail, /control finished/);
  });

  it('plans the day’s controls against the roster, stably, and hides inspectors from the timeline', async () => {
    const officers = [
      { id: 'INSP1', qualifications: ['physical', 'scanner', 'documentary'] },
      { id: 'INSP2', qualifications: ['physical', 'documentary'] },
      { id: 'INSP3', qualifications: ['documentary'] },
    ];
    for (const officer of officers) {
      const added = await post('/api/officers', {
        ...officer,
        name: officer.id,
        office: 'SNDKR1',
        shifts: [{ days: [1, 2, 3, 4, 5, 6, 7], start: '07:00', end: '19:00' }],
      });
      assert.equal(added.statusCode, 201, added.body);
    }
    const duplicate = await post('/api/officers', {
      id: 'INSP1',
      name: 'x',
      office: 'SNDKR1',
      qualifications: ['physical'],
      shifts: [],
    });
    assert.equal(duplicate.statusCode, 409);
    const invalid = await post('/api/officers', {
      id: 'INSP9',
      name: 'x',
      office: 'NOWHERE',
      qualifications: ['juggling'],
      shifts: [{ days: [8], start: '25:00', end: '07:00' }],
    });
    assert.equal(invalid.statusCode, 400);
    assert.deepEqual(
      invalid
        .json<Problem>()
        .errors?.map((entry) => entry.path)
        .sort(),
      ['/qualifications/0', '/shifts/0/days/0', '/shifts/0/start'],
    );
    const scanner = await post('/api/scanners', {
      id: 'SCAN1',
      office: 'SNDKR1',
      name: 'Port scanner',
      controlsPerDay: 1,
    });
    assert.equal(scanner.statusCode, 201, scanner.body);

    const red = [await aFile('IMPRED'), await aFile('IMPRED')];
    const yellow = await aFile('IMPYEL');
    await aFile('IMPGREEN');

    const plan = await t.app.inject({ method: 'GET', url: '/api/offices/SNDKR1/plan?day=2026-03-10' });
    assert.equal(plan.statusCode, 200, plan.body);
    interface Plan {
      batches: number;
      controls: {
        declarationId: string;
        method: string;
        plannedAs: string | null;
        movedBecause: string | null;
        at: string;
        inspectorId: string | null;
      }[];
    }
    const first = plan.json<Plan>();
    const planned = new Map(first.controls.map((control) => [control.declarationId, control]));
    assert.equal(planned.get(yellow.id)?.method, 'documentary');
    // One scanner slot: the other red controls move to physical examination (the office's rule).
    const examinations = first.controls.filter((control) => control.method !== 'documentary');
    assert.ok(red.every((file) => planned.has(file.id)));
    assert.equal(examinations.filter((control) => control.method === 'scanner').length, 1);
    assert.ok(
      examinations
        .filter((control) => control.method === 'physical')
        .every((control) => control.plannedAs === 'scanner' && control.movedBecause === 'scanner_full'),
    );
    assert.ok(first.controls.every((control) => control.inspectorId !== null));
    // Ships dock at 06:00; inspectors start at 07:00.
    assert.equal(planned.get(yellow.id)?.at, '2026-03-10T07:00:00.000Z');

    const again = await t.app.inject({ method: 'GET', url: '/api/offices/SNDKR1/plan?day=2026-03-10' });
    assert.deepEqual(again.json<Plan>(), first);

    const events = await t.app.inject({ method: 'GET', url: `/api/declarations/${yellow.id}/events` });
    const plannedEvent = events
      .json<{ events: { type: string; data?: Record<string, unknown> }[] }>()
      .events.find((event) => event.type === 'control_planned');
    assert.equal(plannedEvent?.data?.method, 'documentary');
    assert.ok(!JSON.stringify(events.json()).includes('INSP'));

    const outOfService = await t.app.inject({
      method: 'PATCH',
      url: '/api/scanners/SCAN1',
      payload: { status: 'out_of_service' },
    });
    assert.equal(outOfService.statusCode, 200);
    assert.equal(outOfService.json<{ status: string }>().status, 'out_of_service');
  });

  it('records an inspection result once, re-assesses the taxes and feeds the hit rates of the selecting criteria', async () => {
    const file = await aFile('IMPRED');
    await arrive(file.manifestId, '2026-03-11T08:00:00Z');
    const plan = await t.app.inject({ method: 'GET', url: '/api/offices/SNDKR1/plan?day=2026-03-11' });
    assert.equal(plan.statusCode, 200, plan.body);

    const resultId = randomUUID();
    const photo = Buffer.from('fake jpeg bytes').toString('base64');
    const result = {
      resultId,
      outcome: 'non_compliant',
      inspector: 'INSP1',
      finishedAt: '2026-03-11T10:00:00Z',
      discrepancies: [{ kind: 'value', item: 1, description: 'Invoice under the market price' }],
      correctedItems: [{ item: 1, customsValue: '25001.00' }],
      photos: [{ fileName: 'container.jpg', mediaType: 'image/jpeg', content: photo }],
    };
    const declared = await t.anticipa.tariff.liquidate(file.id);
    assert.ok(declared.ok);

    const recorded = await post(`/api/declarations/${file.id}/inspection-result`, result);
    assert.equal(recorded.statusCode, 201, recorded.body);
    const stored = recorded.json<{
      revenueRecovered: string;
      declaredTotal: string;
      reassessedTotal: string;
      attachments: { id: number; size: number }[];
    }>();
    assert.equal(stored.declaredTotal, declared.value.total);
    assert.equal(
      Number(stored.revenueRecovered),
      Number(stored.reassessedTotal) - Number(stored.declaredTotal),
    );
    assert.ok(Number(stored.revenueRecovered) > 0);

    // The phone retries: the same result is returned, never recorded twice.
    const retried = await post(`/api/declarations/${file.id}/inspection-result`, result);
    assert.equal(retried.statusCode, 200);
    assert.deepEqual(retried.json(), recorded.json());
    const reused = await post(`/api/declarations/${file.id}/inspection-result`, {
      ...result,
      notes: 'other',
    });
    assert.equal(reused.statusCode, 409);
    assert.equal(reused.json<Problem>().code, 'INSPECTION_RESULT_ID_REUSED');
    const second = await post(`/api/declarations/${file.id}/inspection-result`, {
      ...result,
      resultId: randomUUID(),
    });
    assert.equal(second.statusCode, 409);
    assert.equal(second.json<Problem>().code, 'CLEARANCE_TRANSITION_REFUSED');

    const events = await t.app.inject({ method: 'GET', url: `/api/declarations/${file.id}/events` });
    const finished = events
      .json<{ events: { type: string; data?: Record<string, unknown> }[] }>()
      .events.filter((event) => event.type === 'control_finished');
    assert.equal(finished.length, 1);
    assert.equal(finished[0]?.data?.outcome, 'non_compliant');
    assert.equal(finished[0].data.revenueRecovered, stored.revenueRecovered);

    const image = await t.app.inject({
      method: 'GET',
      url: `/api/inspection-photos/${String(stored.attachments[0]?.id)}`,
    });
    assert.equal(image.statusCode, 200);
    assert.equal(image.headers['content-type'], 'image/jpeg');
    assert.equal(image.body, 'fake jpeg bytes');
    // A photo is reached as its file is: from the file's office, not from another.
    const photoUrl = `/api/inspection-photos/${String(stored.attachments[0]?.id)}`;
    const fromDakar = await t.app.inject({
      url: photoUrl,
      headers: await t.as('inspector', { office: 'SNDKR1' }),
    });
    assert.equal(fromDakar.statusCode, 200);
    const fromAirport = await t.app.inject({
      url: photoUrl,
      headers: await t.as('inspector', { office: 'SNDSS1' }),
    });
    assert.equal(fromAirport.statusCode, 404);
    assert.equal(fromAirport.json<Problem>().code, 'ATTACHMENT_NOT_FOUND');

    const indicators = await t.app.inject({
      method: 'GET',
      url: '/api/indicators?office=SNDKR1&from=2026-03-11&to=2026-03-11&groupBy=lane',
    });
    assert.equal(indicators.statusCode, 200, indicators.body);
    const report = indicators.json<{
      criteria: { criterionId: string; inspections: number; hits: number; revenueRecovered: string }[];
      groups: { key: { lane: string }; hitRate: { targeted: { inspections: number; hits: number } } }[];
    }>();
    const red = report.criteria.find((entry) => entry.criterionId === 'C-RED');
    assert.equal(red?.inspections, 1);
    assert.equal(red.hits, 1);
    assert.equal(red.revenueRecovered, stored.revenueRecovered);
    const redGroup = report.groups.find((group) => group.key.lane === 'red');
    assert.deepEqual(redGroup?.hitRate.targeted, { inspections: 1, hits: 1, rate: 1 });
  });

  it('refuses a result that contradicts itself, naming each field', async () => {
    const file = await aFile('IMPRED');
    const bad = await post(`/api/declarations/${file.id}/inspection-result`, {
      resultId: randomUUID(),
      outcome: 'compliant',
      inspector: 'INSP1',
      finishedAt: '2026-03-11T10:00:00Z',
      discrepancies: [{ kind: 'origin', item: 7, description: 'Made elsewhere' }],
      photos: [{ fileName: 'a.gif', mediaType: 'image/gif', content: '!!' }],
    });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(
      bad
        .json<Problem>()
        .errors?.map((entry) => entry.path)
        .sort(),
      ['/photos/0/content', '/photos/0/mediaType'],
    );
    const contradiction = await post(`/api/declarations/${file.id}/inspection-result`, {
      resultId: randomUUID(),
      outcome: 'compliant',
      inspector: 'INSP1',
      finishedAt: '2026-03-11T10:00:00Z',
      discrepancies: [{ kind: 'origin', item: 7, description: 'Made elsewhere' }],
    });
    assert.deepEqual(
      contradiction
        .json<Problem>()
        .errors?.map((entry) => entry.path)
        .sort(),
      ['/discrepancies', '/discrepancies/0/item'],
    );
  });

  it('lists the office’s breaches of its release targets, with targets the office sets', async () => {
    const settings = await t.app.inject({
      method: 'PUT',
      url: '/api/offices/SNDSS1/clearance-settings?updatedBy=chief',
      payload: { releaseTargets: { green: 1 }, rotation: 2 },
    });
    assert.equal(settings.statusCode, 200, settings.body);
    assert.equal(settings.json<{ releaseTargets: { green: number; red: number } }>().releaseTargets.red, 48);
    const lodged = await post(
      '/api/declarations',
      aDeclaration({
        office: 'SNDSS1',
        billsOfLading: ['CLRBREACH01'],
        importer: { taxId: 'IMPGREEN', name: 'G' },
      }),
    );
    assert.equal(lodged.statusCode, 201, lodged.body);
    const manifest = await post(
      '/api/manifests',
      aManifest({ office: 'SNDSS1', billsOfLading: [billOf('CLRBREACH01')] }),
    );
    await arrive(manifest.json<{ id: string }>().id, '2026-03-01T05:00:00Z');
    t.anticipa.setNow('2026-03-01T08:00:00Z');
    const breaches = await t.app.inject({ method: 'GET', url: '/api/offices/SNDSS1/breaches' });
    assert.equal(breaches.statusCode, 200, breaches.body);
    const list = breaches.json<{ breaches: { fileId: string; lane: string; overdueSeconds: number }[] }>()
      .breaches;
    assert.deepEqual(list, [
      {
        fileId: lodged.json<{ id: string }>().id,
        office: 'SNDSS1',
        lane: 'green',
        arrivedAt: '2026-03-01T05:00:00.000Z',
        dueAt: '2026-03-01T06:00:00.000Z',
        overdueSeconds: 7200,
      },
    ]);
    const unknown = await t.app.inject({ method: 'GET', url: '/api/offices/XX9/breaches' });
    assert.equal(unknown.statusCode, 404);
  });
});
