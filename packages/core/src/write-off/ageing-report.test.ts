import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  buildAgeingReport,
  chooseReferenceValue,
  currencyDigitsOf,
  estimateDuties,
  referenceCodesFor,
  selectOverdueBills,
  tariffLineCandidates,
  type AgeingCandidate,
  type AgeingLine,
  type AgeingReferenceSample,
  type DutyEstimate,
} from './ageing-report.ts';
import { writeOffLedger } from './write-off-ledger.ts';

const now = new Date('2026-04-01T12:00:00Z');
const day = 86_400_000;

function candidate(
  billNumber: string,
  options: {
    packages?: number;
    declared?: number;
    arrivedDaysAgo?: number;
    office?: string;
    carrier?: string;
    consignee?: { name: string; taxId: string | null };
    hsCode?: string | null;
  } = {},
): AgeingCandidate {
  const packages = options.packages ?? 100;
  const [bill] = writeOffLedger(
    [{ billNumber, manifestId: 'M1', packages, grossMass: String(packages * 10) }],
    options.declared === undefined
      ? []
      : [
          {
            declarationId: 'd1',
            version: 1,
            cancelled: false,
            billsOfLading: [billNumber],
            packages: options.declared,
          },
        ],
  );
  assert.ok(bill);
  return {
    bill,
    manifestId: 'M1',
    manifestReference: 'MAN-1',
    office: { code: options.office ?? 'SNDKR1', name: `Office ${options.office ?? 'SNDKR1'}` },
    carrier: { code: options.carrier ?? 'MSCU', name: `Carrier ${options.carrier ?? 'MSCU'}` },
    voyageNumber: 'V1',
    consignee: options.consignee ?? { name: 'Sénégal Import SA', taxId: '004512345' },
    description: 'Goods',
    hsCode: options.hsCode === undefined ? '870323' : options.hsCode,
    arrivedAt: new Date(now.getTime() - (options.arrivedDaysAgo ?? 30) * day),
  };
}

const known = (dutiesAtStake: string, estimatedValue = '1000'): DutyEstimate => ({
  dutiesAtStake,
  estimatedValue,
  gap: null,
  reference: null,
  tariffLine: '8703230000',
  rate: '0.5',
});
const unknown: DutyEstimate = {
  dutiesAtStake: null,
  estimatedValue: null,
  gap: 'no_hs_code',
  reference: null,
  tariffLine: null,
  rate: null,
};

function line(base: AgeingCandidate, estimate: DutyEstimate): AgeingLine {
  const [overdue] = selectOverdueBills([base], now, 0);
  assert.ok(overdue);
  return { ...overdue, estimate };
}

describe('selectOverdueBills', () => {
  it('keeps the B/Ls not fully written off whose arrival is at least N whole days old, oldest first', () => {
    const bills = [
      candidate('WHOLE', { declared: 100, arrivedDaysAgo: 40 }),
      candidate('EXCESS', { declared: 120, arrivedDaysAgo: 40 }),
      candidate('PARTIAL', { declared: 60, arrivedDaysAgo: 22 }),
      candidate('NONE', { arrivedDaysAgo: 35 }),
      candidate('RECENT', { arrivedDaysAgo: 20.9 }),
      candidate('EXACT', { arrivedDaysAgo: 21 }),
    ];
    assert.deepEqual(
      selectOverdueBills(bills, now, 21).map((bill) => [bill.bill.billNumber, bill.daysSinceArrival]),
      [
        ['NONE', 35],
        ['PARTIAL', 22],
        ['EXACT', 21],
      ],
    );
    assert.deepEqual(
      selectOverdueBills(bills, now, 0).map((bill) => bill.bill.billNumber),
      ['NONE', 'PARTIAL', 'EXACT', 'RECENT'],
    );
  });
});

describe('chooseReferenceValue', () => {
  const samples = new Map<string, AgeingReferenceSample>([
    ['870323', { medianPerKg: '3557.2663374999', samples: 3, commonTariffLine: '8703231900' }],
    ['8703', { medianPerKg: '3300', samples: 40, commonTariffLine: '8703230000' }],
    ['100630', { medianPerKg: '300', samples: 2, commonTariffLine: '1006300000' }],
    ['1006', { medianPerKg: '290.5', samples: 7, commonTariffLine: '1006400000' }],
    ['030389', { medianPerKg: '800', samples: 2, commonTariffLine: null }],
  ]);

  it("takes the subheading's median with enough samples, rounded half-even to 6 places", () => {
    assert.deepEqual(chooseReferenceValue('870323', samples), {
      code: '870323',
      level: 'subheading',
      medianPerKg: '3557.266337',
      samples: 3,
      commonTariffLine: '8703231900',
    });
  });

  it('falls back to the heading when the subheading has fewer than 3 items, and to nothing after', () => {
    assert.deepEqual(chooseReferenceValue('100630', samples), {
      code: '1006',
      level: 'heading',
      medianPerKg: '290.5',
      samples: 7,
      commonTariffLine: '1006400000',
    });
    assert.equal(chooseReferenceValue('8703', samples)?.level, 'heading');
    assert.equal(chooseReferenceValue('030389', samples), undefined);
    assert.equal(chooseReferenceValue('999999', samples), undefined);
  });

  it('asks for the subheadings and their headings', () => {
    assert.deepEqual(referenceCodesFor(['870323', '1006', '870322']), ['1006', '8703', '870322', '870323']);
  });
});

describe('tariffLineCandidates', () => {
  it('pads the HS code to 10 then 8 digits, then offers the line the sample uses most', () => {
    assert.deepEqual(tariffLineCandidates('870323', '8703231900'), ['8703230000', '87032300', '8703231900']);
    assert.deepEqual(tariffLineCandidates('1006', null), ['1006000000', '10060000']);
    assert.deepEqual(tariffLineCandidates('870323', '8703230000'), ['8703230000', '87032300']);
  });
});

describe('estimateDuties', () => {
  const reference = {
    code: '870323',
    level: 'subheading' as const,
    medianPerKg: '3557.266337',
    samples: 12,
    commonTariffLine: null,
  };
  const base = {
    remaining: { packages: 2, grossMass: '2900.5' },
    hsCode: '870323',
    reference,
    tariffAvailable: true,
    rated: { tariffLine: '8703230000', rate: '0.5456' },
    currencyDigits: 0,
  };

  it('multiplies remaining gross mass, reference value and rate, exactly, rounded to the currency unit', () => {
    // 2900.5 × 3557.266337 = 10317851.0104685; × 0.5456 = 5629419.5113116136
    assert.deepEqual(estimateDuties(base), {
      dutiesAtStake: '5629420',
      estimatedValue: '10317851',
      gap: null,
      reference,
      tariffLine: '8703230000',
      rate: '0.5456',
    });
    assert.equal(estimateDuties({ ...base, currencyDigits: 2 }).dutiesAtStake, '5629419.51');
  });

  it('is unknown, never 0, when a factor is missing, and says which', () => {
    const none = estimateDuties({ ...base, hsCode: null, reference: undefined, rated: undefined });
    assert.equal(none.dutiesAtStake, null);
    assert.equal(none.gap, 'no_hs_code');
    assert.equal(estimateDuties({ ...base, reference: undefined }).gap, 'no_reference_value');
    const noTariff = estimateDuties({ ...base, tariffAvailable: false, rated: undefined });
    assert.deepEqual(
      [noTariff.gap, noTariff.dutiesAtStake, noTariff.estimatedValue],
      ['tariff_unavailable', null, '10317851'],
    );
    assert.equal(estimateDuties({ ...base, rated: undefined }).gap, 'no_tax_rate');
  });

  it('knows the minor unit of the national currency', () => {
    assert.equal(currencyDigitsOf('XOF'), 0);
    assert.equal(currencyDigitsOf('GHS'), 2);
    assert.equal(currencyDigitsOf('NGN'), 2);
  });
});

describe('buildAgeingReport', () => {
  const lines = [
    line(candidate('A', { consignee: { name: 'Alpha SARL', taxId: 'T1' }, carrier: 'MSCU' }), known('100')),
    line(candidate('B', { consignee: { name: 'Alpha SARL', taxId: 'T1' }, carrier: 'MAEU' }), known('250.5')),
    line(candidate('C', { consignee: { name: 'Beta', taxId: null }, carrier: 'MAEU' }), unknown),
    line(
      candidate('D', { consignee: { name: 'Gamma', taxId: 'T3' }, carrier: 'CMDU', office: 'SNDSS1' }),
      known('1000'),
    ),
  ];

  it('groups per consignee (tax id, else name), ordered by duties at stake, with totals', () => {
    const report = buildAgeingReport({
      asOf: now,
      days: 21,
      office: null,
      groupBy: 'consignee',
      currency: 'XOF',
      lines,
    });
    assert.deepEqual(
      report.groups.map((group) => [
        group.key,
        group.label,
        group.bills,
        group.dutiesAtStake,
        group.unestimatedBills,
      ]),
      [
        ['T3', 'Gamma', 1, '1000', 0],
        ['T1', 'Alpha SARL', 2, '350.5', 0],
        ['Beta', 'Beta', 1, null, 1],
      ],
    );
    assert.deepEqual(report.totals, {
      bills: 4,
      remainingPackages: 400,
      remainingGrossMass: '4000',
      dutiesAtStake: '1350.5',
      estimatedValue: '3000',
      estimatedBills: 3,
      unestimatedBills: 1,
    });
    assert.equal(report.asOf, '2026-04-01T12:00:00.000Z');
  });

  it('groups per carrier and per office', () => {
    const byCarrier = buildAgeingReport({
      asOf: now,
      days: 21,
      office: null,
      groupBy: 'carrier',
      currency: 'XOF',
      lines,
    });
    assert.deepEqual(
      byCarrier.groups.map((group) => [group.key, group.lines.map((entry) => entry.bill.billNumber)]),
      [
        ['CMDU', ['D']],
        ['MAEU', ['B', 'C']],
        ['MSCU', ['A']],
      ],
    );
    const byOffice = buildAgeingReport({
      asOf: now,
      days: 21,
      office: null,
      groupBy: 'office',
      currency: 'XOF',
      lines,
    });
    assert.deepEqual(
      byOffice.groups.map((group) => [group.key, group.label, group.bills]),
      [
        ['SNDSS1', 'Office SNDSS1', 1],
        ['SNDKR1', 'Office SNDKR1', 3],
      ],
    );
  });

  it('reports an unknown total as null, never 0, and an empty report with zero B/Ls', () => {
    const report = buildAgeingReport({
      asOf: now,
      days: 21,
      office: 'SNDKR1',
      groupBy: 'office',
      currency: 'XOF',
      lines: [line(candidate('C'), unknown)],
    });
    assert.equal(report.totals.dutiesAtStake, null);
    assert.equal(report.totals.unestimatedBills, 1);
    const empty = buildAgeingReport({
      asOf: now,
      days: 21,
      office: null,
      groupBy: 'office',
      currency: 'XOF',
      lines: [],
    });
    assert.deepEqual(empty.groups, []);
    assert.equal(empty.totals.bills, 0);
    assert.equal(empty.totals.dutiesAtStake, null);
  });
});
