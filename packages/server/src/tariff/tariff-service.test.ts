import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, asc, eq } from 'drizzle-orm';
import { tariffFormat, type TariffDocumentInput } from '@anticipa/core';
import { aDeclaration } from '@anticipa/core/testing';
import { createAnticipa } from '../anticipa.ts';
import { createTestAnticipa, type TestAnticipa } from '../test-support/test-anticipa.ts';
import { createTestDatabase } from '../test-support/test-database.ts';
import { loadExampleTariffIfNone, readExampleTariff } from './example-tariffs.ts';
import { tariffLines, tariffTaxes } from './tariff-tables.ts';

const names = { fr: 'Taxe', en: 'Tax' };

/** A small Senegal tariff whose figures are easy to follow: fish at 10 %, VAT 18 % on CIF + DD. */
function smallTariff(overrides: Partial<TariffDocumentInput> = {}): TariffDocumentInput {
  return {
    format: tariffFormat,
    country: 'SN',
    currency: 'XOF',
    example: false,
    lines: [{ line: '030389', dutyRate: '10', validFrom: '2015-01-01' }],
    taxes: [
      {
        code: 'DD',
        name: names,
        rateFrom: 'duty',
        base: ['customsValue'],
        order: 10,
        validFrom: '2015-01-01',
      },
      {
        code: 'TVA',
        name: names,
        rate: '18',
        base: ['customsValue', 'DD'],
        order: 90,
        validFrom: '2015-01-01',
      },
    ],
    ...overrides,
  };
}

describe('tariff service: the example tariff and liquidation of declarations', () => {
  let app: TestAnticipa;
  before(async () => {
    app = await createTestAnticipa();
  });
  after(async () => {
    await app.close();
  });

  it('says when no tariff is loaded, rather than computing zero', async () => {
    assert.equal(await app.tariff.hasTariff(), false);
    const lodged = await app.declarations.lodge(aDeclaration());
    assert.ok(lodged.ok);
    const liquidation = await app.tariff.liquidate(lodged.value.head.id);
    assert.ok(!liquidation.ok);
    assert.equal(liquidation.error.code, 'TARIFF_NOT_LOADED');
    assert.equal(await app.tariff.effectiveRate('0303890000', new Date('2026-03-01T00:00:00Z')), undefined);
  });

  it('loads the example tariff of the configured country once', async () => {
    const loaded = await loadExampleTariffIfNone(app.tariff);
    assert.ok(loaded?.ok);
    assert.equal(loaded.value.country, 'SN');
    assert.equal(loaded.value.example, true);
    assert.deepEqual(loaded.value.lines, {
      received: 150,
      added: 150,
      closed: 0,
      superseded: 0,
      unchanged: 0,
    });
    assert.equal(loaded.value.taxes.added, 6);
    assert.equal(await loadExampleTariffIfNone(app.tariff), undefined);
    assert.equal(await app.tariff.hasTariff('SN'), true);
    assert.equal(await app.tariff.hasTariff('GH'), false);
  });

  it('liquidates a declaration with the rates of its registration date, in XOF from an EUR invoice', async () => {
    app.setNow('2026-03-01T08:00:00Z');
    const lodged = await app.declarations.lodge(aDeclaration());
    assert.ok(lodged.ok);
    const liquidation = await app.tariff.liquidate(lodged.value.head.id);
    assert.ok(liquidation.ok);
    const result = liquidation.value;
    // Frozen fish 0303890000, CIF 12,500.50 EUR × 655.957 = 8,199,790 XOF; chapter 03 at 10 %:
    //   DD 819,979; RS 1 % 81,998; PCS 0.8 % 65,598; PC 0.5 % 40,998.95 -> 40,999
    //   TVA 18 % of (8,199,790 + 819,979 + 81,998 + 65,598 + 40,999 = 9,208,364) = 1,657,505.52 -> 1,657,506
    //   total 2,666,080
    assert.equal(result.declarationId, lodged.value.head.id);
    assert.equal(result.version, 1);
    assert.equal(result.registeredAt, '2026-03-01T08:00:00.000Z');
    assert.equal(result.currency, 'XOF');
    assert.equal(result.example, true);
    assert.equal(result.items[0]?.tariffEntry, '03');
    assert.deepEqual(
      result.items[0].taxes.map((t) => [t.code, t.base, t.rate, t.amount]),
      [
        ['DD', '8199790', '10', '819979'],
        ['RS', '8199790', '1', '81998'],
        ['PCS', '8199790', '0.8', '65598'],
        ['PC', '8199790', '0.5', '40999'],
        ['TVA', '9208364', '18', '1657506'],
      ],
    );
    assert.equal(result.total, '2666080');
    // 0.10 + 0.023 + 0.18 × 1.123 = 0.32514
    assert.equal(await app.tariff.effectiveRate('0303890000', new Date('2026-03-01T00:00:00Z')), '0.32514');
  });

  it('liquidates any version, always at the first registration date', async () => {
    app.setNow('2026-03-02T08:00:00Z');
    const input = aDeclaration();
    const lodged = await app.declarations.lodge(input);
    assert.ok(lodged.ok);
    app.setNow('2026-03-05T08:00:00Z');
    const item = input.items[0]!;
    const amended = await app.declarations.amend(lodged.value.head.id, {
      ...input,
      items: [{ ...item, customsValue: '20000' }],
    });
    assert.ok(amended.ok);
    const current = await app.tariff.liquidate(lodged.value.head.id);
    const first = await app.tariff.liquidate(lodged.value.head.id, 1);
    assert.ok(current.ok && first.ok);
    // 20,000 EUR = 13,119,140 XOF: DD 1,311,914; RS 131,191; PCS 104,953; PC 65,596;
    // TVA 18 % of 14,732,794 = 2,651,902.92 -> 2,651,903; total 4,265,557.
    assert.equal(current.value.version, 2);
    assert.equal(current.value.total, '4265557');
    assert.equal(current.value.registeredAt, '2026-03-02T08:00:00.000Z');
    assert.equal(first.value.version, 1);
    assert.equal(first.value.total, '2666080');
    const missing = await app.tariff.liquidate(lodged.value.head.id, 9);
    assert.ok(!missing.ok);
    assert.equal(missing.error.code, 'DECLARATION_VERSION_NOT_FOUND');
    const unknown = await app.tariff.liquidate('00000000-0000-4000-8000-000000000000');
    assert.ok(!unknown.ok);
    assert.equal(unknown.error.code, 'DECLARATION_NOT_FOUND');
  });

  it('shows what is in force for a line', async () => {
    // A national line the tariff does not list takes its subheading's entry.
    const view = await app.tariff.lineInForce('2402201090', new Date('2026-03-01T00:00:00Z'));
    assert.ok(view.ok);
    assert.equal(view.value.entry.line, '240220');
    assert.equal(view.value.entry.exciseRate, '40');
    assert.deepEqual(
      view.value.taxes.map((t) => t.code),
      ['DD', 'RS', 'PCS', 'PC', 'EXCISE', 'TVA'],
    );
    const before = await app.tariff.lineInForce('2402201090', new Date('2014-12-31T12:00:00Z'));
    assert.ok(!before.ok);
    assert.equal(before.error.code, 'TARIFF_LINE_NOT_FOUND');
  });
});

describe('tariff service: versions of rates, history, validation and CSV', () => {
  let app: TestAnticipa;
  before(async () => {
    app = await createTestAnticipa();
  });
  after(async () => {
    await app.close();
  });

  const lodgeAt = async (at: string, customsValue = '1000') => {
    app.setNow(at);
    const input = aDeclaration({ invoice: { currency: 'XOF', exchangeRate: '1' } });
    const lodged = await app.declarations.lodge({ ...input, items: [{ ...input.items[0]!, customsValue }] });
    assert.ok(lodged.ok);
    return lodged.value.head.id;
  };
  const totalOf = async (id: string) => {
    const result = await app.tariff.liquidate(id);
    assert.ok(result.ok, JSON.stringify(!result.ok && result.error));
    return result.value.total;
  };

  it('refuses an invalid document whole, storing nothing', async () => {
    const result = await app.tariff.importDocument(
      smallTariff({
        lines: [
          { line: '0303890000', dutyRate: '10', validFrom: '2015-01-01' },
          { line: 'x', dutyRate: '10', validFrom: '2015-01-01' },
        ],
      }),
    );
    assert.ok(!result.ok);
    assert.equal(result.error.code, 'VALIDATION_FAILED');
    assert.deepEqual(
      result.error.problems?.map((p) => [p.path, p.code]),
      [['/lines/1/line', 'tariff_code']],
    );
    assert.equal(await app.tariff.hasTariff(), false);
    assert.equal((await app.db.select().from(tariffLines)).length, 0);
  });

  it('loads a rate change as a new range: files registered before keep the old rate', async () => {
    const first = await app.tariff.importDocument(smallTariff());
    assert.ok(first.ok);
    const before = await lodgeAt('2026-03-31T23:59:00Z');
    // Customs value 1,000 XOF: DD 100, TVA 18 % of 1,100 = 198; total 298.
    assert.equal(await totalOf(before), '298');

    const change = await app.tariff.importDocument(
      smallTariff({
        lines: [],
        taxes: [
          {
            code: 'TVA',
            name: names,
            rate: '20',
            base: ['customsValue', 'DD'],
            order: 90,
            validFrom: '2026-04-01',
          },
        ],
      }),
    );
    assert.ok(change.ok);
    assert.deepEqual(change.value.taxes, { received: 1, added: 1, closed: 1, superseded: 0, unchanged: 0 });
    const afterChange = await lodgeAt('2026-04-01T00:00:00Z');
    // TVA 20 % of 1,100 = 220; total 320. The earlier file keeps 298.
    assert.equal(await totalOf(afterChange), '320');
    assert.equal(await totalOf(before), '298');

    const history = await app.db
      .select({ rate: tariffTaxes.rate, validFrom: tariffTaxes.validFrom, validTo: tariffTaxes.validTo })
      .from(tariffTaxes)
      .where(and(eq(tariffTaxes.country, 'SN'), eq(tariffTaxes.code, 'TVA')))
      .orderBy(asc(tariffTaxes.validFrom));
    assert.deepEqual(history, [
      { rate: '18.0000', validFrom: '2015-01-01', validTo: '2026-04-01' },
      { rate: '20.0000', validFrom: '2026-04-01', validTo: null },
    ]);
  });

  it('changes nothing when the same document is loaded again', async () => {
    const change = smallTariff({
      lines: [],
      taxes: [
        {
          code: 'TVA',
          name: names,
          rate: '20',
          base: ['customsValue', 'DD'],
          order: 90,
          validFrom: '2026-04-01',
        },
      ],
    });
    const again = await app.tariff.importDocument(change);
    assert.ok(again.ok);
    assert.deepEqual(again.value.taxes, { received: 1, added: 0, closed: 0, superseded: 0, unchanged: 1 });
  });

  it('takes a document as the history of its keys from its first date: a correction supersedes, and the rows stay', async () => {
    // The original document again: TVA 18 % from 2015 with no end. It restates TVA from 2015 on,
    // so the 20 % increase is withdrawn; both stored TVA ranges started on or after 2015-01-01.
    const revert = await app.tariff.importDocument(smallTariff());
    assert.ok(revert.ok);
    assert.deepEqual(revert.value.taxes, { received: 2, added: 1, closed: 0, superseded: 2, unchanged: 1 });
    assert.deepEqual(revert.value.lines, { received: 1, added: 0, closed: 0, superseded: 0, unchanged: 1 });
    const reloaded = await app.tariff.importDocument(smallTariff());
    assert.ok(reloaded.ok);
    assert.deepEqual(reloaded.value.taxes, { received: 2, added: 0, closed: 0, superseded: 0, unchanged: 2 });

    const rows = await app.db
      .select()
      .from(tariffTaxes)
      .where(eq(tariffTaxes.code, 'TVA'))
      .orderBy(asc(tariffTaxes.id));
    assert.deepEqual(
      rows.map((row) => [row.rate, row.validFrom, row.validTo, row.supersededBy === revert.value.importId]),
      [
        ['18.0000', '2015-01-01', '2026-04-01', true],
        ['20.0000', '2026-04-01', null, true],
        ['18.0000', '2015-01-01', null, false],
      ],
    );
    assert.ok(rows[0]?.supersededAt instanceof Date);
    const later = await lodgeAt('2026-04-15T10:00:00Z');
    assert.equal(await totalOf(later), '298');
  });

  it('imports lines from CSV into a loaded tariff, and places bad cells by line and column', async () => {
    const good = await app.tariff.importCsv(
      'line,description,duty_rate,excise_rate,valid_from,valid_to\n1006300000,Riz,5,,2015-01-01,\n870323,Voitures,20,2,2015-01-01,2030-01-01\n',
      { country: 'SN' },
    );
    assert.ok(good.ok);
    assert.deepEqual(good.value.lines, { received: 2, added: 2, closed: 0, superseded: 0, unchanged: 0 });
    assert.equal(good.value.currency, 'XOF');

    const bad = await app.tariff.importCsv(
      'line,duty_rate,valid_from\n1006300000,5,2015-01-01\n\n10063,ten,2015-01-01\n',
      {
        country: 'SN',
      },
    );
    assert.ok(!bad.ok);
    assert.deepEqual(
      bad.error.csvProblems.map((p) => [p.line, p.column, p.value, p.code]),
      [
        [4, 'line', '10063', 'tariff_code'],
        [4, 'duty_rate', 'ten', 'decimal'],
      ],
    );
    const header = await app.tariff.importCsv('line,rate,valid_from\n', { country: 'SN' });
    assert.ok(!header.ok);
    assert.deepEqual(
      header.error.csvProblems.map((p) => [p.line, p.code]),
      [
        [1, 'csv_unknown_column'],
        [1, 'csv_column'],
      ],
    );
    const noTariff = await app.tariff.importCsv('line,duty_rate,valid_from\n1006300000,5,2015-01-01\n', {
      country: 'GH',
    });
    assert.ok(!noTariff.ok);
    assert.equal(noTariff.error.error.code, 'TARIFF_NOT_LOADED');
  });

  it('names the item and line that has no tariff entry in force', async () => {
    const id = await lodgeAt('2026-05-01T10:00:00Z');
    const input = aDeclaration({ invoice: { currency: 'XOF', exchangeRate: '1' } });
    const lodged = await app.declarations.lodge({
      ...input,
      items: [input.items[0]!, { ...input.items[0]!, tariffLine: '8703221000' }],
    });
    assert.ok(lodged.ok);
    const result = await app.tariff.liquidate(lodged.value.head.id);
    assert.ok(!result.ok);
    assert.equal(result.error.code, 'TARIFF_LINE_NOT_IN_FORCE');
    assert.deepEqual(
      result.error.problems?.map((p) => [p.path, p.value]),
      [['/items/1/tariffLine', '8703221000']],
    );
    assert.equal(await totalOf(id), '298');
  });

  it('serialises concurrent imports of one country: one current entry per line and start date', async () => {
    const versions = ['5', '10', '20', '35'].map((rate) =>
      smallTariff({ lines: [{ line: '1006300000', dutyRate: rate, validFrom: '2027-01-01' }], taxes: [] }),
    );
    const results = await Promise.all(versions.map((document) => app.tariff.importDocument(document)));
    assert.ok(results.every((result) => result.ok));
    const current = await app.db
      .select({
        rate: tariffLines.dutyRate,
        validTo: tariffLines.validTo,
        supersededAt: tariffLines.supersededAt,
      })
      .from(tariffLines)
      .where(and(eq(tariffLines.line, '1006300000'), eq(tariffLines.validFrom, '2027-01-01')));
    assert.equal(current.filter((row) => row.supersededAt === null).length, 1);
    assert.equal(current.length, 4);
  });
});

describe('tariff service: configuration', () => {
  it('refuses to liquidate with a tariff in another currency than the national one', async () => {
    const database = await createTestDatabase();
    const app = await createAnticipa(database, { nationalCurrency: 'XOF', country: 'GH' });
    try {
      await app.offices.add([{ code: 'SNDKR1', name: 'Dakar Port', kind: 'port', country: 'SN' }]);
      const loaded = await loadExampleTariffIfNone(app.tariff);
      assert.ok(loaded?.ok);
      assert.equal(loaded.value.currency, 'GHS');
      const lodged = await app.declarations.lodge(aDeclaration());
      assert.ok(lodged.ok);
      const result = await app.tariff.liquidate(lodged.value.head.id);
      assert.ok(!result.ok);
      assert.equal(result.error.code, 'TARIFF_CURRENCY_MISMATCH');
      assert.deepEqual(result.error.details, {
        country: 'GH',
        tariffCurrency: 'GHS',
        nationalCurrency: 'XOF',
      });
      // The effective rate is a ratio: it needs no currency. Ghana, cigarettes 2402200000 in 2026:
      // ID 0.35; EXCISE 0.50 × 1.35 = 0.675; levies 0.007; NHIL, GETFund 0.025 and COVID 0.01
      // of 2.032 = 0.0508, 0.0508, 0.02032; VAT 0.15 × (2.032 + 0.12192) = 0.323088;
      // total 0.35 + 0.675 + 0.007 + 0.12192 + 0.323088 = 1.477008
      assert.equal(
        await app.tariff.effectiveRate('2402200000', new Date('2026-03-01T00:00:00Z')),
        '1.477008',
      );
      assert.ok(await readExampleTariff('GH'));
    } finally {
      await app.close();
    }
  });
});
