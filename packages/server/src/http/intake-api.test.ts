import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { aDeclaration, aManifest } from '@anticipa/core/testing';
import { createTestApp, type TestApp } from '../test-support/test-app.ts';

interface Problem {
  status: number;
  code: string;
  detail: string;
  errors?: { path: string; value: unknown; expected: string }[];
}

describe('intake API', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => {
    await t.close();
  });

  const countDeclarations = async (): Promise<number> => {
    const page = await t.anticipa.declarations.list({ limit: 1 });
    return page.ok ? page.value.total : -1;
  };

  it('lodges a declaration (201, Location) and reads it back', async () => {
    const created = await t.app.inject({ method: 'POST', url: '/api/declarations', payload: aDeclaration() });
    assert.equal(created.statusCode, 201);
    const body = created.json<{
      id: string;
      version: number;
      status: string;
      document: { items: { customsValue: string }[] };
    }>();
    assert.equal(created.headers.location, `/api/declarations/${body.id}`);
    assert.equal(body.version, 1);
    assert.equal(body.status, 'lodged');
    const read = await t.app.inject({ method: 'GET', url: `/api/declarations/${body.id}` });
    assert.equal(read.statusCode, 200);
    assert.equal(read.json<typeof body>().document.items[0]?.customsValue, '12500.5');
    // The answer to the lodgement is what was stored, to the byte.
    assert.deepEqual(read.json(), created.json());
  });

  it('answers bad input with 400 problem+json listing every problem, and stores nothing', async () => {
    const before = await countDeclarations();
    const bad = aDeclaration({ kind: 'later' as never, importer: { taxId: '', name: 'X' } });
    bad.items[0]!.origin = 'XX';
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/declarations',
      payload: bad,
      headers: { 'accept-language': 'en' },
    });
    assert.equal(response.statusCode, 400);
    assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
    const problem = response.json<Problem>();
    assert.equal(problem.code, 'VALIDATION_FAILED');
    assert.deepEqual(problem.errors?.map((e) => e.path).sort(), [
      '/importer/taxId',
      '/items/0/origin',
      '/kind',
    ]);
    const origin = problem.errors.find((e) => e.path === '/items/0/origin');
    assert.ok(origin);
    assert.equal(origin.value, 'XX');
    assert.match(origin.expected, /ISO 3166-1 alpha-2/);
    assert.equal(await countDeclarations(), before);
  });

  it('words problems in French when asked', async () => {
    const bad = aDeclaration();
    bad.items[0]!.origin = 'XX';
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/declarations',
      payload: bad,
      headers: { 'accept-language': 'fr-SN,fr;q=0.9' },
    });
    const problem = response.json<Problem>();
    assert.match(problem.detail, /rien n'a été enregistré/);
    assert.match(problem.errors?.[0]?.expected ?? '', /code pays ISO 3166-1/);
  });

  it('answers malformed JSON with a problem naming the body', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/declarations',
      payload: '{"sender": ',
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(response.statusCode, 400);
    assert.equal(response.json<Problem>().errors?.[0]?.path, '');
  });

  it('returns the original for the same document sent twice, and 409 for another under the same reference', async () => {
    const declaration = aDeclaration();
    const first = await t.app.inject({ method: 'POST', url: '/api/declarations', payload: declaration });
    const second = await t.app.inject({ method: 'POST', url: '/api/declarations', payload: declaration });
    assert.equal(first.statusCode, 201);
    assert.equal(second.statusCode, 200);
    assert.equal(second.headers['idempotent-replayed'], 'true');
    assert.equal(second.json<{ id: string }>().id, first.json<{ id: string }>().id);
    assert.deepEqual(second.json(), first.json());
    const other = await t.app.inject({
      method: 'POST',
      url: '/api/declarations',
      payload: { ...declaration, procedure: '4071' },
    });
    assert.equal(other.statusCode, 409);
    assert.equal(other.json<Problem>().code, 'REFERENCE_IN_USE');
  });

  it('honours the Idempotency-Key header: same body replays, a different body is 409', async () => {
    const headers = { 'idempotency-key': 'idem-api-1' };
    const first = await t.app.inject({
      method: 'POST',
      url: '/api/declarations',
      payload: aDeclaration({ reference: 'IDEM-1' }),
      headers,
    });
    const retry = await t.app.inject({
      method: 'POST',
      url: '/api/declarations',
      payload: aDeclaration({ reference: 'IDEM-1' }),
      headers,
    });
    const different = await t.app.inject({
      method: 'POST',
      url: '/api/declarations',
      payload: aDeclaration({ reference: 'IDEM-2' }),
      headers,
    });
    assert.equal(first.statusCode, 201);
    assert.equal(retry.statusCode, 200);
    assert.equal(retry.json<{ id: string }>().id, first.json<{ id: string }>().id);
    assert.equal(different.statusCode, 409);
    assert.equal(different.json<Problem>().code, 'IDEMPOTENCY_KEY_REUSED');
    const stored = await t.anticipa.declarations.list({ limit: 10, importer: '004512345' });
    assert.ok(stored.ok);
    assert.equal(stored.value.items.filter((item) => item.reference.startsWith('IDEM-')).length, 1);
  });

  it('amends with PUT: a new version, every version readable, identity kept', async () => {
    const declaration = aDeclaration();
    const created = await t.app.inject({ method: 'POST', url: '/api/declarations', payload: declaration });
    const id = created.json<{ id: string }>().id;
    const amended = await t.app.inject({
      method: 'PUT',
      url: `/api/declarations/${id}`,
      payload: { ...declaration, procedure: '4071' },
    });
    assert.equal(amended.statusCode, 200);
    const view = amended.json<{ version: number; versions: { version: number }[] }>();
    assert.equal(view.version, 2);
    assert.deepEqual(
      view.versions.map((v) => v.version),
      [1, 2],
    );
    const v1 = await t.app.inject({ method: 'GET', url: `/api/declarations/${id}/versions/1` });
    assert.equal(v1.json<{ document: { procedure: string } }>().document.procedure, '4000');
    const missing = await t.app.inject({ method: 'GET', url: `/api/declarations/${id}/versions/3` });
    assert.equal(missing.statusCode, 404);
    const renamed = await t.app.inject({
      method: 'PUT',
      url: `/api/declarations/${id}`,
      payload: { ...declaration, reference: 'OTHER' },
    });
    assert.equal(renamed.statusCode, 422);
    assert.equal(renamed.json<Problem>().code, 'AMENDMENT_IDENTITY_CHANGED');
    const events = await t.app.inject({ method: 'GET', url: `/api/declarations/${id}/events` });
    assert.deepEqual(
      events.json<{ events: { type: string; version: number }[] }>().events.map((e) => [e.type, e.version]),
      [
        ['lodged', 1],
        ['amended', 2],
      ],
    );
  });

  it('lists with filters and stable pagination', async () => {
    for (let i = 0; i < 5; i++) {
      t.anticipa.setNow(`2026-04-0${i + 1}T10:00:00Z`);
      await t.app.inject({
        method: 'POST',
        url: '/api/declarations',
        payload: aDeclaration({ importer: { taxId: 'PAGED01', name: 'Paged SA' } }),
      });
    }
    const first = await t.app.inject({ method: 'GET', url: '/api/declarations?importer=PAGED01&limit=2' });
    const page1 = first.json<{ items: { lodgedAt: string }[]; total: number; nextCursor?: string }>();
    assert.equal(page1.total, 5);
    assert.deepEqual(
      page1.items.map((item) => item.lodgedAt.slice(0, 10)),
      ['2026-04-05', '2026-04-04'],
    );
    const second = await t.app.inject({
      method: 'GET',
      url: `/api/declarations?importer=PAGED01&limit=2&cursor=${page1.nextCursor ?? ''}`,
    });
    const page2 = second.json<typeof page1>();
    assert.deepEqual(
      page2.items.map((item) => item.lodgedAt.slice(0, 10)),
      ['2026-04-03', '2026-04-02'],
    );
    const ranged = await t.app.inject({
      method: 'GET',
      url: '/api/declarations?importer=PAGED01&lodgedFrom=2026-04-02&lodgedTo=2026-04-03T23:59:59Z&office=SNDKR1&status=lodged',
    });
    assert.equal(ranged.json<typeof page1>().total, 2);
    const badQuery = await t.app.inject({ method: 'GET', url: '/api/declarations?limit=0&status=flying' });
    assert.equal(badQuery.statusCode, 400);
    assert.deepEqual(
      badQuery
        .json<Problem>()
        .errors?.map((e) => e.path)
        .sort(),
      ['/querystring/limit', '/querystring/status'],
    );
  });

  it('lodges a manifest, records its arrival once, and shows it on the files citing its B/Ls', async () => {
    const manifest = aManifest();
    manifest.billsOfLading[0]!.number = 'MAEU55501234';
    const created = await t.app.inject({ method: 'POST', url: '/api/manifests', payload: manifest });
    assert.equal(created.statusCode, 201);
    const manifestId = created.json<{ id: string }>().id;
    const declaration = await t.app.inject({
      method: 'POST',
      url: '/api/declarations',
      payload: aDeclaration({ billsOfLading: ['MAEU55501234'] }),
    });
    const declarationId = declaration.json<{ id: string }>().id;
    const arrival = { meansArrivedAt: '2026-03-10T05:30:00Z' };
    const first = await t.app.inject({
      method: 'POST',
      url: `/api/manifests/${manifestId}/arrival`,
      payload: arrival,
    });
    assert.deepEqual(first.json(), { status: 'arrived', recorded: 1 });
    const again = await t.app.inject({
      method: 'POST',
      url: `/api/manifests/${manifestId}/arrival`,
      payload: arrival,
    });
    assert.deepEqual(again.json(), { status: 'arrived', recorded: 0 });
    const moved = await t.app.inject({
      method: 'POST',
      url: `/api/manifests/${manifestId}/arrival`,
      payload: { meansArrivedAt: '2026-03-11T05:30:00Z' },
    });
    assert.equal(moved.statusCode, 409);
    const file = await t.app.inject({ method: 'GET', url: `/api/declarations/${declarationId}` });
    assert.equal(file.json<{ status: string }>().status, 'arrived');
    const list = await t.app.inject({ method: 'GET', url: '/api/manifests?status=arrived&office=SNDKR1' });
    assert.ok(list.json<{ items: { id: string }[] }>().items.some((item) => item.id === manifestId));
  });

  it('records the arrival given in a lodged manifest as its event', async () => {
    t.anticipa.setNow('2026-03-01T08:00:00Z');
    const manifest = aManifest({ actualArrival: '2026-03-10T04:00:00+01:00' });
    manifest.billsOfLading[0]!.number = 'MAEU55509999';
    const created = await t.app.inject({ method: 'POST', url: '/api/manifests', payload: manifest });
    const id = created.json<{ id: string }>().id;
    const events = await t.app.inject({ method: 'GET', url: `/api/manifests/${id}/events` });
    assert.deepEqual(
      events
        .json<{ events: { type: string; occurredAt: string }[] }>()
        .events.map((e) => [e.type, e.occurredAt]),
      [
        ['lodged', '2026-03-01T08:00:00.000Z'],
        ['means_arrived', '2026-03-10T03:00:00.000Z'],
      ],
    );
    const read = await t.app.inject({ method: 'GET', url: `/api/manifests?status=arrived&carrier=MSCU` });
    assert.ok(
      read
        .json<{ items: { id: string; actualArrival: string }[] }>()
        .items.some((m) => m.id === id && m.actualArrival === '2026-03-10T03:00:00.000Z'),
    );
  });

  it('leaves a stored document unchanged when a bad amendment is refused', async () => {
    const declaration = aDeclaration();
    const created = await t.app.inject({ method: 'POST', url: '/api/declarations', payload: declaration });
    const id = created.json<{ id: string }>().id;
    const bad = structuredClone(declaration);
    bad.items[0]!.tariffLine = '12';
    const refused = await t.app.inject({ method: 'PUT', url: `/api/declarations/${id}`, payload: bad });
    assert.equal(refused.statusCode, 400);
    assert.equal(refused.json<Problem>().errors?.[0]?.path, '/items/0/tariffLine');
    const read = await t.app.inject({ method: 'GET', url: `/api/declarations/${id}` });
    const view = read.json<{ version: number; document: { items: { tariffLine: string }[] } }>();
    assert.equal(view.version, 1);
    assert.equal(view.document.items[0]?.tariffLine, '0303890000');
  });

  it('cancels a file before release, once, and refuses to amend it afterwards', async () => {
    const declaration = aDeclaration();
    const created = await t.app.inject({ method: 'POST', url: '/api/declarations', payload: declaration });
    const id = created.json<{ id: string }>().id;
    const noReason = await t.app.inject({
      method: 'POST',
      url: `/api/declarations/${id}/cancellation`,
      payload: {},
    });
    assert.equal(noReason.statusCode, 400);
    assert.equal(noReason.json<Problem>().errors?.[0]?.path, '/reason');
    const cancel = { reason: 'Goods re-exported before discharge' };
    const first = await t.app.inject({
      method: 'POST',
      url: `/api/declarations/${id}/cancellation`,
      payload: cancel,
    });
    const again = await t.app.inject({
      method: 'POST',
      url: `/api/declarations/${id}/cancellation`,
      payload: cancel,
    });
    assert.equal(first.statusCode, 200);
    assert.equal(again.statusCode, 200);
    const events = await t.app.inject({ method: 'GET', url: `/api/declarations/${id}/events` });
    assert.deepEqual(
      events.json<{ events: { type: string }[] }>().events.map((e) => e.type),
      ['lodged', 'cancelled'],
    );
    const amend = await t.app.inject({
      method: 'PUT',
      url: `/api/declarations/${id}`,
      payload: { ...declaration, procedure: '4071' },
    });
    assert.equal(amend.statusCode, 409);
    assert.equal(amend.json<Problem>().code, 'DECLARATION_CANCELLED');
  });

  it('refuses to cancel a released file', async () => {
    const created = await t.anticipa.declarations.lodge(aDeclaration());
    assert.ok(created.ok);
    const id = created.value.head.id;
    await t.anticipa.declarations.appendEvents(id, [
      { type: 'released', occurredAt: new Date('2026-03-11T10:00:00Z') },
    ]);
    const refused = await t.app.inject({
      method: 'POST',
      url: `/api/declarations/${id}/cancellation`,
      payload: { reason: 'Too late' },
    });
    assert.equal(refused.statusCode, 409);
    assert.equal(refused.json<Problem>().code, 'DECLARATION_NOT_CANCELLABLE');
  });

  it('answers 404 problems for unknown documents and routes', async () => {
    const missing = await t.app.inject({
      method: 'GET',
      url: '/api/declarations/0b7f3a52-4e2c-4c8e-9f7a-1d2e3f4a5b6c',
    });
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json<Problem>().code, 'DECLARATION_NOT_FOUND');
    const notUuid = await t.app.inject({ method: 'GET', url: '/api/manifests/abc' });
    assert.equal(notUuid.statusCode, 400);
    const route = await t.app.inject({ method: 'GET', url: '/api/nothing' });
    assert.equal(route.statusCode, 404);
  });

  it('serves the OpenAPI document describing the intake routes', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/docs/json' });
    assert.equal(response.statusCode, 200);
    const spec = response.json<{
      openapi: string;
      paths: Record<
        string,
        Record<
          string,
          { requestBody?: unknown; parameters?: { name: string; schema: { enum?: string[] } }[] }
        >
      >;
    }>();
    assert.match(spec.openapi, /^3\./);
    for (const path of [
      '/api/declarations',
      '/api/declarations/{id}',
      '/api/declarations/{id}/versions/{version}',
      '/api/manifests',
      '/api/manifests/{id}/arrival',
    ]) {
      assert.ok(spec.paths[path], `missing ${path}`);
    }
    assert.ok(
      spec.paths['/api/declarations']?.post?.requestBody,
      'the declaration body schema is documented',
    );
    const lane = spec.paths['/api/declarations'].get?.parameters?.find(
      (parameter) => parameter.name === 'lane',
    );
    assert.deepEqual(lane?.schema.enum?.slice().sort(), ['blue', 'green', 'red', 'yellow']);
  });
});
