import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildAgeingReport, estimateGaps, selectOverdueBills } from './ageing-report.ts';
import { writeOffLedger, writeOffStatuses } from './write-off-ledger.ts';
import { ageingReportCsv, writeOffWords } from './write-off-words.ts';

const now = new Date('2026-04-01T12:00:00Z');

function report() {
  const [bill] = writeOffLedger(
    [{ billNumber: 'MEDU1234567', manifestId: 'M1', packages: 40, grossMass: '1200.5' }],
    [{ declarationId: 'd1', version: 1, cancelled: false, billsOfLading: ['MEDU1234567'], packages: 10 }],
  );
  assert.ok(bill);
  const overdue = selectOverdueBills(
    [
      {
        bill,
        manifestId: 'M1',
        manifestReference: 'MAN-7',
        office: { code: 'SNDKR1', name: 'Port de Dakar' },
        carrier: { code: 'MSCU', name: 'MSC, Geneva' },
        voyageNumber: 'AX412R',
        consignee: { name: '=HYPERLINK("http://x")', taxId: '004512345' },
        description: 'Tissus "wax"',
        hsCode: '520852',
        arrivedAt: new Date('2026-03-01T06:00:00Z'),
      },
    ],
    now,
    21,
  );
  return buildAgeingReport({
    asOf: now,
    days: 21,
    office: null,
    groupBy: 'carrier',
    currency: 'XOF',
    lines: overdue.map((line) => ({
      ...line,
      estimate: {
        dutiesAtStake: '1234567',
        estimatedValue: '4938268',
        gap: null,
        reference: {
          code: '520852',
          level: 'subheading' as const,
          medianPerKg: '5483.5',
          samples: 9,
          commonTariffLine: null,
        },
        tariffLine: '5208520000',
        rate: '0.25',
      },
    })),
  });
}

describe('write-off words', () => {
  it('word every status, gap, grouping and column in French and English', () => {
    const fr = writeOffWords('fr');
    const en = writeOffWords('en');
    for (const words of [fr, en]) {
      assert.deepEqual(Object.keys(words.status).sort(), [...writeOffStatuses].sort());
      assert.deepEqual(Object.keys(words.gap).sort(), [...estimateGaps].sort());
    }
    assert.equal(fr.ageingColumns.length, en.ageingColumns.length);
    assert.equal(fr.status.not_written_off, 'non apuré');
    assert.equal(en.status.partial, 'partly written off');
  });
});

describe('ageingReportCsv', () => {
  it('writes a heading row in the language asked, then one row per B/L, quoted as RFC 4180 says', () => {
    const [header, row, end] = ageingReportCsv(report(), 'en').split('\r\n');
    assert.equal(header, writeOffWords('en').ageingColumns.join(','));
    assert.equal(
      row,
      [
        'MSCU',
        '"MSC, Geneva"',
        'SNDKR1',
        'MAN-7',
        'MSCU',
        'AX412R',
        '2026-03-01T06:00:00.000Z',
        '31',
        'MEDU1234567',
        'partly written off',
        '"\'=HYPERLINK(""http://x"")"',
        '004512345',
        '"Tissus ""wax"""',
        '520852',
        '40',
        '1200.5',
        '30',
        '900.375',
        '1',
        '5483.5',
        '520852 subheading (n=9)',
        '5208520000',
        '0.25',
        '4938268',
        '1234567',
        '',
      ].join(','),
    );
    assert.equal(end, '');
  });

  it('heads the columns in French for a French reader', () => {
    const csv = ageingReportCsv(report(), 'fr');
    assert.match(csv, /^groupe,nom du groupe,bureau,manifeste,/);
    assert.match(csv, /,apuré en partie,/);
    assert.match(csv, /520852 sous-position \(n=9\)/);
  });
});
