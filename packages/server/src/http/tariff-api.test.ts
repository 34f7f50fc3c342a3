import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { aDeclaration } from '@anticipa/core/testing';
import { readExampleTariff } from '../tariff/example-tariffs.ts';
import { createTestApp, type TestApp } from '../test-support/test-app.ts';

describe('tariff and liquidation API', () => {
  let t: TestApp;
  let declarationId: string;
  before(async () => {
    t = await createTestApp();
    t.anticipa.setNow('2026-03-01T08:00:00Z');
    const lodged = await t.anticipa.declarations.lodge(aDeclaration());
    assert.ok(lodged.ok);
    declarationId = lodged.value.head.id;
  });
  after(async () => {
    await t.close();
  });

  it('answers 422 problem+json when no tariff is loaded', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: `/api/declarations/${declarationId}/liquidation`,
      headers: { 'accept-language': 'fr' },
    });
    assert.equal(response.statusCode, 422);
    assert.match(String(response.headers['content-type']), /application\/problem\+json/);
    const body = response.json<{ code: string; detail: string }>();
    assert.equal(body.code, 'TARIFF_NOT_LOADED');
    assert.match(body.detail, /Aucune taxe du tarif de SN n'est en vigueur le 2026-03-01/);
  });

  it('refuses an invalid tariff with every problem, in the reader’s language', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/tariff/imports',
      payload: {
        format: 'anticipa-tariff/1',
        country: 'SN',
        currency: 'XOF',
        example: true,
        lines: [{ line: '123', dutyRate: '7.12345', validFrom: '2015-01-01' }],
      },
    });
    assert.equal(response.statusCode, 400);
    const body = response.json<{
      code: string;
      errors: { path: string; value: unknown; expected: string }[];
    }>();
    assert.equal(body.code, 'VALIDATION_FAILED');
    assert.deepEqual(
      body.errors.map((e) => e.path),
      ['/lines/0/line', '/lines/0/dutyRate'],
    );
    assert.match(body.errors[1]!.expected, /at most 4 decimal places/);
  });

  it('imports the example tariff and reports what changed', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/tariff/imports',
      payload: (await readExampleTariff('SN')) as Record<string, unknown>,
    });
    assert.equal(response.statusCode, 201);
    const body = response.json<{
      country: string;
      example: boolean;
      lines: { added: number };
      taxes: { added: number };
    }>();
    assert.equal(body.country, 'SN');
    assert.equal(body.example, true);
    assert.equal(body.lines.added, 150);
    assert.equal(body.taxes.added, 6);
  });

  it('gives the liquidation of a declaration, per item and in total', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: `/api/declarations/${declarationId}/liquidation`,
    });
    assert.equal(response.statusCode, 200);
    const body = response.json<{
      currency: string;
      total: string;
      example: boolean;
      items: { taxes: { code: string; base: string; rate: string; amount: string }[] }[];
      totals: { code: string; amount: string }[];
    }>();
    assert.equal(body.currency, 'XOF');
    assert.equal(body.example, true);
    // See tariff-service.test.ts for the arithmetic: 819,979 + 81,998 + 65,598 + 40,999 + 1,657,506.
    assert.equal(body.total, '2666080');
    assert.deepEqual(body.items[0]?.taxes.at(-1), {
      code: 'TVA',
      name: { fr: 'Taxe sur la valeur ajoutée', en: 'Value added tax' },
      base: '9208364',
      rate: '18',
      amount: '1657506',
    });
    assert.deepEqual(
      body.totals.map((x) => x.code),
      ['DD', 'RS', 'PCS', 'PC', 'TVA'],
    );
    const v1 = await t.app.inject({
      method: 'GET',
      url: `/api/declarations/${declarationId}/liquidation?version=1`,
    });
    assert.equal(v1.json<{ total: string }>().total, '2666080');
    const v9 = await t.app.inject({
      method: 'GET',
      url: `/api/declarations/${declarationId}/liquidation?version=9`,
    });
    assert.equal(v9.statusCode, 404);
    const none = await t.app.inject({
      method: 'GET',
      url: '/api/declarations/00000000-0000-4000-8000-000000000000/liquidation',
    });
    assert.equal(none.statusCode, 404);
  });

  it('names the items whose line has no entry in force', async () => {
    const input = aDeclaration();
    const lodged = await t.anticipa.declarations.lodge({
      ...input,
      items: [input.items[0]!, { ...input.items[0]!, tariffLine: '8703240000' }],
    });
    assert.ok(lodged.ok);
    // The Senegal example covers 870324 through chapter 87; restate chapter 87 as ended in 2016.
    const restated = await t.anticipa.tariff.importDocument({
      format: 'anticipa-tariff/1',
      country: 'SN',
      currency: 'XOF',
      example: true,
      lines: [{ line: '87', dutyRate: '20', validFrom: '2015-01-01', validTo: '2016-01-01' }],
    });
    assert.ok(restated.ok);
    const response = await t.app.inject({
      method: 'GET',
      url: `/api/declarations/${lodged.value.head.id}/liquidation`,
    });
    assert.equal(response.statusCode, 422);
    const body = response.json<{
      code: string;
      errors: { path: string; value: string; expected: string }[];
    }>();
    assert.equal(body.code, 'TARIFF_LINE_NOT_IN_FORCE');
    assert.deepEqual(
      body.errors.map((e) => [e.path, e.value]),
      [['/items/1/tariffLine', '8703240000']],
    );
    assert.match(body.errors[0]!.expected, /item 2: none for 8703240000/);
  });

  it('shows what is in force for a line at a date', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/tariff/lines/1006300000?at=2026-03-01' });
    assert.equal(response.statusCode, 200);
    const body = response.json<{
      entry: { line: string; dutyRate: string };
      taxes: { code: string; rate: string }[];
      effectiveRate: string;
      tariffDate: string;
    }>();
    assert.equal(body.tariffDate, '2026-03-01');
    assert.deepEqual(body.entry, {
      line: '100630',
      description: 'Riz semi-blanchi ou blanchi',
      dutyRate: '10',
      validFrom: '2015-01-01',
    });
    // 0.10 + 0.023 + 0.18 × 1.123 = 0.32514
    assert.equal(body.effectiveRate, '0.32514');
    const before = await t.app.inject({ method: 'GET', url: '/api/tariff/lines/1006300000?at=2014-06-01' });
    assert.equal(before.statusCode, 404);
    assert.equal(before.json<{ code: string }>().code, 'TARIFF_LINE_NOT_FOUND');
    const bad = await t.app.inject({ method: 'GET', url: '/api/tariff/lines/10063A?at=yesterday' });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(
      bad
        .json<{ errors: { path: string }[] }>()
        .errors.map((e) => e.path)
        .sort(),
      ['/params/line'],
    );
  });

  it('documents the routes in OpenAPI', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/docs/json' });
    const paths = Object.keys(response.json<{ paths: Record<string, unknown> }>().paths);
    for (const path of [
      '/api/declarations/{id}/liquidation',
      '/api/tariff/lines/{line}',
      '/api/tariff/imports',
    ])
      assert.ok(paths.includes(path), path);
  });
});
