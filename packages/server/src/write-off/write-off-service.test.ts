import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CargoManifestInput, GoodsDeclarationInput } from '@anticipa/core';
import { aDeclaration, aManifest } from '@anticipa/core/testing';
import { createTestAnticipa, type TestAnticipa } from '../test-support/test-anticipa.ts';
import type { TaxRates } from '../tariff/tax-rates.ts';
import { createWriteOffService, type WriteOffService } from './write-off-service.ts';

type Bill = CargoManifestInput['billsOfLading'][number];

function aBill(number: string, packages: number, grossMass: string, overrides: Partial<Bill> = {}): Bill {
  return {
    number,
    shipper: { name: 'Ningbo Trading Co' },
    consignee: { name: 'Sénégal Import SA', taxId: 'T1' },
    description: 'Frozen fish',
    packages,
    packageKind: 'CT',
    grossMass,
    containers: [],
    ...overrides,
  };
}

function citing(bills: string[], packages: number, overrides: Partial<GoodsDeclarationInput> = {}) {
  const base = aDeclaration();
  const [item] = base.items;
  assert.ok(item);
  return aDeclaration({ billsOfLading: bills, items: [{ ...item, packages }], ...overrides });
}

/** Rates fixed by tariff line, recording what was asked. */
function fixedRates(rates: Record<string, string>): TaxRates & { calls: [string, string][] } {
  const calls: [string, string][] = [];
  return {
    calls,
    effectiveRate(tariffLine, at) {
      calls.push([tariffLine, at.toISOString()]);
      return Promise.resolve(rates[tariffLine]);
    },
  };
}

describe('write-off service', () => {
  let app: TestAnticipa;
  let writeOff: WriteOffService;
  let rates: ReturnType<typeof fixedRates>;
  const ids: Record<string, string> = {};
  const inputs: Record<string, GoodsDeclarationInput> = {};
  const arrival = '2026-03-10T06:00:00.000Z';
  const reportDate = new Date('2026-04-15T00:00:00Z');

  const lodge = async (name: string, input: GoodsDeclarationInput): Promise<string> => {
    const lodged = await app.declarations.lodge(input);
    assert.ok(lodged.ok, JSON.stringify(lodged));
    ids[name] = lodged.value.head.id;
    inputs[name] = input;
    return lodged.value.head.id;
  };

  const release = async (input: GoodsDeclarationInput): Promise<void> => {
    const id = await lodge(input.reference, input);
    const released = await app.declarations.appendEvents(id, [
      { type: 'released', occurredAt: new Date('2026-03-02T10:00:00Z') },
    ]);
    assert.ok(released.ok && released.value === 'released');
  };

  before(async () => {
    app = await createTestAnticipa();
    rates = fixedRates({ '0303890000': '0.5' });
    writeOff = createWriteOffService({
      db: app.db,
      clock: () => reportDate,
      nationalCurrency: 'XOF',
      offices: app.offices,
      taxRates: rates,
    });
    const m1 = await app.manifests.lodge(
      aManifest({
        billsOfLading: [
          aBill('WOA0001', 400, '10000', { hsCode: '0303' }),
          aBill('WOB0001', 100, '2000', { hsCode: '030389' }),
          aBill('WOC0001', 10, '500', { consignee: { name: 'Dakar Négoce' } }),
          aBill('WOE0001', 50, '1000', { hsCode: '030389' }),
          aBill('WOG0001', 20, '400', { hsCode: '030389' }),
          aBill('WOH0001', 30, '600', { hsCode: '030391', consignee: { name: 'Rufisque SA', taxId: 'T2' } }),
        ],
      }),
    );
    assert.ok(m1.ok);
    ids.m1 = m1.value.head.id;
    assert.ok((await app.manifests.recordArrival(ids.m1, { meansArrivedAt: new Date(arrival) })).ok);
    const m2 = await app.manifests.lodge(
      aManifest({
        office: 'SNDSS1',
        carrier: { code: 'AFR', name: 'Air France Cargo' },
        billsOfLading: [aBill('WOF0001', 5, '50')],
      }),
    );
    assert.ok(m2.ok);
    ids.m2 = m2.value.head.id;
    await app.manifests.recordArrival(ids.m2, { meansArrivedAt: new Date('2026-04-10T12:00:00Z') });

    await lodge('d1', citing(['WOA0001'], 400));
    await lodge('d2', citing(['WOB0001'], 60));
    await lodge('d3', citing(['WOE0001', 'WOX0001'], 70));
    await lodge('d4', citing(['WOG0001'], 25));
    await lodge('d5', citing(['WOB0001'], 40));

    // Released declarations under 0303.89 (none under 0303.91): 100, 300 and 200 XOF/kg, and
    // 1000 XOF/kg; their median is (200 + 300) / 2 = 250. A file not released does not count.
    const [fish] = aDeclaration().items;
    assert.ok(fish);
    const xof = { currency: 'XOF', exchangeRate: '1' };
    const released = [
      { invoice: xof, customsValue: '10000', netMass: '100' },
      { invoice: xof, customsValue: '30000', netMass: '100' },
      { invoice: { currency: 'EUR', exchangeRate: '655.957' }, customsValue: '200', netMass: '655.957' },
      { invoice: xof, customsValue: '50000', netMass: '50' },
    ];
    for (const [index, sample] of released.entries()) {
      await release(
        aDeclaration({
          billsOfLading: [`REF000${index}`],
          invoice: sample.invoice,
          items: [{ ...fish, customsValue: sample.customsValue, netMass: sample.netMass }],
        }),
      );
    }
    await lodge(
      'notReleased',
      aDeclaration({
        billsOfLading: ['REF0009'],
        invoice: xof,
        items: [{ ...fish, customsValue: '9000000', netMass: '1' }],
      }),
    );
  });
  after(async () => {
    await app.close();
  });

  it('writes off the B/Ls of a manifest wholly, partly, in excess, or not at all', async () => {
    const ledger = await writeOff.manifest(ids.m1!);
    assert.ok(ledger.ok);
    assert.equal(ledger.value.reference.startsWith('MAN-'), true);
    assert.equal(ledger.value.actualArrival?.toISOString(), arrival);
    const byNumber = new Map(ledger.value.bills.map((bill) => [bill.billNumber, bill]));
    assert.deepEqual(
      ledger.value.bills.map((bill) => [bill.billNumber, bill.status, bill.remaining?.packages]),
      [
        ['WOA0001', 'written_off', 0],
        ['WOB0001', 'written_off', 0],
        ['WOC0001', 'not_written_off', 10],
        ['WOE0001', 'written_off', 0],
        ['WOG0001', 'excess', 0],
        ['WOH0001', 'not_written_off', 30],
      ],
    );
    assert.deepEqual(byNumber.get('WOG0001')?.excess, { packages: 5, grossMass: '100' });
    const sharesOfB = byNumber.get('WOB0001')?.declarations ?? [];
    assert.deepEqual(
      sharesOfB.map((share) => [share.reference, share.packages, share.grossMass]).sort(),
      [
        [inputs.d2!.reference, 60, '1200'],
        [inputs.d5!.reference, 40, '800'],
      ].sort(),
    );
    // Shares are listed by declaration id, whatever the order of lodging.
    assert.deepEqual(
      sharesOfB.map((share) => share.declarationId),
      [ids.d2!, ids.d5!].sort(),
    );
    assert.deepEqual(ledger.value.statusCounts, {
      not_written_off: 2,
      partial: 0,
      written_off: 3,
      excess: 1,
      not_manifested: 0,
    });
    assert.equal(byNumber.get('WOC0001')?.consignee.taxId, null);
  });

  it('fills the B/Ls of a multi-B/L declaration in the order it cites them', async () => {
    const view = await writeOff.declaration(ids.d3!);
    assert.ok(view.ok);
    assert.equal(view.value.packagesDeclared, 70);
    assert.deepEqual(
      view.value.bills.map((bill) => [bill.billNumber, bill.packages, bill.grossMass, bill.ledger.status]),
      [
        ['WOE0001', 50, '1000', 'written_off'],
        ['WOX0001', 20, null, 'not_manifested'],
      ],
    );
  });

  it('gives back what an amendment lowers', async () => {
    const amended = await app.declarations.amend(
      ids.d1!,
      citing(['WOA0001'], 300, { reference: inputs.d1!.reference }),
    );
    assert.ok(amended.ok && amended.value.outcome === 'amended');
    const view = await writeOff.declaration(ids.d1!);
    assert.ok(view.ok);
    assert.equal(view.value.version, 2);
    const [bill] = view.value.bills;
    assert.ok(bill);
    assert.deepEqual([bill.packages, bill.grossMass], [300, '7500']);
    assert.equal(bill.ledger.status, 'partial');
    assert.deepEqual(bill.ledger.shortage, { packages: 100, grossMass: '2500' });
  });

  it('gives back what a cancelled declaration wrote off', async () => {
    const cancelled = await app.declarations.cancel(ids.d5!, { reason: 'lodged twice' });
    assert.ok(cancelled.ok);
    const view = await writeOff.declaration(ids.d5!);
    assert.ok(view.ok);
    assert.equal(view.value.cancelled, true);
    const [bill] = view.value.bills;
    assert.ok(bill);
    assert.deepEqual([bill.billNumber, bill.packages], ['WOB0001', 0]);
    assert.deepEqual(bill.ledger.remaining, { packages: 40, grossMass: '800' });
    assert.deepEqual(
      bill.ledger.declarations.map((share) => share.declarationId),
      [ids.d2],
    );
  });

  it('lists the B/Ls not written off 21 days after arrival, with the duties at stake estimated', async () => {
    const report = await writeOff.ageing({ groupBy: 'consignee' });
    assert.ok(report.ok);
    assert.equal(report.value.asOf, reportDate.toISOString());
    assert.equal(report.value.days, 21);
    const lines = report.value.groups.flatMap((group) => group.lines);
    const estimates = Object.fromEntries(
      lines.map((line) => [
        line.bill.billNumber,
        [
          line.daysSinceArrival,
          line.bill.status,
          line.bill.remaining?.grossMass,
          line.estimate.reference &&
            `${line.estimate.reference.code}/${line.estimate.reference.level}/${line.estimate.reference.samples}/${line.estimate.reference.medianPerKg}`,
          line.estimate.tariffLine,
          line.estimate.estimatedValue,
          line.estimate.dutiesAtStake,
          line.estimate.gap,
        ],
      ]),
    );
    assert.deepEqual(estimates, {
      // 2500 kg × 250 XOF/kg (median of the heading 0303) × 0.5 (the line the sample uses most)
      WOA0001: [35, 'partial', '2500', '0303/heading/4/250', '0303890000', '625000', '312500', null],
      WOB0001: [35, 'partial', '800', '030389/subheading/4/250', '0303890000', '200000', '100000', null],
      WOC0001: [35, 'not_written_off', '500', null, null, null, null, 'no_hs_code'],
      // 0303.91 has no released item: its heading's median; no rate for 0303910000 nor 03039100
      WOH0001: [35, 'not_written_off', '600', '0303/heading/4/250', '0303890000', '150000', '75000', null],
    });
    assert.deepEqual(
      report.value.groups.map((group) => [
        group.key,
        group.bills,
        group.dutiesAtStake,
        group.unestimatedBills,
      ]),
      [
        ['T1', 2, '412500', 0],
        ['T2', 1, '75000', 0],
        ['Dakar Négoce', 1, null, 1],
      ],
    );
    assert.equal(report.value.totals.dutiesAtStake, '487500');
    assert.equal(report.value.totals.remainingPackages, 100 + 40 + 10 + 30);
    // Rates are those in force at the arrival, each line asked once per arrival.
    assert.deepEqual([...new Set(rates.calls.map(([line, at]) => `${line}@${at}`))].sort(), [
      `0303000000@${arrival}`,
      `03030000@${arrival}`,
      `0303890000@${arrival}`,
      `0303910000@${arrival}`,
      `03039100@${arrival}`,
    ]);
    assert.equal(rates.calls.length, 5);
  });

  it('counts days from the arrival, filters by office, and groups per carrier', async () => {
    const recent = await writeOff.ageing({ days: 0, office: 'SNDSS1', groupBy: 'carrier', at: reportDate });
    assert.ok(recent.ok);
    assert.deepEqual(
      recent.value.groups.map((group) => [
        group.key,
        group.label,
        group.lines.map((line) => [line.bill.billNumber, line.daysSinceArrival]),
      ]),
      [['AFR', 'Air France Cargo', [['WOF0001', 4]]]],
    );
    const all = await writeOff.ageing({ days: 4, groupBy: 'office', at: reportDate });
    assert.ok(all.ok);
    assert.deepEqual(
      all.value.groups.map((group) => [group.key, group.bills]),
      [
        ['SNDKR1', 4],
        ['SNDSS1', 1],
      ],
    );
    const later = await writeOff.ageing({ days: 5, groupBy: 'office', at: reportDate });
    assert.ok(later.ok);
    assert.equal(later.value.totals.bills, 4);
  });

  it('says the estimate is unknown, never 0, without a tariff', async () => {
    const withoutTariff = createWriteOffService({
      db: app.db,
      clock: () => reportDate,
      nationalCurrency: 'XOF',
      offices: app.offices,
      taxRates: undefined,
    });
    const report = await withoutTariff.ageing({});
    assert.ok(report.ok);
    assert.equal(report.value.totals.dutiesAtStake, null);
    assert.deepEqual(
      [
        ...new Set(report.value.groups.flatMap((group) => group.lines.map((line) => line.estimate.gap))),
      ].sort(),
      ['no_hs_code', 'tariff_unavailable'],
    );
    assert.equal(report.value.totals.estimatedValue, '975000');
  });

  it('refuses unknown documents and offices, and days out of range', async () => {
    const missing = await writeOff.manifest('00000000-0000-4000-8000-000000000000');
    assert.deepEqual(missing.ok ? undefined : missing.error.code, 'MANIFEST_NOT_FOUND');
    const notUuid = await writeOff.declaration('DPI-1');
    assert.deepEqual(notUuid.ok ? undefined : notUuid.error.code, 'DECLARATION_NOT_FOUND');
    const office = await writeOff.ageing({ office: 'XXDKR9' });
    assert.deepEqual(office.ok ? undefined : office.error, {
      code: 'OFFICE_NOT_FOUND',
      details: { code: 'XXDKR9' },
    });
    const days = await writeOff.ageing({ days: -1 });
    assert.ok(!days.ok);
    assert.equal(days.error.code, 'VALIDATION_FAILED');
    assert.deepEqual(days.error.problems?.[0]?.path, '/days');
  });
});
