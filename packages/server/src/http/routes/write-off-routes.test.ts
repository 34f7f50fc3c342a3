import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { aDeclaration, aManifest } from '@anticipa/core/testing';
import { createTestApp, type TestApp } from '../../test-support/test-app.ts';

interface Problem {
  status: number;
  code: string;
  detail: string;
  errors?: { path: string; value: unknown; expected: string }[];
}

describe('write-off API', () => {
  let t: TestApp;
  let manifestId: string;
  let declarationId: string;

  before(async () => {
    t = await createTestApp();
    const manifest = aManifest();
    const [bill] = manifest.billsOfLading;
    assert.ok(bill);
    const lodged = await t.app.inject({
      method: 'POST',
      url: '/api/manifests',
      payload: {
        ...manifest,
        billsOfLading: [
          { ...bill, number: 'APIA0001', packages: 400, grossMass: '10000' },
          { ...bill, number: 'APIB0001', packages: 10, grossMass: '250', hsCode: '0303', containers: [] },
        ],
      },
    });
    assert.equal(lodged.statusCode, 201);
    manifestId = lodged.json<{ id: string }>().id;
    const arrived = await t.app.inject({
      method: 'POST',
      url: `/api/manifests/${manifestId}/arrival`,
      payload: { meansArrivedAt: '2026-03-10T06:00:00Z' },
    });
    assert.equal(arrived.statusCode, 200);
    const declaration = aDeclaration({ billsOfLading: ['APIA0001'] });
    const [item] = declaration.items;
    assert.ok(item);
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/declarations',
      payload: { ...declaration, items: [{ ...item, packages: 150 }] },
    });
    assert.equal(created.statusCode, 201);
    declarationId = created.json<{ id: string }>().id;
    t.anticipa.setNow('2026-04-15T00:00:00Z');
  });
  after(async () => {
    await t.close();
  });

  it("GET /api/manifests/{id}/write-off gives each B/L's ledger", async () => {
    const response = await t.app.inject({ method: 'GET', url: `/api/manifests/${manifestId}/write-off` });
    assert.equal(response.statusCode, 200);
    const body = response.json<{
      actualArrival: string;
      bills: {
        billNumber: string;
        status: string;
        remaining: { packages: number; grossMass: string };
        shortage: { packages: number; grossMass: string } | null;
        declarations: { declarationId: string; packages: number; grossMass: string }[];
      }[];
    }>();
    assert.equal(body.actualArrival, '2026-03-10T06:00:00.000Z');
    assert.deepEqual(
      body.bills.map((bill) => [bill.billNumber, bill.status, bill.remaining, bill.shortage]),
      [
        ['APIA0001', 'partial', { packages: 250, grossMass: '6250' }, { packages: 250, grossMass: '6250' }],
        ['APIB0001', 'not_written_off', { packages: 10, grossMass: '250' }, null],
      ],
    );
    assert.deepEqual(
      body.bills[0]?.declarations.map((share) => [share.declarationId, share.packages, share.grossMass]),
      [[declarationId, 150, '3750']],
    );
  });

  it('GET /api/declarations/{id}/write-off gives the B/Ls it writes off and how much', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: `/api/declarations/${declarationId}/write-off`,
    });
    assert.equal(response.statusCode, 200);
    const body = response.json<{
      cancelled: boolean;
      packagesDeclared: number;
      bills: { billNumber: string; packages: number; grossMass: string; ledger: { status: string } }[];
    }>();
    assert.deepEqual(
      [
        body.cancelled,
        body.packagesDeclared,
        body.bills.map((bill) => [bill.billNumber, bill.packages, bill.grossMass, bill.ledger.status]),
      ],
      [false, 150, [['APIA0001', 150, '3750', 'partial']]],
    );
  });

  it('answers 404 for an unknown manifest or declaration, and 400 for an id that is not one', async () => {
    const unknown = await t.app.inject({
      method: 'GET',
      url: '/api/manifests/00000000-0000-4000-8000-000000000000/write-off',
    });
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.json<Problem>().code, 'MANIFEST_NOT_FOUND');
    const missing = await t.app.inject({
      method: 'GET',
      url: '/api/declarations/00000000-0000-4000-8000-000000000000/write-off',
      headers: { 'accept-language': 'fr' },
    });
    assert.equal(missing.statusCode, 404);
    assert.match(missing.json<Problem>().detail, /Aucune déclaration/);
    const bad = await t.app.inject({ method: 'GET', url: '/api/manifests/not-an-id/write-off' });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json<Problem>().errors?.[0]?.path, '/params/id');
  });

  it('GET /api/write-off/ageing lists what is left 21 days after arrival, estimates unknown without a tariff', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/write-off/ageing?groupBy=consignee' });
    assert.equal(response.statusCode, 200);
    const body = response.json<{
      days: number;
      groupBy: string;
      totals: {
        bills: number;
        remainingPackages: number;
        dutiesAtStake: string | null;
        unestimatedBills: number;
      };
      groups: {
        key: string;
        lines: { bill: { billNumber: string }; daysSinceArrival: number; estimate: { gap: string } }[];
      }[];
    }>();
    assert.equal(body.days, 21);
    assert.equal(body.groupBy, 'consignee');
    assert.deepEqual(body.totals.bills, 2);
    assert.equal(body.totals.remainingPackages, 260);
    // No tariff is loaded in a fresh database: the duties are unknown, not 0.
    assert.equal(body.totals.dutiesAtStake, null);
    assert.deepEqual(
      body.groups.map((group) => [
        group.key,
        group.lines.map((line) => [line.bill.billNumber, line.daysSinceArrival]),
      ]),
      [
        [
          '004512345',
          [
            ['APIA0001', 35],
            ['APIB0001', 35],
          ],
        ],
      ],
    );
    const later = await t.app.inject({ method: 'GET', url: '/api/write-off/ageing?days=36' });
    assert.equal(later.json<{ totals: { bills: number } }>().totals.bills, 0);
  });

  it('gives the ageing report as CSV, headed in the language asked', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/write-off/ageing?format=csv&office=SNDKR1',
      headers: { 'accept-language': 'fr' },
    });
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-type']), /^text\/csv/);
    assert.match(String(response.headers['content-disposition']), /write-off-ageing-2026-04-15\.csv/);
    const rows = response.body.split('\r\n');
    assert.match(rows[0] ?? '', /^groupe,nom du groupe,bureau,manifeste,/);
    assert.equal(rows.length, 4); // heading, two B/Ls, and the final line break
    assert.match(rows[1] ?? '', /APIA0001,apuré en partie,/);
  });

  it('refuses bad query parameters with every problem, and an unknown office', async () => {
    const bad = await t.app.inject({ method: 'GET', url: '/api/write-off/ageing?days=-1&groupBy=importer' });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(
      bad
        .json<Problem>()
        .errors?.map((error) => error.path)
        .sort(),
      ['/querystring/days', '/querystring/groupBy'],
    );
    const office = await t.app.inject({ method: 'GET', url: '/api/write-off/ageing?office=ZZZZ1' });
    assert.equal(office.statusCode, 404);
    assert.equal(office.json<Problem>().code, 'OFFICE_NOT_FOUND');
  });

  it('documents the routes in OpenAPI', async () => {
    const spec = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json<{
      paths: Record<string, { get?: { tags?: string[] } }>;
    }>();
    for (const path of [
      '/api/manifests/{id}/write-off',
      '/api/declarations/{id}/write-off',
      '/api/write-off/ageing',
    ]) {
      assert.deepEqual(spec.paths[path]?.get?.tags, ['write-off'], path);
    }
  });
});
